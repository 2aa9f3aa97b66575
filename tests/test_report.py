import pytest

from tinnhiem.report import render, vn_number


@pytest.mark.parametrize(
    "value,digits,text",
    [(1234567.891, 1, "1.234.567,9"), (78.4, 1, "78,4"), (12300, 0, "12.300"), (None, 1, "—"), (0.5, 2, "0,50")],
)
def test_vietnamese_number_format(value, digits, text):
    assert vn_number(value, digits) == text


def _report(name="Hà <script>alert(1)</script>", quote="tốt nhất"):
    finding = {
        "id": "f1", "detector": "absolute_superlative", "subject": "tiktok:1", "subject_kind": "post",
        "severity": "major", "message": f"Dùng từ tuyệt đối «{quote}»", "message_en": "", "legal_source": "Luật Quảng cáo Điều 8",
        "rule_confidence": "V", "remediation": "Bỏ từ tuyệt đối", "category": None,
        "evidence": [{"field": "caption", "quote": quote, "start": 4, "end": 12, "content_hash": "h", "time_s": None}],
    }
    criterion = {"criterion": "ad_compliance", "order": 1, "score": 20.5, "max_points": 25, "status": "scored",
                 "confidence": {"low": 19, "high": 22, "level": 0.9}, "coverage": {},
                 "deductions": [{"points": 4.5, "reason_vi": "lý do", "reason_en": "reason", "detector": "absolute_superlative",
                                 "finding_ids": ["f1"], "title_vi": "Từ ngữ tuyệt đối", "title_en": "Absolute terms",
                                 "findings": [finding]}]}
    return {
        "influencer": {"key": "kol-0001", "name": name, "province": "Hà Nội", "niches": ["làm đẹp"]},
        "accounts": [{"platform": "tiktok", "handle": "ha.review", "followers": 12300}],
        "assessment": {"id": 1, "created_at": "2026-11-01T00:00:00+00:00", "methodology_version": "2026.1",
                       "methodology_digest": "sha256:" + "0" * 64, "total": 80.5, "total_low": 78.0, "total_high": 83.0,
                       "tier": "B", "tier_label_vi": "Tín nhiệm", "tier_label_en": "Trusted", "eligible": False,
                       "gates": [{"id": "min_total", "passed": True, "label_vi": "Tổng điểm từ 70", "label_en": "", "detail": "80.5"}]},
        "criteria": [criterion],
        "runs": [{"detector": "absolute_superlative", "examined": 12, "not_available": 0, "errors": 0, "findings": 1}],
    }


def test_markdown_report_quotes_evidence_law_and_remedy_in_vietnamese():
    text = render(_report(), "md")
    assert "80,5/100 — hạng B «Tín nhiệm»" in text
    assert "«tốt nhất» (caption, ký tự 4–12)" in text
    assert "Căn cứ *(legal source)*: Luật Quảng cáo Điều 8" in text
    assert "Cách khắc phục *(remediation)*: Bỏ từ tuyệt đối" in text
    assert "−4,50 điểm" in text


def test_html_report_escapes_stored_text():
    html = render(_report(), "html")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert '<html lang="vi">' in html
    assert "<mark>tốt nhất</mark>" in html


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="md or html"):
        render(_report(), "pdf")


def test_gate_details_are_shown_in_vietnamese():
    from tinnhiem.report import detail_vi

    assert detail_vi("commercial_transparency, community_feedback") == (
        "Minh bạch trong hợp tác thương mại; Phản hồi tích cực từ cộng đồng")
    assert detail_vi("60.1") == "60,1"
    assert detail_vi("banned_product") == "Quảng cáo sản phẩm bị cấm quảng cáo"
    assert detail_vi("") == ""
