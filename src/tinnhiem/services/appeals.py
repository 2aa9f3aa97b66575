"""Use cases of appeals: a creator contests a finding, an assessment or a certificate decision;
a reviewer other than the one who decided rules on it; upheld appeals take effect at once
(dismissal and re-scoring, a fresh assessment, or reinstatement) and every ruling is logged.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tinnhiem.ledger import log
from tinnhiem.services import lifecycle
from tinnhiem.store import tables

TARGETS = ("finding", "assessment", "certificate")
OUTCOMES = ("upheld", "rejected")


def file_appeal(factory: sessionmaker[Session], *, influencer_key: str, target_kind: str, target_id: str,
                statement: str, filed_by: str, evidence: list[str] | None = None, at: datetime | None = None) -> int:
    if target_kind not in TARGETS:
        raise ValueError(f"an appeal targets one of {', '.join(TARGETS)}, not {target_kind!r}")
    if not statement.strip():
        raise ValueError("an appeal needs a statement")
    with factory() as session, session.begin():
        inf = session.scalars(select(tables.Influencer).filter_by(key=influencer_key)).one_or_none()
        if inf is None:
            raise LookupError(f"no influencer {influencer_key!r}")
        target_id = _resolve_target(session, inf.id, target_kind, target_id)
        row = tables.Appeal(influencer_id=inf.id, target_kind=target_kind, target_id=target_id,
                            statement=statement.strip(), evidence=list(evidence or []), filed_by=filed_by,
                            filed_at=at or datetime.now(timezone.utc), status="open")
        session.add(row)
        session.flush()
        return row.id


def decide_appeal(factory: sessionmaker[Session], *, appeal_id: int, outcome: str, reason: str, reviewer: str,
                  at: datetime | None = None) -> tables.Appeal:
    from tinnhiem.services.assess import assess_creators

    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}")
    if not reason.strip() or not reviewer.strip():
        raise ValueError("a ruling needs a reason and the reviewer's name")
    at = at or datetime.now(timezone.utc)
    with factory() as session, session.begin():
        appeal = session.get(tables.Appeal, appeal_id)
        if appeal is None:
            raise LookupError(f"no appeal #{appeal_id}")
        if appeal.status != "open":
            raise ValueError(f"appeal #{appeal_id} was already decided ({appeal.status})")
        original = _original_decider(session, appeal)
        if original is not None and original == reviewer.strip():
            raise PermissionError(f"{reviewer} made the decision under appeal; another reviewer must rule")
        appeal.status, appeal.decided_by, appeal.decided_at, appeal.decision_reason = outcome, reviewer.strip(), at, reason.strip()
        key = session.get(tables.Influencer, appeal.influencer_id).key
        if outcome == "upheld":
            _give_effect(session, appeal, reviewer.strip(), reason.strip(), at)
        log.append_entry(session, kind="appeal.decided/v1", at=at, body={
            "appeal": appeal.id, "influencer": key, "target_kind": appeal.target_kind,
            "target_id": appeal.target_id, "outcome": outcome, "reviewer": reviewer.strip(), "reason": reason.strip(),
        })
    if outcome == "upheld" and appeal.target_kind in ("finding", "assessment"):
        assess_creators(factory, keys=[key], now=at)
    return appeal


def _resolve_target(session: Session, influencer_id: int, kind: str, target_id: str) -> str:
    if kind == "finding":
        found = session.scalars(select(tables.FindingRecord.fingerprint).where(
            tables.FindingRecord.influencer_id == influencer_id,
            tables.FindingRecord.fingerprint.startswith(target_id))).all()
        if len(set(found)) != 1:
            raise LookupError(f"no single finding {target_id!r} of this creator")
        return found[0]
    if kind == "assessment":
        a = session.get(tables.Assessment, int(target_id)) if target_id.isdigit() else None
        if a is None or a.influencer_id != influencer_id:
            raise LookupError(f"no assessment {target_id!r} of this creator")
        return str(a.id)
    cert = session.scalars(select(tables.Certificate).filter_by(serial=target_id)).one_or_none()
    if cert is None or cert.influencer_id != influencer_id:
        raise LookupError(f"no certificate {target_id!r} of this creator")
    return cert.serial


def _original_decider(session: Session, appeal: tables.Appeal) -> str | None:
    if appeal.target_kind == "finding":
        return session.scalars(select(tables.ReviewDecision.reviewer).filter_by(fingerprint=appeal.target_id)
                               .order_by(tables.ReviewDecision.decided_at.desc(), tables.ReviewDecision.id.desc())).first()
    if appeal.target_kind == "certificate":
        return lifecycle.last_actor(session, appeal.target_id)
    return None  # an assessment is the methodology's, not a person's


def _give_effect(session: Session, appeal: tables.Appeal, reviewer: str, reason: str, at: datetime) -> None:
    if appeal.target_kind == "finding":
        detector = session.scalars(select(tables.FindingRecord.detector)
                                   .filter_by(fingerprint=appeal.target_id)).first()
        session.add(tables.ReviewDecision(
            influencer_id=appeal.influencer_id, fingerprint=appeal.target_id, detector=detector or "",
            decision="dismissed", reason=f"Kháng nghị #{appeal.id} được chấp nhận: {reason}", reviewer=reviewer,
            decided_at=at))
    elif appeal.target_kind == "certificate":
        cert = session.scalars(select(tables.Certificate).filter_by(serial=appeal.target_id)).one()
        if cert.status in ("suspended", "revoked"):
            lifecycle.change_status(session, serial=cert.serial, action="reinstate_after_appeal", at=at, actor=reviewer,
                                    reason=f"Kháng nghị #{appeal.id} được chấp nhận: {reason}")
