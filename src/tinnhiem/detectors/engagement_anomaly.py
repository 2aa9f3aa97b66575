"""engagement_anomaly — an account's engagement ratios far from its peers (bought or fake reach).

Per account, over the observed window (first → last ``MetricPoint`` carrying views and likes):

* ``engagement_rate`` = (Δlikes + Δcomments) ÷ Δposts ÷ median followers — the average share of
  followers who like or comment on a post (Δcomments counts only when the points carry it);
* ``like_view`` = Δlikes ÷ Δviews;
* ``like_comment`` = Δlikes ÷ Δcomments (only when comments are known and Δcomments > 0).

Each ratio is compared with the peers of the same platform and follower tier from the reference
table ``engagement_peers.json`` (beside this module): median and robust spread of the log ratio
(``1.4826 × MAD``). When a platform × tier cell has fewer than ``MIN_PEERS`` peer accounts the
platform's pooled distribution is used and the evidence says so. A ratio is anomalous when its
robust z-score is ≥ ``Z_MIN`` in absolute value AND it is at least ``FOLD_MIN`` times (or at most
1/``FOLD_MIN`` of) the peer median; an account is reported when at least two ratios are anomalous
or one of ``SINGLE_OK`` reaches ``Z_SINGLE`` (one ratio alone is weaker evidence, and
``like_comment`` rests on comment counts derived from post records, so it needs corroboration).
Both directions are facts worth a reviewer's look: high
rates point to bought likes or views, a low engagement rate to followers who never engage
(bought followers), a low like/view ratio to bought views, a low like/comment ratio to bought or
pod comments.

Thin data is not judged: an account is examined only with ≥ ``MIN_POINTS`` snapshots over
≥ ``MIN_DAYS`` days and ≥ ``MIN_POSTS`` new posts in between; ``available()`` is false when no
account qualifies (the criterion stays inconclusive instead of punishing small creators).

One finding per account (``subject_kind="account"``), one Vietnamese evidence item per anomalous
ratio ("Tỷ lệ tương tác 18,2% — gấp 6,1 lần trung vị của nhóm TikTok 100k–500k (3,0%)").
``data`` carries, per ratio, value, peer median, ``fold`` and ``z``, plus ``max_abs_z`` and
``max_fold`` (≥ 1, the largest distance from a peer median, either direction) for a methodology.
"""

from __future__ import annotations

import json
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tinnhiem.detectors.base import Detector
from tinnhiem.model import CreatorView, Evidence, Finding, MetricPoint, content_hash

REFERENCE_PATH = Path(__file__).with_name("engagement_peers.json")
MIN_POINTS = 4
MIN_DAYS = 21
MIN_POSTS = 6
MIN_PEERS = 10
MIN_LOG_SPREAD = 0.15  # a peer spread below ~±16 % is not credible
Z_MIN = 3.0
Z_SINGLE = 4.5
SINGLE_OK = ("engagement_rate", "like_view")
FOLD_MIN = 2.5
TIERS: tuple[tuple[str, int, str], ...] = (  # (id, lower bound, Vietnamese label)
    ("nano", 0, "dưới 10k"), ("micro", 10_000, "10k–100k"), ("mid", 100_000, "100k–500k"),
    ("macro", 500_000, "500k–1M"), ("mega", 1_000_000, "từ 1M"),
)
PLATFORM_NAMES = {"tiktok": "TikTok", "facebook": "Facebook", "youtube": "YouTube", "instagram": "Instagram"}
RATIOS = ("engagement_rate", "like_view", "like_comment")
LABELS = {
    "engagement_rate": ("Tỷ lệ tương tác", "engagement rate"),
    "like_view": ("Tỷ lệ lượt thích/lượt xem", "like/view ratio"),
    "like_comment": ("Số lượt thích trên mỗi bình luận", "likes per comment"),
}
MEANING = {
    ("engagement_rate", "high"): "tương tác cao bất thường (có thể mua lượt thích/bình luận)",
    ("engagement_rate", "low"): "rất ít người theo dõi tương tác (có thể người theo dõi ảo)",
    ("like_view", "high"): "lượt thích cao bất thường so với lượt xem (có thể mua lượt thích)",
    ("like_view", "low"): "lượt xem cao bất thường so với lượt thích (có thể mua lượt xem)",
    ("like_comment", "high"): "lượt thích nhiều bất thường so với bình luận (có thể mua lượt thích)",
    ("like_comment", "low"): "bình luận nhiều bất thường so với lượt thích (có thể mua bình luận)",
}


def tier_of(followers: float) -> str:
    return [t for t, lo, _ in TIERS if followers >= lo][-1]


def tier_label(tier: str) -> str:
    return next(label for t, _, label in TIERS if t == tier)


@dataclass(frozen=True)
class AccountRatios:
    account: str
    platform: str
    followers: int
    posts: int
    days: int
    first: MetricPoint
    last: MetricPoint
    values: dict  # ratio name → value (> 0)

    @property
    def tier(self) -> str:
        return tier_of(self.followers)


def _series(metrics) -> dict[str, list[MetricPoint]]:
    by: dict[str, dict] = defaultdict(dict)
    for p in metrics:
        if p.views is not None and p.likes is not None and p.posts is not None:
            by[p.account_key][p.observed_on] = p
    return {k: [v[d] for d in sorted(v)] for k, v in sorted(by.items())}


def account_ratios(metrics) -> list[AccountRatios]:
    """Ratios of every account with enough data (see the module docstring)."""
    out = []
    for account, pts in _series(metrics).items():
        first, last = pts[0], pts[-1]
        posts, days = last.posts - first.posts, (last.observed_on - first.observed_on).days
        d_views, d_likes = last.views - first.views, last.likes - first.likes
        if len(pts) < MIN_POINTS or days < MIN_DAYS or posts < MIN_POSTS or d_views <= 0 or d_likes <= 0:
            continue
        followers = statistics.median(p.followers for p in pts if p.followers is not None) if any(
            p.followers for p in pts) else 0
        if not followers:
            continue
        d_comments = (last.comments - first.comments
                      if last.comments is not None and first.comments is not None else None)
        values = {"engagement_rate": (d_likes + (d_comments or 0)) / posts / followers,
                  "like_view": d_likes / d_views}
        if d_comments:
            values["like_comment"] = d_likes / d_comments
        out.append(AccountRatios(account, account.split(":", 1)[0], int(followers), posts, days,
                                 first, last, values))
    return out


@lru_cache(maxsize=1)
def default_reference() -> dict:
    return json.loads(REFERENCE_PATH.read_text(encoding="utf-8"))


def peer_stats(reference: dict, platform: str, tier: str, ratio: str) -> tuple[dict, str] | None:
    """``(stats, group label)`` for a ratio: the platform × tier cell, else the platform pool."""
    cells = reference["cells"].get(platform, {})
    name = PLATFORM_NAMES.get(platform, platform)
    cell = cells.get(tier, {}).get(ratio)
    if cell and cell["n"] >= MIN_PEERS:
        return cell, f"{name} {tier_label(tier)}"
    pooled = cells.get("all", {}).get(ratio)
    if pooled and pooled["n"] >= MIN_PEERS:
        return pooled, f"{name} (mọi quy mô)"
    return None


def _fmt(ratio: str, x: float) -> str:
    if ratio == "like_comment":
        return f"{x:,.0f}".replace(",", ".") if x >= 10 else f"{x:.1f}".replace(".", ",")
    pct = 100 * x
    return (f"{pct:.1f}" if pct >= 1 else f"{pct:.2f}").replace(".", ",") + "%"


def compare(acc: AccountRatios, reference: dict) -> dict[str, dict]:
    """Per ratio: value, peer median, fold, z, direction, group, anomalous."""
    out = {}
    for ratio, value in acc.values.items():
        found = peer_stats(reference, acc.platform, acc.tier, ratio)
        if found is None:
            continue
        stats, group = found
        med = math.exp(stats["log_median"])
        z = (math.log(value) - stats["log_median"]) / max(stats["log_spread"], MIN_LOG_SPREAD)
        fold = value / med
        anomalous = abs(z) >= Z_MIN and (fold >= FOLD_MIN or fold <= 1 / FOLD_MIN)
        out[ratio] = {"value": round(value, 6), "peer_median": round(med, 6), "fold": round(fold, 3),
                      "z": round(z, 2), "direction": "high" if z > 0 else "low", "group": group,
                      "n_peers": stats["n"], "anomalous": anomalous}
    return out


def select_anomalies(compared: dict[str, dict]) -> list[str]:
    """Anomalous ratios worth a finding: two or more, or one of ``SINGLE_OK`` with
    |z| ≥ ``Z_SINGLE``."""
    hits = [r for r in RATIOS if compared.get(r, {}).get("anomalous")]
    if len(hits) >= 2 or any(abs(compared[r]["z"]) >= Z_SINGLE for r in hits if r in SINGLE_OK):
        return hits
    return []


def quote_for(ratio: str, c: dict) -> str:
    label = LABELS[ratio][0]
    if c["fold"] >= 1:
        rel = f"gấp {c['fold']:.1f}".replace(".", ",") + " lần"
    else:
        rel = f"chỉ bằng {c['fold']:.2f}".replace(".", ",") + " lần"
    return (f"{label} {_fmt(ratio, c['value'])} — {rel} trung vị của nhóm {c['group']} "
            f"({_fmt(ratio, c['peer_median'])})")


class EngagementAnomaly(Detector):
    """Engagement rate, like/view and like/comment ratios far from peers of the same platform
    and follower tier (robust z-score on the log scale against a reference table)."""

    id = "engagement_anomaly"
    version = "1.0.0"
    scope = "creator"
    title_vi = "Tỷ lệ tương tác bất thường so với nhóm tương đương"
    title_en = "Engagement anomalous compared with peers"
    severity = "major"
    legal_source = "Tiêu chí tương tác thực (chương trình Tín nhiệm người có ảnh hưởng, trụ cột 3)"
    rule_confidence = "M"
    catalog_id = "VN-TRUST-FAKE-ENGAGEMENT"

    def __init__(self, reference: dict | None = None) -> None:
        self._reference = reference

    @property
    def reference(self) -> dict:
        return self._reference if self._reference is not None else default_reference()

    def available(self, subject) -> bool:
        return isinstance(subject, CreatorView) and bool(account_ratios(subject.metrics))

    def detect(self, subject: CreatorView, upstream):
        for acc in account_ratios(subject.metrics):
            compared = compare(acc, self.reference)
            anomalies = select_anomalies(compared)
            if anomalies:
                yield self._finding(acc, compared, anomalies)

    def _finding(self, acc: AccountRatios, compared: dict, anomalies: list[str]) -> Finding:
        rendering = (f"{acc.account} {acc.first.observed_on}..{acc.last.observed_on} "
                     f"{acc.posts} posts {acc.followers} followers {sorted(acc.values.items())}")
        digest = content_hash(rendering)
        evidence = [Evidence(field="metrics", quote=quote_for(r, compared[r]), content_hash=digest)
                    for r in anomalies]
        top = max(anomalies, key=lambda r: abs(compared[r]["z"]))
        max_fold = max(max(compared[r]["fold"], 1 / compared[r]["fold"]) for r in anomalies)
        max_z = max(abs(compared[r]["z"]) for r in anomalies)
        period = (f"{acc.first.observed_on:%d/%m/%Y}–{acc.last.observed_on:%d/%m/%Y}, "
                  f"{acc.posts} bài đăng mới")
        message = (f"Tương tác bất thường so với nhóm tương đương ({period}): {evidence[0].quote}; "
                   f"{MEANING[(top, compared[top]['direction'])]}")
        c = compared[top]
        message_en = (f"{LABELS[top][1].capitalize()} is {c['fold']:.2f}× the median of peers "
                      f"({c['group']}), robust z = {c['z']:.1f}, over {acc.posts} posts")
        strong = len(anomalies) >= 2 or max_z >= 5
        posts_weight = min(1.0, acc.posts / 15)
        return Finding(
            detector=self.id, version=self.version, subject=acc.account, subject_kind="account",
            message=message, message_en=message_en,
            severity="major" if strong else "minor",
            confidence=round(min(0.9, (0.45 + 0.08 * (max_z - Z_MIN) + 0.1 * (len(anomalies) - 1))
                                 * (0.6 + 0.4 * posts_weight)), 3),
            evidence=tuple(evidence), legal_source=self.legal_source,
            rule_confidence=self.rule_confidence,
            remediation="Giải trình nguồn tương tác; không mua lượt thích, lượt xem, bình luận hay người theo dõi.",
            data={"account": acc.account, "platform": acc.platform, "tier": acc.tier,
                  "followers": acc.followers, "posts": acc.posts, "days": acc.days,
                  "ratios": compared, "anomalies": anomalies,
                  "max_abs_z": round(max_z, 2), "max_fold": round(max_fold, 3),
                  "reference": self.reference.get("source_id", "")},
        )
