"""Brand area /doanh-nghiep at the HTTP level: search filters, the session shortlist, the
side-by-side comparison, own declarations only, CSRF."""

from __future__ import annotations

import html

import pytest
from fastapi.testclient import TestClient

from browser_fixtures import logged_in, make_workspace
from tinnhiem.api.deps import Principal, Role
from tinnhiem.services import declarations, dossiers


@pytest.fixture(scope="module")
def ws(site, tmp_path_factory):
    return make_workspace(site, tmp_path_factory.mktemp("brand"))


@pytest.fixture()
def brand(ws):
    client, token = logged_in(ws.app, *ws.users["brand"])
    with client:
        yield client, token


def _name(ws, key):
    return dossiers.creator_dossier(ws.factory, influencer_key=key)["name"]


def test_only_brands_reach_the_brand_area(ws):
    r = TestClient(ws.app).get("/doanh-nghiep", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/dang-nhap")
    for role in ("creator", "reviewer"):
        client, _ = logged_in(ws.app, *ws.users[role])
        assert client.get("/doanh-nghiep").status_code == 403
        assert client.get("/doanh-nghiep/so-sanh").status_code == 403


def test_search_filters_like_the_registry(ws, site, brand):
    client, _ = brand
    everyone = client.get("/doanh-nghiep").text
    assert everyone.count("data-creator=") == len(site["all"])
    certified = client.get("/doanh-nghiep", params={"certified": "1"}).text
    assert certified.count("data-creator=") == len(site["eligible"])
    name = _name(ws, ws.creator_key)
    one = client.get("/doanh-nghiep", params={"q": name.split()[-1]}).text
    assert html.escape(name) in one and one.count("data-creator=") < len(site["all"])
    assert client.get("/doanh-nghiep", params={"min_score": "abc", "page": "-3", "sort": "drop"}).status_code == 200


def test_shortlist_and_side_by_side_comparison(ws, brand):
    client, token = brand
    for key in (ws.creator_key, ws.other_creator_key, "no-such-creator"):
        r = client.post("/doanh-nghiep/danh-sach", data={"key": key, "csrf_token": token}, follow_redirects=False)
        assert r.status_code == 303
    page = client.get("/doanh-nghiep/so-sanh").text
    assert page.count('scope="col" data-creator=') == 2  # unknown keys never enter the shortlist
    rows = dossiers.compare_creators(ws.factory, keys=[ws.creator_key, ws.other_creator_key])
    for row in rows:
        assert html.escape(row["name"]) in page
        assert f"{row['total']:.1f}/100" in page
    assert "Còn hiệu lực" in page  # the certified creator's status
    assert "Tỷ lệ công bố quảng cáo" in page and page.count('class="disclosure"') == 2
    r = client.post("/doanh-nghiep/danh-sach", data={"key": ws.creator_key, "action": "remove", "csrf_token": token},
                    headers={"HX-Request": "true"})
    assert r.status_code == 200 and 'id="shortlist"' in r.text and "<html" not in r.text
    assert client.get("/doanh-nghiep/so-sanh").text.count('scope="col" data-creator=') == 1


def test_the_shortlist_belongs_to_the_session(ws, brand):
    client, token = brand
    client.post("/doanh-nghiep/danh-sach", data={"key": ws.creator_key, "csrf_token": token})
    other, _ = logged_in(ws.app, *ws.users["brand2"])
    assert 'scope="col" data-creator=' not in other.get("/doanh-nghiep/so-sanh").text


def test_a_brand_sees_only_its_own_declarations(ws, brand):
    client, _ = brand
    for name in ("brand", "brand2"):
        principal = Principal(role=Role.brand, user_id=None, username=ws.users[name][0], brand=ws.brands[name],
                              via="session")
        declarations.declare_collaboration(ws.factory, principal=principal, influencer_key=ws.creator_key,
                                           brand=ws.brands[name], start_on="2026-10-01")
    page = client.get("/doanh-nghiep").text
    assert html.escape(ws.brands["brand"]) in page
    assert html.escape(ws.brands["brand2"]) not in page


def test_shortlist_posts_need_the_csrf_token(ws, brand):
    client, _ = brand
    r = client.post("/doanh-nghiep/danh-sach", data={"key": ws.creator_key}, follow_redirects=False)
    assert r.status_code == 403
