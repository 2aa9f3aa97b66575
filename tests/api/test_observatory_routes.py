"""GET /observatory: rates with counts and intervals by every dimension."""

from __future__ import annotations

from tinnhiem.services.stats import DIMENSIONS


def test_observatory_rates_add_up(client, site):
    body = client.get("/api/v1/observatory").json()
    overall = body["overall"]
    assert overall["posts"] > 0 and 0 <= overall["disclosure_rate"] <= 1
    lo, hi = overall["disclosure_interval"]
    assert lo <= overall["disclosure_rate"] <= hi
    assert set(body["by"]) == set(DIMENSIONS)
    for dim in ("platform", "follower_tier", "province", "month", "certified"):
        assert sum(r["posts"] for r in body["by"][dim]) == overall["posts"]
    assert body["creators"] == len(site["all"]) and body["certified_creators"] == len(site["serials"])
