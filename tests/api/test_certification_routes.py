"""Certificate decisions through the API: operators only, logged, audited, visible in the feed."""

from __future__ import annotations

from site_fixtures import ensure_certificate

from tinnhiem.services import audit


def test_operator_suspends_reinstates_and_revokes(api_client, scratch_site):
    serial = ensure_certificate(scratch_site)
    op = api_client("operator", scratch_site["app"])
    suspended = op.post(f"/api/v1/certificates/{serial}/suspend", json={"reason": "Xác minh khiếu nại"})
    assert suspended.status_code == 200
    assert suspended.json() == {"serial": serial, "status": "suspended", "reason": "Xác minh khiếu nại",
                                "actor": f"operator:{scratch_site['logins']['operator'][0]}"}
    assert op.post(f"/api/v1/certificates/{serial}/reinstate", json={"reason": "Đã làm rõ"}).json()["status"] == "active"
    assert op.post(f"/api/v1/certificates/{serial}/revoke", json={"reason": "Vi phạm"}).json()["status"] == "revoked"
    again = op.post(f"/api/v1/certificates/{serial}/reinstate", json={"reason": "x"})
    assert again.status_code == 422 and "không hợp lệ" in again.json()["detail"]
    feed = op.get("/api/v1/feed").json()["events"]
    assert [e["status"] for e in feed if e["serial"] == serial][-4:] == ["active", "suspended", "active", "revoked"]
    with scratch_site["factory"]() as session:
        actions = [e.action for e in audit.list_events(session) if e.target_id == serial]
    assert actions == ["certificate.revoke", "certificate.reinstate", "certificate.suspend"]


def test_unknown_serials_and_actions(api_client, scratch_site):
    op = api_client("operator", scratch_site["app"])
    assert op.post("/api/v1/certificates/TN-0000-000000/suspend", json={"reason": "x"}).status_code == 404
    assert op.post("/api/v1/certificates/TN-0000-000000/delete", json={"reason": "x"}).status_code == 422
    assert op.post("/api/v1/certificates/TN-0000-000000/suspend", json={"reason": ""}).status_code == 422


def test_reviewers_and_creators_cannot_change_certificates(api_client, scratch_site):
    serial = ensure_certificate(scratch_site)
    for role in ("reviewer", "creator", "brand"):
        assert api_client(role, scratch_site["app"]).post(
            f"/api/v1/certificates/{serial}/revoke", json={"reason": "x"}).status_code == 403


def test_operator_issues_certificates(api_client, scratch_site):
    op = api_client("operator", scratch_site["app"])
    response = op.post("/api/v1/certification/issue", json={"keys": scratch_site["all"][:3]})
    assert response.status_code == 200
    outcomes = {r["influencer_key"]: r["outcome"] for r in response.json()}
    assert set(outcomes) == set(scratch_site["all"][:3])
    assert set(outcomes.values()) <= {"issued", "not_eligible", "no_verified_account", "already_certified"}
    events = api_client("admin", scratch_site["app"]).get("/api/v1/admin/audit", params={"action": "certificate.issue"}).json()
    assert events and events[0]["detail"]["asked"] == scratch_site["all"][:3]
