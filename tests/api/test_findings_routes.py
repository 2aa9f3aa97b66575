"""GET /creators/{key}/findings, /findings/{fingerprint}, /assessments/{id}."""

from __future__ import annotations

API = "/api/v1"


def _with_findings(client, site):
    for key in site["all"]:
        body = client.get(f"{API}/creators/{key}/findings", params={"per_page": 200}).json()
        if body["total"]:
            return key, body
    raise AssertionError("no creator has findings")


def test_findings_page_and_filters(client, site):
    key, body = _with_findings(client, site)
    assert len(body["items"]) == min(body["total"], 200)
    detector = body["items"][0]["detector"]
    only = client.get(f"{API}/creators/{key}/findings", params={"detector": detector}).json()
    assert only["items"] and {f["detector"] for f in only["items"]} == {detector}
    first = client.get(f"{API}/creators/{key}/findings", params={"per_page": 1, "page": 2}).json()
    assert first["items"][0]["fingerprint"] == body["items"][1]["fingerprint"]


def test_one_finding_by_fingerprint(client, site):
    key, body = _with_findings(client, site)
    fp = body["items"][0]["fingerprint"]
    one = client.get(f"{API}/findings/{fp}").json()
    assert one["influencer"] == key and one["in_latest_assessment"] and one["fingerprint"] == fp
    assert client.get(f"{API}/findings/{'0' * 64}").status_code == 404
    assert client.get(f"{API}/findings/NOT-HEX").status_code == 422


def test_assessment_by_id(client, site):
    key, body = _with_findings(client, site)
    a = client.get(f"{API}/assessments/{body['assessment_id']}").json()
    assert a["influencer"] == key and len(a["criteria"]) == 4 and a["findings"] == body["total"]
    assert client.get(f"{API}/assessments/999999").status_code == 404
    assert client.get(f"{API}/assessments/0").status_code == 422
