"""engagement_anomaly: ratios from snapshots, peer comparison, thresholds, thin data, evidence."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from tinnhiem.detectors import engagement_anomaly as EA
from tinnhiem.engine import run
from tinnhiem.model import CreatorView, MetricPoint

D0 = date(2026, 6, 1)


def _cell(median: float, spread: float = 0.4, n: int = 30) -> dict:
    return {"n": n, "log_median": math.log(median), "log_spread": spread, "median": median}


REF = {"source_id": "test", "cells": {"tiktok": {
    "mid": {"engagement_rate": _cell(0.03), "like_view": _cell(0.05), "like_comment": _cell(40)},
    "all": {"engagement_rate": _cell(0.04), "like_view": _cell(0.05), "like_comment": _cell(50)},
}, "youtube": {"nano": {"engagement_rate": _cell(0.05, n=3)},
               "all": {"engagement_rate": _cell(0.06), "like_view": _cell(0.05)}}}}


def points(*, followers=200_000, er=0.03, like_view=0.05, like_comment=40.0, posts=12, n=8,
           account="tiktok:1", comments=True, step=7):
    """A series whose window ratios are exactly ``er``, ``like_view``, ``like_comment``."""
    likes_per_post = er * followers / (1 + 1 / like_comment)
    out = []
    for i in range(n):
        done = round(posts * i / (n - 1))
        likes = round(likes_per_post * done)
        out.append(MetricPoint(account, D0 + timedelta(days=step * i), followers=followers, posts=100 + done,
                               views=round(likes / like_view), likes=likes,
                               comments=round(likes / like_comment) if comments else None))
    return out


def creator(pts) -> CreatorView:
    return CreatorView(key="inf:1", name="A", metrics=tuple(pts))


def detect(pts):
    return list(EA.EngagementAnomaly(reference=REF).detect(creator(pts), {}))


def test_ratios_from_snapshots():
    (acc,) = EA.account_ratios(points(er=0.03, like_view=0.05, like_comment=40))
    assert acc.tier == "mid" and acc.posts == 12 and acc.days == 49
    assert acc.values["engagement_rate"] == pytest.approx(0.03, rel=0.01)
    assert acc.values["like_view"] == pytest.approx(0.05, rel=0.01)
    assert acc.values["like_comment"] == pytest.approx(40, rel=0.02)


def test_bought_engagement_flagged_with_vietnamese_peer_comparison():
    (f,) = detect(points(er=0.182, like_view=0.3, like_comment=240))
    assert f.subject == "tiktok:1" and f.subject_kind == "account" and f.severity == "major"
    assert set(f.data["anomalies"]) == {"engagement_rate", "like_view", "like_comment"}
    quotes = [e.quote for e in f.evidence]
    assert "Tỷ lệ tương tác 18,2% — gấp 6,1 lần trung vị của nhóm TikTok 100k–500k (3,0%)" in quotes
    assert f.data["max_fold"] >= 6 and f.data["max_abs_z"] >= EA.Z_MIN
    assert "mua lượt thích" in f.message


def test_low_engagement_rate_alone_needs_a_strong_z():
    (f,) = detect(points(er=0.003))  # a tenth of the peers: z = ln(0.1)/0.4 = -5.8
    assert f.data["anomalies"] == ["engagement_rate"] and f.data["ratios"]["engagement_rate"]["direction"] == "low"
    assert "chỉ bằng 0,10 lần" in f.evidence[0].quote and f.severity == "major"
    assert detect(points(er=0.009)) == []  # a third of the peers: z = -3.0, alone → no finding


@pytest.mark.parametrize("kwargs", [
    {},                                         # typical account
    {"er": 0.06, "like_comment": 80},           # 2× peers: within the spread
    {"like_comment": 400},                      # like/comment alone is never enough
])
def test_no_finding(kwargs):
    assert detect(points(**kwargs)) == []


@pytest.mark.parametrize("kwargs", [
    {"posts": 5},            # too few new posts
    {"n": 3},                # too few snapshots
    {"step": 2},             # window shorter than three weeks
])
def test_thin_data_is_not_available(kwargs):
    pts = points(er=0.5, like_view=0.5, **kwargs)
    result = run([EA.EngagementAnomaly(reference=REF)], creator(pts))
    assert result.runs[0].not_available == 1 and result.findings == []


def test_small_peer_cell_falls_back_to_the_platform_pool():
    found = EA.peer_stats(REF, "youtube", "nano", "engagement_rate")
    assert found is not None and found[1] == "YouTube (mọi quy mô)"
    assert EA.peer_stats(REF, "facebook", "mid", "engagement_rate") is None


def test_without_comment_counts_like_comment_is_skipped():
    (acc,) = EA.account_ratios(points(comments=False))
    assert "like_comment" not in acc.values


def test_shipped_reference_covers_every_platform_and_says_where_it_comes_from():
    ref = EA.default_reference()
    assert "Synthetic" in ref["source"] and ref["generated_by"].startswith("python -m tinnhiem.sample.peers")
    for platform in ("tiktok", "facebook", "youtube", "instagram"):
        pooled = ref["cells"][platform]["all"]
        assert pooled["engagement_rate"]["n"] >= EA.MIN_PEERS and pooled["like_view"]["log_spread"] >= 0
