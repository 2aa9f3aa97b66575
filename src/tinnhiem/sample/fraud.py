"""Engagement fraud planted on top of the main behaviours: bought engagement and comment pods.

They are SECONDARY behaviours of a few creators who already commit a primary violation, so
every planted violator stays a violator under every methodology, while the ground truth lists
the new facts for ``engagement_anomaly`` and ``comment_pod``. Everything here draws from its
own seeded streams (``random.Random(f"{seed}:extras")`` and one per creator), so the rest of
the world is unchanged by them.

* ``bought_engagement``: on the main account, each post gets bought likes worth 30–60 % of the
  account's followers (organic posts: well under 10 %) and bought views 1.5–3 × those likes;
  comments stay organic.
* ``comment_pod``: 6–10 pod accounts; on ~85 % of the creator's posts 3–6 of them post a short
  generic comment 1–12 minutes after publication.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from tinnhiem.sample.speech import commenter
from tinnhiem.sample.world import Creator, IdMaker

EXTRA_BEHAVIOURS: tuple[str, ...] = ("bought_engagement", "comment_pod")
PER_EXTRA = 3
POD_TEXTS = (
    "Hay quá ạ", "Tuyệt vời luôn", "Ủng hộ chị nha", "Xịn quá", "Chất lượng ghê", "Quá đỉnh",
    "Yêu chị", "Đẹp quá", "Video hay nha", "Like mạnh", "Tuyệt quá chị ơi", "Ủng hộ kênh",
)
POD_EMOJI = ("", "", " 👍", " ❤️", " 🔥", " 😍", " 👏👏")


def assign_extras(cast: list[Creator], rng: random.Random) -> None:
    """Add each extra behaviour to ``PER_EXTRA`` distinct creators that already violate (not
    nano, not already buying followers), in place."""
    pool = sorted((c for c in cast if c.behaviours != ["honest"] and c.tier != "nano"
                   and "bought_followers" not in c.behaviours), key=lambda c: c.id)
    chosen = rng.sample(pool, k=min(len(pool), PER_EXTRA * len(EXTRA_BEHAVIOURS)))
    for i, creator in enumerate(chosen):
        creator.behaviours.append(EXTRA_BEHAVIOURS[i % len(EXTRA_BEHAVIOURS)])


def inflate_engagement(metrics: dict, followers: int, rng: random.Random) -> None:
    """Bought likes and views on one post (in place); comments stay organic."""
    bought = int(followers * rng.uniform(0.30, 0.60))
    metrics["likes"] += bought
    metrics["views"] += int(bought * rng.uniform(1.5, 3.0))


def pod_members(creator: Creator, rng: random.Random) -> list[str]:
    members: list[str] = []
    size = rng.randint(6, 10)
    while len(members) < size:
        handle = commenter(creator.main.platform, rng)
        if handle not in members:
            members.append(handle)
    return members


def pod_comments(post_ref: dict, published: datetime, members: list[str], ids: IdMaker,
                 rng: random.Random, limit: datetime) -> list[dict]:
    """Canonical comment records of the pod under one post (none on ~15 % of posts)."""
    if rng.random() < 0.15:
        return []
    rows = []
    for author in rng.sample(members, k=rng.randint(3, min(6, len(members)))):
        when = min(limit, published + timedelta(minutes=rng.uniform(1, 12)))
        rows.append({
            "kind": "comment", "post": post_ref,
            "comment_id": ids.comment_id(post_ref["platform"], post_ref["post_id"]),
            "author": author, "text": rng.choice(POD_TEXTS) + rng.choice(POD_EMOJI),
            "published_at": when.isoformat(), "likes": rng.randint(0, 3), "parent_id": None,
        })
    return rows
