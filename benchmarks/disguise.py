"""Disguised copies of comments, for measuring the comment models against filter dodging.

Spam and abuse in comment sections split contact words and insults with spaces or symbols and
write phone numbers in words ("z a l o", "l.i.n.k", "v*l", "không chín tám …"). ``disguise(text)``
rewrites every occurrence of a word of ``WORDS`` and every phone number of ``text`` in one such
way, chosen by a generator seeded with the text (the same text always gives the same copy); a
text without those words comes back unchanged. ``benchmarks/bench_models.py`` scores the spam
and toxicity sets as written and disguised.

The word list is written from how such comments are known to dodge filters — contact routes and
the betting and loan vocabulary of promotions, and common insults and profanity — not from the
evaluation sets.
"""

from __future__ import annotations

import random
import zlib

import regex

WORDS = (
    # contact routes and promotion vocabulary
    "zalo", "link", "bio", "inbox", "ib", "facebook", "fb", "tele", "telegram", "web", "website",
    "shopee", "tiktok", "kênh", "nhà cái", "cá độ", "cá cược", "tài xỉu", "vay", "vay tiền",
    "lãi suất", "việc làm", "sdt", "sđt", "số điện thoại", "kết bạn", "follow", "sub",
    # insults and profanity
    "vl", "vcl", "vãi", "vãi lồn", "đm", "dm", "đmm", "đéo", "địt", "lồn", "cặc", "đĩ", "ngu",
    "óc chó", "chó", "cc", "clgt", "khốn nạn", "súc vật", "mẹ mày", "đồ điên",
)
_WORD = regex.compile(r"(?<![\p{L}\p{N}])(?:" + "|".join(
    regex.escape(w) for w in sorted(WORDS, key=len, reverse=True)) + r")(?![\p{L}\p{N}])", regex.IGNORECASE)
_PHONE = regex.compile(r"(?<!\d)(?:0|\+?84)\d{9,10}(?!\d)")
_DIGIT_WORDS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_MASKS = ("*", "^")


def _letters(word: str, rng: random.Random) -> str:
    """One disguise of a word (each syllable separately)."""
    how = rng.choice(("spaced", "dotted", "masked"))
    if how == "spaced" and " " in word:
        how = "dotted"  # spaced letters would run the syllables together
    out = []
    for syllable in word.split():
        if how == "spaced":
            out.append(" ".join(syllable))
        elif how == "dotted":
            out.append(".".join(syllable))
        else:  # one inner letter (or a gap in a two-letter word) masked
            if len(syllable) >= 3:
                i = rng.randrange(1, len(syllable) - 1)
                out.append(syllable[:i] + rng.choice(_MASKS) + syllable[i + 1:])
            else:
                out.append(syllable[0] + "*" + syllable[1:])
    return " ".join(out)


def _number(digits: str, rng: random.Random) -> str:
    digits = digits.lstrip("+")
    how = rng.choice(("spaced", "dotted", "words"))
    if how == "words":
        return " ".join(_DIGIT_WORDS[int(d)] for d in digits)
    sep = " " if how == "spaced" else "."
    return sep.join(digits[i:i + 3] for i in range(0, len(digits), 3))


def disguise(text: str) -> str:
    """``text`` with its contact words, insults and phone numbers disguised (deterministic)."""
    rng = random.Random(zlib.crc32(text.encode("utf-8")))
    text = _PHONE.sub(lambda m: _number(m.group(), rng), text)
    return _WORD.sub(lambda m: _letters(m.group(), rng), text)
