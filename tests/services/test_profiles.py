"""Creator profile, findings, history and assessment detail on the generated world."""

from __future__ import annotations

import pytest

from tinnhiem.services import profiles


def test_profile_of_every_creator(world):
    for key in world["all"]:
        p = profiles.creator_profile(world["factory"], key=key, findings_per_deduction=2)
        assert p["influencer"]["key"] == key and p["history"] and p["certificate"] is None
        for c in p["criteria"]:
            for d in c["deductions"]:
                assert len(d["findings"]) <= 2 <= d["findings_total"] or len(d["findings"]) == d["findings_total"]
                for f in d["findings"]:
                    assert f["review"] in (None, "pending", "confirmed", "dismissed")
                    for e in f["evidence"]:
                        if e["before"] or e["after"]:
                            assert e["quote"] and e["end"] - e["start"] == len(e["quote"])


def test_findings_paging_and_detail(world):
    key = max(world["all"], key=lambda k: profiles.creator_findings(world["factory"], key=k)["total"])
    full = profiles.creator_findings(world["factory"], key=key, per_page=200)
    assert full["total"] > 1
    second = profiles.creator_findings(world["factory"], key=key, per_page=1, page=2)
    assert second["items"][0]["fingerprint"] == full["items"][1]["fingerprint"]
    one = profiles.finding_detail(world["factory"], fingerprint=full["items"][0]["fingerprint"])
    assert one["influencer"] == key and one["in_latest_assessment"]
    a = profiles.assessment_detail(world["factory"], assessment_id=full["assessment_id"])
    assert a["findings"] == full["total"] and a["influencer"] == key


def test_unknown_things_raise_lookup_error(world):
    with pytest.raises(LookupError):
        profiles.creator_profile(world["factory"], key="nobody")
    with pytest.raises(LookupError):
        profiles.finding_detail(world["factory"], fingerprint="0" * 64)
    with pytest.raises(LookupError):
        profiles.assessment_detail(world["factory"], assessment_id=10**9)
    with pytest.raises(ValueError):
        profiles.creator_findings(world["factory"], key=world["all"][0], per_page=0)
