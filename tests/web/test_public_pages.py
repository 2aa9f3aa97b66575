"""Public pages at the HTML level: registry (full and htmx partial), profile, verification,
observatory, complaint form; stored text with script/attribute injection is shown escaped."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert

from tinnhiem.api.app import create_app
from tinnhiem.model import PRODUCT_CATEGORY_LABELS
from tinnhiem.settings import get_settings
from tinnhiem.store import db, tables

EVIL = '<script>alert(1)</script>" onmouseover="alert(2)'
CAPTION = f"Mua ngay kem trị mụn {EVIL} tốt nhất"
T = datetime(2026, 11, 1, tzinfo=timezone.utc)


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]*)"', html).group(1)


def test_registry_page_and_htmx_partial(client, site):
    page = client.get("/")
    assert page.status_code == 200 and '<html lang="vi">' in page.text and 'id="results"' in page.text
    partial = client.get("/", headers={"HX-Request": "true", "HX-Target": "results"})
    assert "<html" not in partial.text and "<table>" in partial.text
    english = client.get("/?lang=en&min_score=abc&page=-3")
    assert '<html lang="en">' in english.text and "Creator registry" in english.text


def test_profile_page_has_charts_and_marked_evidence(client, site):
    for key in site["all"]:
        html = client.get(f"/nguoi-anh-huong/{key}").text
        assert html.count("<svg") >= 2
        if "<mark>" in html:
            assert "Căn cứ pháp lý" in html
            return
    raise AssertionError("no profile shows highlighted evidence")


def test_profile_findings_name_their_product_category(client, site):
    for key in site["all"]:
        html = client.get(f"/nguoi-anh-huong/{key}").text
        shown = re.findall(r'data-category="([a-z_]+)">Nhóm sản phẩm:\s+([^(<]+)', html)
        if shown:
            for category, label in shown:
                assert label.strip() == PRODUCT_CATEGORY_LABELS[category][0]
            english = client.get(f"/nguoi-anh-huong/{key}?lang=en").text
            assert "Product category:" in english
            return
    raise AssertionError("no profile shows a finding's product category")


def test_unknown_pages_are_404(client):
    assert client.get("/nguoi-anh-huong/nobody").status_code == 404
    unknown = client.get("/xac-minh/TN-0000-000000")
    assert unknown.status_code == 404 and 'data-status="unknown"' in unknown.text


def test_verification_page_shows_the_status_and_proof(client, site):
    if not site["serials"]:
        pytest.skip("the site fixture issued no certificate (no eligible creator)")
    html = client.get(f"/xac-minh/{site['serials'][0]}").text
    assert 'data-status="valid"' in html and "đã kiểm tra: có trong nhật ký" in html


def test_observatory_page(client):
    html = client.get("/quan-sat").text
    assert html.count("<svg") >= 12 and "Tỷ lệ công bố" in html


def test_complaint_form_and_thanks(client, site):
    key = site["all"][1]
    form = client.get(f"/khieu-nai?nguoi={key}")
    assert f'value="{key}"' in form.text
    bad = client.post("/khieu-nai", data={"csrf_token": _token(form.text), "influencer": key, "category": "other",
                                          "text": "ngắn"})
    assert bad.status_code == 422 and "ít nhất" in bad.text
    done = client.post("/khieu-nai", data={"csrf_token": _token(form.text), "influencer": key, "category": "other",
                                           "text": f"Quảng cáo sai sự thật {EVIL}"}, follow_redirects=False)
    assert done.status_code == 303
    thanks = client.get(done.headers["location"])
    ref = re.search(r"KN-\d{8}-[0-9A-F]{6}", done.headers["location"]).group(0)
    assert ref in thanks.text


# --------------------------------------------------------------------------- injection


@pytest.fixture(scope="module")
def evil_client(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('evil') / 'evil.sqlite'}"
    factory = db.session_factory(db.init_db(url))
    start = CAPTION.index(EVIL)
    with factory() as s, s.begin():
        s.execute(insert(tables.Influencer), [dict(id=1, key="evil", name=EVIL, niches=[EVIL], province=EVIL,
                                                   content_hash="x")])
        s.execute(insert(tables.Account), [dict(id=1, influencer_id=1, platform="tiktok", platform_id="1", handle=EVIL,
                                                followers=10, content_hash="x")])
        s.execute(insert(tables.Post), [dict(id=1, account_id=1, platform="tiktok", post_id="p1", published_at=T,
                                             caption=CAPTION, content_hash="x")])
        a = tables.Assessment(influencer_id=1, created_at=T, methodology_version="2026.1", methodology_digest="d",
                              total=50, tier="C", eligible=False, input_digest="x")
        s.add(a)
        s.flush()
        s.add(tables.FindingRecord(assessment_id=a.id, influencer_id=1, detector="absolute_superlative", version="1",
                                   subject_kind="post", subject_key="tiktok:p1", severity="major", message=EVIL,
                                   evidence=[{"field": "caption", "quote": EVIL, "start": start,
                                              "end": start + len(EVIL)}], fingerprint="ab" * 32))
        s.add(tables.CriterionScore(assessment_id=a.id, criterion="ad_compliance", score=20, max_points=25,
                                    status="scored", deductions=[{"points": 5, "reason_vi": EVIL, "reason_en": EVIL,
                                                                  "detector": "absolute_superlative",
                                                                  "finding_ids": ["ab" * 32]}]))
    settings = get_settings(database_url=url, key_dir=str(tmp_path_factory.mktemp("k")), env="development")
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.mark.parametrize("path", ["/", "/?q=script", "/nguoi-anh-huong/evil", "/khieu-nai?nguoi=evil", "/quan-sat"])
def test_stored_text_is_escaped(evil_client, path):
    html = evil_client.get(path).text
    assert "<script>alert(1)" not in html and '" onmouseover="alert(2)' not in html
    if path != "/quan-sat":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_evidence_is_escaped_then_marked(evil_client):
    html = evil_client.get("/nguoi-anh-huong/evil").text
    assert "Mua ngay kem trị mụn <mark>&lt;script&gt;alert(1)&lt;/script&gt;&#34; onmouseover=&#34;alert(2)</mark> tốt nhất" in html
