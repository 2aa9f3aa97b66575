"""Score one methodology component from findings and coverage. Pure: no I/O.

One function per primitive (``rate``, ``per_finding``, ``per_audience``, ``estimate``), each
returning a ``rules.ComponentResult`` whose deductions name their detector and the
fingerprints of the findings behind them. A component can also come out *inconclusive*
(too few genuine comments, an estimate whose interval is too wide): it then keeps no points
and makes its criterion inconclusive, never "clean".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tinnhiem.model import DetectorRun, Finding, finding_fingerprint
from tinnhiem.scoring import rules
from tinnhiem.scoring.methodology import Component


@dataclass(frozen=True)
class Context:
    """What every component may look at: the creator's findings (dismissed ones already
    removed), coverage per detector, and the audience size (followers) when known."""

    findings: Sequence[Finding]
    by_run: Mapping[str, DetectorRun]
    audience: int | None = None


def score_component(comp: Component, ctx: Context) -> rules.ComponentResult:
    relevant = [f for f in ctx.findings if f.detector in comp.detectors]
    if comp.primitive == "rate":
        return _rate(comp, relevant, ctx)
    if comp.primitive == "per_audience":
        return _per_audience(comp, relevant, ctx)
    if comp.primitive == "estimate":
        return _estimate(comp, relevant, ctx)
    return _per_finding(comp, relevant)


def judged(run: DetectorRun | None) -> int:
    """Items a detector really judged: examined minus those it failed on."""
    return 0 if run is None else max(0, run.examined - run.errors)


def inconclusive(comp: Component, reason_vi: str, reason_en: str, **stats) -> rules.ComponentResult:
    return rules.ComponentResult(comp.id, comp.points, 0.0, (), {"inconclusive_vi": reason_vi,
                                                                 "inconclusive_en": reason_en, **stats},
                                 conclusive=False)


def weight_of(comp: Component, f: Finding, table: Mapping[str, float]) -> float:
    """Severity weight of a finding times its detector's weight in this component."""
    return table.get(f.severity, 0.0) * (comp.detector_weights or {}).get(f.detector, 1.0)


# --------------------------------------------------------------------------- rate


def _population(comp: Component, ctx: Context) -> tuple[int, set[str] | None, set[str]]:
    """(size, members when defined by findings, excluded subjects)."""
    pop = comp.population or ""
    if pop.startswith("findings:"):
        det = pop.split(":", 1)[1]
        members = {f.subject for f in ctx.findings if f.detector == det}
        return len(members), members, set()
    examined = [judged(ctx.by_run[d]) for d in comp.detectors if d in ctx.by_run]
    excluded = _excluded(comp, ctx.findings)
    n = max(examined) if examined else 0
    return max(0, n - len(excluded)), None, excluded


def _excluded(comp: Component, findings: Sequence[Finding]) -> set[str]:
    """Comments an ``exclude`` detector flags: the subject of a comment-level finding, and the
    comment keys a creator-level finding lists in ``data["comments"]`` (e.g. a pod's comments)."""
    out: set[str] = set()
    for f in findings:
        if f.detector in comp.exclude:
            if f.subject_kind == "comment":
                out.add(f.subject)
            out.update(str(k) for k in f.data.get("comments") or ())
    return out


def _rate(comp: Component, relevant: list[Finding], ctx: Context) -> rules.ComponentResult:
    n, members, excluded = _population(comp, ctx)
    extra = {"excluded": len(excluded)} if comp.exclude else {}
    if n < comp.min_population:
        return inconclusive(
            comp, f"{comp.title_vi}: chỉ có {n} mục hợp lệ (cần {comp.min_population})",
            f"{comp.title_en}: only {n} valid items (needs {comp.min_population})", population=n, **extra)
    weights = comp.severity_weights or {}
    per_subject: dict[str, list[Finding]] = defaultdict(list)
    for f in relevant:
        if (members is None or f.subject in members) and f.subject not in excluded:
            per_subject[f.subject].append(f)
    k = min(float(n), sum(max(weight_of(comp, f, weights) for f in fs) for fs in per_subject.values()))
    prior = comp.prior

    def points(rate: float) -> float:
        return rules.rate_to_points(rate, comp.points, comp.saturation, comp.tolerance)

    rate = rules.shrunk_rate(k, n, prior.mean, prior.strength)
    kept, kept0 = points(rate), points(rules.shrunk_rate(0, n, prior.mean, prior.strength))
    lo_rate, hi_rate = rules.beta_interval(k, n, prior.mean, prior.strength)
    deductions = list(_attribute(comp, per_subject, weights, kept0 - kept))
    deductions += _little_data(comp, kept0, n)
    stats = {
        "population": n, **extra, "weighted_hits": round(k, 4), "rate": round(rate, 4),
        "rate_interval": [round(lo_rate, 4), round(hi_rate, 4)],
        "points_low": points(hi_rate), "points_high": points(lo_rate),
    }
    return rules.ComponentResult(comp.id, comp.points, kept, tuple(deductions), stats)


def _little_data(comp: Component, kept0: float, n: float, unit: str = "mục", unit_en: str = "items"):
    """The part of the points lost only because the estimate is still near its prior."""
    if comp.points - kept0 <= 1e-9:
        return []
    mean = comp.prior.mean
    return [rules.Deduction(
        points=comp.points - kept0,
        reason_vi=f"{comp.title_vi}: mới có {n:g} {unit} để đánh giá, điểm được kéo về mức tham chiếu ({mean:.0%}) cho đến khi có thêm dữ liệu",
        reason_en=f"{comp.title_en}: only {n:g} {unit_en} to judge, so the rate is shrunk toward the reference ({mean:.0%}) until more data arrives",
    )]


def _attribute(comp: Component, per_subject: dict[str, list[Finding]], weights: dict[str, float], lost: float):
    """Share the points lost to findings among detectors, each with its findings' ids."""
    det_weight: dict[str, float] = defaultdict(float)
    det_ids: dict[str, list[str]] = defaultdict(list)
    for fs in per_subject.values():
        top = max(weight_of(comp, f, weights) for f in fs)
        hitters = sorted({f.detector for f in fs if weight_of(comp, f, weights) == top})
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


# --------------------------------------------------------------------------- per_finding


def _per_finding(comp: Component, relevant: list[Finding]) -> rules.ComponentResult:
    table = comp.points_per_finding or {}
    raw: dict[str, float] = defaultdict(float)
    ids: dict[str, list[str]] = defaultdict(list)
    for f in relevant:
        raw[f.detector] += weight_of(comp, f, table) * (f.confidence if comp.weigh_by_confidence else 1.0)
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


# --------------------------------------------------------------------------- per_audience


def _per_audience(comp: Component, relevant: list[Finding], ctx: Context) -> rules.ComponentResult:
    """Weighted events (e.g. substantiated complaints) per ``audience_unit`` followers, as a
    Gamma–Poisson posterior rate: reach is the exposure, the prior a floor on it."""
    weights = comp.severity_weights or {}
    unit = comp.audience_unit or 1
    exposure = max(0, ctx.audience or 0) / unit
    k = sum(weight_of(comp, f, weights) for f in relevant)
    prior = comp.prior

    def points(rate: float) -> float:
        return rules.rate_to_points(rate, comp.points, comp.saturation, comp.tolerance)

    rate = rules.shrunk_count_rate(k, exposure, prior.mean, prior.strength)
    kept, kept0 = points(rate), points(rules.shrunk_count_rate(0, exposure, prior.mean, prior.strength))
    lo, hi = rules.gamma_interval(k, exposure, prior.mean, prior.strength)
    deductions = list(_audience_deductions(comp, relevant, kept0 - kept, rate, ctx.audience or 0))
    deductions += _little_data(comp, kept0, round(exposure, 3), f"× {unit:,} người theo dõi", f"× {unit:,} followers")
    stats = {"audience": ctx.audience or 0, "events": round(k, 4), "rate_per_unit": round(rate, 4),
             "unit": unit, "rate_interval": [round(lo, 4), round(hi, 4)],
             "points_low": points(hi), "points_high": points(lo)}
    return rules.ComponentResult(comp.id, comp.points, kept, tuple(deductions), stats)


def _audience_deductions(comp: Component, relevant: list[Finding], lost: float, rate: float, audience: int):
    weights = comp.severity_weights or {}
    unit = comp.audience_unit or 1
    by_det: dict[str, list[Finding]] = defaultdict(list)
    for f in relevant:
        by_det[f.detector].append(f)
    shares = rules.split_points(max(0.0, lost), {d: sum(weight_of(comp, f, weights) for f in fs)
                                                 for d, fs in by_det.items()})
    for det, pts in shares.items():
        if pts <= 1e-9:
            continue
        fs = by_det[det]
        yield rules.Deduction(
            points=pts,
            reason_vi=f"{comp.title_vi}: {len(fs)} phát hiện «{det}» với {audience:,} người theo dõi "
                      f"(≈ {rate:.2f} trên {unit:,} người theo dõi)",
            reason_en=f"{comp.title_en}: {len(fs)} «{det}» findings with {audience:,} followers "
                      f"(≈ {rate:.2f} per {unit:,} followers)",
            detector=det, finding_ids=tuple(sorted(finding_fingerprint(f) for f in fs)),
        )


# --------------------------------------------------------------------------- estimate


def _estimate(comp: Component, relevant: list[Finding], ctx: Context) -> rules.ComponentResult:
    """A share estimated by a detector with its interval (``data["share"]``, ``data["ci95"]``),
    e.g. the fake-follower share. No finding from a detector that examined the creator means
    the estimate stayed below the detector's own reporting threshold: full points."""
    if not relevant:
        return rules.ComponentResult(comp.id, comp.points, comp.points, (), {"estimate": "below_threshold"})
    f = max(relevant, key=lambda x: float(x.data.get("share", 0.0)))
    share = float(f.data.get("share", 0.0))
    lo, hi = (float(x) for x in f.data.get("ci95", (share, share)))
    width = hi - lo
    stats = {"share": round(share, 4), "share_interval": [round(lo, 4), round(hi, 4)], "n": f.data.get("n")}
    if width > comp.max_interval_width + 1e-9:
        return inconclusive(
            comp, f"{comp.title_vi}: khoảng tin cậy {lo:.0%}–{hi:.0%} quá rộng (tối đa {comp.max_interval_width:.0%})",
            f"{comp.title_en}: interval {lo:.0%}–{hi:.0%} is too wide (at most {comp.max_interval_width:.0%})", **stats)

    def points(rate: float) -> float:
        return rules.rate_to_points(rate, comp.points, comp.saturation, comp.tolerance)

    kept = points(share)
    deductions = () if comp.points - kept <= 1e-9 else (rules.Deduction(
        points=comp.points - kept,
        reason_vi=f"{comp.title_vi}: ước tính {share:.0%} (khoảng tin cậy 95%: {lo:.0%}–{hi:.0%})",
        reason_en=f"{comp.title_en}: estimated {share:.0%} (95% interval {lo:.0%}–{hi:.0%})",
        detector=f.detector, finding_ids=(finding_fingerprint(f),),
    ),)
    return rules.ComponentResult(comp.id, comp.points, kept, deductions,
                                 {**stats, "points_low": points(hi), "points_high": points(lo)})
