"""Account-ownership challenges through the API: creators for their own accounts, operators for any."""

from __future__ import annotations

from sqlalchemy import select

from tinnhiem.services.ingest import import_files
from tinnhiem.store import tables

START = "/api/v1/ownership/challenges"


def _unverified_account(scratch, tmp_path) -> tables.Account:
    """A second, not yet proven account of the demo creator (the site fixture proves the first)."""
    import json

    first = _accounts(scratch, scratch["creator"])[0]
    record = {"kind": "account", "influencer_id": scratch["creator"], "platform": first.platform,
              "platform_id": f"{first.platform_id}-second", "handle": f"{first.handle}_2"}
    path = tmp_path / "second-account.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert import_files(scratch["factory"], [path]).inserted == 1
    return next(a for a in _accounts(scratch, scratch["creator"]) if a.platform_id == record["platform_id"])


def _accounts(scratch, key: str) -> list[tables.Account]:
    with scratch["factory"]() as session:
        return list(session.scalars(select(tables.Account).join(tables.Influencer).where(tables.Influencer.key == key)))


def test_creator_proves_ownership_of_own_account(api_client, scratch_site, tmp_path):
    import json

    creator = api_client("creator", scratch_site["app"])
    account = _unverified_account(scratch_site, tmp_path)
    account_key = f"{account.platform}:{account.platform_id}"
    started = creator.post(START, json={"account_key": account_key})
    assert started.status_code == 201 and started.json()["code"].startswith("TN-")
    missing = creator.post(f"{START}/{account_key}/check")
    assert missing.status_code == 200 and missing.json()["verified_at"] is None
    record = {"kind": "account", "influencer_id": scratch_site["creator"], "platform": account.platform,
              "platform_id": account.platform_id, "handle": account.handle, "bio": f"Mã: {started.json()['code']}"}
    path = tmp_path / "bio.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert import_files(scratch_site["factory"], [path]).rejected == 0
    found = creator.post(f"{START}/{account_key}/check").json()
    assert found["verified_at"] and found["verified_via"] == "bio"
    actions = [e["action"] for e in api_client("admin", scratch_site["app"]).get("/api/v1/admin/audit").json()]
    assert actions[:3] == ["ownership.challenge_checked", "ownership.challenge_checked", "ownership.challenge_started"]


def test_creators_cannot_touch_other_accounts_operators_can(api_client, scratch_site):
    other = next(k for k in scratch_site["all"] if k != scratch_site["creator"])
    account = _accounts(scratch_site, other)[0]
    account_key = f"{account.platform}:{account.platform_id}"
    creator = api_client("creator", scratch_site["app"])
    assert creator.post(START, json={"account_key": account_key}).status_code == 404
    assert creator.post(f"{START}/{account_key}/check").status_code == 404
    assert api_client("operator", scratch_site["app"]).post(START, json={"account_key": account_key}).status_code == 201
    assert api_client("operator", scratch_site["app"]).post(START, json={"account_key": "tiktok:none"}).status_code == 404


def test_brands_and_reviewers_do_not_verify_accounts(api_client, client):
    for role in ("brand", "reviewer"):
        assert api_client(role).post(START, json={"account_key": "tiktok:1"}).status_code == 403
    assert client.post(START, json={"account_key": "tiktok:1"}).status_code == 401
