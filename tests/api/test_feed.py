"""The public change feed of certification status, and signed webhook deliveries."""

from __future__ import annotations

import hmac
import json

from site_fixtures import ensure_certificate

from tinnhiem.services import feed

FEED, HOOKS = "/api/v1/feed", "/api/v1/webhooks"


class RecordedSender:
    """A fake network boundary: records requests, answers with the given statuses in turn."""

    def __init__(self, *statuses: int | Exception) -> None:
        self.statuses, self.requests = list(statuses), []

    def __call__(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        self.requests.append((url, body, headers))
        status = self.statuses.pop(0) if self.statuses else 200
        if isinstance(status, Exception):
            raise status
        return status


def _changes(scratch, api_client) -> str:
    serial = ensure_certificate(scratch)
    op = api_client("operator", scratch["app"])
    op.post(f"/api/v1/certificates/{serial}/suspend", json={"reason": "Đang xác minh"})
    op.post(f"/api/v1/certificates/{serial}/reinstate", json={"reason": "Đã xác minh"})
    return serial


def test_feed_pages_through_certificate_events_by_cursor(client, api_client, scratch_site):
    serial = _changes(scratch_site, api_client)
    with type(client)(scratch_site["app"]) as anonymous:
        everything = anonymous.get(FEED, params={"limit": 500}).json()
        assert not everything["has_more"]
        mine = [e for e in everything["events"] if e["serial"] == serial]
        assert [e["event"] for e in mine][-2:] == ["certificate.suspended", "certificate.reinstated"]
        assert mine[-2]["influencer"] == scratch_site["creator"] and mine[-2]["reason"] == "Đang xác minh"
        seqs, since, pages = [], -1, 0
        while True:
            page = anonymous.get(FEED, params={"since": since, "limit": 1}).json()
            seqs += [e["seq"] for e in page["events"]]
            since, pages = page["next_since"], pages + 1
            if not page["has_more"]:
                break
        assert seqs == [e["seq"] for e in everything["events"]] and seqs == sorted(set(seqs))
        assert anonymous.get(FEED, params={"since": since}).json() == {"events": [], "next_since": since, "has_more": False}
        assert anonymous.get(FEED, params={"limit": 0}).status_code == 422


def test_webhook_registration_delivery_and_signature(api_client, scratch_site):
    app, factory = scratch_site["app"], scratch_site["factory"]
    op = api_client("operator", app)
    made = op.post(HOOKS, json={"url": "https://platform.example/hooks/tinnhiem", "events": ["certificate.suspended"]})
    assert made.status_code == 201
    hook = made.json()
    assert hook["secret"] and hook["events"] == ["certificate.suspended"]
    assert "secret" not in op.get(HOOKS).json()[0]
    serial = _changes(scratch_site, api_client)
    sender = RecordedSender(503, 200)
    first = feed.deliver_webhooks(factory, send=sender, now=lambda: 1_700_000_000)
    assert (first.delivered, first.failed) == (0, 1)
    second = feed.deliver_webhooks(factory, send=sender, now=lambda: 1_700_000_000)
    assert (second.delivered, second.failed) == (1, 0)
    assert feed.deliver_webhooks(factory, send=sender) == feed.DeliveryReport()  # nothing left
    url, body, headers = sender.requests[-1]
    assert url == hook["url"] and headers["X-Tinnhiem-Event"] == "certificate.suspended"
    expected = hmac.new(hook["secret"].encode(), b"1700000000." + body, "sha256").hexdigest()
    assert headers["X-Tinnhiem-Signature"] == f"sha256={expected}"
    payload = json.loads(body)
    assert payload["webhook"] == hook["id"] and payload["event"]["serial"] == serial
    assert payload["event"]["status"] == "suspended"


def test_failed_deliveries_give_up_after_max_attempts(api_client, scratch_site):
    op = api_client("operator", scratch_site["app"])
    op.post(HOOKS, json={"url": "http://down.example/x"})
    _changes(scratch_site, api_client)
    sender = RecordedSender(*[OSError("connection refused")] * 10)
    reports = [feed.deliver_webhooks(scratch_site["factory"], send=sender, max_attempts=2) for _ in range(3)]
    assert reports[0].failed >= 2 and reports[1].gave_up == reports[0].failed and reports[2] == feed.DeliveryReport()


def test_disabled_webhooks_get_nothing_and_others_cannot_disable(api_client, scratch_site):
    app = scratch_site["app"]
    hook = api_client("operator", app).post(HOOKS, json={"url": "https://p.example/h"}).json()
    assert api_client("admin", app).get(HOOKS).json()[0]["id"] == hook["id"]
    assert api_client("creator", app).delete(f"{HOOKS}/{hook['id']}").status_code == 403
    disabled = api_client("operator", app).delete(f"{HOOKS}/{hook['id']}")
    assert disabled.status_code == 200 and disabled.json()["disabled_at"]
    _changes(scratch_site, api_client)
    sender = RecordedSender()
    feed.deliver_webhooks(scratch_site["factory"], send=sender)
    assert sender.requests == []


def test_webhook_urls_and_events_are_validated(api_client, scratch_site):
    op = api_client("operator", scratch_site["app"])
    for body in ({"url": "file:///etc/passwd"}, {"url": "javascript:alert(1)"},
                 {"url": "https://p.example", "events": ["certificate.exploded"]}):
        assert op.post(HOOKS, json=body).status_code == 422
