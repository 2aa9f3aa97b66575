"""The text reads like Vietnamese social media rather than one template with a word swapped."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

NEAR_MISS = re.compile(r"(ít|thống|đồng|hợp|thứ|duy) nhất|nhất (quán|trí|là|định)")
TEENCODE = re.compile(r"(?<!\w)(ko|k|dc|đc|j|vs|mn|sp|ib|r|bt|hông|khum|rùi)(?!\w)")
ENGLISH = re.compile(r"(?i)\b(review|unbox|skincare|outfit|deal|routine|setup|vlog|freeship|sale|link)\b")
PRICE = re.compile(r"\b\d+k\b|\d{1,3}(\.\d{3})+ ?(đ|đồng|VNĐ|d|dong|VND)|\b\d+tr\d*\b")
EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF]")


def _plain(text: str) -> bool:
    decomposed = unicodedata.normalize("NFD", text)
    return not any(unicodedata.category(ch) == "Mn" for ch in decomposed) and "đ" not in text.lower()


def test_captions_are_varied(records: dict) -> None:
    captions = [p["caption"] for p in records["03-posts.jsonl"]]
    counts = Counter(captions)
    assert len(counts) / len(captions) >= 0.95
    assert counts.most_common(1)[0][1] <= 2
    # no sentence skeleton dominates: first 40 characters are diverse too
    heads = Counter(c[:40] for c in captions)
    assert heads.most_common(1)[0][1] <= 15
    assert 120 <= sum(map(len, captions)) / len(captions) <= 450


def test_captions_mix_registers(records: dict) -> None:
    captions = [p["caption"] for p in records["03-posts.jsonl"]]
    n = len(captions)
    assert sum(map(_plain, captions)) / n >= 0.15
    assert sum(bool(TEENCODE.search(c)) for c in captions) / n >= 0.15
    assert sum(bool(ENGLISH.search(c)) for c in captions) / n >= 0.15
    assert sum(bool(PRICE.search(c)) for c in captions) / n >= 0.05
    assert sum(bool(EMOJI.search(c)) for c in captions) / n >= 0.3
    assert sum("#" in c for c in captions) / n >= 0.5


def test_comments_look_like_comment_sections(records: dict) -> None:
    texts = [c["text"] for c in records["04-comments.jsonl"]]
    n = len(texts)
    assert len(set(texts)) / n >= 0.4
    assert sum(map(_plain, texts)) / n >= 0.15
    assert sum("@" in t for t in texts) / n >= 0.04
    assert sum(bool(EMOJI.search(t)) for t in texts) / n >= 0.2
    assert sum(bool(TEENCODE.search(t)) for t in texts) / n >= 0.1
    assert any(re.search(r"giá bao nhiêu|gia bao nhieu", t) for t in texts)
    assert any(re.search(r"ship về .+ (không|ko|hông)", t) for t in texts)
    assert sum(c["parent_id"] is not None for c in records["04-comments.jsonl"]) >= 300


def test_honest_text_uses_near_misses_not_superlatives(records: dict, truth: dict) -> None:
    honest = {k for k, v in truth["creators"].items() if v["behaviours"] == ["honest"]}
    owner = {(r["platform"], r["platform_id"]): r["influencer_id"] for r in records["01-influencers.jsonl"]
             if r["kind"] == "account"}
    near = 0
    for p in records["03-posts.jsonl"]:
        if owner[(p["account"]["platform"], p["account"]["platform_id"])] not in honest:
            continue
        text = p["caption"].lower() + " " + " ".join(s["text"].lower() for s in p["transcript"] or [])
        near += bool(NEAR_MISS.search(text))
        assert "nhất" not in NEAR_MISS.sub("", text), p["caption"]
    assert near >= 5


def test_livestreams_sound_like_live_selling(records: dict) -> None:
    spoken = " ".join(s["text"].lower() for p in records["03-posts.jsonl"] if p["format"] == "livestream"
                      for s in p["transcript"])
    for phrase in ("mấy bà", "chốt đơn", "suất", "giỏ hàng", "mới vào live"):
        assert phrase in spoken, phrase
