"""Captions: several independent slots (opener, topic, story, pitch, claim, call to action,
disclosure, sign-off, hashtags) combined in varied order, then typed the way the creator types
(teencode, emojis, no diacritics). Violations are planted inside otherwise ordinary text and
reported as the detector ids they must trigger."""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass, field

from tinnhiem.sample.banks import (
    bank, fill, fmt_price, round_price, sentence, sprinkle_emojis, strip_diacritics, teencode,
)
from tinnhiem.sample.world import Creator

SUPPLEMENT = "health_supplement"
GOOD_DISCLOSURES = ("start", "affiliate", "flag")
_KINDS = (
    "kem chống nắng", "sữa rửa mặt", "sạc dự phòng", "dầu gội", "nồi chiên", "bàn phím", "tai nghe",
    "viên uống", "son kem", "serum", "men vi sinh", "vitamin", "trà", "nước mắm", "cà phê", "bỉm",
    "xe đẩy", "váy", "giày", "thảm tập", "thẻ tín dụng", "tài khoản tiết kiệm", "khóa học", "phân bón",
    "máy lọc không khí", "tay cầm", "bánh tráng", "kẹo", "cao đông trùng",
)
_SEPARATORS = (" ", " ", "\n", "\n\n", " ", " — ")


@dataclass
class PostText:
    caption: str
    kind: str = "clean"  # clean | ad | claim | banned
    disclosure: str = "none"  # start | affiliate | flag | none | weak | buried
    product: dict | None = None
    detectors: list[str] = field(default_factory=list)
    pitch: list[str] = field(default_factory=list)  # spoken again in transcripts
    claims: list[str] = field(default_factory=list)
    claim_by: dict[str, str] = field(default_factory=dict)  # detector id -> planted sentence
    disclaimer: bool = False
    slots: dict[str, str] = field(default_factory=dict)
    paid_flag: bool = False  # platform paid-partnership label (set for 'flag' and some others)
    conveys: bool = True  # points to a shop (link, cart, code, brand tag), not only "ib, giá sỉ"

    @property
    def commercial(self) -> bool:
        return self.kind != "clean"


def product_kind(name: str) -> str:
    low = name.lower()
    return next((k for k in _KINDS if low.startswith(k)), "sản phẩm")


def affiliate_link(rng: random.Random) -> str:
    al = string.ascii_letters + string.digits
    code = lambda n: "".join(rng.choice(al) for _ in range(n))  # noqa: E731
    return rng.choice([
        f"https://s.shopee.vn/{code(rng.choice([8, 9, 10]))}",
        f"https://shope.ee/{code(10)}",
        f"https://vt.tiktok.com/ZS{code(7)}/",
        f"https://s.lazada.vn/s.{code(5)}",
        f"https://go.isclix.com/deep_link/{rng.randint(10**18, 10**19 - 1)}/{rng.randint(10**17, 10**18 - 1)}",
        f"https://ti.ki/{code(6)}/{code(8).upper()}",
    ])


def brand_handle(brand: str) -> str:
    slug = re.sub(r"[^a-z0-9]", "", strip_diacritics(brand).lower())
    return f"{slug}.official" if len(slug) < 8 else f"{slug}.vn"


def _join(parts: list[str], rng: random.Random) -> str:
    sep = rng.choice(_SEPARATORS)
    return sep.join(p for p in parts if p)


def _typed(text: str, creator: Creator, rng: random.Random) -> str:
    text = teencode(text, rng, creator.teencode)
    return sprinkle_emojis(text, rng, creator.emoji_rate * 0.6)


def _hashtag_tail(tags: list[str]) -> str:
    return " ".join(f"#{t}" for t in tags)


def _niche_tags(creator: Creator, rng: random.Random, k: int) -> list[str]:
    pool = bank("niches")[creator.niche]["hashtags"]
    return rng.sample(pool, k=min(k, len(pool)))


def base_slots(creator: Creator, rng: random.Random, friend: str) -> dict[str, str]:
    people = bank("people")
    return {
        "place": rng.choice(people["ship_places"]), "friend": friend,
        "n": str(rng.randint(2, 12)), "viewer": friend,
    }


def _finish(text: str, creator: Creator, rng: random.Random, tags: list[str], force: bool = False,
            plain_rate: float | None = None) -> str:
    """Inline hashtags, casing habits and the no-diacritics keyboard."""
    if tags and (force or rng.random() < 0.75):
        text += rng.choice(["\n", " ", "\n\n"]) + _hashtag_tail(tags)
    if rng.random() < 0.08:
        text = text.lower()
    if rng.random() < (creator.plain_rate if plain_rate is None else plain_rate):
        text = strip_diacritics(text)
    return text.strip()


def clean_caption(creator: Creator, rng: random.Random, slots: dict[str, str]) -> PostText:
    """An ordinary post: no product, no link, no commercial intent."""
    nb, cb = bank("niches")[creator.niche], bank("captions")
    body = [fill(t, slots) for t in rng.sample(nb["topics"], k=rng.choice([1, 1, 2]))]
    if rng.random() < 0.45:
        body.insert(rng.randrange(len(body) + 1), fill(rng.choice(nb["stories"]), slots))
    if rng.random() < 0.3:
        body.append(rng.choice(cb["fillers"]))
    parts = [sentence(_typed(b, creator, rng)) for b in body]
    if rng.random() < 0.55:
        parts.insert(0, rng.choice(cb["openers"]) + rng.choice(["!", ",", " 😍", "...", " ơi", ""]))
    if rng.random() < 0.15:
        parts.append(f"Cùng @{slots['friend']} nha")
    if rng.random() < 0.6:
        parts.append(rng.choice(cb["signoffs"]))
    tags = _niche_tags(creator, rng, rng.randint(2, 6))
    return PostText(caption=_finish(_join(parts, rng), creator, rng, tags), slots=slots)


def ad_slots(creator: Creator, product: dict, rng: random.Random, slots: dict[str, str]) -> dict[str, str]:
    price = round_price(*product["price"], rng) if product["price"][1] else 0
    pct = rng.choice([10, 15, 20, 25, 30, 50])
    return {
        **slots, "product": product["name"], "brand": product["brand"] or "shop",
        "desc": product.get("desc", ""), "price": fmt_price(price, rng) if price else "0đ phí mở thẻ",
        "pct": str(pct), "code": f"{creator.code}{pct}", "link": affiliate_link(rng),
        "kind": product_kind(product["name"]),
    }


_PHYSICAL = ("ship", "bao bì", "mùi", "nặng", "đóng gói", "hộp", "mang theo", "xài ké", "xin một cái", "unbox")


def _fits(line: str, product: dict) -> bool:
    """Services (cards, savings accounts, courses) are not shipped, smelled or carried around."""
    service = product["category"] == "finance" or product["name"].startswith("Khóa Học")
    return not (service and any(w in line.lower() for w in _PHYSICAL))


def _pitch(product: dict, slots: dict[str, str], rng: random.Random, honest: bool) -> list[str]:
    cb = bank("captions")
    stories = [x for x in cb["ad_story"] if _fits(x, product)]
    caveats = [x for x in cb["honest_caveat"] if _fits(x, product)]
    if product["category"] == SUPPLEMENT:
        lines = [fill(rng.choice(cb["supplement_body"]), slots)]
    else:
        intros = [x for x in cb["product_intro"] if _fits(x, product)]
        lines = [fill(rng.choice(intros), slots), fill(rng.choice(cb["experience"]), slots)]
    if rng.random() < 0.45:
        lines.insert(rng.randint(1, len(lines)), fill(rng.choice(stories), slots))
    if honest and rng.random() < 0.6:
        lines.append(fill(rng.choice(caveats), slots))
    return lines


def _claims(wanted: list[str], slots: dict[str, str], rng: random.Random) -> dict[str, str]:
    """Detector id -> the claim sentence planted for it."""
    cb = bank("captions")
    bank_of = {"absolute_superlative": "superlatives", "health_cure_claim": "cure_claims",
               "equivalence_claim": "equivalence_claims"}
    return {w: fill(rng.choice(cb[bank_of[w]]), slots) for w in wanted if w in bank_of}


def commercial_caption(
    creator: Creator, rng: random.Random, slots: dict[str, str], product: dict, *,
    kind: str, disclosure: str, claims: list[str] | None = None, disclaimer: bool = True,
) -> PostText:
    """An ad (kind 'ad'), an ad with illegal claims ('claim') or a banned product ('banned')."""
    cb = bank("captions")
    s = ad_slots(creator, product, rng, slots)
    claim_by = _claims(claims or [], s, rng)
    claim_lines = list(claim_by.values())
    if kind == "banned":
        pitch = [fill(x, s) for x in rng.sample(cb["banned_pitch"][product["theme"]], k=2)]
        ctas = [fill(rng.choice(cb["banned_cta"]), s)]
        if rng.random() < 0.5:
            ctas.insert(rng.randint(0, 1), fill(rng.choice(cb["banned_cta_extra"]), s))
    else:
        pitch = _pitch(product, s, rng, honest=kind == "ad")
        picked = rng.sample(cb["cta"], k=rng.choice([1, 1, 2]))
        if len(picked) == 2 and all("{link}" in x for x in picked):
            picked.pop()
        ctas = [fill(x, s) for x in picked]
    body = [sentence(_typed(p, creator, rng)) for p in pitch]
    for line in claim_lines:  # claims sit inside the pitch, never as a detachable last line
        body.insert(rng.randint(1, len(body)), sentence(line))
    body += [sentence(teencode(c, rng, creator.teencode)) for c in ctas]
    has_disclaimer = product["category"] == SUPPLEMENT and disclaimer
    if has_disclaimer:
        body.append(cb["supplement_disclaimer"])
    parts = body[:]
    if rng.random() < 0.4:
        parts.insert(0, rng.choice(cb["openers"]) + rng.choice(["!", ",", " 🔥", "..."]))
    tagged = rng.random() < 0.35 and product["brand"] and kind != "banned"
    if tagged:
        parts.append(f"@{brand_handle(product['brand'])}")
    conveys = bool(tagged) or disclosure in ("affiliate", "flag") or any(
        cue in c.lower() for c in ctas for cue in _CONVEYING_CUES)
    if rng.random() < 0.5:
        parts.append(rng.choice(cb["signoffs"]))
    text = _join(parts, rng)
    tags = _niche_tags(creator, rng, rng.randint(2, 5))
    text, tags = _disclose(text, tags, disclosure, s, rng)
    plain = max(creator.plain_rate, 0.3) if kind != "ad" else None  # violations also come unaccented
    caption = _finish(text, creator, rng, tags, force=disclosure == "buried", plain_rate=plain)
    if disclosure == "buried":
        caption = _ensure_buried(caption, rng)
    post = PostText(caption=caption, kind=kind, disclosure=disclosure, product=product,
                    pitch=pitch + ctas, claims=claim_lines, claim_by=claim_by, disclaimer=has_disclaimer, slots=s,
                    paid_flag=disclosure == "flag", conveys=conveys)
    post.detectors = planted_detectors(post, claims or [])
    return post


def _disclose(text: str, tags: list[str], mode: str, s: dict[str, str], rng: random.Random) -> tuple[str, list[str]]:
    cb = bank("captions")
    if mode == "start":
        return fill(rng.choice(cb["disclosure_start"]), s) + text, tags
    if mode == "affiliate":
        if s["link"] not in text:
            text += f" Link: {s['link']}"
        return fill(rng.choice(cb["disclosure_affiliate"]), s) + text, tags
    if mode == "weak":
        marker = fill(rng.choice(cb["weak_markers"]), s)
        return (f"{marker} {text}" if rng.random() < 0.4 else f"{text} {marker}"), tags
    if mode == "buried":
        block = rng.sample(cb["long_hashtags"], k=rng.randint(7, 12))
        late = rng.choice(cb["late_disclosures"]).lstrip("#")
        return text, tags + block + [late]
    return text, tags


def _ensure_buried(caption: str, rng: random.Random) -> str:
    """The late disclosure must sit after the first 125 characters (hidden behind 'xem thêm')."""
    head, late = caption.rsplit("#", 1)
    extra = [t for t in bank("captions")["long_hashtags"] if f"#{t} " not in head + " "]
    while len(head) <= 150 and extra:
        head += f"#{extra.pop(rng.randrange(len(extra)))} "
    return f"{head}#{late}"


# a call to buy that points to a shop (link, cart, code): the post conveys a product for someone
_CONVEYING_CUES = ("link", "giỏ", "mã", "code", "http", "://")


def planted_detectors(post: PostText, claims: list[str]) -> list[str]:
    out: list[str] = []
    # undisclosed: an ad with no disclosure that conveys a product (a shop selling its own goods
    # — "ib giá sỉ" — is commercial but not a hidden sponsorship), or one with a weak/buried marker
    if post.commercial and post.disclosure not in GOOD_DISCLOSURES and (
            post.conveys or post.disclosure in ("weak", "buried")):
        out.append("undisclosed_ad")
    out += [c for c in claims if c in ("absolute_superlative", "health_cure_claim", "equivalence_claim")]
    if post.product and post.product["category"] == SUPPLEMENT and not post.disclaimer:
        out.append("missing_supplement_disclaimer")
    if post.kind == "banned":
        out.append("banned_product")
    return out
