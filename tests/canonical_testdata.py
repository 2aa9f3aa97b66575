"""Canonical test data shared by the tests (``from canonical_testdata import ...``; also
re-exported by ``tests/conftest.py``).

Not in conftest.py: other test folders have their own conftest modules, so
``from conftest import ...`` is ambiguous.
"""

from __future__ import annotations

from datetime import datetime, timezone

import json
from pathlib import Path

WORLD_T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)  # when the service-test world is assessed
TEST_PSEUDONYM_KEY = "test-pseudonym-key"


def canonical_creator(n: int = 0, *, posts: int = 2, comments_per_post: int = 2) -> list[dict]:
    """A small, valid, realistic set of canonical records for one creator (dependency order)."""
    inf = f"inf-{n:03d}"
    acct = {"platform": "tiktok", "platform_id": f"tt{n:05d}"}
    records: list[dict] = [
        {"kind": "influencer", "id": inf, "name": f"Nguyễn Thị Hương {n}", "niches": ["làm đẹp", "ẩm thực"],
         "province": "Thành phố Hồ Chí Minh", "bio": "Chia sẻ bí quyết chăm sóc da"},
        {"kind": "account", "influencer_id": inf, **acct, "handle": f"huong.review{n}",
         "url": f"https://www.tiktok.com/@huong.review{n}", "followers": 120000 + n, "verified": True},
        {"kind": "product", "id": f"sp-{n:03d}", "name": "Viên uống trắng da Collagen X", "brand": "Công ty ABC",
         "category": "health_supplement", "registration_number": "1234/2025/ĐKSP"},
    ]
    for p in range(posts):
        records.append({
            "kind": "post", "account": acct, "post_id": f"{n:05d}{p:04d}",
            "url": f"https://www.tiktok.com/@huong.review{n}/video/{n:05d}{p:04d}",
            "published_at": f"2026-03-{1 + p % 28:02d}T19:30:00+07:00", "format": "video",
            "caption": f"Review viên uống trắng da, dùng là đẹp ngay! #review #làmđẹp ({p})",
            "transcript": "Chào cả nhà, hôm nay mình review sản phẩm này nhé",
            "hashtags": ["#review", "làmđẹp"], "links": ["https://shopee.vn/abc"], "mentions": ["@congtyabc"],
            "paid_partnership": p % 2 == 0, "duration_s": 45.5, "language": "vi",
            "product_ids": [f"sp-{n:03d}"] if p == 0 else [],
            "metrics": {"views": 10000 + p, "likes": 800, "comments": comments_per_post, "shares": 12},
        })
        for c in range(comments_per_post):
            records.append({
                "kind": "comment", "post": {"platform": "tiktok", "post_id": f"{n:05d}{p:04d}"},
                "comment_id": f"c{n:05d}{p:04d}{c:04d}", "author": f"user_{c}_thật", "text": "Sản phẩm này dùng có tốt không chị?",
                "published_at": "2026-03-02T08:00:00Z", "likes": c,
            })
    records += [
        {"kind": "metric_snapshot", "account": acct, "observed_on": "2026-03-01", "followers": 119000 + n,
         "following": 150, "posts": 300, "views": 5000000, "likes": 400000},
        {"kind": "metric_snapshot", "account": acct, "observed_on": "2026-03-08", "followers": 121000 + n,
         "following": 151, "posts": 305, "views": 5100000, "likes": 410000},
        {"kind": "audience_sample", "account": acct, "sampled_on": "2026-03-08",
         "follower": {"id": "follower_một", "followers": 3, "following": 900, "posts": 0, "has_profile_pic": False,
                      "is_private": False, "bio_length": 0, "username_digits": 6}},
        {"kind": "collaboration", "id": f"hd-{n:03d}", "influencer_id": inf, "brand": "Công ty ABC",
         "product_id": f"sp-{n:03d}", "declared_by": "brand", "compensation": "paid", "start_on": "2026-02-15",
         "end_on": None, "posts": [{"platform": "tiktok", "post_id": f"{n:05d}{0:04d}"}]},
        {"kind": "complaint", "id": f"kn-{n:03d}", "influencer_id": inf,
         "post": {"platform": "tiktok", "post_id": f"{n:05d}{(posts - 1):04d}"}, "filed_at": "2026-03-10T10:00:00+07:00",
         "category": "misleading_claim", "text": "Quảng cáo sai sự thật về công dụng", "status": "received"},
    ]
    return records



def write_jsonl(path: Path, records: list) -> Path:
    """Write records (dicts, or raw strings written as-is) one per line."""
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write((record if isinstance(record, str) else json.dumps(record, ensure_ascii=False)) + "\n")
    return path
