"""Use cases for platforms following certification status: the change feed and webhooks.

The feed is read from the transparency log: every ``certificate.*`` entry is one event, and
its log ``seq`` is the cursor (``since`` = the last seq seen). Webhooks receive the same
events as JSON POSTs signed with HMAC-SHA256 over ``"<timestamp>.<body>"`` with the secret
given once at registration (:func:`signature`). Deliveries are recorded per (webhook, seq);
a failed one is retried on the next run, up to ``max_attempts``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from tinnhiem.services.audit import record_event
from tinnhiem.store import tables

STATUS_AFTER = {  # log kind (without version) -> certificate status after it
    "certificate.issued": "active", "certificate.renewed": "active", "certificate.suspended": "suspended",
    "certificate.revoked": "revoked", "certificate.reinstated": "active",
}
EVENTS = tuple(STATUS_AFTER)
MAX_LIMIT = 500
SETTLED = ("delivered", "gave_up")

#: ``send(url, body, headers) -> HTTP status``; raises OSError on network failure.
Send = Callable[[str, bytes, dict[str, str]], int]


@dataclass(frozen=True)
class FeedEvent:
    seq: int
    event: str  # certificate.suspended …
    kind: str  # the log kind, certificate.suspended/v1
    at: str
    serial: str
    influencer: str | None
    status: str
    reason: str | None = None
    actor: str | None = None
    replaces: str | None = None


@dataclass(frozen=True)
class FeedPage:
    events: list[FeedEvent]
    next_since: int  # pass as ``since`` to continue
    has_more: bool


@dataclass(frozen=True)
class WebhookInfo:
    id: int
    url: str
    events: list[str]
    owner: str
    from_seq: int
    created_at: datetime
    disabled_at: datetime | None


@dataclass(frozen=True)
class DeliveryReport:
    delivered: int = 0
    failed: int = 0
    gave_up: int = 0


def certificate_feed(session: Session, *, since: int = -1, limit: int = 100) -> FeedPage:
    """Certificate events with log seq > ``since``, oldest first."""
    limit = max(1, min(limit, MAX_LIMIT))
    rows = session.execute(select(tables.LogEntry.seq, tables.LogEntry.kind, tables.LogEntry.body)
                           .where(tables.LogEntry.kind.like("certificate.%"), tables.LogEntry.seq > since)
                           .order_by(tables.LogEntry.seq).limit(limit + 1)).all()
    events = _events(session, rows[:limit])
    return FeedPage(events, events[-1].seq if events else since, len(rows) > limit)


def _events(session: Session, rows) -> list[FeedEvent]:
    parsed = [(seq, kind, json.loads(body)) for seq, kind, body in rows]
    serials = {entry["body"].get("serial") for _, _, entry in parsed}
    owners = dict(session.execute(select(tables.Certificate.serial, tables.Influencer.key)
                                  .join(tables.Influencer, tables.Influencer.id == tables.Certificate.influencer_id)
                                  .where(tables.Certificate.serial.in_(serials))).all()) if serials else {}
    out = []
    for seq, kind, entry in parsed:
        body, event = entry["body"], kind.partition("/")[0]
        out.append(FeedEvent(seq=seq, event=event, kind=kind, at=entry["at"], serial=body.get("serial", ""),
                             influencer=body.get("influencer") or owners.get(body.get("serial")),
                             status=STATUS_AFTER.get(event, "unknown"), reason=body.get("reason"),
                             actor=body.get("actor"), replaces=body.get("replaces")))
    return out


# --------------------------------------------------------------------------- webhooks


def register_webhook(factory: sessionmaker[Session], *, owner_id: int, url: str, events: list[str] | None,
                     actor: str, client: str | None = None) -> tuple[WebhookInfo, str]:
    """Subscribe ``url`` to future certificate events; returns the info and the signing secret
    (shown once)."""
    url, events = _check_url(url), sorted(set(events or []))
    unknown = [e for e in events if e not in EVENTS]
    if unknown:
        raise ValueError(f"unknown event(s) {', '.join(unknown)}; known: {', '.join(EVENTS)}")
    secret = secrets.token_urlsafe(32)
    with factory() as session, session.begin():
        if session.get(tables.WebUser, owner_id) is None:
            raise LookupError(f"no user #{owner_id}")
        last = session.scalar(select(func.max(tables.LogEntry.seq)))
        row = tables.Webhook(url=url, secret=secret, owner_id=owner_id, events=events,
                             from_seq=0 if last is None else last + 1)
        session.add(row)
        session.flush()
        record_event(session, actor=actor, role=actor.partition(":")[0], action="webhook.registered",
                     target_kind="webhook", target_id=row.id, client=client, detail={"url": url, "events": events})
        return _info(session, row), secret


def list_webhooks(session: Session, *, owner_id: int | None) -> list[WebhookInfo]:
    """A user's webhooks (``owner_id``), or every one (None)."""
    stmt = select(tables.Webhook).order_by(tables.Webhook.id)
    if owner_id is not None:
        stmt = stmt.where(tables.Webhook.owner_id == owner_id)
    return [_info(session, r) for r in session.scalars(stmt)]


def disable_webhook(factory: sessionmaker[Session], *, webhook_id: int, owner_id: int | None, actor: str,
                    client: str | None = None, at: datetime | None = None) -> WebhookInfo:
    at = at or datetime.now(timezone.utc)
    with factory() as session, session.begin():
        row = session.get(tables.Webhook, webhook_id)
        if row is None or (owner_id is not None and row.owner_id != owner_id):
            raise LookupError(f"no webhook #{webhook_id}")
        row.disabled_at = row.disabled_at or at
        record_event(session, actor=actor, role=actor.partition(":")[0], action="webhook.disabled",
                     target_kind="webhook", target_id=webhook_id, client=client, at=at, detail={"url": row.url})
        return _info(session, row)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The ``X-Tinnhiem-Signature`` value a receiver recomputes and compares."""
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def deliver_webhooks(factory: sessionmaker[Session], *, send: Send, max_attempts: int = 5, batch: int = 100,
                     now: Callable[[], float] = time.time) -> DeliveryReport:
    """POST every undelivered event to each enabled webhook; record each outcome."""
    counts = {"delivered": 0, "failed": 0, "gave_up": 0}
    for hook_id, url, secret, events in _pending(factory, batch):
        for event in events:
            body = json.dumps({"webhook": hook_id, "event": asdict(event)}, ensure_ascii=False,
                              sort_keys=True, separators=(",", ":")).encode("utf-8")
            stamp = str(int(now()))
            headers = {"Content-Type": "application/json", "X-Tinnhiem-Event": event.event,
                       "X-Tinnhiem-Delivery": f"{hook_id}-{event.seq}", "X-Tinnhiem-Timestamp": stamp,
                       "X-Tinnhiem-Signature": signature(secret, stamp, body)}
            error = _attempt(send, url, body, headers)
            counts[_record(factory, hook_id, event.seq, error, max_attempts)] += 1
    return DeliveryReport(**counts)


def _pending(factory: sessionmaker[Session], batch: int) -> list[tuple[int, str, str, list[FeedEvent]]]:
    work = []
    with factory() as session:
        for hook in session.scalars(select(tables.Webhook).where(tables.Webhook.disabled_at.is_(None))
                                    .order_by(tables.Webhook.id)):
            settled = select(tables.WebhookDelivery.log_seq).where(
                tables.WebhookDelivery.webhook_id == hook.id, tables.WebhookDelivery.status.in_(SETTLED))
            stmt = (select(tables.LogEntry.seq, tables.LogEntry.kind, tables.LogEntry.body)
                    .where(tables.LogEntry.kind.like("certificate.%"), tables.LogEntry.seq >= hook.from_seq,
                           tables.LogEntry.seq.not_in(settled))
                    .order_by(tables.LogEntry.seq).limit(batch))
            events = [e for e in _events(session, session.execute(stmt).all()) if not hook.events or e.event in hook.events]
            if events:
                work.append((hook.id, hook.url, hook.secret, events))
    return work


def _attempt(send: Send, url: str, body: bytes, headers: dict[str, str]) -> str | None:
    try:
        status = send(url, body, headers)
    except OSError as exc:
        return f"{type(exc).__name__}: {exc}"[:1000]
    return None if 200 <= status < 300 else f"HTTP {status}"


def _record(factory: sessionmaker[Session], hook_id: int, seq: int, error: str | None, max_attempts: int) -> str:
    with factory() as session, session.begin():
        row = session.scalars(select(tables.WebhookDelivery).filter_by(webhook_id=hook_id, log_seq=seq)).first()
        if row is None:
            row = tables.WebhookDelivery(webhook_id=hook_id, log_seq=seq, status="failed", attempts=0)
            session.add(row)
        row.attempts += 1
        row.last_error, row.updated_at = error, datetime.now(timezone.utc)
        row.status = "delivered" if error is None else ("gave_up" if row.attempts >= max_attempts else "failed")
        return row.status


def http_send(url: str, body: bytes, headers: dict[str, str], *, timeout: float = 10.0) -> int:
    """The real network boundary (used by ``tinnhiem webhooks deliver``)."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http/https checked at registration)
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _check_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 2000:
        raise ValueError("a webhook URL is an http(s) address of at most 2000 characters")
    return url


def _info(session: Session, row: tables.Webhook) -> WebhookInfo:
    owner = session.scalar(select(tables.WebUser.username).filter_by(id=row.owner_id)) or ""
    return WebhookInfo(row.id, row.url, list(row.events or []), owner, row.from_seq, row.created_at, row.disabled_at)


def as_dict(event: FeedEvent) -> dict[str, Any]:
    return asdict(event)
