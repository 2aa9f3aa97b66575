"""What each creator posts: how many posts, which are commercial, which carry planted
violations (and of which kind), which product, format, duration and reach."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from tinnhiem.sample.banks import bank
from tinnhiem.sample.world import Account, Creator

COMMERCIAL_SHARE = {
    "honest": 0.3, "undisclosed_ads": 0.5, "illegal_claims": 0.45,
    "banned_products": 0.45, "bought_followers": 0.3, "angry_audience": 0.45,
    "bought_engagement": 0.3, "comment_pod": 0.3,  # secondary only (sample.fraud): never the max
}
CLAIM_SETS = (
    ["absolute_superlative"],
    ["health_cure_claim"],
    ["equivalence_claim"],
    [],  # a supplement ad without the mandatory sentence
    ["absolute_superlative", "health_cure_claim"],
)
BAD_DISCLOSURES = ("none", "weak", "buried", "none", "weak")
REACH = {"tiktok": (0.15, 2.5), "youtube": (0.03, 0.6), "facebook": (0.02, 0.35), "instagram": (0.05, 0.5)}


@dataclass
class Slot:
    kind: str = "clean"  # clean | ad | claim | banned
    disclosure: str = "none"
    claims: list[str] = field(default_factory=list)
    disclaimer: bool = True
    product: dict | None = None


def _legal(products: list[dict], creator: Creator, rng: random.Random, *, shady: bool | None = None,
           category: str | None = None, names: tuple[str, ...] = ()) -> dict:
    pool = [p for p in products if p["group"] == "legal"]
    if names:
        pool = [p for p in pool if p["name"].startswith(names)] or pool
    if category:
        pool = [p for p in pool if p["category"] == category] or pool
    if shady is False:
        pool = [p for p in pool if not p.get("shady")]
    fits = [p for p in pool if creator.niche in p.get("niches", [])]
    return rng.choice(fits if fits and rng.random() < 0.8 else pool)


def _claim_product(claims: list[str], products: list[dict], creator: Creator, rng: random.Random) -> dict:
    if "health_cure_claim" in claims or not claims:
        return _legal(products, creator, rng, category="health_supplement")
    if "equivalence_claim" in claims:
        return _legal(products, creator, rng, names=("Kẹo Rau Củ", "Men Vi Sinh", "Vitamin", "Viên Uống Collagen"))
    return _legal(products, creator, rng)


def _good_disclosure(rng: random.Random) -> str:
    return rng.choices(["start", "affiliate", "flag"], [0.62, 0.26, 0.12])[0]


def plan_slots(creator: Creator, n: int, products: list[dict], rng: random.Random) -> list[Slot]:
    b = creator.behaviours
    share = max(COMMERCIAL_SHARE[x] for x in b)
    n_banned = max(2, round(n * share * 0.55)) if "banned_products" in b else 0
    n_claim = max(3, round(n * share * 0.5)) if "illegal_claims" in b else 0
    n_comm = max(round(n * share), n_banned + n_claim + 1)
    slots = [Slot("banned") for _ in range(n_banned)]
    slots += [Slot("claim", claims=list(CLAIM_SETS[i % len(CLAIM_SETS)])) for i in range(n_claim)]
    slots += [Slot("ad") for _ in range(n_comm - len(slots))]
    bad = list(BAD_DISCLOSURES)
    rng.shuffle(bad)
    n_bad = max(3, round(len(slots) * 0.7)) if "undisclosed_ads" in b else 0
    order = list(range(len(slots)))
    rng.shuffle(order)
    for rank, i in enumerate(order):
        s = slots[i]
        if rank < n_bad:
            s.disclosure = bad[rank % len(bad)]
        elif s.kind == "banned":
            s.disclosure = "none" if rng.random() < 0.6 else "start"
        else:
            s.disclosure = _good_disclosure(rng)
        if s.kind == "banned":
            s.product = rng.choice([p for p in products if p.get("theme") == creator.banned_theme])
        elif s.kind == "claim":
            s.product = _claim_product(s.claims, products, creator, rng)
            s.disclaimer = bool(s.claims) and "health_cure_claim" not in s.claims and rng.random() < 0.5
            if "health_cure_claim" in s.claims and rng.random() < 0.3:
                s.disclaimer = True  # the sentence is there, the cure claim is still illegal
        else:
            s.product = _legal(products, creator, rng, shady=False)
    slots += [Slot() for _ in range(max(0, n - len(slots)))]
    rng.shuffle(slots)
    return slots


def choose_account(creator: Creator, rng: random.Random) -> Account:
    if len(creator.accounts) == 1 or rng.random() < 0.7:
        return creator.accounts[0]
    return rng.choice(creator.accounts[1:])


def choose_format(platform: str, creator: Creator, commercial: bool, rng: random.Random) -> str:
    live_p = 0.16 if commercial else (0.15 if creator.niche == "game" else 0.03)
    if platform != "instagram" and rng.random() < live_p:
        return "livestream"
    options = {
        "tiktok": (["short", "video"], [0.85, 0.15]),
        "youtube": (["video", "short"], [0.65, 0.35]),
        "facebook": (["video", "image", "text"], [0.4, 0.4, 0.2]),
        "instagram": (["image", "short", "story"], [0.5, 0.4, 0.1]),
    }[platform]
    return rng.choices(*options)[0]


def duration(platform: str, fmt: str, rng: random.Random) -> float | None:
    if fmt == "livestream":
        return float(rng.randint(20, 90) * 60 + rng.randint(0, 59))
    if fmt == "short":
        return float(rng.randint(9, 90))
    if fmt == "story":
        return 15.0
    if fmt == "video":
        lo, hi = {"youtube": (240, 2400), "facebook": (60, 900), "tiktok": (60, 300)}.get(platform, (30, 120))
        return float(rng.randint(lo, hi))
    return None


def wants_transcript(platform: str, fmt: str, rng: random.Random) -> bool:
    if fmt == "livestream":
        return True
    p = {"video": {"youtube": 0.7, "facebook": 0.3, "tiktok": 0.4}.get(platform, 0.2), "short": 0.2}.get(fmt, 0.0)
    return rng.random() < p


def metrics(account: Account, fmt: str, n_comments: int, rng: random.Random) -> dict:
    lo, hi = REACH[account.platform]
    base = max(50, account.real_followers)
    if fmt == "livestream":
        lo, hi = 0.005, 0.08
    elif fmt in ("image", "text", "story"):
        lo, hi = lo * 0.5, hi * 0.5
    views = int(base * math.exp(rng.uniform(math.log(lo), math.log(hi)))) + rng.randint(20, 200)
    likes = int(views * rng.uniform(0.015, 0.09))
    comments = max(n_comments, int(likes * rng.uniform(0.01, 0.05)))
    shares = int(likes * rng.uniform(0.005, 0.12))
    return {"views": views, "likes": likes, "comments": comments, "shares": shares}


def product_records(rng: random.Random) -> list[dict]:
    """The product catalogue with ids and registration-like numbers."""
    data = bank("products")
    out = []
    for group in ("legal", "banned"):
        for item in data[group]:
            reg = item.get("reg")
            if reg:
                reg = "".join(str(rng.randint(0, 9)) if ch == "#" else ch for ch in reg)
            out.append({**item, "group": group, "reg": reg, "id": f"prd-{len(out) + 1:04d}"})
    return out
