"""Account time series (metric snapshots) and follower-profile samples."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from tinnhiem.sample.banks import bank
from tinnhiem.sample.world import Account

WINDOW_START = date(2026, 5, 1)
WINDOW_END = date(2026, 10, 31)


@dataclass
class Spike:
    day: date
    days: int
    ratio: float  # followers after / before


def _daily_followers(account: Account, bought: bool, rng: random.Random) -> tuple[dict[date, int], list[Spike]]:
    """Followers per day. Organic: slow growth, weekend bumps, noise. Bought: 1-3 jumps then flat."""
    days = (WINDOW_END - WINDOW_START).days + 1
    growth = rng.uniform(0.0004, 0.0035)
    factors = []
    for i in range(days):
        d = WINDOW_START + timedelta(days=i)
        weekend = 1.5 if d.weekday() >= 5 else (0.8 if d.weekday() == 0 else 1.0)
        factors.append(1 + growth * weekend * rng.uniform(0.3, 1.7) + rng.gauss(0, 0.0004))
    spikes: list[Spike] = []
    if bought:
        total = account.followers / max(1, account.real_followers)
        ks = [k for k in (1, 2, 3) if 1.4 <= total ** (1 / k) <= 2.5] or [1]
        starts = sorted(rng.sample(range(25, days - 40, 9), k=rng.choice(ks)))
        per = total ** (1 / len(starts))
        for s in starts:
            length = rng.randint(1, 3)
            for j in range(length):
                factors[s + j] = per ** (1 / length)
            spikes.append(Spike(WINDOW_START + timedelta(days=s), length, per))
        for i in range(starts[-1] + 3, days):  # flat afterwards: bought followers do not grow
            factors[i] = 1 + rng.gauss(0, 0.0003)
    product = math.prod(factors)
    value = account.followers / product
    out: dict[date, int] = {}
    for i, f in enumerate(factors):
        value *= f
        out[WINDOW_START + timedelta(days=i)] = max(0, round(value))
    out[WINDOW_END] = account.followers
    return out, spikes


def snapshots(account: Account, bought: bool, posts: list[tuple[date, int, int]], rng: random.Random) -> tuple[list[dict], list[Spike]]:
    """Snapshot rows every 3-7 days. ``posts`` = (published date, views, likes) of the account."""
    followers, spikes = _daily_followers(account, bought, rng)
    base_posts = rng.randint(40, 900)
    base_views = int(account.real_followers * rng.uniform(20, 120))
    base_likes = int(base_views * rng.uniform(0.03, 0.07))
    following = rng.randint(80, 1200)
    rows: list[dict] = []
    day = WINDOW_START + timedelta(days=rng.randint(0, 3))
    while day <= WINDOW_END:
        for sp in spikes:  # never observe a jump half-way: a 2-3 day jump shows between two snapshots
            if sp.day <= day < sp.day + timedelta(days=sp.days - 1):
                day = sp.day + timedelta(days=sp.days - 1)
        done = [p for p in posts if p[0] <= day]
        # older posts keep collecting views between snapshots
        age = (day - WINDOW_START).days
        tail = int(base_views * 0.0015 * age * rng.uniform(0.8, 1.2))
        following = max(10, following + rng.randint(-3, 6))
        rows.append({
            "kind": "metric_snapshot",
            "account": {"platform": account.platform, "platform_id": account.platform_id},
            "observed_on": day.isoformat(),
            "followers": followers[day],
            "following": following,
            "posts": base_posts + len(done),
            "views": base_views + tail + sum(p[1] for p in done),
            "likes": base_likes + int(tail * 0.05) + sum(p[2] for p in done),
        })
        day += timedelta(days=rng.randint(3, 7))
    return rows, spikes


def _real_follower(rng: random.Random) -> dict:
    return {
        "followers": int(math.exp(rng.gauss(5.6, 1.3))),
        "following": int(math.exp(rng.gauss(5.8, 0.8))),
        "posts": int(math.exp(rng.gauss(3.5, 1.2))),
        "has_profile_pic": rng.random() < 0.94,
        "is_private": rng.random() < 0.3,
        "bio_length": rng.choice([0, 0, rng.randint(5, 40), rng.randint(10, 150)]),
        "username_digits": rng.choice([0, 0, 0, 1, 2, 2, 4]),
    }


def _fake_follower(rng: random.Random) -> dict:
    return {
        "followers": rng.randint(0, 35),
        "following": rng.randint(400, 7500),
        "posts": rng.choice([0, 0, 0, 1, 2, 3]),
        "has_profile_pic": rng.random() < 0.25,
        "is_private": rng.random() < 0.1,
        "bio_length": 0 if rng.random() < 0.9 else rng.randint(1, 12),
        "username_digits": rng.randint(4, 10),
    }


def _follower_id(fake: bool, rng: random.Random) -> str:
    p = bank("people")
    first, last = rng.choice(p["commenter_first"]), rng.choice(p["commenter_last"])
    if fake:
        return rng.choice([f"user{rng.randint(10**7, 10**10)}", f"{first}{rng.randint(10**4, 10**8)}",
                           f"{first}_{last}{rng.randint(10**3, 10**6)}"])
    return rng.choice([f"{first}.{last}", f"{first}_{rng.choice(p['commenter_words'])}", f"{last}.{first}{rng.randint(0, 99)}"])


def audience(account: Account, fake_share: float, rng: random.Random) -> list[dict]:
    """30-60 sampled followers of the main account."""
    rows, seen = [], set()
    sampled_on = (WINDOW_END - timedelta(days=rng.randint(0, 3))).isoformat()
    n = rng.randint(30, 60)
    fakes = [i < round(n * fake_share) for i in range(n)]  # exact share, shuffled
    rng.shuffle(fakes)
    for fake in fakes:
        profile = _fake_follower(rng) if fake else _real_follower(rng)
        fid = _follower_id(fake, rng)
        while fid in seen:
            fid += str(rng.randint(0, 9))
        seen.add(fid)
        profile["username_digits"] = sum(ch.isdigit() for ch in fid)
        rows.append({
            "kind": "audience_sample",
            "account": {"platform": account.platform, "platform_id": account.platform_id},
            "sampled_on": sampled_on, "follower": {"id": fid, **profile},
        })
    return rows
