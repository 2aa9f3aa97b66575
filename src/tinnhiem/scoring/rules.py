"""The few scoring primitives a methodology may use. Pure functions, no I/O.

A methodology (YAML) combines these; it never needs code of its own. Each primitive
returns the points kept and a list of deductions, every deduction pointing at the
findings (by fingerprint) or at the coverage record that caused it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Deduction:
    points: float
    reason_vi: str
    reason_en: str
    detector: str | None = None
    finding_ids: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {
            "points": round(self.points, 4),
            "reason_vi": self.reason_vi,
            "reason_en": self.reason_en,
            "detector": self.detector,
            "finding_ids": list(self.finding_ids),
        }


@dataclass(frozen=True)
class ComponentResult:
    component: str
    max_points: float
    points: float  # kept
    deductions: tuple[Deduction, ...] = ()
    stats: dict = field(default_factory=dict)
    conclusive: bool = True  # False: too little or too uncertain data to judge this component


def shrunk_rate(k: float, n: int, prior_mean: float, strength: float) -> float:
    """Posterior mean of a Beta prior (mean, strength = pseudo-count) after k of n.

    Few observations stay near the prior: 0 of 1 is not a perfect record, 1 of 1 not a
    catastrophe.
    """
    if n < 0 or k < 0 or k > n + 1e-9:
        raise ValueError(f"invalid proportion k={k} n={n}")
    return (k + prior_mean * strength) / (n + strength)


def beta_interval(k: float, n: int, prior_mean: float, strength: float, level: float = 0.9) -> tuple[float, float]:
    """Approximate equal-tailed credible interval of the shrunk rate (normal approximation
    to the Beta posterior, clipped to [0, 1]). Good enough to state uncertainty honestly."""
    a = k + prior_mean * strength
    b = (n - k) + (1 - prior_mean) * strength
    mean = a / (a + b)
    var = a * b / ((a + b) ** 2 * (a + b + 1))
    z = _z_for(level)
    half = z * math.sqrt(var)
    return max(0.0, mean - half), min(1.0, mean + half)


def _z_for(level: float) -> float:
    table = {0.8: 1.2816, 0.9: 1.6449, 0.95: 1.96, 0.99: 2.5758}
    if level not in table:
        raise ValueError(f"unsupported interval level {level}")
    return table[level]


def rate_to_points(rate: float, max_points: float, saturation: float, tolerance: float = 0.0) -> float:
    """Points kept for a violation rate: full points up to ``tolerance`` (the share that is
    normal even for a blameless creator), then linear down to none at ``saturation``."""
    if saturation <= tolerance or tolerance < 0:
        raise ValueError("need 0 <= tolerance < saturation")
    excess = max(0.0, rate - tolerance)
    return max_points * (1.0 - min(1.0, excess / (saturation - tolerance)))


def shrunk_count_rate(k: float, exposure: float, prior_mean: float, strength: float) -> float:
    """Posterior mean of a Poisson rate per unit of exposure under a Gamma prior (mean,
    strength = pseudo-exposure): ``(k + m·s) / (e + s)``.

    Counts of events (complaints) per audience unit: a creator with a tiny audience is judged
    as if it had at least ``strength`` units, so one event does not make an extreme rate, and
    a creator with a huge audience is not punished merely for its reach.
    """
    if exposure < 0 or k < 0 or strength <= 0:
        raise ValueError(f"invalid count rate k={k} exposure={exposure} strength={strength}")
    return (k + prior_mean * strength) / (exposure + strength)


def gamma_interval(k: float, exposure: float, prior_mean: float, strength: float,
                   level: float = 0.9) -> tuple[float, float]:
    """Approximate equal-tailed credible interval of ``shrunk_count_rate`` (normal
    approximation to the Gamma posterior, clipped at 0)."""
    shape = k + prior_mean * strength
    rate = exposure + strength
    mean = shape / rate
    half = _z_for(level) * math.sqrt(shape) / rate
    return max(0.0, mean - half), mean + half


def split_points(total: float, weights: dict[str, float]) -> dict[str, float]:
    """Share `total` among keys in proportion to weights (deterministic order)."""
    s = sum(weights.values())
    if s <= 0:
        return {k: 0.0 for k in weights}
    return {k: total * w / s for k, w in sorted(weights.items())}


def capped_sum(values: list[float], cap: float) -> float:
    return min(cap, sum(values))


def band(value: float, bands: list[tuple[float, str]]) -> str:
    """First label whose threshold `value` reaches; bands sorted from highest threshold."""
    for threshold, label in sorted(bands, key=lambda b: -b[0]):
        if value >= threshold - 1e-9:
            return label
    raise ValueError(f"no band for {value}")
