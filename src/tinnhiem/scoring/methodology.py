"""Load, validate and digest methodology files (``methodologies/<version>.yaml``).

A methodology is data: criteria, their components (each a scoring primitive with its
parameters), tiers and eligibility gates. A published methodology is frozen: its digest
is pinned by a test, and every assessment stores version + digest.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

SEVERITY_KEYS = ("info", "minor", "major", "critical")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Prior(_Strict):
    mean: float = Field(ge=0, le=1)
    strength: float = Field(gt=0)


class Coverage(_Strict):
    detector: str
    min_examined: int = Field(ge=0)


class Component(_Strict):
    id: str
    title_vi: str
    title_en: str
    primitive: Literal["rate", "per_finding", "per_audience", "estimate"]
    points: float = Field(gt=0)
    detectors: tuple[str, ...]
    coverage: tuple[Coverage, ...] = ()
    rationale_vi: str = ""  # why the component is built this way (rendered in docs/methodology.md)
    rationale_en: str = ""
    # rate / per_audience
    population: str | None = None  # rate: "posts" | "comments" | "findings:<detector id>"
    severity_weights: dict[str, float] | None = None
    detector_weights: dict[str, float] | None = None  # multiplier per detector (default 1)
    prior: Prior | None = None
    saturation: float | None = None
    tolerance: float = Field(default=0.0, ge=0)  # rate/share normal for a blameless creator: no deduction
    exclude: tuple[str, ...] = ()  # rate: subjects with findings of these detectors leave the population
    min_population: int = Field(default=0, ge=0)  # rate: fewer (after exclusion) → inconclusive
    # per_audience
    audience_unit: int | None = Field(default=None, gt=0)  # e.g. 100000: events per 100k followers
    # estimate
    max_interval_width: float | None = Field(default=None, gt=0, le=1)
    # per_finding
    points_per_finding: dict[str, float] | None = None
    weigh_by_confidence: bool = False

    @model_validator(mode="after")
    def _check_primitive(self) -> "Component":
        needs = {
            "rate": ("population", "severity_weights", "prior", "saturation"),
            "per_audience": ("audience_unit", "severity_weights", "prior", "saturation"),
            "estimate": ("saturation", "max_interval_width"),
            "per_finding": ("points_per_finding",),
        }[self.primitive]
        missing = [n for n in needs if getattr(self, n) is None]
        if missing:
            raise ValueError(f"component {self.id}: {self.primitive} needs {', '.join(missing)}")
        if self.primitive == "rate":
            pop = self.population or ""
            if pop not in ("posts", "comments") and not pop.startswith("findings:"):
                raise ValueError(f"component {self.id}: unknown population {pop!r}")
        if self.primitive == "estimate" and len(self.detectors) != 1:
            raise ValueError(f"component {self.id}: estimate reads exactly one detector")
        if self.saturation is not None and self.saturation <= self.tolerance:
            raise ValueError(f"component {self.id}: saturation must exceed tolerance")
        for weights in (self.severity_weights, self.points_per_finding):
            bad = set(weights or {}) - set(SEVERITY_KEYS)
            if bad:
                raise ValueError(f"component {self.id}: unknown severities {sorted(bad)}")
        stray = set(self.detector_weights or {}) - set(self.detectors)
        if stray:
            raise ValueError(f"component {self.id}: detector_weights for unread detectors {sorted(stray)}")
        return self

    @property
    def reads(self) -> set[str]:
        """Every detector this component reads (scored, excluded, population, coverage)."""
        found = set(self.detectors) | set(self.exclude) | {c.detector for c in self.coverage}
        if self.population and self.population.startswith("findings:"):
            found.add(self.population.split(":", 1)[1])
        return found


class CriterionSpec(_Strict):
    id: str
    title_vi: str
    title_en: str
    description_vi: str = ""
    description_en: str = ""
    components: tuple[Component, ...]

    @property
    def points(self) -> float:
        return sum(c.points for c in self.components)


class Tier(_Strict):
    id: str
    min_total: float
    label_vi: str
    label_en: str
    # a tier is earned across all criteria: each scored criterion must keep this share of its points
    min_criterion_share: float = Field(default=0.0, ge=0, le=1)


class Gate(_Strict):
    id: str
    kind: Literal["min_total", "no_findings", "all_conclusive", "criterion_floor"]
    label_vi: str
    label_en: str
    value: float | None = None  # min_total: points; criterion_floor: fraction of a criterion's points
    severities: tuple[str, ...] = ()
    within_days: int | None = None  # no_findings: only findings on content published within this window
    suspends: bool = False  # failing it for good (not pending review) suspends an active certificate


class Methodology(_Strict):
    version: str = Field(pattern=r"^\d{4}\.\d+$")
    status: Literal["draft", "published", "retired"]
    title_vi: str
    title_en: str
    total_points: float
    criteria: tuple[CriterionSpec, ...]
    tiers: tuple[Tier, ...]
    insufficient_tier: Tier
    gates: tuple[Gate, ...]
    review_severity: str = "critical"  # findings at or above need human confirmation before sanction
    changes_vi: str = ""  # what changed since the previous version, and why (rendered in the docs)
    changes_en: str = ""

    @model_validator(mode="after")
    def _check_totals(self) -> "Methodology":
        total = sum(c.points for c in self.criteria)
        if abs(total - self.total_points) > 1e-9:
            raise ValueError(f"criteria add up to {total}, not total_points {self.total_points}")
        ids = [c.id for c in self.criteria]
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate criterion ids")
        return self

    @property
    def detectors(self) -> tuple[str, ...]:
        """Every detector the methodology reads (components, populations, coverage)."""
        found: set[str] = set()
        for c in self.criteria:
            for comp in c.components:
                found |= comp.reads
        return tuple(sorted(found))


def digest_of(data: dict) -> str:
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def available_versions() -> list[str]:
    folder = resources.files("tinnhiem.scoring") / "methodologies"
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


@lru_cache(maxsize=16)
def load(version: str | None = None) -> tuple[Methodology, str]:
    """Return (methodology, digest). Default: the newest published version."""
    if version is None:
        version = default_version()
    path = resources.files("tinnhiem.scoring") / "methodologies" / f"{version}.yaml"
    if not path.is_file():
        raise ValueError(f"unknown methodology version {version!r}; available: {', '.join(available_versions())}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Methodology.model_validate(data), digest_of(data)


def default_version() -> str:
    published = []
    for v in available_versions():
        path = resources.files("tinnhiem.scoring") / "methodologies" / f"{v}.yaml"
        if yaml.safe_load(path.read_text(encoding="utf-8")).get("status") == "published":
            published.append(v)
    if not published:
        raise ValueError("no published methodology")
    return max(published, key=lambda v: tuple(int(x) for x in v.split(".")))
