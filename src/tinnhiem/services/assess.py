"""Use case: assess creators — detectors → methodology → stored assessment.

``evaluate_creator`` is the one pure assessment function (view in, findings + score card
out) that every executor runs; ``assess_creators`` owns the database session: it loads
views, evaluates them and stores assessment, criterion scores, findings and detector runs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tinnhiem import engine
from tinnhiem.ledger import log
from tinnhiem.detectors import registry
from tinnhiem.model import CreatorView, DetectorRun, Finding, finding_fingerprint
from tinnhiem.scoring import methodology
from tinnhiem.scoring.score import ScoreCard, score_creator
from tinnhiem.services.lifecycle import apply_consequences
from tinnhiem.services.listing import refresh_listing
from tinnhiem.services.review import latest_decisions
from tinnhiem.services.views import list_influencer_keys, load_creator_view
from tinnhiem.store import tables


@dataclass(frozen=True)
class Evaluation:
    findings: tuple[Finding, ...]
    runs: tuple[DetectorRun, ...]
    card: ScoreCard
    manifest: dict[str, str]
    input_digest: str


@dataclass(frozen=True)
class AssessmentSummary:
    influencer_key: str
    assessment_id: int
    total: float
    tier: str
    eligible: bool
    findings: int


def evaluate_creator(
    view: CreatorView,
    methodology_version: str | None = None,
    decisions: Mapping[str, str] | None = None,
    as_of: datetime | None = None,
) -> Evaluation:
    """Pure: run every detector the registry has over one creator and score the result,
    honouring reviewers' decisions (fingerprint → confirmed | dismissed) as of a moment."""
    meth, digest = methodology.load(methodology_version)
    detectors = list(registry.all_detectors().values())
    result = engine.run(detectors, view)
    dates = {p.key: p.published_at for p in view.posts if p.published_at is not None}
    card = score_creator(meth, digest, result.findings, result.runs, decisions, subject_dates=dates, as_of=as_of,
                         audience=view.followers)
    return Evaluation(
        findings=tuple(result.findings),
        runs=tuple(result.runs),
        card=card,
        manifest=registry.manifest(),
        input_digest=view_digest(view),
    )


def view_digest(view: CreatorView) -> str:
    """Digest of exactly what the detectors saw, so an assessment can be reproduced: the
    SHA-256 of ``json.dumps(dataclasses.asdict(view), ensure_ascii=False, sort_keys=True,
    default=str)`` (``_plain`` builds the same structure without ``asdict``'s deep copies)."""
    raw = json.dumps(_plain(view), ensure_ascii=False, sort_keys=True, default=str)
    return "sha256:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _plain(obj):
    """``dataclasses.asdict(obj)`` as JSON sees it: dataclasses become dicts and tuples lists,
    recursively; other values are returned as they are (``asdict`` copies them, which changes
    nothing that ``json.dumps`` writes)."""
    kind = type(obj)
    if kind in (str, int, float, bool) or obj is None:
        return obj
    names = _FIELD_NAMES.get(kind)
    if names is None and dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(obj))
    if names is not None:
        return {name: _plain(getattr(obj, name)) for name in names}
    if isinstance(obj, (list, tuple)):
        return [_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {_plain(k): _plain(v) for k, v in obj.items()}
    return obj


def assess_creators(
    factory: sessionmaker[Session],
    *,
    keys: Sequence[str] | None = None,
    methodology_version: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    now: datetime | None = None,
) -> list[AssessmentSummary]:
    """Assess the given creators (default: all), one transaction per creator."""
    with factory() as session:
        todo = list(keys) if keys is not None else list_influencer_keys(session)
    created_at = now or datetime.now(timezone.utc)
    publish_methodology(factory, version=methodology_version, at=created_at)
    out: list[AssessmentSummary] = []
    for i, key in enumerate(todo, 1):
        with factory() as session, session.begin():
            view = load_creator_view(session, key)
            influencer_id = session.scalars(select(tables.Influencer.id).filter_by(key=key)).one()
            ev = evaluate_creator(view, methodology_version, latest_decisions(session, influencer_id), as_of=created_at)
            row = store_assessment(session, key, ev, created_at)
            out.append(AssessmentSummary(key, row.id, ev.card.total, ev.card.tier, ev.card.eligible, len(ev.findings)))
        if progress:
            progress(i, len(todo))
    apply_consequences(factory, at=created_at)  # e.g. suspend a certificate whose critical finding was confirmed
    return out


def publish_methodology(factory: sessionmaker[Session], *, version: str | None, at: datetime) -> bool:
    """Record in the transparency log, once, each methodology version (and digest) that scores
    anyone, so a certificate's methodology can be traced to a public, dated entry."""
    meth, digest = methodology.load(version)
    with factory() as session, session.begin():
        for body in session.scalars(select(tables.LogEntry.body).where(tables.LogEntry.kind == "methodology.published/v1")):
            if json.loads(body)["body"].get("digest") == digest:
                return False
        log.append_entry(session, kind="methodology.published/v1", at=at,
                         body={"version": meth.version, "digest": digest, "status": meth.status})
    return True


def store_assessment(session: Session, key: str, ev: Evaluation, created_at: datetime) -> tables.Assessment:
    influencer = session.scalars(select(tables.Influencer).filter_by(key=key)).one()
    card = ev.card
    row = tables.Assessment(
        influencer_id=influencer.id,
        created_at=created_at,
        methodology_version=card.methodology_version,
        methodology_digest=card.methodology_digest,
        detector_manifest=ev.manifest,
        total=card.total,
        tier=card.tier,
        eligible=card.eligible,
        gates=[dataclasses.asdict(g) for g in card.gates],
        summary={
            "total_low": card.total_low, "total_high": card.total_high, "complete": card.complete,
            "tier_label_vi": card.tier_label_vi, "tier_label_en": card.tier_label_en,
        },
        input_digest=ev.input_digest,
    )
    session.add(row)
    session.flush()
    for c in card.criteria:
        session.add(tables.CriterionScore(
            assessment_id=row.id, criterion=c.criterion, score=c.score, max_points=c.max_points,
            status=c.status, confidence=c.confidence, coverage=c.coverage,
            deductions=[d.as_dict() for d in c.deductions],
        ))
    _store_findings(session, row, influencer.id, ev.findings)
    for r in ev.runs:
        session.add(tables.DetectorRunRecord(
            assessment_id=row.id, detector=r.detector, version=r.version, scope=r.scope,
            examined=r.examined, not_available=r.not_available, errors=r.errors,
            findings=r.findings, error_messages=list(r.error_messages),
        ))
    refresh_listing(session, [influencer.id])
    return row


def _store_findings(session: Session, row: tables.Assessment, influencer_id: int, findings: Sequence[Finding]) -> None:
    seen: set[str] = set()
    for f in findings:
        fp = finding_fingerprint(f)
        if fp in seen:  # the same fact reported twice is one finding
            continue
        seen.add(fp)
        session.add(tables.FindingRecord(
            assessment_id=row.id, influencer_id=influencer_id, detector=f.detector, version=f.version,
            subject_kind=f.subject_kind, subject_key=f.subject, severity=f.severity,
            confidence=f.confidence, message=f.message, message_en=f.message_en,
            legal_source=f.legal_source, rule_confidence=f.rule_confidence, remediation=f.remediation,
            category=f.category, evidence=[dataclasses.asdict(e) for e in f.evidence],
            data=_jsonable(f.data), fingerprint=fp,
        ))


def _jsonable(data: dict) -> dict:
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))
