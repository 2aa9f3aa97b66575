"""Security layer: identity from API keys and sessions, CSRF, body limits, rate limits, headers."""

from __future__ import annotations

import pytest
from fastapi import Depends, FastAPI, Request
from pydantic import SecretStr
from fastapi.testclient import TestClient
from site_fixtures import csrf_of

from tinnhiem.api import security
from tinnhiem.api.app import create_app
from tinnhiem.api.deps import Principal, current_principal

ME = "/api/v1/auth/me"


# --------------------------------------------------------------------------- headers


def test_every_response_carries_the_security_headers(client):
    for path in ("/api/v1/version", "/dang-nhap", "/api/v1/no-such-route"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
        assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert headers["x-frame-options"] == "DENY"


def test_session_cookie_is_httponly_lax_and_secure_only_in_production(client, site):
    cookie = client.get("/dang-nhap").headers["set-cookie"]
    assert cookie.startswith(security.SESSION_COOKIE + "=")
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower() and "secure" not in cookie.lower()
    app = FastAPI()
    app.state.factory = site["factory"]
    prod = site["settings"].model_copy(update={"env": "production", "session_secret": SecretStr("s" * 40)})
    security.install(app, prod)

    @app.get("/x")
    def touch(request: Request) -> dict:
        request.session["seen"] = 1
        return {}

    with TestClient(app, base_url="https://testserver") as c:
        response = c.get("/x")
    assert "secure" in response.headers["set-cookie"].lower()
    assert response.headers["strict-transport-security"].startswith("max-age=")


# --------------------------------------------------------------------------- identity


def test_anonymous_caller_is_public(client):
    assert client.get(ME).status_code == 401


def test_api_key_identifies_its_owner(api_client, site):
    me = api_client("brand").get(ME).json()
    assert me == {"username": site["logins"]["brand"][0], "role": "brand", "influencer_key": None,
                  "brand": site["brand"], "via": "api_key", "csrf_token": ""}
    assert api_client("creator").get(ME).json()["influencer_key"] == site["creator"]


@pytest.mark.parametrize("header", ["Bearer tn_deadbeef_not-a-real-key", "Bearer ", "Basic dXNlcjpwdw==", "tn_x"])
def test_a_wrong_api_key_is_refused_not_ignored(client, header):
    response = client.get("/api/v1/version", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "API" in response.json()["detail"]


def test_session_login_identifies_the_user_until_logout(browser_login, site):
    c = browser_login("reviewer")
    me = c.get(ME).json()
    assert (me["role"], me["via"], me["username"]) == ("reviewer", "session", site["logins"]["reviewer"][0])
    assert me["csrf_token"]
    assert c.post("/dang-xuat", data={"csrf_token": c.csrf_token}, follow_redirects=False).status_code == 303
    assert c.get(ME).status_code == 401


def test_a_forged_session_cookie_is_anonymous(client):
    client.cookies.set(security.SESSION_COOKIE, "eyJ1aWQiOiAxfQ==.forged.signature")
    assert client.get(ME).status_code == 401


# --------------------------------------------------------------------------- CSRF


def test_cookie_authenticated_writes_need_the_csrf_token(browser_login):
    c = browser_login("creator")
    body = {"label": "x"}
    refused = c.post("/api/v1/auth/api-keys", json=body)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"] and "hãy tải lại trang" in refused.json()["detail"]
    assert c.post("/api/v1/auth/api-keys", json=body, headers={"X-CSRF-Token": "wrong"}).status_code == 403
    assert c.post("/api/v1/auth/api-keys", json=body, headers={"X-CSRF-Token": c.csrf_token}).status_code == 201


def test_page_forms_need_the_csrf_token_in_the_form(client, site):
    username, password = site["logins"]["brand"]
    no_token = client.post("/dang-nhap", data={"username": username, "password": password}, follow_redirects=False)
    assert no_token.status_code == 403
    token = csrf_of(client.get("/dang-nhap").text)
    ok = client.post("/dang-nhap", data={"username": username, "password": password, "csrf_token": token},
                     follow_redirects=False)
    assert ok.status_code == 303


def test_multipart_forms_carry_the_token_too(client):
    token = csrf_of(client.get("/dang-nhap").text)
    files = {"username": (None, "nobody"), "password": (None, "wrong-password"), "csrf_token": (None, token)}
    assert client.post("/dang-nhap", files=files).status_code == 401  # past CSRF, refused by the password


def test_api_key_requests_are_exempt_from_csrf(api_client):
    assert api_client("creator").post("/api/v1/auth/api-keys", json={"label": "ci"}).status_code == 201


def test_anonymous_api_writes_carry_no_ambient_authority_so_no_csrf(client):
    # no cookie session and no key: nothing to forge; the route's own rule (401) answers
    assert client.post("/api/v1/auth/api-keys", json={}).status_code == 401


# --------------------------------------------------------------------------- body size


def _small_app(site, **limits) -> FastAPI:
    settings = site["settings"].model_copy(update=limits)
    app = create_app(settings, migrate=False)

    @app.post("/api/echo")
    def echo(body: dict, _: None = Depends(security.rate_limited("echo"))) -> dict:
        return {"size": len(str(body))}

    return app


def test_bodies_over_the_limit_get_413_announced_or_chunked(site):
    app = _small_app(site, max_body_bytes=100)
    with TestClient(app) as c:
        assert c.post("/api/echo", json={"a": "x" * 50}).status_code == 200
        big = c.post("/api/echo", json={"a": "x" * 200})
        assert big.status_code == 413 and "quá lớn" in big.json()["detail"]

        def chunks():
            for _ in range(10):
                yield b'{"a": "' + b"x" * 30 + b'"}'

        assert c.post("/api/echo", content=chunks(), headers={"Content-Type": "application/json"}).status_code == 413
        assert c.post("/api/echo", content=b"{}", headers={"Content-Length": "nonsense"}).status_code in (400, 413)


# --------------------------------------------------------------------------- rate limits


def test_public_writes_are_rate_limited_per_client_address(site):
    app = _small_app(site, public_write_rate=3)
    with TestClient(app) as c:
        codes = [c.post("/api/echo", json={}).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        limited = c.post("/api/echo", json={})
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        assert "thử lại" in limited.json()["detail"]
    with TestClient(app, client=("198.51.100.7", 5000)) as other:
        assert other.post("/api/echo", json={}).status_code == 200


def test_sliding_window_forgets_old_requests():
    limiter = security.RateLimiter()
    assert [limiter.hit("b", "ip", limit=2, now=t) for t in (0.0, 1.0)] == [None, None]
    assert limiter.hit("b", "ip", limit=2, now=30.0) == pytest.approx(30.0)
    assert limiter.hit("b", "ip", limit=2, now=60.5) is None  # the request at 0.0 left the window
    assert limiter.hit("other", "ip", limit=2, now=60.5) is None


# --------------------------------------------------------------------------- login helpers


def test_login_refuses_wrong_passwords_and_disabled_users(scratch_site):
    from tinnhiem.services import accounts

    app = scratch_site["app"]
    username, password = scratch_site["logins"]["operator"]
    with TestClient(app) as c:
        token = csrf_of(c.get("/dang-nhap").text)
        wrong = c.post("/dang-nhap", data={"username": username, "password": password + "x", "csrf_token": token})
        assert wrong.status_code == 401 and "không đúng" in wrong.text
        ok = c.post("/dang-nhap", data={"username": username, "password": password, "csrf_token": token},
                    follow_redirects=False)
        assert ok.headers["location"] == "/tham-dinh"
        assert c.get(ME).status_code == 200
        user_id = next(u.id for u in accounts.list_users(scratch_site["factory"]()) if u.username == username)
        accounts.disable_user(scratch_site["factory"], user_id=user_id, actor="admin:test")
        assert c.get(ME).status_code == 401  # the session dies with the account


def test_principal_of_maps_users_to_the_contract():
    from datetime import datetime, timezone

    from tinnhiem.services.accounts import User

    user = User(7, "u", "creator", "youtube:UC1", None, datetime.now(timezone.utc))
    p = security.principal_of(user, via="session")
    assert isinstance(p, Principal) and p.actor == "creator:u" and p.influencer_key == "youtube:UC1"
    assert current_principal.__name__ == "current_principal"
