"""Read models of the authenticated pages (services/dossiers.py)."""

from __future__ import annotations

import pytest

from tinnhiem.services import dossiers


@pytest.mark.parametrize("coverage, expected", [
    ([{"disclosure": {"commercial_content": {"examined": 9}, "population": 10, "weighted_hits": 2.5}}],
     {"rate": 0.75, "commercial": 10, "undisclosed": 2.5}),
    ([{"other": {"population": 5}}, {"disclosure": {"commercial_content": {}, "population": 4, "weighted_hits": 0}}],
     {"rate": 1.0, "commercial": 4, "undisclosed": 0.0}),
    ([{"disclosure": {"commercial_content": {}, "population": 0, "weighted_hits": 0}}],
     {"rate": None, "commercial": 0, "undisclosed": 0.0}),
    ([{"disclosure": {"commercial_content": {}, "population": 2, "weighted_hits": 7}}],  # hits never exceed items
     {"rate": 0.0, "commercial": 2, "undisclosed": 2.0}),
    ([{"real_reach": {"follower_spike": {}, "findings": 0}}], None),
])
def test_disclosure_rate_from_the_recorded_coverage(coverage, expected):
    assert dossiers.disclosure_rate(coverage) == expected


def test_a_creator_dossier_holds_their_accounts_certificates_and_appeals(site):
    key = site["eligible"][0]
    dossier = dossiers.creator_dossier(site["factory"], influencer_key=key)
    assert dossier["key"] == key
    assert all(a["account_key"].count(":") >= 1 for a in dossier["accounts"])
    assert any(a["verified_at"] for a in dossier["accounts"])  # certified creators proved ownership
    assert {c["influencer_key"] for c in dossier["certificates"]} == {key}
    with pytest.raises(LookupError):
        dossiers.creator_dossier(site["factory"], influencer_key="no-such-creator")


def test_comparison_keeps_the_asked_order_and_skips_unknown_keys(site):
    keys = [site["all"][-1], "no-such-creator", site["eligible"][0]]
    rows = dossiers.compare_creators(site["factory"], keys=keys)
    assert [r["key"] for r in rows] == [keys[0], keys[2]]
    certified = rows[1]
    assert certified["certificate"]["status"] == "active"
    assert set(certified["criteria"]) == {"authenticity", "ad_compliance", "commercial_transparency",
                                          "community_feedback"}


def test_certificate_and_appeal_lists(site):
    assert {c["serial"] for c in dossiers.list_certificates(site["factory"])} >= set(site["serials"])
    assert dossiers.list_certificates(site["factory"], status="revoked") == []
    with pytest.raises(ValueError):
        dossiers.list_certificates(site["factory"], status="bogus")
    open_before = dossiers.list_appeals(site["factory"])
    assert all(a["status"] == "open" for a in open_before)
    assert len(dossiers.list_appeals(site["factory"], status=None)) >= len(open_before)
