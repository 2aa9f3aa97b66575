"""Use cases of a certificate's life after issuance: suspend, revoke, reinstate, expire, and
the automatic consequences of a new assessment.

Every change is a transparency-log entry carrying who, when and why; the certificate row's
status is the fast answer, the log is the record anyone can audit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tinnhiem.ledger import log
from tinnhiem.scoring import methodology
from tinnhiem.services.listing import refresh_listing
from tinnhiem.store import tables

TRANSITIONS = {  # action: (allowed from, to, log kind)
    "suspend": ({"active"}, "suspended", "certificate.suspended/v1"),
    "revoke": ({"active", "suspended"}, "revoked", "certificate.revoked/v1"),
    "reinstate": ({"suspended"}, "active", "certificate.reinstated/v1"),
    # a revocation is undone only by a successful appeal (services.appeals)
    "reinstate_after_appeal": ({"suspended", "revoked"}, "active", "certificate.reinstated/v1"),
}
SYSTEM_ACTOR = "system"


@dataclass(frozen=True)
class StatusChange:
    serial: str
    status: str
    reason: str
    actor: str


def change_status(session: Session, *, serial: str, action: str, reason: str, actor: str, at: datetime) -> StatusChange:
    """Apply one transition inside the caller's transaction."""
    if action not in TRANSITIONS:
        raise ValueError(f"unknown action {action!r}")
    if not reason.strip() or not actor.strip():
        raise ValueError("a certificate decision needs a reason and who made it")
    allowed, target, kind = TRANSITIONS[action]
    cert = session.scalars(select(tables.Certificate).filter_by(serial=serial)).one_or_none()
    if cert is None:
        raise LookupError(f"no certificate with serial {serial!r}")
    if cert.status not in allowed:
        raise ValueError(f"cannot {action} certificate {serial}: it is {cert.status}")
    log.append_entry(session, kind=kind, at=at, body={"serial": serial, "reason": reason.strip(), "actor": actor.strip()})
    cert.status = target
    refresh_listing(session, [cert.influencer_id])
    return StatusChange(serial, target, reason.strip(), actor.strip())


def decide(factory: sessionmaker[Session], *, serial: str, action: str, reason: str, actor: str,
           at: datetime | None = None) -> StatusChange:
    with factory() as session, session.begin():
        return change_status(session, serial=serial, action=action, reason=reason, actor=actor,
                             at=at or datetime.now(timezone.utc))


def last_actor(session: Session, serial: str) -> str | None:
    """Who made the latest status decision on a certificate (from the log)."""
    kinds = [k for _, _, k in TRANSITIONS.values()]
    actor = None
    for body in session.scalars(select(tables.LogEntry.body).where(tables.LogEntry.kind.in_(kinds))
                                .order_by(tables.LogEntry.seq)):
        entry = json.loads(body)["body"]
        if entry.get("serial") == serial:
            actor = entry.get("actor")
    return actor


def _suspending_failures(a: tables.Assessment) -> list[str]:
    """Labels of the gates the assessment fails for good whose methodology says they suspend."""
    meth, _ = methodology.load(a.methodology_version)
    suspending = {g.id: g for g in meth.gates if g.suspends}
    return [f"{suspending[g['id']].label_vi} / {suspending[g['id']].label_en}"
            for g in a.gates if g["id"] in suspending and not g["passed"] and not g.get("pending")]


def apply_consequences(factory: sessionmaker[Session], *, at: datetime | None = None) -> list[StatusChange]:
    """Suspend active certificates whose creator's latest assessment fails a suspending gate
    for good (a confirmed critical finding, a score below the threshold); expire old ones.
    Findings still pending review never suspend anything."""
    from tinnhiem.services.reports import latest_assessments

    at = at or datetime.now(timezone.utc)
    changes = []
    with factory() as session, session.begin():
        latest = {a.influencer_id: a for a in latest_assessments(session)}
        active = session.scalars(select(tables.Certificate).where(tables.Certificate.status == "active")
                                 .order_by(tables.Certificate.serial))
        for cert in active:
            if cert.valid_until <= at:
                cert.status = "expired"
                refresh_listing(session, [cert.influencer_id])
                continue
            a = latest.get(cert.influencer_id)
            reasons = _suspending_failures(a) if a is not None else []
            if reasons:
                changes.append(change_status(session, serial=cert.serial, action="suspend", at=at,
                                             reason="; ".join(reasons), actor=SYSTEM_ACTOR))
    return changes
