"""Apply a methodology to one creator's findings and coverage. Pure: no I/O, no database.

Every point lost is a ``Deduction`` that names its detector and the fingerprints of the
findings behind it; the part of a rate that comes only from the prior (too few posts to be
sure) is its own deduction, pointing at the coverage rather than at any finding.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Mapping, Sequence

from tinnhiem.model import SEVERITIES, DetectorRun, Finding, finding_fingerprint
from tinnhiem.scoring import rules
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
) -> ScoreCard:
    """``decisions`` maps finding fingerprints to a reviewer's "confirmed" or "dismissed":
    dismissed findings stop counting; serious findings nobody confirmed leave gates pending.
    ``subject_dates`` (subject → publication time) and ``as_of`` let a gate look only at recent
    content (``within_days``); subjects without a date always count."""
    decisions = decisions or {}
    findings = [f for f in findings if decisions.get(finding_fingerprint(f)) != "dismissed"]
    by_run = {r.detector: r for r in runs}
    criteria = tuple(_score_criterion(spec, findings, by_run) for spec in meth.criteria)
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


def _score_criterion(spec: CriterionSpec, findings: Sequence[Finding], by_run: dict[str, DetectorRun]) -> CriterionResult:
    coverage: dict[str, dict] = {}
    results = []
    inconclusive = False
    for comp in spec.components:
        ok, cov = _coverage(comp, by_run)
        coverage[comp.id] = cov
        if not ok:
            inconclusive = True
            continue
        results.append(_component(comp, findings, by_run))
    base = dict(criterion=spec.id, title_vi=spec.title_vi, title_en=spec.title_en, max_points=spec.points, coverage=coverage)
    if inconclusive:
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
    cov: dict = {}
    ok = True
    for need in comp.coverage:
        run = by_run.get(need.detector)
        examined = run.examined if run else 0
        cov[need.detector] = {"examined": examined, "required": need.min_examined,
                              "not_available": run.not_available if run else 0}
        if examined < need.min_examined or (run is not None and run.errors and examined == 0):
            ok = False
    return ok, cov


def _component(comp: Component, findings: Sequence[Finding], by_run: dict[str, DetectorRun]) -> rules.ComponentResult:
    relevant = [f for f in findings if f.detector in comp.detectors]
    if comp.primitive == "rate":
        return _rate(comp, relevant, findings, by_run)
    return _per_finding(comp, relevant)


def _population(comp: Component, findings: Sequence[Finding], by_run: dict[str, DetectorRun]) -> tuple[int, set[str] | None]:
    """Size of the population and, when it is defined by findings, its members."""
    pop = comp.population or ""
    if pop.startswith("findings:"):
        det = pop.split(":", 1)[1]
        members = {f.subject for f in findings if f.detector == det}
        return len(members), members
    examined = [by_run[d].examined for d in comp.detectors if d in by_run]
    return (max(examined) if examined else 0), None


def _rate(comp: Component, relevant: list[Finding], findings: Sequence[Finding], by_run) -> rules.ComponentResult:
    n, members = _population(comp, findings, by_run)
    weights = comp.severity_weights or {}
    per_subject: dict[str, list[Finding]] = defaultdict(list)
    for f in relevant:
        if members is None or f.subject in members:
            per_subject[f.subject].append(f)
    subject_weight = {s: max(weights.get(f.severity, 0.0) for f in fs) for s, fs in per_subject.items()}
    k = min(float(n), sum(subject_weight.values()))
    prior = comp.prior
    rate = rules.shrunk_rate(k, n, prior.mean, prior.strength)
    kept = rules.rate_to_points(rate, comp.points, comp.saturation)
    kept0 = rules.rate_to_points(rules.shrunk_rate(0, n, prior.mean, prior.strength), comp.points, comp.saturation)
    lo_rate, hi_rate = rules.beta_interval(k, n, prior.mean, prior.strength)
    deductions = list(_attribute(comp, per_subject, weights, kept0 - kept))
    if comp.points - kept0 > 1e-9:
        deductions.append(rules.Deduction(
            points=comp.points - kept0,
            reason_vi=f"{comp.title_vi}: mới có {n} mục để đánh giá, điểm được kéo về mức tham chiếu ({prior.mean:.0%}) cho đến khi có thêm dữ liệu",
            reason_en=f"{comp.title_en}: only {n} items to judge, so the rate is shrunk toward the reference ({prior.mean:.0%}) until more data arrives",
        ))
    stats = {
        "population": n, "weighted_hits": round(k, 4), "rate": round(rate, 4),
        "rate_interval": [round(lo_rate, 4), round(hi_rate, 4)],
        "points_low": rules.rate_to_points(hi_rate, comp.points, comp.saturation),
        "points_high": rules.rate_to_points(lo_rate, comp.points, comp.saturation),
    }
    return rules.ComponentResult(comp.id, comp.points, kept, tuple(deductions), stats)


def _attribute(comp: Component, per_subject: dict[str, list[Finding]], weights: dict[str, float], lost: float):
    """Share the points lost to findings among detectors, each with its findings' ids."""
    det_weight: dict[str, float] = defaultdict(float)
    det_ids: dict[str, list[str]] = defaultdict(list)
    for fs in per_subject.values():
        top = max(weights.get(f.severity, 0.0) for f in fs)
        hitters = sorted({f.detector for f in fs if weights.get(f.severity, 0.0) == top})
        for det in hitters:
            det_weight[det] += top / len(hitters)
        for f in fs:
            det_ids[f.detector].append(finding_fingerprint(f))
    for det, pts in rules.split_points(max(0.0, lost), dict(det_weight)).items():
        subjects = sum(1 for fs in per_subject.values() if any(f.detector == det for f in fs))
        yield rules.Deduction(
            points=pts,
            reason_vi=f"{comp.title_vi}: {subjects} mục có phát hiện «{det}»",
            reason_en=f"{comp.title_en}: {subjects} items with «{det}» findings",
            detector=det,
            finding_ids=tuple(sorted(det_ids[det])),
        )


def _per_finding(comp: Component, relevant: list[Finding]) -> rules.ComponentResult:
    table = comp.points_per_finding or {}
    raw: dict[str, float] = defaultdict(float)
    ids: dict[str, list[str]] = defaultdict(list)
    for f in relevant:
        raw[f.detector] += table.get(f.severity, 0.0)
        ids[f.detector].append(finding_fingerprint(f))
    total = sum(raw.values())
    lost = rules.capped_sum(list(raw.values()), comp.points)
    shares = rules.split_points(lost, dict(raw)) if total else {}
    deductions = tuple(
        rules.Deduction(
            points=pts,
            reason_vi=f"{comp.title_vi}: {len(ids[det])} phát hiện «{det}»",
            reason_en=f"{comp.title_en}: {len(ids[det])} «{det}» findings",
            detector=det, finding_ids=tuple(sorted(ids[det])),
        )
        for det, pts in shares.items()
    )
    return rules.ComponentResult(comp.id, comp.points, comp.points - lost, deductions, {"findings": len(relevant)})


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
