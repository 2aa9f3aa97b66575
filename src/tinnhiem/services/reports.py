"""Use cases that read assessments: the ranked table and one creator's full report.

Both return plain data (dataclasses / dicts) for adapters to render; no formatting here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tinnhiem.detectors import registry
from tinnhiem.model import CRITERIA
from tinnhiem.store import tables


@dataclass(frozen=True)
class RankRow:
    key: str
    name: str
    platforms: tuple[str, ...]
    followers: int
    total: float
    tier: str
    eligible: bool
    criteria: dict[str, float | None]
    top_reasons: tuple[str, ...] = field(default=())  # detector ids, biggest deduction first


def detector_title(detector_id: str | None, lang: str = "vi") -> str:
    if not detector_id:
        return "Ít dữ liệu" if lang == "vi" else "Little data"
    try:
        det = registry.get(detector_id)
    except KeyError:
        return detector_id
    return det.title_vi if lang == "vi" else det.title_en


def latest_assessments(session: Session) -> list[tables.Assessment]:
    newest = (
        select(tables.Assessment.influencer_id, func.max(tables.Assessment.id).label("id"))
        .group_by(tables.Assessment.influencer_id)
        .subquery()
    )
    stmt = select(tables.Assessment).join(newest, tables.Assessment.id == newest.c.id)
    return list(session.scalars(stmt))


def ranking(session: Session) -> list[RankRow]:
    """Latest assessment of every creator, best first (ties broken by key)."""
    rows = []
    for a in latest_assessments(session):
        inf = session.get(tables.Influencer, a.influencer_id)
        scores = {c.criterion: c for c in _criterion_rows(session, a.id)}
        reasons = sorted(
            (d for c in scores.values() for d in (c.deductions or []) if d.get("detector")),
            key=lambda d: (-d["points"], d["detector"]),
        )
        rows.append(RankRow(
            key=inf.key, name=inf.name,
            platforms=tuple(sorted({acc.platform for acc in _accounts(session, inf.id)})),
            followers=_followers(session, inf.id),
            total=a.total, tier=a.tier, eligible=a.eligible,
            criteria={cid: (scores[cid].score if cid in scores else None) for cid in CRITERIA},
            top_reasons=tuple(_unique(d["detector"] for d in reasons))[:2],
        ))
    return sorted(rows, key=lambda r: (-r.total, r.key))


def creator_report(session: Session, key: str) -> dict:
    """Everything a report shows about one creator's latest assessment."""
    inf = session.scalars(select(tables.Influencer).filter_by(key=key)).one_or_none()
    if inf is None:
        raise LookupError(f"no influencer with id {key!r}")
    a = session.scalars(
        select(tables.Assessment).filter_by(influencer_id=inf.id).order_by(tables.Assessment.id.desc()).limit(1)
    ).one_or_none()
    if a is None:
        raise LookupError(f"influencer {key!r} has not been assessed yet: run `tinnhiem assess` first")
    findings = {f.fingerprint: f for f in session.scalars(select(tables.FindingRecord).filter_by(assessment_id=a.id))}
    return {
        "influencer": {"key": inf.key, "name": inf.name, "province": inf.province, "niches": inf.niches or []},
        "accounts": [{"platform": acc.platform, "handle": acc.handle, "followers": acc.followers}
                     for acc in _accounts(session, inf.id)],
        "assessment": {
            "id": a.id, "created_at": a.created_at.isoformat(), "methodology_version": a.methodology_version,
            "methodology_digest": a.methodology_digest, "total": a.total, "tier": a.tier,
            "eligible": a.eligible, "gates": a.gates, **(a.summary or {}),
            "input_digest": a.input_digest, "detector_manifest": a.detector_manifest,
        },
        "criteria": [_criterion(c, findings) for c in _criterion_rows(session, a.id)],
        "runs": [{"detector": r.detector, "examined": r.examined, "not_available": r.not_available,
                  "errors": r.errors, "findings": r.findings}
                 for r in session.scalars(select(tables.DetectorRunRecord).filter_by(assessment_id=a.id)
                                          .order_by(tables.DetectorRunRecord.detector))],
        "findings_total": len(findings),
    }


def _criterion(c: tables.CriterionScore, findings: dict[str, tables.FindingRecord]) -> dict:
    deductions = []
    for d in sorted(c.deductions or [], key=lambda d: -d["points"]):
        items = [findings[i] for i in d.get("finding_ids", []) if i in findings]
        deductions.append({
            **d,
            "title_vi": detector_title(d.get("detector")),
            "title_en": detector_title(d.get("detector"), "en"),
            "findings": [_finding(f) for f in sorted(items, key=lambda f: (f.subject_key, f.fingerprint))],
        })
    order = {cid: i for i, cid in enumerate(CRITERIA)}
    return {
        "criterion": c.criterion, "order": order.get(c.criterion, 99), "score": c.score,
        "max_points": c.max_points, "status": c.status, "confidence": c.confidence,
        "coverage": c.coverage, "deductions": deductions,
    }


def _finding(f: tables.FindingRecord) -> dict:
    return {
        "id": f.fingerprint, "detector": f.detector, "subject": f.subject_key, "subject_kind": f.subject_kind,
        "severity": f.severity, "message": f.message, "message_en": f.message_en,
        "legal_source": f.legal_source, "rule_confidence": f.rule_confidence,
        "remediation": f.remediation, "category": f.category, "evidence": f.evidence or [],
    }


def _criterion_rows(session: Session, assessment_id: int) -> list[tables.CriterionScore]:
    rows = session.scalars(select(tables.CriterionScore).filter_by(assessment_id=assessment_id))
    order = {cid: i for i, cid in enumerate(CRITERIA)}
    return sorted(rows, key=lambda c: (order.get(c.criterion, 99), c.criterion))


def _accounts(session: Session, influencer_id: int) -> list[tables.Account]:
    stmt = select(tables.Account).filter_by(influencer_id=influencer_id).order_by(tables.Account.platform, tables.Account.platform_id)
    return list(session.scalars(stmt))


def _followers(session: Session, influencer_id: int) -> int:
    return sum(acc.followers or 0 for acc in _accounts(session, influencer_id))


def _unique(items):
    seen = set()
    for x in items:
        if x not in seen:
            seen.add(x)
            yield x
