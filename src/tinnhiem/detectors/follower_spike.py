"""follower_spike — anomalous follower growth on an account (possible bought followers).

For each account's ``MetricPoint`` series (points with a follower count, sorted by date, one per
day), every window of at most ``MAX_WINDOW_DAYS`` days between two observations — or, when
observations are sparser, a single interval of at most ``MAX_GAP_DAYS`` days (growth cannot be
located more finely) — is a spike when

1. its per-day follower growth has a robust z-score ≥ ``Z_MIN`` against the account's own
   per-interval daily growth (median / MAD; MAD falls back to the mean absolute deviation, then
   to 10 % of |median| or 1),
2. the gain is ≥ max(5 % of the followers at the window start, 2,000) — for accounts under
   8,000 followers the 2,000 floor becomes max(25 % of followers, 500) (``min_gain``), and
3. views/likes (when both ends carry them) did not grow alongside: relative engagement growth
   < half the relative follower growth, measured up to ``MAX_WINDOW_DAYS`` after the window.

Overlapping spike windows are merged (the largest gain kept). One finding per account
(``subject_kind="account"``), one evidence item per spike (field "metrics", a Vietnamese
time-series excerpt). ``available()`` needs ≥ ``MIN_POINTS`` points on at least one account.
``data = {"account", "spikes": [{"start", "end", "days", "gain", "pct", "z"}], "max_z"}``.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

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


@dataclass(frozen=True)
class Spike:
    start: MetricPoint
    end: MetricPoint
    gain: int
    z: float

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


def find_spikes(series: list[MetricPoint]) -> list[Spike]:
    rates = [
        (b.followers - a.followers) / max((b.observed_on - a.observed_on).days, 1)
        for a, b in zip(series, series[1:])
    ]
    if len(rates) < 2:
        return []
    med, scale = _robust_scale(rates)
    spikes: list[Spike] = []
    for j in range(1, len(series)):
        for i in range(j - 1, -1, -1):
            days = (series[j].observed_on - series[i].observed_on).days
            if days > MAX_WINDOW_DAYS and not (i == j - 1 and days <= MAX_GAP_DAYS):
                break
            gain = series[j].followers - series[i].followers
            z = (gain / max(days, 1) - med) / scale
            if z < Z_MIN or gain < min_gain(series[i].followers):
                continue
            growth = gain / series[i].followers if series[i].followers else float("inf")
            if not _engagement_matched(series, i, j, growth):
                spikes.append(Spike(series[i], series[j], gain, z))
    return _merge(spikes)


def _merge(spikes: list[Spike]) -> list[Spike]:
    out: list[Spike] = []
    for s in sorted(spikes, key=lambda s: (s.start.observed_on, -s.gain)):
        if out and s.start.observed_on < out[-1].end.observed_on:
            if s.gain > out[-1].gain:
                out[-1] = s
            continue
        out.append(s)
    return out


def _num(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def spike_quote(s: Spike) -> str:
    return (f"{s.start.observed_on:%d/%m/%Y}: {_num(s.start.followers)} → "
            f"{s.end.observed_on:%d/%m/%Y}: {_num(s.end.followers)} người theo dõi "
            f"(+{s.pct:.0f}% trong {s.days} ngày)")


class FollowerSpike(Detector):
    """Sudden follower growth without matching engagement (possible purchased followers)."""

    id = "follower_spike"
    version = "1.0.0"
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
                spikes = find_spikes(series)
                if spikes:
                    yield self._finding(account, series, spikes)

    def _finding(self, account: str, series, spikes: list[Spike]) -> Finding:
        rendering = "\n".join(f"{p.observed_on.isoformat()} {p.followers}" for p in series)
        evidence = [Evidence(field="metrics", quote=spike_quote(s), content_hash=content_hash(rendering))
                    for s in spikes]
        top = max(spikes, key=lambda s: s.z)
        return Finding(
            detector=self.id, version=self.version, subject=account, subject_kind="account",
            message=f"Số người theo dõi tăng đột biến bất thường: {evidence[0].quote}",
            message_en=f"Anomalous follower spike: +{top.gain} followers in {top.days} day(s) "
                       f"(+{top.pct:.0f}%) without matching engagement",
            severity=self.severity,
            confidence=round(min(0.95, 0.6 + 0.05 * top.z), 3),
            evidence=tuple(evidence),
            legal_source=self.legal_source,
            rule_confidence=self.rule_confidence,
            remediation="Giải trình nguồn tăng người theo dõi; không mua người theo dõi/tương tác ảo.",
            data={
                "account": account,
                "spikes": [{"start": s.start.observed_on.isoformat(), "end": s.end.observed_on.isoformat(),
                            "days": s.days, "gain": s.gain, "pct": round(s.pct, 1), "z": round(s.z, 2)}
                           for s in spikes],
                "max_z": round(top.z, 2),
            },
        )
