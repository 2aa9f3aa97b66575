"""GET /creators (search), /creators/{key}, /creators/{key}/history."""

from __future__ import annotations

import pytest

API = "/api/v1"


def test_search_lists_every_assessed_creator_best_first(client, site):
    body = client.get(f"{API}/creators", params={"per_page": 100}).json()
    assert body["total"] == len(site["all"]) and body["pages"] == 1
    totals = [i["total"] for i in body["items"]]
    assert totals == sorted(totals, reverse=True)
    certified = {i["key"] for i in body["items"] if i["certificate_status"] == "active"}
    assert len(certified) == len(site["serials"]) and certified <= set(site["eligible"])


def test_search_filters_and_paginates(client):
    everyone = client.get(f"{API}/creators", params={"per_page": 100}).json()["items"]
    name = everyone[0]["name"]
    found = client.get(f"{API}/creators", params={"q": name.upper()}).json()["items"]
    assert everyone[0]["key"] in [i["key"] for i in found]
    page2 = client.get(f"{API}/creators", params={"per_page": 3, "page": 2}).json()
    assert [i["key"] for i in page2["items"]] == [i["key"] for i in everyone[3:6]]
    youtube = client.get(f"{API}/creators", params={"platform": "youtube"}).json()["items"]
    assert youtube and all("youtube" in i["platforms"] for i in youtube)


@pytest.mark.parametrize("params", [{"per_page": 0}, {"per_page": 101}, {"page": 0}, {"min_score": 101},
                                    {"sort": "evil"}, {"min_followers": -5}, {"q": "x" * 101},
                                    {"min_score": "nan"}, {"max_followers": 10**20}])
def test_bad_search_parameters_are_422(client, params):
    assert client.get(f"{API}/creators", params=params).status_code == 422


def test_profile_has_criteria_deductions_evidence_history_and_certificate(client, site):
    key = (site["eligible"] or site["all"])[0]
    body = client.get(f"{API}/creators/{key}").json()
    assert body["influencer"]["key"] == key and len(body["criteria"]) == 4
    assert body["history"][-1]["total"] == body["assessment"]["total"]
    if site["serials"]:
        assert body["certificate"]["status"] == "valid"
    findings = [f for c in body["criteria"] for d in c["deductions"] for f in d["findings"]]
    for f in findings:
        assert f["title_vi"] and f["severity"] and f["evidence"] is not None


def test_profile_quotes_are_found_at_their_span(client, site):
    for key in site["all"]:
        body = client.get(f"{API}/creators/{key}").json()
        for c in body["criteria"]:
            for d in c["deductions"]:
                for f in d["findings"]:
                    for e in f["evidence"]:
                        if e["before"] or e["after"]:
                            assert e["end"] - e["start"] == len(e["quote"])


def test_unknown_or_malformed_creator_is_404_or_422(client):
    assert client.get(f"{API}/creators/nobody").status_code == 404
    assert client.get(f"{API}/creators/nobody/history").status_code == 404
    assert client.get(f"{API}/creators/{'x' * 201}").status_code == 422


def test_history_is_oldest_first(client, site):
    body = client.get(f"{API}/creators/{site['all'][0]}/history").json()
    assert body and [h["assessment_id"] for h in body] == sorted(h["assessment_id"] for h in body)
