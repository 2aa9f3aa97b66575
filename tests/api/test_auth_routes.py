"""``/api/v1/auth`` and the login pages."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from site_fixtures import csrf_of

KEYS = "/api/v1/auth/api-keys"


@pytest.mark.parametrize("role, home", [("creator", "/cua-toi"), ("brand", "/doanh-nghiep"), ("reviewer", "/tham-dinh"),
                                        ("operator", "/tham-dinh"), ("admin", "/tham-dinh")])
def test_login_redirects_each_role_home(app, site, role, home):
    username, password = site["logins"][role]
    with TestClient(app) as c:
        token = csrf_of(c.get("/dang-nhap").text)
        response = c.post("/dang-nhap", data={"username": username, "password": password, "csrf_token": token},
                          follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, home)
        assert c.get("/dang-nhap", follow_redirects=False).headers["location"] == home  # already logged in
    app.state.rate_limiter.reset("login")


def test_login_page_is_vietnamese_first_with_english(client):
    vi = client.get("/dang-nhap")
    assert vi.status_code == 200 and '<html lang="vi">' in vi.text and "Mật khẩu" in vi.text
    assert "Password" in client.get("/dang-nhap?lang=en").text


def test_bad_credentials_show_a_vietnamese_error_and_escape_the_username(client):
    token = csrf_of(client.get("/dang-nhap").text)
    response = client.post("/dang-nhap", data={"username": "<script>alert(1)</script>", "password": "nope-nope-nope",
                                               "csrf_token": token})
    assert response.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.text
    assert "<script>alert(1)</script>" not in response.text and "&lt;script&gt;" in response.text


@pytest.mark.parametrize("target, expected", [("/cua-toi/hop-tac", "/cua-toi/hop-tac"), ("//evil.example/x", "/tham-dinh"),
                                              ("https://evil.example", "/tham-dinh"), ("/\\evil", "/tham-dinh")])
def test_login_follows_only_local_next_targets(app, site, target, expected):
    username, password = site["logins"]["reviewer"]
    with TestClient(app) as c:
        token = csrf_of(c.get("/dang-nhap").text)
        response = c.post("/dang-nhap", data={"username": username, "password": password, "csrf_token": token,
                                              "next": target}, follow_redirects=False)
    app.state.rate_limiter.reset("login")
    assert response.headers["location"] == expected


def test_login_attempts_are_rate_limited(scratch_site):
    app = scratch_site["app"]
    with TestClient(app) as c:
        token = csrf_of(c.get("/dang-nhap").text)
        codes = [c.post("/dang-nhap", data={"username": "x", "password": "y", "csrf_token": token}).status_code
                 for _ in range(scratch_site["settings"].public_write_rate + 1)]
    assert codes[-1] == 429 and set(codes[:-1]) == {401}


def test_logout_needs_the_csrf_token(browser_login):
    c = browser_login("brand")
    assert c.post("/dang-xuat", follow_redirects=False).status_code == 403
    assert c.get("/api/v1/auth/me").status_code == 200
    assert c.post("/dang-xuat", data={"csrf_token": c.csrf_token}, follow_redirects=False).status_code == 303
    assert c.get("/api/v1/auth/me").status_code == 401


def test_me_describes_the_caller(api_client, site):
    me = api_client("operator").get("/api/v1/auth/me")
    assert me.status_code == 200 and me.json()["role"] == "operator" and me.json()["via"] == "api_key"
    assert me.headers["cache-control"] == "no-store"


def test_issue_list_and_revoke_my_api_keys(api_client, scratch_site):
    c = api_client("brand", scratch_site["app"])
    issued = c.post(KEYS, json={"label": "nền tảng"})
    assert issued.status_code == 201
    key = issued.json()
    assert key["key"].startswith(f"tn_{key['prefix']}_") and key["label"] == "nền tảng"
    listed = c.get(KEYS).json()
    assert key["id"] in [k["id"] for k in listed] and all("key" not in k for k in listed)
    with TestClient(scratch_site["app"], headers={"Authorization": f"Bearer {key['key']}"}) as new:
        assert new.get("/api/v1/auth/me").json()["role"] == "brand"
        revoked = c.delete(f"{KEYS}/{key['id']}")
        assert revoked.status_code == 200 and revoked.json()["revoked_at"]
        assert new.get("/api/v1/auth/me").status_code == 401


def test_nobody_revokes_someone_elses_key_but_an_admin(api_client, scratch_site):
    app = scratch_site["app"]
    key_id = api_client("brand", app).post(KEYS, json={}).json()["id"]
    refused = api_client("creator", app).delete(f"{KEYS}/{key_id}")
    assert refused.status_code == 404 and "Không tìm thấy" in refused.json()["detail"]
    assert api_client("admin", app).delete(f"{KEYS}/{key_id}").status_code == 200


def test_key_writes_are_audited(api_client, scratch_site):
    app = scratch_site["app"]
    key_id = api_client("reviewer", app).post(KEYS, json={"label": "audit me"}).json()["id"]
    events = api_client("admin", app).get("/api/v1/admin/audit", params={"action": "api_key.issued"}).json()
    mine = [e for e in events if e["target_id"] == str(key_id)]
    assert len(mine) == 1 and mine[0]["actor"].startswith("reviewer:") and mine[0]["client"] == "testclient"
