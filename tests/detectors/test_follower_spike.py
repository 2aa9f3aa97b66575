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


def _weekly_pattern_series(weekend_gain: int, weeks: int = 8, start: int = 40_000):
    """Daily points from Monday 2 March: 250/350 a weekday (alternating), ``weekend_gain`` on Sat/Sun."""
    d1 = date(2026, 3, 2)
    pts, f = [MetricPoint("tiktok:1", d1, followers=start)], start
    for i in range(1, weeks * 7):
        day = d1 + timedelta(days=i)
        f += weekend_gain if day.weekday() >= 5 else (250 if i % 2 else 350)
        pts.append(MetricPoint("tiktok:1", day, followers=f))
    return pts


def test_weekly_seasonality_is_not_a_spike(monkeypatch):
    from tinnhiem.detectors import follower_spike as FS
    pts = _weekly_pattern_series(weekend_gain=1_100)  # weekends: 2,200 ≥ the 2,000 floor
    factors = FS.weekday_factors(pts)
    assert factors[5] == factors[6] == pytest.approx(1100 / 350) and factors[0] < 1.0
    assert FS.weekday_factors(_weekly_pattern_series(weekend_gain=9_000))[5] == 4.0  # capped
    assert FS.weekday_factors(series([100] * 20, step=3)) == [1.0] * 7  # too sparse to measure
    assert find_spikes(pts) == []  # the account's normal week
    monkeypatch.setattr(FS, "weekday_factors", lambda series: [1.0] * 7)
    # without the weekly rhythm, the first weekend (before any weekend is in the baseline) is a spike
    assert [s.start.observed_on for s in find_spikes(pts)] == [date(2026, 3, 6)]


def test_trailing_baseline_follows_a_change_of_pace():
    # slow for a month, then steadily faster: the new pace is not a spike after its first weeks
    gains = [100] * 30 + [2_500] * 40
    spikes = find_spikes(series(gains, start=400_000))
    assert len(spikes) <= 1 and all(s.start.observed_on <= D0 + timedelta(days=31) for s in spikes)


def test_spike_next_to_declared_campaign_is_low_confidence_with_reason():
    from datetime import datetime, timezone
    from tinnhiem.model import PostView
    pts = series([150] * 10 + [18_000, 18_000, 18_000] + [150] * 6)
    campaign = PostView(key="tiktok:777", platform="tiktok", declared_collaboration=True,
                        published_at=datetime(2026, 3, 11, 19, 0, tzinfo=timezone.utc))
    other = PostView(key="youtube:9", platform="youtube", paid_partnership=True,
                     published_at=datetime(2026, 3, 12, 19, 0, tzinfo=timezone.utc))
    view = CreatorView(key="inf:1", name="A", metrics=tuple(pts), posts=(campaign, other))
    (f,) = run([FollowerSpike()], view).findings
    assert f.severity == "minor" and f.confidence == 0.35 and f.data["campaign_only"] is True
    assert f.data["spikes"][0]["campaign_posts"] == ["tiktok:777"]  # same platform only
    assert "trùng thời điểm hợp tác" in f.message and f.data["excess_share"] == 0.0


def test_evidence_has_a_time_series_excerpt_and_excess_share():
    pts = series([150] * 10 + [18_000, 18_000, 18_000] + [150] * 6)
    (f,) = findings(pts)
    excerpt = f.evidence[-1].quote
    assert excerpt.startswith("Chuỗi số người theo dõi — 09/03/2026: 46.200; 10/03/2026: 46.350; 11/03/2026: 46.500")
    assert "14/03/2026: 100.500" in excerpt and "mức tăng thường lệ ≈ 150/ngày" in excerpt
    assert f.data["excess_followers"] == 54_000 - 450
    assert f.data["excess_share"] == round((54_000 - 450) / pts[-1].followers, 4)
