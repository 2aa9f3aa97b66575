"""Appeals through the API: creators file their own, another reviewer rules."""

from __future__ import annotations

from sqlalchemy import select

from tinnhiem.store import tables

APPEALS = "/api/v1/appeals"


def _finding_of(scratch, key: str) -> str:
    with scratch["factory"]() as session:
        return session.scalars(select(tables.FindingRecord.fingerprint).join(tables.Influencer)
                               .where(tables.Influencer.key == key).order_by(tables.FindingRecord.id.desc())).first()


def test_creator_appeals_own_finding_and_a_different_reviewer_rules(api_client, scratch_site):
    app, creator_key = scratch_site["app"], scratch_site["creator"]
    fingerprint = _finding_of(scratch_site, creator_key)
    reviewer, operator, creator = (api_client(r, app) for r in ("reviewer", "operator", "creator"))
    assert reviewer.post("/api/v1/review/decisions", json={"fingerprint": fingerprint, "decision": "confirmed",
                                                           "reason": "Xác nhận"}).status_code == 201
    filed = creator.post(APPEALS, json={"target_kind": "finding", "target_id": fingerprint[:16],
                                        "statement": "Bài đăng đã có #quảngcáo", "evidence": ["https://example.org/a"]})
    assert filed.status_code == 201
    appeal_id = filed.json()["id"]
    mine = creator.get(APPEALS).json()
    assert [a["id"] for a in mine] == [appeal_id] and mine[0]["filed_by"].startswith("creator:")
    same = reviewer.post(f"{APPEALS}/{appeal_id}/decision", json={"outcome": "upheld", "reason": "Tôi xem lại"})
    assert same.status_code == 403 and "another reviewer" in same.json()["detail"]
    ruled = operator.post(f"{APPEALS}/{appeal_id}/decision", json={"outcome": "upheld", "reason": "Có ghi nhận"})
    assert ruled.status_code == 200 and ruled.json()["status"] == "upheld"
    assert operator.post(f"{APPEALS}/{appeal_id}/decision", json={"outcome": "rejected", "reason": "x"}).status_code == 422
    assert creator.get(APPEALS, params={"status": "upheld"}).json()[0]["decided_by"].startswith("operator:")


def test_creators_appeal_only_their_own_and_see_only_their_own(api_client, scratch_site):
    app = scratch_site["app"]
    other = next(k for k in scratch_site["all"] if k != scratch_site["creator"])
    foreign = _finding_of(scratch_site, other)
    creator = api_client("creator", app)
    refused = creator.post(APPEALS, json={"target_kind": "finding", "target_id": foreign, "statement": "x"})
    assert refused.status_code == 404
    admin = api_client("admin", app)
    on_behalf = admin.post(APPEALS, json={"target_kind": "finding", "target_id": foreign, "statement": "thay mặt",
                                          "influencer_key": other})
    assert on_behalf.status_code == 201
    assert on_behalf.json()["id"] not in [a["id"] for a in creator.get(APPEALS).json()]
    assert on_behalf.json()["id"] in [a["id"] for a in api_client("reviewer", app).get(APPEALS).json()]


def test_who_may_file_list_and_rule(api_client, client):
    assert client.post(APPEALS, json={}).status_code == 401
    assert api_client("brand").get(APPEALS).status_code == 403
    assert api_client("reviewer").post(APPEALS, json={"target_kind": "finding", "target_id": "x",
                                                      "statement": "x"}).status_code == 403
    assert api_client("creator").post(f"{APPEALS}/1/decision", json={"outcome": "upheld", "reason": "x"}).status_code == 403
