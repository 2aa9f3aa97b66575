"""Creator profile, findings, history and assessment detail on the generated world."""

from __future__ import annotations

import pytest

from tinnhiem.services import profiles, reports


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


def _brief(f: dict) -> tuple:
    return f["id"], f["subject"], f["severity"], f["message"], [e.get("quote") for e in f["evidence"]]


@pytest.mark.parametrize("per_deduction", [1, 3])
def test_profile_matches_the_full_report_cut_to_the_first_findings(world, per_deduction):
    """The profile loads only the findings it shows; what it shows is the full report's."""
    for key in world["all"]:
        p = profiles.creator_profile(world["factory"], key=key, findings_per_deduction=per_deduction)
        with world["factory"]() as s:
            full = reports.creator_report(s, key)
        assert {k: p[k] for k in full if k not in ("criteria", "accounts")} == \
            {k: v for k, v in full.items() if k not in ("criteria", "accounts")}
        shown = [[(d["detector"], d["points"], len(d["findings"]), [_brief(f) for f in d["findings"]][:per_deduction])
                  for d in c["deductions"]] for c in full["criteria"]]
        assert [[(d["detector"], d["points"], d["findings_total"], [_brief(f) for f in d["findings"]])
                 for d in c["deductions"]] for c in p["criteria"]] == shown
        assert [{k: v for k, v in c.items() if k != "deductions"} for c in p["criteria"]] == \
            [{k: v for k, v in c.items() if k != "deductions"} for c in full["criteria"]]


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
