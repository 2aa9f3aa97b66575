"""Collaboration declarations, complaint records and the ground-truth entries for posts."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any

from tinnhiem.sample.banks import bank, fill
from tinnhiem.sample.captions import GOOD_DISCLOSURES
from tinnhiem.sample.world import Creator

VN = timezone(timedelta(hours=7))
_AFFILIATE_HOSTS = ("s.shopee.vn", "shope.ee", "vt.tiktok.com", "s.lazada.vn", "go.isclix.com", "ti.ki")
_DISCLOSURE_NOTES = {
    "none": "commercial post (link/code/basket/price) with no disclosure at all",
    "weak": "only an ambiguous tag (#sp/#collab/thanks), no clear disclosure",
    "buried": "disclosure only at the end of a long hashtag block, after the first 125 characters",
}
_BEHAVIOUR_OF = {
    "absolute_superlative": "illegal_claims", "health_cure_claim": "illegal_claims",
    "equivalence_claim": "illegal_claims", "missing_supplement_disclaimer": "illegal_claims",
    "banned_product": "banned_products",
}


def _undisclosed_behaviour(creator: Creator, post_kind: str) -> str:
    if "undisclosed_ads" in creator.behaviours:
        return "undisclosed_ads"
    return {"banned": "banned_products", "claim": "illegal_claims"}.get(post_kind, creator.behaviours[0])


def planted_for_post(post: Any, collab_of: dict[str, tuple[str, str]]) -> list[dict]:
    """One entry per detector the post must trigger."""
    text, creator = post.text, post.creator
    out = []
    for det in text.detectors:
        if det == "undisclosed_ad":
            behaviour = _undisclosed_behaviour(creator, text.kind)
            note = _DISCLOSURE_NOTES.get(text.disclosure, "no disclosure")
            if post.fmt == "livestream":
                note += "; livestream selling without a spoken disclosure"
            if post.key in collab_of and collab_of[post.key][1] == "brand":
                note += f"; covered by collaboration {collab_of[post.key][0]} declared by the brand"
        else:
            behaviour = _BEHAVIOUR_OF[det]
            if det == "banned_product":
                note = f"{text.product['category']}: {text.product['name']}"
            elif det == "missing_supplement_disclaimer":
                note = f"supplement ad for {text.product['name']} without the mandatory sentence"
            else:
                note = text.claim_by.get(det, "")[:160]
        out.append({"influencer": creator.id, "behaviour": behaviour, "subject": post.key,
                    "subject_kind": "post", "expected_detector": det, "note": note})
    return out


def _compensation(group: list[Any], rng: random.Random) -> str:
    if any(p.text.disclosure == "affiliate" or any(h in p.text.caption for h in _AFFILIATE_HOSTS) for p in group):
        return "affiliate"
    return "paid" if rng.random() < 0.7 else "gifted"


def collaborations(creator: Creator, posts: list[Any], rng: random.Random, start: int) -> tuple[list[dict], dict[str, tuple[str, str]]]:
    """Declarations by brands or creators; hidden ads are often declared by the brand only."""
    groups: dict[str, list[Any]] = {}
    for p in posts:
        if p.text.kind in ("ad", "claim") and p.text.product and p.text.product.get("brand"):
            groups.setdefault(p.text.product["brand"], []).append(p)
    out: list[dict] = []
    covers: dict[str, tuple[str, str]] = {}
    brand_declared_bad = False
    for brand, group in sorted(groups.items(), key=lambda kv: kv[1][0].published):
        bad = any(p.text.disclosure not in GOOD_DISCLOSURES for p in group)
        if bad and "undisclosed_ads" in creator.behaviours and not brand_declared_bad:
            declared_by, brand_declared_bad = "brand", True
        elif rng.random() < (0.4 if bad else 0.8):
            declared_by = "brand" if bad or rng.random() < 0.4 else "creator"
        else:
            continue
        cid = f"col-{start + len(out) + 1:04d}"
        first, last = group[0].published.date(), group[-1].published.date()
        product_id = Counter(p.text.product["id"] for p in group).most_common(1)[0][0]
        out.append({
            "kind": "collaboration", "id": cid, "influencer_id": creator.id, "brand": brand,
            "product_id": product_id, "declared_by": declared_by, "compensation": _compensation(group, rng),
            "start_on": (first - timedelta(days=rng.randint(1, 10))).isoformat(),
            "end_on": None if rng.random() < 0.2 else (last + timedelta(days=rng.randint(7, 30))).isoformat(),
            "posts": [p.ref for p in group],
        })
        for p in group:
            covers[p.key] = (cid, declared_by)
    return out, covers


def _complaint(creator: Creator, post: Any, category: str, status: str, rng: random.Random, cid: str) -> dict:
    texts = bank("speech")["complaint_texts"][category]
    product = post.text.product["name"] if post is not None and post.text.product else "sản phẩm"
    base = post.published if post is not None else datetime(2026, 7, 1, 9, 0, tzinfo=VN)
    filed = base + timedelta(days=rng.randint(1, 25), hours=rng.randint(0, 12))
    cap = datetime(2026, 10, 31, 20, 0, tzinfo=base.tzinfo)
    return {
        "kind": "complaint", "id": cid, "influencer_id": creator.id, "post": post.ref if post is not None else None,
        "filed_at": min(filed, cap).isoformat(), "category": category,
        "text": fill(rng.choice(texts), {"product": product}), "status": status,
    }


def complaints(creator: Creator, posts: list[Any], rng: random.Random, start: int) -> tuple[list[dict], list[dict]]:
    """Angry audiences file substantiated complaints; honest creators get none or a dismissed one."""
    b = creator.behaviours
    commercial = [p for p in posts if p.text.commercial] or posts
    plan: list[tuple[str, str, Any]] = []
    if "angry_audience" in b:
        for _ in range(rng.randint(3, 6)):
            plan.append((rng.choice(["product_harm", "counterfeit", "no_refund", "misleading_claim"]),
                         "substantiated", rng.choice(commercial)))
        plan += [("no_refund", "received", rng.choice(commercial)) for _ in range(rng.randint(0, 2))]
    if b == ["honest"] and rng.random() < 0.3:
        plan.append((rng.choice(["other", "misleading_claim", "offensive"]), "dismissed", rng.choice(posts)))
    extra = {"undisclosed_ads": "undisclosed_ad", "illegal_claims": "misleading_claim",
             "banned_products": "other", "bought_followers": "fake_engagement"}
    for behaviour, category in extra.items():
        if behaviour in b and "angry_audience" not in b and rng.random() < 0.35:
            post = None if category == "fake_engagement" else rng.choice(commercial)
            plan.append((category, "received", post))
    records, planted = [], []
    for category, status, post in plan:
        cid = f"cmp-{start + len(records) + 1:04d}"
        records.append(_complaint(creator, post, category, status, rng, cid))
        if status == "substantiated":
            planted.append({"influencer": creator.id, "behaviour": "angry_audience", "subject": creator.id,
                            "subject_kind": "influencer", "expected_detector": "complaint_record",
                            "note": f"substantiated complaint {cid} ({category})"})
    return records, planted
