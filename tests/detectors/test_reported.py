"""Reported and warned-about speech (``detectors/_reported.py``) and how post rules ignore it.

Authority notices, sanction decisions, consumer warnings and health education quote the ad
wording they criticise; the rule-pack rules must not report that wording, while the same words
in an ad (quoted or not, or next to an authority named approvingly) still fire.
"""

from __future__ import annotations

import pytest

from tinnhiem import text as T
from tinnhiem.detectors import _reported
from tinnhiem.detectors.registry import all_detectors
from tinnhiem.detectors.rulepack import RuleDetector
from tinnhiem.engine import detect_items
from tinnhiem.model import CommentView, PostView, TranscriptSegment

CLAIMS = ["đặc trị nám", "trị mụn dứt điểm", "chữa khỏi", "trị nám vĩnh viễn", "chỉ còn 5 phút",
          "số 1", "tốt nhất", "thay thế được insulin", "bài thuốc gia truyền", "trị rụng tóc vĩnh viễn",
          "hết viêm họng"]
BASE = {
    "id": "demo_claim", "version": "1.0.0", "title_vi": "Thử", "title_en": "Demo", "scope": "post",
    "severity": "major", "legal_source": "Luật X", "confidence": "M",
    "message_vi": 'Có "{quote}"', "message_en": 'Has "{quote}"',
}

# compliant texts: notices, sanctions, warnings, news and health education quoting ad wording
REPORTS = [
    'Sở Y tế TP.HCM xử phạt Công ty TNHH Mỹ phẩm Hạ Vy 70 triệu đồng vì quảng cáo mỹ phẩm với nội '
    'dung "đặc trị nám", "trị mụn dứt điểm", gây hiểu nhầm sản phẩm có công dụng như thuốc.',
    'Bộ Công Thương cảnh báo: nhiều phiên livestream tạo khan hiếm giả như "chỉ còn 5 phút", '
    '"sắp hết hàng" rồi lặp lại kịch bản mỗi tối.',
    'Người tiêu dùng cần cảnh giác với các "bài thuốc gia truyền", "thần y" chữa bách bệnh quảng '
    'cáo tràn lan trên mạng xã hội.',
    'Sở Y tế khuyến cáo không tin các quảng cáo dầu gội "trị rụng tóc vĩnh viễn"; rụng tóc bệnh lý '
    'cần được bác sĩ da liễu thăm khám.',
    'Bộ Y tế nhấn mạnh: không có thực phẩm chức năng nào thay thế được insulin.',
    'Nám da liên quan nội tiết và ánh nắng; chống nắng mỗi ngày quan trọng hơn bất kỳ loại kem nào '
    'quảng cáo "trị nám vĩnh viễn".',
    'Thanh tra Sở Y tế Hà Nội phạt 40 triệu đồng một cơ sở quảng cáo viên uống là "số 1", "tốt '
    'nhất" mà không có tài liệu chứng minh.',
    'Sở Y tế Đà Nẵng phát hiện video TikTok quảng cáo kháng sinh "uống 3 ngày hết viêm họng", đã đề '
    'nghị nền tảng gỡ bỏ.',
    'Một KOL bị xử phạt vì quảng cáo viên uống chữa khỏi tiểu đường.',
    # round 13 — wording mentioned by a rule or a ban, and a company admitting its ad's fault
    'Theo hướng dẫn mới, quảng cáo mỹ phẩm không được dùng các cụm từ như "đặc trị nám", "trị mụn '
    'dứt điểm".',
    'Những từ như chữa khỏi, số 1, tốt nhất đều bị cấm trong quảng cáo thực phẩm bảo vệ sức khỏe.',
    'Dự thảo thông tư dự kiến loại bỏ cụm từ "trị rụng tóc vĩnh viễn" khỏi nhãn dầu gội.',
    'Nhãn hàng thừa nhận sai sót khi quảng cáo viên uống là số 1 và cho biết sẽ gỡ bài.',
    # round 20 — criminal proceedings and a claim called untrue
    'Tại phiên tòa xét xử vụ kẹo rau, các bị cáo khai từng nói sản phẩm "tốt nhất", "số 1" trong '
    'các buổi livestream.',
    'Cơ quan cảnh sát điều tra xác định viên uống được quảng cáo là chữa khỏi tiểu đường.',
    'Các phát ngôn "thay thế được insulin" của nhãn hàng là không đúng sự thật.',
    # round 20 — a viewer asking others whether an ad's claim is true
    'Mọi người cho em hỏi, kem Hạ Vy trên TikTok quảng cáo đặc trị nám trong 7 ngày có thật không ạ?',
    'co ai dung roi ko, vien uong nay qc chua khoi mat ngu co that ko vay?',
]
# the same kind of texts typed without diacritics
REPORTS_UNACCENTED = [
    'So Y te TP.HCM xu phat cong ty My pham Ha Vy 70 trieu dong vi quang cao "dac tri nam", '
    '"tri mun dut diem".',
    'Nguoi tieu dung can canh giac voi cac "bai thuoc gia truyen" chua bach benh.',
    'Bo Y te nhan manh: khong co thuc pham chuc nang nao thay the duoc insulin.',
    'Cuc ATTP canh bao nhieu trang quang cao vien uong "chua khoi" u xo la lua dao.',
    'Dung tin loi quang cao chua khoi tieu duong.',
    "Cac cum tu nhu 'chua khoi', 'so 1' khong duoc xuat hien trong quang cao thuc pham.",
]
# ads: the claims are the speaker's own, whatever else the text says
ADS = [
    'Kem "đặc trị nám" số 1, dùng 7 ngày là sạch.',
    'Kem "dac tri nam" so 1, dung 7 ngay la sach.',
    'Sản phẩm được Bộ Y tế cấp phép, đặc trị nám tàn nhang.',
    'Viên uống được Bộ Y tế chứng nhận chữa khỏi tiểu đường.',
    'Đã được Sở Y tế kiểm duyệt, cam kết trị mụn dứt điểm.',
    'Cảnh giác hàng giả! Kem Ngọc Trai đặc trị nám chính hãng chỉ có tại shop.',
    'Đừng tin quảng cáo tràn lan, kem X của mình mới đặc trị nám thật sự.',
    'Không có loại kem nào trị nám vĩnh viễn hiệu quả bằng kem Hạ Vy.',
    'Không tin thì cứ thử, cam kết chữa khỏi đau dạ dày sau 2 liệu trình.',
    'Livestream: "chữa khỏi" đau khớp chỉ sau 1 tuần, chỉ còn 5 phút giá sốc!',
    'Không cần những từ ngữ hoa mỹ, kem Hạ Vy đặc trị nám số 1.',
    'Đúng như cụm từ "số 1" mà khách đặt cho, kem này trị mụn dứt điểm.',
    'Theo quy định không được dùng cụm từ "số 1", nhưng kem của mình thì đặc trị nám thật.',
    # "bị cao huyết áp" folds like "bị cáo": no trial there
    'Ai bị cao huyết áp dùng viên Tâm An, uống 1 tháng là chữa khỏi.',
    'Ba bị cao huyet ap 10 nam, uong tra nay chua khoi luon.',
    # a seller's own FAQ names no ad and asks no one
    'Nhiều chị hỏi kem có trị nám thật không? Có ạ, kem Hạ Vy đặc trị nám sau 7 ngày.',
    'Cho em hỏi giá thì inbox nha, kem Hạ Vy đặc trị nám số 1 hiện nay.',
]


def claim_rule(**kw) -> RuleDetector:
    return RuleDetector({**BASE, "patterns": CLAIMS, **kw}, source="test")


def post(caption: str) -> PostView:
    return PostView(key="p:1", platform="facebook", caption=caption)


def fired(rule: RuleDetector, subject) -> list[str]:
    return [e.quote for f in rule.detect(subject, {}) for e in f.evidence]


@pytest.mark.parametrize("text", REPORTS + REPORTS_UNACCENTED,
                         ids=[f"report{i}" for i in range(len(REPORTS + REPORTS_UNACCENTED))])
def test_reports_and_warnings_fire_no_rule(text):
    assert fired(claim_rule(), post(text)) == [], _reported.reported_spans(text)


@pytest.mark.parametrize("text", ADS, ids=[f"ad{i}" for i in range(len(ADS))])
def test_ads_still_fire(text):
    assert fired(claim_rule(), post(text)), _reported.reported_spans(text)


def test_regions_cover_the_quoted_and_warned_about_wording():
    text = REPORTS[0]
    regions = _reported.reported_spans(text)
    for claim in ('"đặc trị nám"', '"trị mụn dứt điểm"'):
        start = text.index(claim)
        assert _reported.inside((start, start + len(claim)), regions)
    assert not _reported.inside((0, len("Sở Y tế")), regions)  # the authority is not reported
    text = "Người tiêu dùng cần cảnh giác với các bài thuốc gia truyền chữa bách bệnh. Kem A đặc trị nám."
    (region,) = _reported.reported_spans(text)
    assert text[region[0]:region[1]].startswith("cảnh giác với") and "Kem A" not in text[slice(*region)]


def test_text_without_marker_bails_out_at_once(monkeypatch):
    calls = []
    monkeypatch.setattr(_reported, "_cached", lambda t: calls.append(t) or [])
    assert _reported.reported_spans('Kem "đặc trị nám" số 1, giao hàng toàn quốc.') == []
    assert _reported.reported_spans("") == []
    assert calls == []  # the gate answered: no region computed
    assert not _reported.GATE.may_match("Son môi màu đỏ, lên màu chuẩn")


def test_quotes_alone_and_approval_are_not_reporting():
    assert _reported.reported_spans('Kem "đặc trị nám" "số 1" Việt Nam') == []
    for text in ("Sản phẩm được Bộ Y tế cấp phép, trị dứt điểm nám",
                 "Bộ Y tế Nhật Bản chứng nhận máy phát hiện sớm ung thư",
                 "Cảnh giác với hàng giả, kem chính hãng đặc trị nám"):
        claim = next(m for m in ("trị dứt điểm", "phát hiện sớm", "đặc trị nám") if m in text)
        start = text.index(claim)
        assert not _reported.inside((start, start + len(claim)), _reported.reported_spans(text)), text


def test_inside_needs_the_whole_span():
    regions = [(5, 10), (20, 30)]
    assert _reported.inside((5, 10), regions) and _reported.inside((21, 29), regions)
    assert not _reported.inside((8, 12), regions) and not _reported.inside((0, 3), regions)
    assert not _reported.inside((12, 15), regions) and not _reported.inside((1, 2), [])


def test_a_boast_is_not_a_warning():
    text = "Không có loại kem nào tốt bằng kem Hạ Vy, đặc trị nám số 1"
    assert fired(claim_rule(), post(text))
    text = "Không có thuốc nào chữa khỏi tiểu đường, cần điều trị lâu dài theo bác sĩ"
    assert fired(claim_rule(), post(text)) == []


def test_spec_can_keep_reported_wording_and_comments_keep_their_behaviour():
    text = REPORTS[0]
    assert fired(claim_rule(reported="match"), post(text))
    comment_rule = claim_rule(scope="comment")
    comment = CommentView(key="c:1", post_key="p:1", author="a",
                          text='Sở Y tế xử phạt shop này vì quảng cáo "đặc trị nám" mà mình vẫn bị lừa')
    assert fired(comment_rule, comment) == ["đặc trị nám"]  # a commenter's words are their own
    with pytest.raises(ValueError, match="reported"):
        claim_rule(reported="maybe")


def test_teencode_and_transcripts():
    p = post("mn ko tin cac quang cao chua khoi tieu duong nha, hoi bac si truoc")
    assert fired(claim_rule(), p) == []
    p = PostView(key="p:2", platform="tiktok", caption="Live tối nay", transcript=(
        TranscriptSegment(0, 4, "Sở Y tế vừa cảnh báo: đừng tin quảng cáo chữa khỏi tiểu đường."),
        TranscriptSegment(5, 9, "Còn kem bên em thì đặc trị nám, chỉ còn 5 phút thôi!")))
    assert fired(claim_rule(), p) == ["đặc trị nám", "chỉ còn 5 phút"]


# ---------------------------------------------------------------- the real rule packs, end to end

RULE_IDS = {d.id for d in all_detectors().values() if isinstance(d, RuleDetector) and d.scope == "post"}


def rule_findings(texts: list[str]) -> dict[str, set[str]]:
    items = [{"id": f"t{i}", "text": t, "platform": "facebook"} for i, t in enumerate(texts)]
    return {res["id"]: {f["detector"] for f in res["findings"] if f["detector"] in RULE_IDS}
            for res in detect_items(items)}


def test_rule_packs_ignore_reports_but_not_ads():
    reports = REPORTS[:8] + REPORTS_UNACCENTED[:3]
    found = rule_findings(reports)
    assert all(not v for v in found.values()), {reports[int(k[1:])]: v for k, v in found.items() if v}
    ads = ['Kem "đặc trị nám" Hạ Vy, trị mụn dứt điểm sau 7 ngày.',
           "Viên uống Đường Huyết An được Bộ Y tế chứng nhận, chữa khỏi tiểu đường sau 60 ngày.",
           'Chỉ còn 5 phút nữa là hết giá sốc, "số 1" thị trường, chốt đơn ngay!']
    found = rule_findings(ads)
    assert found["t0"] >= {"cosmetic_medical_claim"}
    assert found["t1"] >= {"health_cure_claim", "medical_authority_misuse"}
    assert found["t2"] >= {"fake_urgency"}


def test_unaffected_text_is_untouched():
    assert T.fold("Sở Y tế") == "so y te"  # (regions are folded-text offsets = original offsets)
    text = "Sở Y tế xử phạt cơ sở quảng cáo \"trị nám vĩnh viễn\".\nKem B đặc trị nám, chỉ còn 5 phút!"
    quotes = fired(claim_rule(), post(text))
    assert quotes == ["đặc trị nám", "chỉ còn 5 phút"]  # the second line is an ad


def test_mentioned_wording_needs_a_rule_or_ban_in_its_sentence():
    text = "Không được dùng các cụm từ như 'tốt nhất', 'số 1'. Kem Hạ Vy đặc trị nám."
    assert fired(claim_rule(), post(text)) == ["đặc trị nám"]  # the second sentence is an ad
    text = "Các cụm từ như 'tốt nhất', 'số 1' là lời khách dành cho kem Hạ Vy."
    assert fired(claim_rule(), post(text))  # no rule or ban named: the words are used, not reported
