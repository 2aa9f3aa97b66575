"""POST /complaints (public), GET /complaints and triage (reviewers only)."""

from __future__ import annotations

import pytest

from tinnhiem.services import accounts

API = "/api/v1"
TEXT = "Video quảng cáo sản phẩm chữa khỏi bệnh, tôi mua về dùng không có tác dụng gì."


@pytest.fixture(scope="module")
def reviewer_key(site):
    user = accounts.create_user(site["factory"], username="w2-reviewer", password="a long reviewer password",
                                role="reviewer")
    return accounts.issue_api_key(site["factory"], user_id=user.id, actor="system").key


def test_public_submission_then_reviewer_triage(client, site, reviewer_key):
    key = site["all"][0]
    made = client.post(f"{API}/complaints", json={"influencer": key, "category": "misleading_claim", "text": TEXT,
                                                  "contact": "0900 000 000"})
    assert made.status_code == 201 and made.json()["reference"].startswith("KN-") and "contact" not in made.json()
    auth = {"Authorization": f"Bearer {reviewer_key}"}
    listing = client.get(f"{API}/complaints", params={"status": "received", "influencer": key}, headers=auth).json()
    mine = next(i for i in listing["items"] if i["reference"] == made.json()["reference"])
    assert mine["contact"] == "0900 000 000" and mine["source"] == "web"
    done = client.post(f"{API}/complaints/{mine['id']}/triage", json={"outcome": "forwarded", "reason": "Chuyển Sở Y tế"},
                       headers=auth)
    assert done.status_code == 200 and done.json()["status"] == "forwarded" and done.json()["triaged_by"]
    again = client.post(f"{API}/complaints/{mine['id']}/triage", json={"outcome": "forwarded", "reason": "lại"}, headers=auth)
    assert again.status_code == 409
    assert client.post(f"{API}/complaints/999999/triage", json={"outcome": "forwarded", "reason": "x y z"},
                       headers=auth).status_code == 404


@pytest.mark.parametrize("body, code", [
    ({"influencer": "nobody", "category": "other", "text": TEXT}, 404),
    ({"influencer": "x", "category": "evil", "text": TEXT}, 422),
    ({"influencer": "x", "category": "other", "text": "ngắn"}, 422),
    ({"influencer": "x", "category": "other", "text": TEXT, "post_url": "javascript:alert(1)"}, 422),
])
def test_invalid_submissions(client, site, body, code):
    if body["influencer"] == "x":
        body = {**body, "influencer": site["all"][0]}
    assert client.post(f"{API}/complaints", json=body).status_code == code


def test_half_an_emoji_is_a_422_not_a_500(client, site):
    """A JSON body may escape an unpaired surrogate ("\\ud83d" alone); the answer names the
    field as for any invalid input (it used to fail while writing the error)."""
    body = ('{"influencer": "%s", "category": "misleading_claim", "text": "%s \\ud83d"}'
            % (site["all"][0], TEXT)).encode()
    answer = client.post(f"{API}/complaints", content=body, headers={"content-type": "application/json"})
    assert answer.status_code == 422
    (error,) = answer.json()["detail"]
    assert error["loc"] == ["body", "text"] and error["input"].endswith("\\ud83d")
    assert client.post(f"{API}/complaints", json={"influencer": "x", "category": "evil", "text": TEXT}
                       ).json()["detail"][0]["loc"] == ["body", "category"]  # (the usual shape)


def test_reviewer_endpoints_refuse_the_public(client):
    assert client.get(f"{API}/complaints").status_code == 401
    assert client.post(f"{API}/complaints/1/triage", json={"outcome": "forwarded", "reason": "abc"}).status_code == 401
