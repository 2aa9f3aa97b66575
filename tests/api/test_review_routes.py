"""The review queue and decisions through the API."""

from __future__ import annotations

from site_fixtures import ensure_certificate

QUEUE, DECISIONS = "/api/v1/review/queue", "/api/v1/review/decisions"


def test_queue_lists_serious_undecided_findings(api_client):
    items = api_client("reviewer").get(QUEUE).json()
    assert items, "the sample world has serious findings to review"
    assert {i["severity"] for i in items} <= {"critical", "major"}
    assert all(i["fingerprint"] and i["influencer_key"] and i["legal_source"] for i in items)


def test_confirming_a_critical_finding_rescores_and_suspends(api_client, scratch_site):
    app = scratch_site["app"]
    reviewer = api_client("reviewer", app)
    item = next(i for i in reviewer.get(QUEUE).json() if i["severity"] == "critical")
    serial = ensure_certificate(scratch_site, item["influencer_key"])
    response = reviewer.post(DECISIONS, json={"fingerprint": item["fingerprint"][:12], "decision": "confirmed",
                                              "reason": "Đã xem video: quảng cáo không ghi nhận"})
    assert response.status_code == 201
    assert response.json()["influencer_key"] == item["influencer_key"] and response.json()["eligible"] is False
    assert item["fingerprint"] not in [i["fingerprint"] for i in reviewer.get(QUEUE).json()]
    events = [e for e in reviewer.get("/api/v1/feed").json()["events"] if e["serial"] == serial]
    assert events[-1]["status"] == "suspended"
    audit = api_client("admin", app).get("/api/v1/admin/audit", params={"action": "finding.confirmed"}).json()
    assert audit[0]["target_id"] == item["fingerprint"][:12] and audit[0]["role"] == "reviewer"


def test_bad_decisions_are_refused_with_reasons(api_client, scratch_site):
    reviewer = api_client("reviewer", scratch_site["app"])
    unknown = reviewer.post(DECISIONS, json={"fingerprint": "ffffffffffff", "decision": "dismissed", "reason": "x"})
    assert unknown.status_code == 404 and "Không tìm thấy" in unknown.json()["detail"]
    assert reviewer.post(DECISIONS, json={"fingerprint": "ffffffffffff", "decision": "maybe", "reason": "x"}).status_code == 422
    assert reviewer.post(DECISIONS, json={"fingerprint": "ffffffffffff", "decision": "dismissed", "reason": ""}).status_code == 422


def test_only_reviewers_and_operators_review(api_client, client):
    assert client.get(QUEUE).status_code == 401
    for role in ("creator", "brand"):
        assert api_client(role).get(QUEUE).status_code == 403
    for role in ("reviewer", "operator", "admin"):
        assert api_client(role).get(QUEUE).status_code == 200
