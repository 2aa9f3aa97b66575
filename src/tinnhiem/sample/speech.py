"""Spoken transcripts (livestream selling, longer videos) and comment sections."""

from __future__ import annotations

import random
from dataclasses import dataclass

from tinnhiem.sample.banks import bank, fill, strip_diacritics, teencode
from tinnhiem.sample.captions import GOOD_DISCLOSURES, PostText
from tinnhiem.sample.world import Creator

# ---------------------------------------------------------------------------- people


def commenter(platform: str, rng: random.Random) -> str:
    """A commenter's handle as the platform shows it."""
    p = bank("people")
    first, last = rng.choice(p["commenter_first"]), rng.choice(p["commenter_last"])
    if platform == "tiktok" and rng.random() < 0.25:
        return f"user{rng.randint(10**9, 10**10 - 1)}"
    if platform == "youtube":
        return f"@{first}{last}-{rng.randint(1000, 9999)}"
    if platform == "facebook" and rng.random() < 0.6:
        given = [g for g in p["given_f"] + p["given_m"] if strip_diacritics(g).lower() == first]
        family = next((f for f in p["families"] if strip_diacritics(f).lower() == last), "Nguyễn")
        return f"{family} {given[0] if given else first.title()}"
    style = rng.randrange(4)
    word = rng.choice(p["commenter_words"])
    return [f"{first}.{last}", f"{first}_{word}", f"{last}{first}{rng.randint(1, 2009)}", f"{word}.{first}"][style]


def friend_handle(rng: random.Random) -> str:
    p = bank("people")
    first, last = rng.choice(p["commenter_first"]), rng.choice(p["commenter_last"])
    return rng.choice([f"{first}.{last}", f"{first}{last}", f"{first}_{rng.choice(p['commenter_words'])}"])


# ---------------------------------------------------------------------------- transcripts


def _spoken(text: str, rng: random.Random, lower: bool) -> str:
    text = text.replace("\n", " ").strip()
    return text.lower() if lower else text


def _live_line(post: PostText, creator: Creator, slots: dict[str, str], rng: random.Random) -> str:
    live, r = bank("speech")["live"], rng.random()
    if post.commercial and r < 0.5:
        selling = [fill(x, {**slots, "n": str(rng.randint(2, 12))}) for x in live["selling"]]
        return rng.choice(selling + post.pitch)
    if r < 0.8:
        return fill(rng.choice(live["chatter"]), {**slots, "viewer": friend_handle(rng)})
    return fill(rng.choice(bank("niches")[creator.niche]["topics"]), slots)


def _video_line(post: PostText, creator: Creator, slots: dict[str, str], rng: random.Random) -> str:
    niche, r = bank("niches")[creator.niche], rng.random()
    if post.commercial and r < 0.35:
        return rng.choice(post.pitch)
    if r < 0.7:
        return fill(rng.choice(niche["topics"] + niche["stories"]), slots)
    return rng.choice(bank("speech")["video"]["filler"])


def transcript(post: PostText, creator: Creator, fmt: str, duration: float, rng: random.Random) -> list[dict]:
    """Segments ``{start, end, text}``: livestreams every 30-60 s, videos every few seconds.

    Honest commercial content says the disclosure in the first segments and, in livestreams,
    again every 8-12 minutes; claims and the supplement sentence (when present) are spoken too."""
    sp, live = bank("speech"), fmt == "livestream"
    slots = {**post.slots, "viewer": friend_handle(rng)}
    disclose = [fill(x, slots) for x in sp["live"]["honest_disclosure"]]
    disclosed = post.commercial and post.disclosure in GOOD_DISCLOSURES
    script = [rng.choice(sp["live"]["hello"] if live else sp["video"]["intro"])]
    script += [rng.choice(disclose)] if disclosed else []
    script += post.claims + ([bank("captions")["supplement_disclaimer"]] if post.disclaimer else [])
    closing = rng.choice(sp["live"]["bye"] if live else sp["video"]["outro"])
    step_lo, step_hi = (30.0, 60.0) if live else (max(3.0, duration / 90), max(6.0, duration / 45))
    line = _live_line if live else _video_line
    lower = rng.random() < 0.5
    segments: list[dict] = []
    t, last_disclosure = 0.0, 0.0
    while t < duration - 1:
        step = min(rng.uniform(step_lo, step_hi), duration - t)
        if script:
            text = script.pop(0)
        elif live and disclosed and t - last_disclosure > rng.uniform(480, 720):
            text, last_disclosure = rng.choice(disclose), t
        elif live and post.claims and rng.random() < 0.05:
            text = rng.choice(post.claims)
        else:
            text = line(post, creator, slots, rng)
            if live and rng.random() < 0.5:
                text = text.rstrip(".!? ") + ". " + line(post, creator, slots, rng)
        segments.append({"start": round(t, 1), "end": round(t + step, 1), "text": _spoken(text, rng, lower)})
        t += step
    if segments:
        segments[-1]["text"] = segments[-1]["text"].rstrip(".!? ") + ". " + _spoken(closing, rng, lower)
    return segments


# ---------------------------------------------------------------------------- comments


@dataclass
class CommentDraft:
    text: str
    author: str
    complaint: bool = False
    reply_to: int | None = None  # index of the parent draft


_PREFIXES = ("", "", "", "", "chị ơi ", "c ơi ", "anh ơi ", "a ơi ", "ad ơi ", "bạn ơi ", "trời ơi ", "ủa ")


def _weights(creator: Creator, post: PostText, rng: random.Random) -> dict[str, float]:
    w = {"praise": 0.28, "reaction": 0.22, "questions": 0.12, "tags": 0.1, "jokes": 0.1, "mild": 0.04, "reply": 0.06}
    if post.commercial:
        w["questions"] = 0.24
    if "angry_audience" in creator.behaviours and (post.commercial or rng.random() < 0.35):
        w["complaints"] = 0.9
    if "bought_followers" in creator.behaviours:
        w["bot"] = 0.7
    return w


def _plain_comment(kind: str, creator: Creator, rng: random.Random, slots: dict[str, str], commercial: bool) -> str:
    banks = bank("speech")["comments"]
    if kind == "reaction":
        text = fill(rng.choice(bank("niches")[creator.niche]["reactions"]), slots)
    else:
        text = fill(rng.choice(banks[kind]), slots)
    if kind in ("praise", "reaction", "questions") and rng.random() < 0.2:
        other = rng.choice(banks["praise"] if kind == "questions" else banks["questions"])
        text = f"{text}, {fill(other, slots)}"
    if kind in ("praise", "reaction", "questions", "mild"):
        text = rng.choice(_PREFIXES + (("shop ơi ", "shop ơi ") if commercial else ())) + text
    return text


def comment_section(creator: Creator, post: PostText, n: int, rng: random.Random, platform: str) -> list[CommentDraft]:
    banks = bank("speech")["comments"]
    emojis = bank("captions")["emojis"]
    weights = _weights(creator, post, rng)
    drafts: list[CommentDraft] = []
    for _ in range(n):
        kind = rng.choices(list(weights), list(weights.values()))[0]
        slots = {"friend": friend_handle(rng), "place": rng.choice(bank("people")["ship_places"])}
        if kind == "reply" and drafts:
            parent = rng.randrange(len(drafts))
            text = rng.choice(banks["replies_shop"] if post.commercial and rng.random() < 0.6 else banks["replies"])
            drafts.append(CommentDraft(text, creator.accounts[0].handle, reply_to=parent))
            continue
        if kind == "reply":
            kind = "praise"
        if kind == "complaints":
            text = rng.choice(banks["complaints"])
            if rng.random() < 0.3:
                text = rng.choice(["mn ơi ", "chị ơi ", "@" + slots["friend"] + " đừng mua nha, ", "nói thật "]) + text
            if rng.random() < 0.25:
                text = strip_diacritics(text)
            drafts.append(CommentDraft(text + (" 😡" if rng.random() < 0.3 else ""), commenter(platform, rng), True))
            continue
        text = _plain_comment(kind, creator, rng, slots, post.commercial)
        text = teencode(text, rng, 0.3)
        if rng.random() < 0.35:
            text += " " + rng.choice(emojis) * rng.choice([1, 1, 2, 3])
        if rng.random() < 0.25:
            text = strip_diacritics(text)
        drafts.append(CommentDraft(text, commenter(platform, rng)))
    return drafts
