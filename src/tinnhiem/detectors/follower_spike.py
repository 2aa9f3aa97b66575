"""follower_spike — anomalous follower growth on an account (possible bought followers).

For each account's ``MetricPoint`` series (points with a follower count, sorted by date, one per
day), every window of at most ``MAX_WINDOW_DAYS`` days between two observations — or, when
observations are sparser, a single interval of at most ``MAX_GAP_DAYS`` days (growth cannot be
located more finely) — is a spike when

1. its per-day follower growth has a robust z-score ≥ ``Z_MIN`` against the account's OWN
   baseline: the median / MAD of the per-day growth of the intervals in the ``TRAILING_DAYS``
   before the window (at least ``MIN_BASELINE`` intervals covering a full week; otherwise every
   interval outside the window), after removing the account's day-of-week pattern (seasonality: weekend bumps) when
   the series is daily enough to measure it (``weekday_factors``). MAD falls back to the mean
   absolute deviation, then to 10 % of |median| or 1;
2. the gain is ≥ max(5 % of the followers at the window start, 2,000) — for accounts under
   8,000 followers the 2,000 floor becomes max(25 % of followers, 500) (``min_gain``), and
3. it is not explained by a viral post: views/likes (when both ends carry them) did not grow
   alongside — relative engagement growth < half the relative follower growth, measured up to
   ``MAX_WINDOW_DAYS`` after the window. Such spikes are not reported.

Known-campaign exception: a spike within ``CAMPAIGN_SLACK_DAYS`` of a post on the same platform
that is a declared collaboration or carries the platform's paid-partnership flag is still
reported, but at ``CAMPAIGN_CONFIDENCE`` and severity minor, with the campaign post named as the
likely reason. Overlapping spike windows are merged (the largest gain kept).

One finding per account (``subject_kind="account"``): one evidence item per spike (field
"metrics", Vietnamese "date: count → date: count" quote) plus a time-series excerpt around the
largest spike. ``available()`` needs ≥ ``MIN_POINTS`` points on at least one account.
``data = {"account", "spikes": [{"start", "end", "days", "gain", "pct", "z", "expected",
"campaign_posts"}], "max_z", "excess_followers", "excess_share", "campaign_only"}`` —
``excess_share`` (followers gained beyond the baseline in non-campaign spikes ÷ followers at the
end of the series) is the number a methodology can weigh.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from tinnhiem.detectors.base import Detector
from tinnhiem.model import CreatorView, Evidence, Finding, MetricPoint, content_hash

MIN_POINTS = 7
MAX_WINDOW_DAYS = 3
MAX_GAP_DAYS = 10  # a single observation interval up to this long is one window (sparse series)
Z_MIN = 3.5
MIN_GAIN = 2000
MIN_GAIN_SHARE = 0.05
SMALL_ACCOUNT_MIN_GAIN = 500  # nano accounts: 2,000 would be > 100 % of their audience
SMALL_ACCOUNT_SHARE = 0.25
TRAILING_DAYS = 28
MIN_BASELINE = 4
MIN_WEEKDAY_SAMPLES = 3  # one-day intervals per weekday needed to estimate its factor
CAMPAIGN_SLACK_DAYS = 1
CAMPAIGN_CONFIDENCE = 0.35


@dataclass(frozen=True)
class Spike:
    start: MetricPoint
    end: MetricPoint
    gain: int
    z: float
    expected: float = 0.0  # followers the baseline predicts for the window
    campaign_posts: tuple[str, ...] = ()

    @property
    def days(self) -> int:
        return (self.end.observed_on - self.start.observed_on).days

    @property
    def pct(self) -> float:
        return 100.0 * self.gain / self.start.followers if self.start.followers else float("inf")


def series_by_account(metrics) -> dict[str, list[MetricPoint]]:
    """Follower series per account: sorted by date, last observation of a day wins."""
    by_day: dict[str, dict[date, MetricPoint]] = defaultdict(dict)
    for p in metrics:
        if p.followers is not None:
            by_day[p.account_key][p.observed_on] = p
    return {k: [v[d] for d in sorted(v)] for k, v in sorted(by_day.items())}


def _robust_scale(rates: list[float]) -> tuple[float, float]:
    med = statistics.median(rates)
    mad = statistics.median(abs(r - med) for r in rates) / 0.6745
    if mad == 0:
        mad = 1.2533 * statistics.fmean(abs(r - med) for r in rates)
    if mad == 0:
        mad = max(abs(med) * 0.1, 1.0)
    return med, mad


def weekday_factors(series: list[MetricPoint]) -> list[float]:
    """Relative growth per weekday (Mon..Sun) from one-day intervals; all 1.0 when the series is
    too sparse (fewer than ``MIN_WEEKDAY_SAMPLES`` one-day intervals on some weekday)."""
    by_day: dict[int, list[float]] = defaultdict(list)
    for a, b in zip(series, series[1:]):
        if (b.observed_on - a.observed_on).days == 1:
            by_day[b.observed_on.weekday()].append(b.followers - a.followers)
    if len(by_day) < 7 or min(len(v) for v in by_day.values()) < MIN_WEEKDAY_SAMPLES:
        return [1.0] * 7
    overall = statistics.median(r for v in by_day.values() for r in v)
    if overall <= 0:
        return [1.0] * 7
    return [min(4.0, max(0.25, statistics.median(by_day[w]) / overall)) for w in range(7)]


def _season(factors: list[float], a: date, b: date) -> float:
    """Mean weekday factor of the days (a, b]."""
    days = max((b - a).days, 1)
    return sum(factors[(a + timedelta(days=k)).weekday()] for k in range(1, days + 1)) / days


def _intervals(series: list[MetricPoint], factors: list[float]) -> list[tuple[date, date, float]]:
    """``(start day, end day, de-seasonalised per-day growth)`` of consecutive observations."""
    out = []
    for a, b in zip(series, series[1:]):
        days = max((b.observed_on - a.observed_on).days, 1)
        rate = (b.followers - a.followers) / days
        out.append((a.observed_on, b.observed_on, rate / _season(factors, a.observed_on, b.observed_on)))
    return out


def _baseline(intervals, start: date, end: date) -> tuple[float, float]:
    """Median and robust scale of the trailing intervals before ``start`` (else all outside)."""
    trailing = [(a, r) for a, b, r in intervals if b <= start and (start - a).days <= TRAILING_DAYS]
    # a baseline shorter than a full week cannot know the account's weekly rhythm
    if len(trailing) >= MIN_BASELINE and (start - trailing[0][0]).days >= 7:
        return _robust_scale([r for _, r in trailing])
    outside = [r for a, b, r in intervals if b <= start or a >= end] or [r for _, _, r in intervals]
    return _robust_scale(outside)


def _engagement_matched(series: list[MetricPoint], i: int, j: int, growth: float) -> bool:
    """Did views or likes grow at least half as fast (relatively) as followers?"""
    end_day = series[j].observed_on
    later = [p for p in series[j:] if (p.observed_on - end_day).days <= MAX_WINDOW_DAYS]
    for attr in ("views", "likes"):
        a = getattr(series[i], attr)
        b = max((getattr(p, attr) for p in later if getattr(p, attr) is not None), default=None)
        if a and b is not None and (b - a) / a >= 0.5 * growth:
            return True
    return False


def min_gain(followers: int) -> float:
    """max(5 % of followers, 2,000) — the floor drops to max(25 %, 500) below 8,000 followers."""
    floor = min(MIN_GAIN, max(SMALL_ACCOUNT_MIN_GAIN, SMALL_ACCOUNT_SHARE * followers))
    return max(MIN_GAIN_SHARE * followers, floor)


def _windows(series: list[MetricPoint]):
    for j in range(1, len(series)):
        for i in range(j - 1, -1, -1):
            days = (series[j].observed_on - series[i].observed_on).days
            if days > MAX_WINDOW_DAYS and not (i == j - 1 and days <= MAX_GAP_DAYS):
                break
            yield i, j, max(days, 1)


def find_spikes(series: list[MetricPoint], campaigns: dict[date, list[str]] | None = None) -> list[Spike]:
    """Spikes of one account's series; ``campaigns`` maps a day to campaign post keys."""
    if len(series) < 3:
        return []
    factors = weekday_factors(series)
    intervals = _intervals(series, factors)
    spikes: list[Spike] = []
    for i, j, days in _windows(series):
        a, b = series[i], series[j]
        gain = b.followers - a.followers
        if gain < min_gain(a.followers):
            continue
        med, scale = _baseline(intervals, a.observed_on, b.observed_on)
        season = _season(factors, a.observed_on, b.observed_on)
        z = (gain / days - med * season) / (scale * season)
        if z < Z_MIN:
            continue
        growth = gain / a.followers if a.followers else float("inf")
        if not _engagement_matched(series, i, j, growth):
            spikes.append(Spike(a, b, gain, z, med * season * days, _campaign_posts(campaigns, a, b)))
    return _merge(spikes)


def _campaign_posts(campaigns: dict[date, list[str]] | None, a: MetricPoint, b: MetricPoint) -> tuple[str, ...]:
    if not campaigns:
        return ()
    lo = a.observed_on - timedelta(days=CAMPAIGN_SLACK_DAYS)
    return tuple(sorted(k for d, keys in campaigns.items() if lo <= d <= b.observed_on for k in keys))


def _merge(spikes: list[Spike]) -> list[Spike]:
    out: list[Spike] = []
    for s in sorted(spikes, key=lambda s: (s.start.observed_on, -s.gain)):
        if out and s.start.observed_on < out[-1].end.observed_on:
            if s.gain > out[-1].gain:
                out[-1] = s
            continue
        out.append(s)
    return out


def campaign_days(creator: CreatorView, platform: str) -> dict[date, list[str]]:
    """Publication day → keys of the creator's declared / paid-partnership posts on a platform."""
    out: dict[date, list[str]] = defaultdict(list)
    for p in creator.posts:
        if p.platform == platform and p.published_at and (p.declared_collaboration or p.paid_partnership):
            out[p.published_at.date()].append(p.key)
    return dict(out)


def _num(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def spike_quote(s: Spike) -> str:
    return (f"{s.start.observed_on:%d/%m/%Y}: {_num(s.start.followers)} → "
            f"{s.end.observed_on:%d/%m/%Y}: {_num(s.end.followers)} người theo dõi "
            f"(+{s.pct:.0f}% trong {s.days} ngày)")


def excerpt(series: list[MetricPoint], s: Spike, around: int = 2) -> str:
    """Vietnamese time-series excerpt: a few observations either side of the spike."""
    i = series.index(s.start)
    j = series.index(s.end)
    pts = series[max(0, i - around): j + around + 1]
    per_day = s.expected / max(s.days, 1)
    body = "; ".join(f"{p.observed_on:%d/%m/%Y}: {_num(p.followers)}" for p in pts)
    return f"Chuỗi số người theo dõi — {body} (mức tăng thường lệ ≈ {_num(round(per_day))}/ngày)"


class FollowerSpike(Detector):
    """Sudden follower growth without matching engagement (possible purchased followers).

    Compared with the account's own trailing baseline and weekday pattern (robust z-score);
    growth explained by a viral post (views/likes jump alongside) is not reported; growth next
    to a declared collaboration or paid-partnership post is reported at low confidence.
    """

    id = "follower_spike"
    version = "1.1.0"
    scope = "creator"
    title_vi = "Tăng người theo dõi đột biến bất thường"
    title_en = "Anomalous follower spike"
    severity = "major"
    legal_source = "Tiêu chí tương tác thực (chương trình Tín nhiệm người có ảnh hưởng, trụ cột 3)"
    rule_confidence = "M"
    catalog_id = "VN-TRUST-FAKE-ENGAGEMENT"

    def available(self, subject: CreatorView) -> bool:
        return any(len(s) >= MIN_POINTS for s in series_by_account(subject.metrics).values())

    def detect(self, subject: CreatorView, upstream):
        for account, series in series_by_account(subject.metrics).items():
            if len(series) >= MIN_POINTS:
                spikes = find_spikes(series, campaign_days(subject, account.split(":", 1)[0]))
                if spikes:
                    yield self._finding(account, series, spikes)

    def _finding(self, account: str, series, spikes: list[Spike]) -> Finding:
        rendering = "\n".join(f"{p.observed_on.isoformat()} {p.followers}" for p in series)
        digest = content_hash(rendering)
        plain = [s for s in spikes if not s.campaign_posts]
        top = max(plain or spikes, key=lambda s: s.z)
        evidence = [Evidence(field="metrics", quote=spike_quote(s), content_hash=digest) for s in spikes]
        evidence.append(Evidence(field="metrics", quote=excerpt(series, top), content_hash=digest))
        message = f"Số người theo dõi tăng đột biến bất thường: {spike_quote(top)}. {evidence[-1].quote}"
        message_en = (f"Anomalous follower spike: +{top.gain} followers in {top.days} day(s) "
                      f"(+{top.pct:.0f}%) without matching engagement")
        if not plain:
            message += (f". Lưu ý: trùng thời điểm hợp tác/quảng cáo đã công bố "
                        f"({', '.join(top.campaign_posts[:3])}) — có thể là tăng trưởng từ chiến dịch")
            message_en += f"; coincides with declared campaign post(s) {', '.join(top.campaign_posts[:3])}"
        confidence = round(min(0.95, 0.6 + 0.05 * top.z), 3) if plain else CAMPAIGN_CONFIDENCE
        return Finding(
            detector=self.id, version=self.version, subject=account, subject_kind="account",
            message=message, message_en=message_en,
            severity=self.severity if plain else "minor",
            confidence=confidence, evidence=tuple(evidence),
            legal_source=self.legal_source, rule_confidence=self.rule_confidence,
            remediation="Giải trình nguồn tăng người theo dõi; không mua người theo dõi/tương tác ảo.",
            data=self._data(account, series, spikes, plain, top),
        )

    @staticmethod
    def _data(account: str, series, spikes: list[Spike], plain: list[Spike], top: Spike) -> dict:
        excess = sum(max(0, round(s.gain - s.expected)) for s in plain)
        return {
            "account": account,
            "spikes": [{"start": s.start.observed_on.isoformat(), "end": s.end.observed_on.isoformat(),
                        "days": s.days, "gain": s.gain, "pct": round(s.pct, 1), "z": round(s.z, 2),
                        "expected": round(s.expected), "campaign_posts": list(s.campaign_posts)}
                       for s in spikes],
            "max_z": round(top.z, 2),
            "excess_followers": excess,
            "excess_share": round(excess / max(series[-1].followers, 1), 4),
            "campaign_only": not plain,
        }
