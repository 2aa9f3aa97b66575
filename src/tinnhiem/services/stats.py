"""Use case: observatory statistics over the latest assessments.

Unit: a *commercial post* (a post with a ``commercial_content`` finding in its creator's
latest assessment).

- **disclosure rate**: share of commercial posts without an ``undisclosed_ad`` finding, i.e.
  with a clear, prominent disclosure;
- **compliance rate**: share of commercial posts without any finding of the detectors the
  methodology scores under ``ad_compliance`` (banned products, cure claims, superlatives …).

Findings a reviewer dismissed do not count. Each rate comes with its counts and a 95% Wilson
score interval, broken down by platform, niche (a post counts in each of its creator's
niches), follower tier (of the posting account), province, month of publication, and
certified (an active certificate now) vs. not certified.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, sessionmaker

from tinnhiem.scoring import methodology
from tinnhiem.store import tables

DIMENSIONS = ("platform", "niche", "follower_tier", "province", "month", "certified")
FOLLOWER_TIERS = (  # (id, lower bound, Vietnamese, English)
    ("nano", 0, "Dưới 10 nghìn", "Under 10k"),
    ("micro", 10_000, "10 nghìn – 100 nghìn", "10k–100k"),
    ("mid", 100_000, "100 nghìn – 500 nghìn", "100k–500k"),
    ("macro", 500_000, "500 nghìn – 1 triệu", "500k–1M"),
    ("mega", 1_000_000, "Từ 1 triệu", "1M and more"),
)
Z95 = 1.959964


def follower_tier(followers: int | None) -> str:
    n = followers or 0
    return [tid for tid, low, _, _ in FOLLOWER_TIERS if n >= low][-1]


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """95% Wilson score interval of a proportion k/n ((0, 1) when n = 0)."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return round(max(0.0, centre - half), 4), round(min(1.0, centre + half), 4)


@dataclass
class Tally:
    posts: int = 0
    disclosed: int = 0
    compliant: int = 0

    def add(self, disclosed: bool, compliant: bool) -> None:
        self.posts += 1
        self.disclosed += disclosed
        self.compliant += compliant

    def as_dict(self) -> dict[str, Any]:
        return {"posts": self.posts, "disclosed": self.disclosed, "compliant": self.compliant,
                "disclosure_rate": round(self.disclosed / self.posts, 4) if self.posts else None,
                "disclosure_interval": list(wilson(self.disclosed, self.posts)),
                "compliance_rate": round(self.compliant / self.posts, 4) if self.posts else None,
                "compliance_interval": list(wilson(self.compliant, self.posts))}


def _compliance_detectors() -> tuple[str, ...]:
    meth, _ = methodology.load(None)
    return tuple(sorted({d for c in meth.criteria if c.id == "ad_compliance" for comp in c.components
                         for d in comp.detectors}))


def _split_key(column, dialect: str):
    """(platform, id) parts of a ``platform:id`` subject key, as SQL expressions."""
    if dialect == "postgresql":
        return func.split_part(column, ":", 1), func.substr(column, func.strpos(column, ":") + 1)
    return func.substr(column, 1, func.instr(column, ":") - 1), func.substr(column, func.instr(column, ":") + 1)


def _latest():
    return (select(func.max(tables.Assessment.id).label("aid"))
            .group_by(tables.Assessment.influencer_id).subquery("latest"))


def _commercial_posts(session: Session, dialect: str) -> list:
    f, p, acc = tables.FindingRecord, tables.Post, tables.Account
    platform, pid = _split_key(f.subject_key, dialect)
    latest = _latest()
    stmt = (select(f.influencer_id, f.subject_key, p.platform, p.published_at, acc.followers)
            .join(latest, latest.c.aid == f.assessment_id)
            .join(p, and_(p.platform == platform, p.post_id == pid))
            .join(acc, acc.id == p.account_id)
            .where(f.detector == "commercial_content", f.subject_kind == "post"))
    return session.execute(stmt).all()


def _flagged(session: Session, detectors: tuple[str, ...]) -> dict[str, set[str]]:
    """detector → subject keys with a (not dismissed) finding of it in a latest assessment."""
    f, latest = tables.FindingRecord, _latest()
    decided: dict[str, str] = {}
    for fp, decision in session.execute(select(tables.ReviewDecision.fingerprint, tables.ReviewDecision.decision)
                                        .order_by(tables.ReviewDecision.decided_at, tables.ReviewDecision.id)):
        decided[fp] = decision
    out: dict[str, set[str]] = defaultdict(set)
    stmt = (select(f.detector, f.subject_key, f.fingerprint).join(latest, latest.c.aid == f.assessment_id)
            .where(f.detector.in_(detectors), f.subject_kind == "post"))
    for detector, key, fp in session.execute(stmt):
        if decided.get(fp) != "dismissed":
            out[detector].add(key)
    return out


def _creators(session: Session, now: datetime) -> dict[int, tuple[list[str], str | None, bool]]:
    certified = set(session.scalars(select(tables.Certificate.influencer_id).where(
        tables.Certificate.status == "active", tables.Certificate.valid_until > now)))
    return {iid: (niches or [], province, iid in certified) for iid, niches, province in
            session.execute(select(tables.Influencer.id, tables.Influencer.niches, tables.Influencer.province))}


def observatory(factory: sessionmaker[Session], *, now: datetime | None = None) -> dict[str, Any]:
    """Overall and per-dimension disclosure and compliance rates of commercial posts; a
    creator counts as certified when they hold a valid certificate at ``now``."""
    now = now or datetime.now(timezone.utc)
    compliance = _compliance_detectors()
    with factory() as session:
        dialect = session.connection().dialect.name
        posts = _commercial_posts(session, dialect)
        flagged = _flagged(session, ("undisclosed_ad", *compliance))
        creators = _creators(session, now)
    overall, groups = Tally(), {d: defaultdict(Tally) for d in DIMENSIONS}
    undisclosed = flagged.get("undisclosed_ad", set())
    violating = set().union(*(flagged.get(d, set()) for d in compliance)) if compliance else set()
    seen: set[str] = set()
    for influencer_id, key, platform, published_at, followers in posts:
        if key in seen:
            continue
        seen.add(key)
        niches, province, certified = creators.get(influencer_id, ([], None, False))
        disclosed, compliant = key not in undisclosed, key not in violating
        overall.add(disclosed, compliant)
        values = {"platform": [platform], "niche": niches or ["—"], "follower_tier": [follower_tier(followers)],
                  "province": [province or "—"], "month": [published_at.strftime("%Y-%m")],
                  "certified": ["certified" if certified else "not_certified"]}
        for dim, vals in values.items():
            for v in vals:
                groups[dim][v].add(disclosed, compliant)
    return {"unit": "commercial_post", "overall": overall.as_dict(), "creators": len(creators),
            "certified_creators": sum(1 for c in creators.values() if c[2]),
            "compliance_detectors": list(compliance),
            "by": {dim: [{"value": v, **t.as_dict()} for v, t in _ordered(dim, groups[dim])] for dim in DIMENSIONS}}


def _ordered(dim: str, tallies: dict[str, Tally]) -> list[tuple[str, Tally]]:
    if dim == "follower_tier":
        order = {tid: i for i, (tid, *_rest) in enumerate(FOLLOWER_TIERS)}
        return sorted(tallies.items(), key=lambda kv: order[kv[0]])
    if dim == "month":
        return sorted(tallies.items())
    return sorted(tallies.items(), key=lambda kv: (-kv[1].posts, kv[0]))
