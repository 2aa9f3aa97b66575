"""The certificate PDF shows Vietnamese correctly (text extracted and compared, page rendered);
the badge escapes its text."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tinnhiem.certdocs import badge_svg, certificate_pdf, verification_url

BODY = {
    "type": "tinnhiem.certificate/v1", "serial": "TN-2026-000042", "issuer": "tinnhiem.test/log",
    "creator": {"id": "kol-0042", "name": "Nguyễn Thị Hương Ưng"},
    "accounts": [{"platform": "tiktok", "platform_id": "701", "handle": "huong.review"},
                 {"platform": "youtube", "platform_id": "UC1", "handle": "HuongReviewThat"}],
    "tier": "A", "tier_label_vi": "Tín nhiệm cao",
    "scores": {"total": 96.4, "authenticity": 24.5, "ad_compliance": 24.1, "commercial_transparency": 23.3,
               "community_feedback": 24.5},
    "methodology": {"version": "2026.1", "digest": "sha256:00"}, "assessment_id": 7,
    "valid_from": "2026-11-02T09:00:00+00:00", "valid_until": "2027-11-02T09:00:00+00:00", "key_id": "ed25519:abc",
}


def _tool(name):
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} (poppler-utils) is required under CI", pytrace=False)
        pytest.skip(f"{name} not installed (apt-get install poppler-utils)")
    return path


def test_pdf_text_is_vietnamese_exactly(tmp_path):
    path = tmp_path / "cert.pdf"
    path.write_bytes(certificate_pdf(BODY, base_url="http://localhost:8000", log_seq=17))
    text = subprocess.run([_tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for expected in ("CHỨNG NHẬN TÍN NHIỆM NGƯỜI CÓ ẢNH HƯỞNG", "Nguyễn Thị Hương Ưng", "Hạng A — Tín nhiệm cao — 96,4/100",
                     "Tính xác thực của nội dung", "Minh bạch trong hợp tác thương mại", "Số chứng nhận: TN-2026-000042",
                     "Hiệu lực: 02/11/2026 – 02/11/2027", "TikTok @huong.review", "mục số 17",
                     "http://localhost:8000/xac-minh/TN-2026-000042"):
        assert expected in text, expected
    fonts = subprocess.run([_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    assert "BeVietnamPro" in fonts and " yes " in fonts  # embedded


def test_pdf_renders_to_an_image(tmp_path):
    path = tmp_path / "cert.pdf"
    path.write_bytes(certificate_pdf(BODY, base_url="http://localhost:8000"))
    subprocess.run([_tool("pdftoppm"), "-png", "-r", "40", "-singlefile", str(path), str(tmp_path / "page")], check=True)
    png = (tmp_path / "page.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    artefacts = os.environ.get("TINNHIEM_TEST_ARTEFACTS")
    if artefacts:
        shutil.copy(tmp_path / "page.png", os.path.join(artefacts, "certificate.png"))


def test_badge_escapes_and_links_to_verification():
    svg = badge_svg({**BODY, "serial": 'TN-<script>"x"'}, base_url="http://localhost:8000")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.startswith("<svg") and "Tín nhiệm A · 96,4" in svg
    assert verification_url("http://h/", "TN-1") == "http://h/xac-minh/TN-1"
