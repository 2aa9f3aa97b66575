"""Use case: record who wrote what through the web application or the API, and list it.

``record_event`` takes a Session (inside the write's own transaction: the audit row commits or
rolls back with the write) or a sessionmaker (its own transaction, right after a write made by
a service that owns its session).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tinnhiem.store import tables


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: datetime
    actor: str
    role: str
    action: str
    target_kind: str
    target_id: str
    detail: dict[str, Any]
    client: str | None


def record_event(target: Session | sessionmaker[Session], *, actor: str, role: str, action: str, target_kind: str,
                 target_id: str | int, detail: dict[str, Any] | None = None, client: str | None = None,
                 at: datetime | None = None) -> None:
    """Add one audit event; with a Session it joins the caller's transaction."""
    row = tables.AuditEvent(at=at or datetime.now(timezone.utc), actor=actor[:200], role=role, action=action,
                            target_kind=target_kind, target_id=str(target_id)[:200], detail=dict(detail or {}),
                            client=(client or None) and client[:100])
    if isinstance(target, Session):
        target.add(row)
        return
    with target() as session, session.begin():
        session.add(row)


def list_events(session: Session, *, action: str | None = None, actor: str | None = None,
                limit: int = 100, before_id: int | None = None) -> list[AuditRecord]:
    """Newest first; ``before_id`` pages backwards."""
    stmt = select(tables.AuditEvent).order_by(tables.AuditEvent.id.desc()).limit(max(1, min(limit, 1000)))
    if action:
        stmt = stmt.where(tables.AuditEvent.action == action)
    if actor:
        stmt = stmt.where(tables.AuditEvent.actor == actor)
    if before_id is not None:
        stmt = stmt.where(tables.AuditEvent.id < before_id)
    return [AuditRecord(e.id, e.at, e.actor, e.role, e.action, e.target_kind, e.target_id, e.detail or {}, e.client)
            for e in session.scalars(stmt)]
