"""``/api/v1/admin``: users and the audit trail, for admins only."""

from __future__ import annotations

from fastapi.testclient import TestClient
from site_fixtures import csrf_of

USERS, AUDIT = "/api/v1/admin/users", "/api/v1/admin/audit"


def test_admin_creates_lists_and_disables_users(api_client, scratch_site):
    app = scratch_site["app"]
    admin = api_client("admin", app)
    made = admin.post(USERS, json={"username": "brand-two", "password": "a long password", "role": "brand",
                                   "brand": "Nhãn Hai"})
    assert made.status_code == 201 and made.json()["brand"] == "Nhãn Hai" and "password" not in made.text
    assert "brand-two" in [u["username"] for u in admin.get(USERS).json()]
    assert admin.post(USERS, json={"username": "brand-two", "password": "a long password", "role": "brand",
                                   "brand": "X"}).status_code == 422
    with TestClient(app) as browser:
        token = csrf_of(browser.get("/dang-nhap").text)
        login = browser.post("/dang-nhap", data={"username": "brand-two", "password": "a long password",
                                                 "csrf_token": token}, follow_redirects=False)
        assert login.headers["location"] == "/doanh-nghiep"
        assert admin.post(f"{USERS}/{made.json()['id']}/disable").json()["disabled_at"]
        assert browser.get("/api/v1/auth/me").status_code == 401
    actions = [e["action"] for e in admin.get(AUDIT, params={"limit": 5}).json()]
    assert actions[:2] == ["user.disabled", "user.created"]


def test_audit_pages_backwards_and_filters(api_client, scratch_site):
    admin = api_client("admin", scratch_site["app"])
    for label in ("a", "b", "c"):
        admin.post("/api/v1/auth/api-keys", json={"label": label})
    page1 = admin.get(AUDIT, params={"limit": 2, "action": "api_key.issued"}).json()
    page2 = admin.get(AUDIT, params={"limit": 2, "action": "api_key.issued", "before_id": page1[-1]["id"]}).json()
    assert [e["detail"]["label"] for e in page1] == ["c", "b"] and page2[0]["detail"]["label"] == "a"


def test_only_admins(api_client, client):
    assert client.get(AUDIT).status_code == 401
    for role in ("creator", "brand", "reviewer", "operator"):
        assert api_client(role).get(USERS).status_code == 403
        assert api_client(role).get(AUDIT).status_code == 403
