"""Reviewer console /tham-dinh at the HTTP level: who gets in, keyboard-driven decisions,
complaint triage, appeals (never by the original decider), certificate actions, audit, CSRF."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from browser_fixtures import logged_in, make_workspace
from tinnhiem.model import PRODUCT_CATEGORY_LABELS
from tinnhiem.services import audit, complaints, dossiers, review


@pytest.fixture(scope="module")
def ws(site, tmp_path_factory):
    return make_workspace(site, tmp_path_factory.mktemp("console"))


def _client(ws, name):
    client, token = logged_in(ws.app, *ws.users[name])
    return client, token


def _queue(ws):
    with ws.factory() as session:
        return review.review_queue(session)


def _events(ws, action):
    with ws.factory() as session:
        return audit.list_events(session, action=action)


def _certificate(ws, key):
    return dossiers.creator_dossier(ws.factory, influencer_key=key)["certificates"][0]


def test_only_reviewers_operators_and_admins_get_in(ws):
    r = TestClient(ws.app).get("/tham-dinh", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/dang-nhap")
    for name in ("creator", "brand"):
        client, _ = _client(ws, name)
        for path in ("/tham-dinh", "/tham-dinh/muc", "/tham-dinh/phan-anh", "/tham-dinh/khang-nghi"):
            assert client.get(path).status_code == 403, (name, path)
    for name in ("reviewer", "operator"):
        client, _ = _client(ws, name)
        assert client.get("/tham-dinh").status_code == 200


def test_certificate_actions_are_for_operators(ws):
    reviewer, token = _client(ws, "reviewer")
    assert reviewer.get("/tham-dinh/chung-nhan").status_code == 403
    serial = _certificate(ws, ws.creator_key)["serial"]
    r = reviewer.post(f"/tham-dinh/chung-nhan/{serial}", data={"action": "suspend", "reason": "x", "csrf_token": token})
    assert r.status_code == 403
    assert _certificate(ws, ws.creator_key)["status"] == "active"


def test_the_queue_is_keyboard_driven(ws):
    client, _ = _client(ws, "reviewer")
    queue = _queue(ws)
    assert len(queue) >= 2
    page = client.get("/tham-dinh").text
    for key in ("j", "c", "d", "1", "5"):
        assert f'data-key="{key}"' in page
    assert page.count("data-fingerprint=") == len(queue)
    second = client.get("/tham-dinh/muc", params={"i": "1"}, headers={"HX-Request": "true"}).text
    assert "<html" not in second and queue[1].fingerprint in second and 'data-key="k"' in second


def test_the_reviewer_sees_the_product_category_a_finding_applies_to(ws):
    client, _ = _client(ws, "reviewer")
    queue = _queue(ws)
    i, item = next((i, q) for i, q in enumerate(queue) if q.category)
    page = client.get("/tham-dinh/muc", params={"i": str(i)}, headers={"HX-Request": "true"}).text
    label = PRODUCT_CATEGORY_LABELS[item.category][0]
    assert f'data-category="{item.category}"' in page and f"Nhóm sản phẩm:\n  {label}" in page


def test_a_decision_needs_a_reason(ws):
    client, token = _client(ws, "reviewer")
    item = _queue(ws)[0]
    r = client.post("/tham-dinh/quyet-dinh", data={"fingerprint": item.fingerprint, "decision": "confirmed",
                                                   "csrf_token": token}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and 'role="alert"' in r.text
    assert item.fingerprint in [q.fingerprint for q in _queue(ws)]


def test_dismissing_a_finding_records_the_reason_and_moves_on(ws):
    client, token = _client(ws, "reviewer")
    before = _queue(ws)
    item = before[-1]
    r = client.post("/tham-dinh/quyet-dinh", headers={"HX-Request": "true"}, data={
        "fingerprint": item.fingerprint, "decision": "dismissed", "reason": "3", "note": "đã xem video gốc",
        "i": str(len(before) - 1), "csrf_token": token})
    assert r.status_code == 200 and "<html" not in r.text and 'id="review-current"' in r.text
    after = [q.fingerprint for q in _queue(ws)]
    assert item.fingerprint not in after and len(after) == len(before) - 1
    (event, *_) = _events(ws, "finding.dismissed")
    assert event.target_id == item.fingerprint and event.actor == f"reviewer:{ws.users['reviewer'][0]}"
    assert "Nhận diện sai" in event.detail["reason"] and "đã xem video gốc" in event.detail["reason"]


def test_triaging_a_complaint(ws):
    receipt = complaints.submit_complaint(ws.factory, influencer_key=ws.creator_key, category="misleading_claim",
                                          text="Quảng cáo nói <script>alert(1)</script> uống là khỏi bệnh.")
    client, token = _client(ws, "reviewer")
    page = client.get("/tham-dinh/phan-anh").text
    assert receipt.reference in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    listing = complaints.list_complaints(ws.factory, influencer_key=ws.creator_key)
    cid = next(c["id"] for c in listing["items"] if c["reference"] == receipt.reference)
    r = client.post(f"/tham-dinh/phan-anh/{cid}", data={"outcome": "unsubstantiated", "reason": "Không có bằng chứng",
                                                        "csrf_token": token}, follow_redirects=False)
    assert "tb=triaged" in r.headers["location"]
    listing = complaints.list_complaints(ws.factory, influencer_key=ws.creator_key)
    row = next(c for c in listing["items"] if c["id"] == cid)
    assert row["status"] == "unsubstantiated" and row["triaged_by"] == f"reviewer:{ws.users['reviewer'][0]}"


def test_suspension_appeal_by_the_creator_and_ruling_by_another_reviewer(ws):
    operator, op_token = _client(ws, "operator")
    serial = _certificate(ws, ws.creator_key)["serial"]
    r = operator.post(f"/tham-dinh/chung-nhan/{serial}", data={"action": "suspend", "reason": "Kiểm tra lại",
                                                               "csrf_token": op_token}, follow_redirects=False)
    assert "tb=status_changed" in r.headers["location"]
    assert _certificate(ws, ws.creator_key)["status"] == "suspended"
    assert _events(ws, "certificate.suspend")[0].target_id == serial
    creator, cr_token = _client(ws, "creator")
    creator.post("/cua-toi/khang-nghi", data={"target": f"certificate:{serial}", "statement": "Tôi đã sửa bài.",
                                              "csrf_token": cr_token})
    appeal = dossiers.list_appeals(ws.factory)[-1]
    assert appeal["target_id"] == serial
    assert f'data-appeal="{appeal["id"]}"' in operator.get("/tham-dinh/khang-nghi").text
    r = operator.post(f"/tham-dinh/khang-nghi/{appeal['id']}", data={"outcome": "upheld", "reason": "ok",
                                                                     "csrf_token": op_token}, follow_redirects=False)
    assert "tb=self_review" in r.headers["location"]  # the operator suspended it: someone else rules
    reviewer, rv_token = _client(ws, "reviewer2")
    r = reviewer.post(f"/tham-dinh/khang-nghi/{appeal['id']}", data={"outcome": "upheld", "reason": "Đã khắc phục",
                                                                     "csrf_token": rv_token}, follow_redirects=False)
    assert "tb=appeal_decided" in r.headers["location"]
    assert _certificate(ws, ws.creator_key)["status"] == "active"
    assert "Đã khắc phục" in creator.get("/cua-toi").text


def test_console_posts_need_the_csrf_token(ws):
    client, _ = _client(ws, "reviewer")
    item = _queue(ws)[0]
    r = client.post("/tham-dinh/quyet-dinh", data={"fingerprint": item.fingerprint, "decision": "dismissed",
                                                   "reason": "3"})
    assert r.status_code == 403
    assert item.fingerprint in [q.fingerprint for q in _queue(ws)]
