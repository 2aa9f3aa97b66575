from __future__ import annotations

from datetime import date, timedelta

import pytest

from tinnhiem.detectors.follower_spike import FollowerSpike, find_spikes, series_by_account
from tinnhiem.engine import run
from tinnhiem.model import CreatorView, MetricPoint

D0 = date(2026, 3, 1)


def series(gains, start=45_000, account="tiktok:1", views=None, step=1):
    pts, f = [MetricPoint(account, D0, followers=start, views=views and views[0])], start
    for i, g in enumerate(gains, 1):
        f += g
        pts.append(MetricPoint(account, D0 + timedelta(days=i * step), followers=f,
                               views=views[i] if views else None))
    return pts


def creator(points):
    return CreatorView(key="inf:1", name="A", metrics=tuple(points))


def findings(points):
    return [f for f in run([FollowerSpike()], creator(points)).findings]


def test_spike_detected_with_vietnamese_quote():
    pts = series([150] * 10 + [18_000, 18_000, 18_000] + [150] * 6)
    (f,) = findings(pts)
    assert f.subject == "tiktok:1" and f.subject_kind == "account" and f.severity == "major"
    assert f.evidence[0].field == "metrics"
    assert f.evidence[0].quote == "11/03/2026: 46.500 → 14/03/2026: 100.500 người theo dõi (+116% trong 3 ngày)"
    assert f.data["spikes"][0]["gain"] == 54_000 and f.data["max_z"] >= 3.5


@pytest.mark.parametrize("gains", [
    [150] * 20,                                  # steady growth
    [150] * 10 + [1_500] + [150] * 8,           # anomalous but below 2,000 and 5 %
    [1000, 1200, 900, 1100, 1300, 1000, 1250, 950, 1150, 1050],  # noisy but normal
])
def test_no_spike(gains):
    assert findings(series(gains)) == []


def test_viral_growth_with_matching_views_is_not_flagged():
    gains = [150] * 10 + [20_000] + [150] * 6
    views = [1_000_000 + 10_000 * i for i in range(11)] + [3_000_000] * 7
    assert findings(series(gains, views=views)) == []
    flat = [1_000_000 + 10_000 * i for i in range(18)]
    assert len(findings(series(gains, views=flat))) == 1


def test_availability_needs_seven_points():
    result = run([FollowerSpike()], creator(series([100] * 5)))
    assert result.runs[0].not_available == 1 and result.runs[0].examined == 0
    result = run([FollowerSpike()], creator(series([100] * 6)))
    assert result.runs[0].examined == 1


def test_series_grouping_sorting_dedup():
    a = series([100] * 3, account="a")
    b = series([100] * 3, account="b")
    dup = MetricPoint("a", D0, followers=1)
    grouped = series_by_account(list(reversed(a + b)) + [dup])
    assert list(grouped) == ["a", "b"]
    assert [p.observed_on for p in grouped["a"]] == sorted(p.observed_on for p in a)


def test_irregular_intervals_normalised_per_day():
    pts = series([1_000] * 10, step=7) + [MetricPoint("tiktok:1", D0 + timedelta(days=72),
                                                      followers=55_000 + 30_000)]
    assert len(find_spikes(pts)) == 1


@pytest.mark.parametrize("followers, floor", [(1_000, 500), (4_000, 1_000), (10_000, 2_000),
                                              (100_000, 5_000)])
def test_min_gain(followers, floor):
    from tinnhiem.detectors.follower_spike import min_gain
    assert min_gain(followers) == floor


def test_sparse_weekly_series_and_small_account():
    gains = [16, 8, 17, 9, 19, 19, 8, 22, 8, 20, 20, 18, 24, 16, 911, 36, 22, 35]
    pts = series(gains, start=1_064, step=6)
    (f,) = findings(pts)
    assert "(+71% trong 6 ngày)" in f.evidence[0].quote
