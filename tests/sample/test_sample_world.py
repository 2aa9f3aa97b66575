"""The world's shape: size, spread, determinism, time series and audiences."""

from __future__ import annotations

import statistics
from collections import defaultdict
from pathlib import Path

from tinnhiem.sample import FILES, generate
from tinnhiem.sample.fraud import EXTRA_BEHAVIOURS, POD_TEXTS
from tinnhiem.sample.world import BEHAVIOURS

PROVINCES = {
    "Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "TP. Hồ Chí Minh", "Cần Thơ", "Cao Bằng", "Điện Biên", "Lai Châu",
    "Lạng Sơn", "Sơn La", "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Tuyên Quang", "Lào Cai", "Thái Nguyên",
    "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Ninh Bình", "Quảng Trị", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng",
    "Đắk Lắk", "Đồng Nai", "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
}
TIER_BOUNDS = {"nano": (0, 10_000), "micro": (10_000, 100_000), "mid": (100_000, 500_000),
               "macro": (500_000, 1_000_000), "mega": (1_000_000, 10**12)}


def test_same_seed_same_bytes_and_other_seed_differs(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate(7, a, creators=60)
    generate(7, b, creators=60)
    summary = generate(8, c, creators=60)
    for name in (*FILES, "ground_truth.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert (a / "03-posts.jsonl").read_bytes() != (c / "03-posts.jsonl").read_bytes()
    assert summary.counts["influencer"] == 60 and summary.bytes < 15_000_000


def test_size_and_spread(records: dict, truth: dict) -> None:
    influencers = [r for r in records["01-influencers.jsonl"] if r["kind"] == "influencer"]
    accounts = [r for r in records["01-influencers.jsonl"] if r["kind"] == "account"]
    assert len(influencers) >= 60
    assert {a["platform"] for a in accounts} == {"tiktok", "facebook", "youtube", "instagram"}
    assert {i["province"] for i in influencers} == PROVINCES
    assert len({n for i in influencers for n in i["niches"]}) >= 12
    assert 1000 <= len(records["03-posts.jsonl"]) <= 1600
    assert 15_000 <= len(records["04-comments.jsonl"]) <= 27_000
    assert sum(len({a["influencer_id"] for a in accounts if a["influencer_id"] == i["id"]}) for i in influencers)
    assert sum(1 for i in influencers if sum(a["influencer_id"] == i["id"] for a in accounts) == 2) >= 25


def test_behaviours_and_tiers(truth: dict) -> None:
    creators = truth["creators"]
    groups: dict[str, set[str]] = defaultdict(set)
    for c in creators.values():
        lo, hi = TIER_BOUNDS[c["tier"]]
        assert lo <= c["followers"] < hi
        for b in c["behaviours"]:
            groups[b].add(c["tier"])
    assert set(groups) == {"honest", "undisclosed_ads", "illegal_claims", "banned_products", "bought_followers",
                           "angry_audience", "bought_engagement", "comment_pod"}
    assert all(len(groups[b]) >= 4 for b in BEHAVIOURS), groups
    for extra in EXTRA_BEHAVIOURS:  # secondary only: on creators who already violate, never nano
        carriers = [c for c in creators.values() if extra in c["behaviours"]]
        assert len(carriers) == 3 and all(len(c["behaviours"]) >= 2 and c["tier"] != "nano" for c in carriers)
    honest = sum(c["behaviours"] == ["honest"] for c in creators.values())
    assert 0.35 <= honest / len(creators) <= 0.45


def test_posts_per_creator_and_dates(records: dict) -> None:
    owner = {(r["platform"], r["platform_id"]): r["influencer_id"] for r in records["01-influencers.jsonl"]
             if r["kind"] == "account"}
    per: dict[str, int] = defaultdict(int)
    for p in records["03-posts.jsonl"]:
        per[owner[(p["account"]["platform"], p["account"]["platform_id"])]] += 1
        assert "2026-05-01" <= p["published_at"][:10] <= "2026-10-31"
    assert min(per.values()) >= 8 and max(per.values()) <= 30


def test_livestreams_have_dense_transcripts(records: dict) -> None:
    lives = [p for p in records["03-posts.jsonl"] if p["format"] == "livestream"]
    assert len(lives) >= 20
    for p in lives:
        assert 1200 <= p["duration_s"] <= 5460
        gaps = [s["end"] - s["start"] for s in p["transcript"]]
        assert 25 <= statistics.mean(gaps) <= 60 and len(gaps) >= 20


def _series(records: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for r in records["05-metrics.jsonl"]:
        out[f"{r['account']['platform']}:{r['account']['platform_id']}"].append(r)
    return out


def test_follower_spikes_only_where_planted(records: dict, truth: dict) -> None:
    spiked = {e["subject"] for e in truth["planted"] if e["expected_detector"] == "follower_spike"}
    assert spiked
    for key, rows in _series(records).items():
        rows.sort(key=lambda r: r["observed_on"])
        assert len(rows) >= 25
        jumps = [b["followers"] / max(1, a["followers"]) for a, b in zip(rows, rows[1:])]
        views = [b["views"] / max(1, a["views"]) for a, b in zip(rows, rows[1:])]
        if key in spiked:
            i = max(range(len(jumps)), key=jumps.__getitem__)
            assert jumps[i] >= 1.35 and views[i] < 1.2
        else:
            assert max(jumps) < 1.12, key


def _fake(f: dict) -> bool:
    return f["posts"] <= 3 and f["following"] > 10 * max(1, f["followers"]) and f["username_digits"] >= 4


def test_bought_audiences_look_fake(records: dict, truth: dict) -> None:
    bought = {k for k, c in truth["creators"].items() if "bought_followers" in c["behaviours"]}
    owner = {(r["platform"], r["platform_id"]): r["influencer_id"] for r in records["01-influencers.jsonl"]
             if r["kind"] == "account"}
    share: dict[str, list[bool]] = defaultdict(list)
    for r in records["06-audience.jsonl"]:
        share[owner[(r["account"]["platform"], r["account"]["platform_id"])]].append(_fake(r["follower"]))
    assert len(share) == len(truth["creators"])
    for cid, flags in share.items():
        assert 30 <= len(flags) <= 60
        ratio = sum(flags) / len(flags)
        assert (ratio >= 0.4) if cid in bought else (ratio <= 0.3), (cid, ratio)


def test_complaint_statuses(records: dict, truth: dict) -> None:
    by: dict[str, list[str]] = defaultdict(list)
    for c in records["08-complaints.jsonl"]:
        by[c["influencer_id"]].append(c["status"])
    for cid, c in truth["creators"].items():
        statuses = by.get(cid, [])
        if c["behaviours"] == ["honest"]:
            assert set(statuses) <= {"dismissed"} and len(statuses) <= 1
        if "angry_audience" in c["behaviours"]:
            assert statuses.count("substantiated") >= 3
        else:
            assert "substantiated" not in statuses


def test_bought_followers_have_low_engagement(records: dict, truth: dict) -> None:
    """Likes per follower, relative to organic accounts on the same platform, are low."""
    accounts = {(r["platform"], r["platform_id"]): r for r in records["01-influencers.jsonl"] if r["kind"] == "account"}
    spiked = {e["subject"] for e in truth["planted"] if e["expected_detector"] == "follower_spike"}
    per: dict[tuple, list[float]] = defaultdict(list)
    for p in records["03-posts.jsonl"]:
        key = (p["account"]["platform"], p["account"]["platform_id"])
        per[key].append(p["metrics"]["likes"] / accounts[key]["followers"])
    organic: dict[str, list[float]] = defaultdict(list)
    for key, values in per.items():
        if f"{key[0]}:{key[1]}" not in spiked:
            organic[key[0]].append(statistics.median(values))
    relative = [statistics.median(v) / statistics.median(organic[k[0]]) for k, v in per.items()
                if f"{k[0]}:{k[1]}" in spiked]
    assert relative and statistics.median(relative) < 0.7


def _owner(records: dict) -> dict[tuple, str]:
    return {(r["platform"], r["platform_id"]): r["influencer_id"] for r in records["01-influencers.jsonl"]
            if r["kind"] == "account"}


def test_bought_engagement_inflates_likes_of_the_main_account_only(records: dict, truth: dict) -> None:
    planted = {e["subject"] for e in truth["planted"] if e["behaviour"] == "bought_engagement"}
    assert len(planted) == 3
    followers = {f"{r['platform']}:{r['platform_id']}": r["followers"] for r in records["01-influencers.jsonl"]
                 if r["kind"] == "account"}
    per: dict[str, list[float]] = defaultdict(list)
    for p in records["03-posts.jsonl"]:
        key = f"{p['account']['platform']}:{p['account']['platform_id']}"
        per[key].append(p["metrics"]["likes"] / followers[key])
    for key, rates in per.items():
        if key in planted:
            assert min(rates) >= 0.3, key  # bought likes alone are ≥ 30 % of followers
        else:
            assert statistics.median(rates) < 0.3, key


def test_comment_pods_comment_within_minutes_on_most_posts(records: dict, truth: dict) -> None:
    from datetime import datetime

    pods = {e["subject"] for e in truth["planted"] if e["behaviour"] == "comment_pod"}
    assert len(pods) == 3
    owner = _owner(records)
    published = {(p["account"]["platform"], p["post_id"]): (owner[(p["account"]["platform"], p["account"]["platform_id"])],
                                                             datetime.fromisoformat(p["published_at"]))
                 for p in records["03-posts.jsonl"]}
    early: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for c in records["04-comments.jsonl"]:
        cid, when = published[(c["post"]["platform"], c["post"]["post_id"])]
        gap = (datetime.fromisoformat(c["published_at"]) - when).total_seconds() / 60
        if gap <= 12 and c["text"].rstrip(" 👍❤️🔥😍👏") in POD_TEXTS:
            early[cid][c["author"]].add(c["post"]["post_id"])
    regulars = {cid: [a for a, posts in authors.items() if len(posts) >= 3] for cid, authors in early.items()}
    assert {cid for cid, r in regulars.items() if len(r) >= 3} == pods
