"""Apply a methodology to one creator's findings and coverage. Pure: no I/O, no database.

Every point lost is a ``Deduction`` that names its detector and the fingerprints of the
findings behind it; the part of a rate that comes only from the prior (too few posts to be
sure) is its own deduction, pointing at the coverage rather than at any finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Mapping, Sequence

from tinnhiem.model import SEVERITIES, DetectorRun, Finding, finding_fingerprint
from tinnhiem.scoring import rules
from tinnhiem.scoring.components import Context, judged, score_component
from tinnhiem.scoring.methodology import Component, CriterionSpec, Methodology


@dataclass(frozen=True)
class CriterionResult:
    criterion: str
    title_vi: str
    title_en: str
    max_points: float
    score: float | None  # None when inconclusive
    status: str  # scored | inconclusive
    deductions: tuple[rules.Deduction, ...] = ()
    coverage: dict = field(default_factory=dict)
    confidence: dict | None = None  # {"low", "high", "level"} points interval


@dataclass(frozen=True)
class GateResult:
    id: str
    passed: bool
    label_vi: str
    label_en: str
    detail: str = ""
    pending: bool = False  # not passed only because automated findings await human review


@dataclass(frozen=True)
class ScoreCard:
    methodology_version: str
    methodology_digest: str
    criteria: tuple[CriterionResult, ...]
    total: float
    total_low: float
    total_high: float
    tier: str
    tier_label_vi: str
    tier_label_en: str
    complete: bool
    eligible: bool
    gates: tuple[GateResult, ...]


def score_creator(
    meth: Methodology,
    digest: str,
    findings: Sequence[Finding],
    runs: Sequence[DetectorRun],
    decisions: Mapping[str, str] | None = None,
    subject_dates: Mapping[str, datetime] | None = None,
    as_of: datetime | None = None,
    audience: int | None = None,
) -> ScoreCard:
    """``decisions``: fingerprint → "confirmed" | "dismissed" (dismissed findings stop counting;
    serious ones nobody confirmed leave gates pending). ``subject_dates`` and ``as_of`` let a gate
    look only at recent content (undated subjects always count). ``audience`` (followers) is the
    exposure of ``per_audience`` components; unknown counts as none (the prior decides)."""
    decisions = decisions or {}
    findings = [f for f in findings if decisions.get(finding_fingerprint(f)) != "dismissed"]
    ctx = Context(findings=findings, by_run={r.detector: r for r in runs}, audience=audience)
    criteria = tuple(_score_criterion(spec, ctx) for spec in meth.criteria)
    conclusive = [c for c in criteria if c.status == "scored"]
    complete = len(conclusive) == len(criteria)
    max_conclusive = sum(c.max_points for c in conclusive)
    scale = meth.total_points / max_conclusive if max_conclusive else 0.0
    total = round(sum(c.score or 0.0 for c in conclusive) * scale, 2)
    low = round(sum(c.confidence["low"] for c in conclusive) * scale, 2) if conclusive else 0.0
    high = round(sum(c.confidence["high"] for c in conclusive) * scale, 2) if conclusive else 0.0
    tier = _tier(meth, total, criteria) if complete else meth.insufficient_tier
    window = _Window(subject_dates or {}, as_of)
    gates = tuple(_gate(g, meth, criteria, total, complete, findings, decisions, window) for g in meth.gates)
    return ScoreCard(
        methodology_version=meth.version,
        methodology_digest=digest,
        criteria=criteria,
        total=total,
        total_low=low,
        total_high=high,
        tier=tier.id,
        tier_label_vi=tier.label_vi,
        tier_label_en=tier.label_en,
        complete=complete,
        eligible=all(g.passed for g in gates),
        gates=gates,
    )


def _tier(meth: Methodology, total: float, criteria: Sequence[CriterionResult]):
    """The highest tier whose total threshold is reached and whose per-criterion share every
    criterion keeps; a creator excelling at three criteria and failing one does not get it."""
    weakest = min((c.score or 0.0) / c.max_points for c in criteria)
    eligible = [(t.min_total, t.id) for t in meth.tiers if weakest >= t.min_criterion_share - 1e-9]
    chosen = rules.band(total, eligible)
    return next(t for t in meth.tiers if t.id == chosen)


def _score_criterion(spec: CriterionSpec, ctx: Context) -> CriterionResult:
    coverage: dict[str, dict] = {}
    results = []
    inconclusive = False
    for comp in spec.components:
        ok, cov = _coverage(comp, ctx.by_run)
        coverage[comp.id] = cov
        if not ok:
            inconclusive = True
            continue
        results.append(score_component(comp, ctx))
    base = dict(criterion=spec.id, title_vi=spec.title_vi, title_en=spec.title_en, max_points=spec.points, coverage=coverage)
    undecided = [r for r in results if not r.conclusive]
    for r in undecided:  # say why: too few genuine items, too wide an interval
        coverage[r.component].update(r.stats)
    if inconclusive or undecided:
        return CriterionResult(score=None, status="inconclusive", **base)
    deductions = tuple(d for r in results for d in r.deductions if d.points > 1e-9)
    score = round(sum(r.points for r in results), 4)
    low = round(sum(r.stats.get("points_low", r.points) for r in results), 4)
    high = round(sum(r.stats.get("points_high", r.points) for r in results), 4)
    for r in results:
        coverage[r.component].update({k: v for k, v in r.stats.items() if not k.startswith("points_")})
    return CriterionResult(
        score=score, status="scored", deductions=deductions,
        confidence={"low": low, "high": high, "level": 0.9}, **base,
    )


def _coverage(comp: Component, by_run: dict[str, DetectorRun]) -> tuple[bool, dict]:
    """Enough items judged for every coverage need? An item a detector failed on (an error)
    was not judged: a detector that fails everywhere leaves its criterion inconclusive."""
    cov: dict = {}
    ok = True
    for need in comp.coverage:
        run = by_run.get(need.detector)
        examined = run.examined if run else 0
        cov[need.detector] = {"examined": examined, "required": need.min_examined,
                              "not_available": run.not_available if run else 0}
        if run is not None and run.errors:
            cov[need.detector]["errors"] = run.errors
        if judged(run) < need.min_examined or (run is not None and run.errors and examined == 0):
            ok = False
    return ok, cov


@dataclass(frozen=True)
class _Window:
    dates: Mapping[str, datetime]
    as_of: datetime | None

    def recent(self, f: Finding, days: int | None) -> bool:
        when = self.dates.get(f.subject)
        if days is None or self.as_of is None or when is None:
            return True
        return when >= self.as_of - timedelta(days=days)


def _gate(g, meth: Methodology, criteria, total: float, complete: bool, findings: Sequence[Finding],
          decisions: Mapping[str, str], window: _Window) -> GateResult:
    base = dict(id=g.id, label_vi=g.label_vi, label_en=g.label_en)
    if g.kind == "all_conclusive":
        missing = [c.criterion for c in criteria if c.status != "scored"]
        return GateResult(passed=not missing, detail=", ".join(missing), **base)
    if g.kind == "min_total":
        return GateResult(passed=complete and total >= (g.value or 0), detail=f"{total:.1f}", **base)
    if g.kind == "criterion_floor":
        low = [c.criterion for c in criteria if c.score is None or c.score < (g.value or 0) * c.max_points]
        return GateResult(passed=not low, detail=", ".join(low), **base)
    severities = set(g.severities) & set(SEVERITIES)
    hits = [f for f in findings if f.severity in severities and window.recent(f, g.within_days)]
    # confirmed by a reviewer, or below the severity that needs review: the gate fails
    final = sorted({f.detector for f in hits
                    if decisions.get(finding_fingerprint(f)) == "confirmed" or not _needs_review(meth, f)})
    if final:
        return GateResult(passed=False, detail=", ".join(final), **base)
    unreviewed = sorted({f.detector for f in hits if _needs_review(meth, f)})
    return GateResult(passed=not unreviewed, pending=bool(unreviewed), detail=", ".join(unreviewed), **base)


def _needs_review(meth: Methodology, f: Finding) -> bool:
    return SEVERITIES.index(f.severity) >= SEVERITIES.index(meth.review_severity)
