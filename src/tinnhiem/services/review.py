"""Use cases of human review: the queue of serious automated findings, and decisions on them.

A decision is a new record, never an edit of a finding; it takes effect by re-scoring the
creator (a new assessment), where dismissed findings stop counting and confirmed serious
findings fail the certification gate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tinnhiem.model import SEVERITIES
from tinnhiem.scoring import methodology
from tinnhiem.services.reports import latest_assessments
from tinnhiem.store import tables

DECISIONS = ("confirmed", "dismissed")


@dataclass(frozen=True)
class QueueItem:
    fingerprint: str
    influencer_key: str
    influencer_name: str
    detector: str
    severity: str
    subject: str
    message: str
    quote: str
    legal_source: str
    category: str | None = None  # the product category the finding applies to, if any
    category_data: dict = field(default_factory=dict)  # category_cues / category_declared, when known


def latest_decisions(session: Session, influencer_id: int) -> dict[str, str]:
    """fingerprint → the decision in force (the latest one)."""
    rows = session.execute(
        select(tables.ReviewDecision.fingerprint, tables.ReviewDecision.decision)
        .where(tables.ReviewDecision.influencer_id == influencer_id)
        .order_by(tables.ReviewDecision.decided_at, tables.ReviewDecision.id)
    )
    return {fp: decision for fp, decision in rows}


def review_queue(session: Session, *, methodology_version: str | None = None) -> list[QueueItem]:
    """Undecided findings at or above the methodology's review severity, most severe first."""
    meth, _ = methodology.load(methodology_version)
    needs = SEVERITIES[SEVERITIES.index(meth.review_severity):]
    items = []
    for a in latest_assessments(session):
        decided = latest_decisions(session, a.influencer_id)
        inf = session.get(tables.Influencer, a.influencer_id)
        stmt = select(tables.FindingRecord).where(
            tables.FindingRecord.assessment_id == a.id, tables.FindingRecord.severity.in_(needs))
        for f in session.scalars(stmt):
            if f.fingerprint in decided:
                continue
            quote = (f.evidence or [{}])[0].get("quote", "")
            data = f.data if isinstance(f.data, dict) else {}
            items.append(QueueItem(f.fingerprint, inf.key, inf.name, f.detector, f.severity, f.subject_key,
                                   f.message, quote, f.legal_source, f.category,
                                   {k: data[k] for k in ("category_cues", "category_declared") if k in data}))
    return sorted(items, key=lambda i: (-SEVERITIES.index(i.severity), i.influencer_key, i.subject, i.fingerprint))


def decide_finding(
    factory: sessionmaker[Session],
    *,
    fingerprint: str,
    decision: str,
    reason: str,
    reviewer: str,
    at: datetime | None = None,
):
    """Record a reviewer's decision on a finding of a latest assessment, then re-score its creator."""
    from tinnhiem.services.assess import assess_creators

    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    if not reason.strip() or not reviewer.strip():
        raise ValueError("a decision needs a reason and the reviewer's name")
    with factory() as session, session.begin():
        finding = _current_finding(session, fingerprint)
        key = session.get(tables.Influencer, finding.influencer_id).key
        session.add(tables.ReviewDecision(
            influencer_id=finding.influencer_id, fingerprint=finding.fingerprint, detector=finding.detector,
            decision=decision, reason=reason.strip(), reviewer=reviewer.strip(),
            decided_at=at or datetime.now(timezone.utc),
        ))
    (summary,) = assess_creators(factory, keys=[key], now=at)
    return summary


def _current_finding(session: Session, fingerprint: str) -> tables.FindingRecord:
    latest = [a.id for a in latest_assessments(session)]
    found = session.scalars(select(tables.FindingRecord).where(
        tables.FindingRecord.fingerprint.startswith(fingerprint),
        tables.FindingRecord.assessment_id.in_(latest))).all()
    if not found:
        raise LookupError(f"no finding {fingerprint!r} in the latest assessments")
    if len({f.fingerprint for f in found}) > 1:
        raise LookupError(f"finding id {fingerprint!r} is ambiguous: give more characters")
    return found[0]
