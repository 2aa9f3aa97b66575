"""Use cases that show one creator publicly: the profile, its findings, its score history, and
one assessment or finding by id.

The profile has the shape of :func:`tinnhiem.services.reports.creator_report` but loads only
the findings it shows. Public data only: a finding's review state is shown as a label
(``pending`` / ``confirmed`` / ``dismissed``), never the reviewer or their reasons; appeals and
complaints are not shown here.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from tinnhiem.model import CRITERIA, SEVERITIES
from tinnhiem.scoring import methodology
from tinnhiem.services import reports
from tinnhiem.services._evidence import with_context
from tinnhiem.services.review import latest_decisions
from tinnhiem.services.verify import certificate_state
from tinnhiem.store import tables

MAX_PER_PAGE = 200


def _influencer(session: Session, key: str) -> tables.Influencer:
    inf = session.scalars(select(tables.Influencer).filter_by(key=key)).one_or_none()
    if inf is None:
        raise LookupError(f"no creator {key!r}")
    return inf


def _review_needed(version: str) -> tuple[str, ...]:
    try:
        meth, _ = methodology.load(version)
    except (FileNotFoundError, KeyError, ValueError):
        return ()
    return tuple(SEVERITIES[SEVERITIES.index(meth.review_severity):])


def _review_state(f: dict, decisions: dict[str, str], needs: tuple[str, ...]) -> str | None:
    if f["id"] in decisions:
        return decisions[f["id"]]
    return "pending" if f["severity"] in needs else None


def _public_finding(f: dict, decisions: dict[str, str], needs: tuple[str, ...]) -> dict:
    return {**f, "fingerprint": f["id"], "title_vi": reports.detector_title(f["detector"]),
            "title_en": reports.detector_title(f["detector"], "en"), "review": _review_state(f, decisions, needs)}


def _latest_assessment(session: Session, inf: tables.Influencer) -> tables.Assessment:
    a = session.scalars(select(tables.Assessment).filter_by(influencer_id=inf.id)
                        .order_by(tables.Assessment.id.desc()).limit(1)).one_or_none()
    if a is None:
        raise LookupError(f"influencer {inf.key!r} has not been assessed yet: run `tinnhiem assess` first")
    return a


def _criteria(session: Session, a: tables.Assessment, per_deduction: int) -> list[dict[str, Any]]:
    """The criteria of :func:`reports.creator_report` with only the first ``per_deduction``
    findings of each deduction loaded (the others are only counted): a profile shows a few of
    the hundreds of findings an assessment can hold."""
    f = tables.FindingRecord
    subjects = dict(session.execute(select(f.fingerprint, f.subject_key).where(f.assessment_id == a.id)).all())
    rows, wanted = reports._criterion_rows(session, a.id), set()
    for c in rows:
        for d in c.deductions or []:
            ids = sorted((i for i in d.get("finding_ids", []) if i in subjects), key=lambda i: (subjects[i], i))
            wanted.update(ids[:per_deduction])
    loaded = {r.fingerprint: r for r in session.scalars(select(f).where(f.assessment_id == a.id,
                                                                       f.fingerprint.in_(sorted(wanted))))}
    out = []
    for c in rows:
        criterion = reports._criterion(c, loaded)
        for d, raw in zip(criterion["deductions"], sorted(c.deductions or [], key=lambda d: -d["points"])):
            d["findings_total"] = sum(1 for i in raw.get("finding_ids", []) if i in subjects)
        out.append(criterion)
    return out


def _report(session: Session, inf: tables.Influencer, per_deduction: int) -> dict[str, Any]:
    """:func:`reports.creator_report` for a profile (same keys; see :func:`_criteria`)."""
    a = _latest_assessment(session, inf)
    runs = session.scalars(select(tables.DetectorRunRecord).filter_by(assessment_id=a.id)
                           .order_by(tables.DetectorRunRecord.detector))
    total = session.scalar(select(func.count()).select_from(tables.FindingRecord)
                           .where(tables.FindingRecord.assessment_id == a.id)) or 0
    return {
        "influencer": {"key": inf.key, "name": inf.name, "province": inf.province, "niches": inf.niches or []},
        "accounts": [{"platform": acc.platform, "handle": acc.handle, "followers": acc.followers}
                     for acc in reports._accounts(session, inf.id)],
        "assessment": {
            "id": a.id, "created_at": a.created_at.isoformat(), "methodology_version": a.methodology_version,
            "methodology_digest": a.methodology_digest, "total": a.total, "tier": a.tier,
            "eligible": a.eligible, "gates": a.gates, **(a.summary or {}),
            "input_digest": a.input_digest, "detector_manifest": a.detector_manifest,
        },
        "criteria": _criteria(session, a, per_deduction),
        "runs": [{"detector": r.detector, "examined": r.examined, "not_available": r.not_available,
                  "errors": r.errors, "findings": r.findings} for r in runs],
        "findings_total": total,
    }


def creator_profile(factory: sessionmaker[Session], *, key: str, findings_per_deduction: int = 5,
                    now: datetime | None = None) -> dict[str, Any]:
    """The public profile: identity, accounts, the latest assessment's criteria with their
    deductions and (the first few) findings with evidence in context, history, certificate."""
    now = now or datetime.now(timezone.utc)
    with factory() as session:
        inf = _influencer(session, key)
        report = _report(session, inf, findings_per_deduction)
        decisions = latest_decisions(session, inf.id)
        needs = _review_needed(report["assessment"]["methodology_version"])
        shown: list[dict] = []
        for criterion in report["criteria"]:
            for d in criterion["deductions"]:
                d["findings"] = [_public_finding(f, decisions, needs) for f in d["findings"][:findings_per_deduction]]
                shown.extend(d["findings"])
        contexts = {f["id"]: f["evidence"] for f in with_context(session, shown)}
        for criterion in report["criteria"]:
            for d in criterion["deductions"]:
                for f in d["findings"]:
                    f["evidence"] = contexts.get(f["id"], f["evidence"])
        verified = _verified_accounts(session, inf.id)
        for acc in report["accounts"]:
            acc["ownership_verified"] = f"{acc['platform']}:{acc['handle']}" in verified
        report["history"] = _history(session, inf.id)
        report["certificate"] = _certificate(session, inf.id, now)
    return report


def _verified_accounts(session: Session, influencer_id: int) -> set[str]:
    stmt = (select(tables.Account.platform, tables.Account.handle)
            .join(tables.OwnershipChallenge, tables.OwnershipChallenge.account_id == tables.Account.id)
            .where(tables.Account.influencer_id == influencer_id, tables.OwnershipChallenge.verified_at.is_not(None)))
    return {f"{p}:{h}" for p, h in session.execute(stmt)}


def _history(session: Session, influencer_id: int) -> list[dict[str, Any]]:
    stmt = select(tables.Assessment).filter_by(influencer_id=influencer_id).order_by(tables.Assessment.id)
    out = []
    for a in session.scalars(stmt):
        scores = {c.criterion: c.score for c in session.scalars(
            select(tables.CriterionScore).filter_by(assessment_id=a.id))}
        out.append({"assessment_id": a.id, "created_at": a.created_at.isoformat(), "total": a.total,
                    "tier": a.tier, "eligible": a.eligible, "methodology_version": a.methodology_version,
                    "criteria": {c: scores.get(c) for c in CRITERIA}})
    return out


def _certificate(session: Session, influencer_id: int, now: datetime) -> dict[str, Any] | None:
    stmt = (select(tables.Certificate).where(tables.Certificate.influencer_id == influencer_id,
                                             tables.Certificate.status != "superseded")
            .order_by(tables.Certificate.issued_at.desc(), tables.Certificate.id.desc()).limit(1))
    cert = session.scalars(stmt).first()
    if cert is None:
        return None
    return {"serial": cert.serial, "status": certificate_state(cert, now), "tier": cert.tier,
            "issued_at": cert.issued_at.isoformat(), "valid_until": cert.valid_until.isoformat()}


def score_history(factory: sessionmaker[Session], *, key: str) -> list[dict[str, Any]]:
    """Every assessment of the creator, oldest first, with its total and criterion scores."""
    with factory() as session:
        return _history(session, _influencer(session, key).id)


def creator_findings(factory: sessionmaker[Session], *, key: str, detector: str | None = None,
                     severity: str | None = None, page: int = 1, per_page: int = 50) -> dict[str, Any]:
    """Findings of the creator's latest assessment, most severe first, one page at a time."""
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise ValueError(f"page ≥ 1 and 1 ≤ per_page ≤ {MAX_PER_PAGE}")
    with factory() as session:
        inf = _influencer(session, key)
        a = session.scalars(select(tables.Assessment).filter_by(influencer_id=inf.id)
                            .order_by(tables.Assessment.id.desc()).limit(1)).first()
        if a is None:
            raise LookupError(f"creator {key!r} has not been assessed")
        stmt = select(tables.FindingRecord).where(tables.FindingRecord.assessment_id == a.id)
        if detector:
            stmt = stmt.where(tables.FindingRecord.detector == detector)
        if severity:
            stmt = stmt.where(tables.FindingRecord.severity == severity)
        total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = sorted(session.scalars(stmt), key=lambda f: (-_rank(f.severity), f.detector, f.subject_key, f.fingerprint))
        rows = rows[(page - 1) * per_page: page * per_page]
        decisions, needs = latest_decisions(session, inf.id), _review_needed(a.methodology_version)
        items = with_context(session, [_public_finding(reports._finding(f), decisions, needs) for f in rows])
    return {"influencer": key, "assessment_id": a.id, "total": total, "page": page, "per_page": per_page,
            "items": items}


def _rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else -1


def finding_detail(factory: sessionmaker[Session], *, fingerprint: str) -> dict[str, Any]:
    """The newest stored occurrence of a finding (by its full fingerprint)."""
    with factory() as session:
        f = session.scalars(select(tables.FindingRecord).where(tables.FindingRecord.fingerprint == fingerprint)
                            .order_by(tables.FindingRecord.assessment_id.desc()).limit(1)).first()
        if f is None:
            raise LookupError(f"no finding {fingerprint!r}")
        inf = session.get(tables.Influencer, f.influencer_id)
        a = session.get(tables.Assessment, f.assessment_id)
        latest = session.scalar(select(func.max(tables.Assessment.id)).filter_by(influencer_id=inf.id))
        public = _public_finding(reports._finding(f), latest_decisions(session, inf.id),
                                 _review_needed(a.methodology_version))
        (item,) = with_context(session, [public])
    return {**item, "influencer": inf.key, "influencer_name": inf.name, "assessment_id": a.id,
            "in_latest_assessment": a.id == latest}


def assessment_detail(factory: sessionmaker[Session], *, assessment_id: int) -> dict[str, Any]:
    """One assessment: methodology, total, tier, gates and criterion scores with deductions."""
    with factory() as session:
        a = session.get(tables.Assessment, assessment_id)
        if a is None:
            raise LookupError(f"no assessment {assessment_id}")
        inf = session.get(tables.Influencer, a.influencer_id)
        findings = session.scalar(select(func.count()).select_from(tables.FindingRecord)
                                  .where(tables.FindingRecord.assessment_id == a.id)) or 0
        criteria = [{"criterion": c.criterion, "score": c.score, "max_points": c.max_points, "status": c.status,
                     "confidence": c.confidence,
                     "deductions": [{k: d.get(k) for k in ("points", "reason_vi", "reason_en", "detector")}
                                    | {"findings": len(d.get("finding_ids") or [])} for d in c.deductions or []]}
                    for c in reports._criterion_rows(session, a.id)]
        return {"id": a.id, "influencer": inf.key, "influencer_name": inf.name, "created_at": a.created_at.isoformat(),
                "methodology_version": a.methodology_version, "methodology_digest": a.methodology_digest,
                "total": a.total, "tier": a.tier, "eligible": a.eligible, "gates": a.gates or [],
                "summary": a.summary or {}, "criteria": criteria, "findings": findings,
                "detector_manifest": a.detector_manifest or {}}
