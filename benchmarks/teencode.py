"""Teencode copies of comments, for measuring the comment models on how many viewers type.

Issue #4 asks that text with teencode work nearly as well as clean text, and that this be
measured. ``teencode(text)`` rewrites a text the way teencode writers type it:

* common words and phrases abbreviated or respelled ("không" → "ko"/"hok"/"khum", "được" →
  "đc", "gì" → "j", "vậy" → "z", "rồi" → "r", "yêu" → "iu", "mọi người" → "mn");
* letters swapped by sound in about a third of the other words ("ph" → "f", "qu" → "w",
  "gi" → "j", "v" → "z", a final "ch" → "k": "phải" → "fải", "giá" → "já", "sạch" → "sạk");
* in a quarter of the texts, the last word of one sentence stretched for emphasis ("đẹp quá!"
  → "đẹp wáaa!").

The output is lower-case. The choices are drawn by a generator seeded with the text, so the same
text always gives the same copy. The word list is written from how Vietnamese teencode is
commonly typed, not from the evaluation sets. It is deliberately NOT the inverse of
``tinnhiem.text.TEENCODE``, the featuriser's expansion table: about half of its spellings are
outside that table (``outside_table()`` lists them), so the column measures how the models cope
with teencode, not only whether the table covers it.
"""

from __future__ import annotations

import random
import zlib

import regex

# word or phrase → its teencode spellings (one is drawn per occurrence)
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "không": ("ko", "k", "hông", "khum", "hok", "kh", "hem"),
    "được": ("đc", "dc", "đk", "dk"),
    "gì": ("j", "ji"),
    "vậy": ("z", "v", "zậy", "dị"),
    "rồi": ("r", "ròi", "rùi"),
    "với": ("vs", "zới"),
    "biết": ("bít", "bik", "bjk"),
    "quá": ("wá", "qá", "quớ"),
    "luôn": ("lun",),
    "thôi": ("thui",),
    "nhiều": ("nhìu", "nhiu"),
    "muốn": ("mún",),
    "cũng": ("cx", "cg", "cũm"),
    "người": ("ng", "ngừi"),
    "mọi người": ("mn", "mng", "mọi ng"),
    "mình": ("mk", "mik", "mềnh"),
    "yêu": ("iu", "êu"),
    "em": ("e",),
    "anh": ("a",),
    "chị": ("c",),
    "bạn": ("bn", "pạn"),
    "chưa": ("chx", "chưaa"),
    "trước": ("trc",),
    "thích": ("thik", "thix"),
    "vui": ("zui",),
    "vào": ("zô", "dô", "vô"),
    "giờ": ("h", "jờ"),
    "bây giờ": ("bh", "bjo", "bi h"),
    "ơi": ("ơii", "ui"),
    "nhé": ("nhaa", "nhe", "nhoa"),
    "đi": ("đii", "ik"),
    "làm": ("lm",),
    "nói": ("ns",),
    "sản phẩm": ("sp", "sản fẩm"),
    "cảm ơn": ("cám ơn", "tks", "camon", "thanks"),
    "thật": ("thiệt", "thậc"),
    "chồng": ("ck",),
    "vợ": ("vk",),
    "dễ thương": ("dth", "dễ thw", "cute"),
    "bình thường": ("bt", "bth"),
    "nhắn tin": ("nt", "ib"),
    "số điện thoại": ("sđt", "sdt"),
    "hôm nay": ("hnay", "hum nay"),
    "hôm qua": ("hqua", "hum qua"),
    "như thế nào": ("ntn",),
    "tại sao": ("tsao", "sao z"),
    "ok": ("oke", "okie", "oki"),
    "facebook": ("fb", "phây"),
}
SOUND_SWAPS = 0.35  # share of the remaining words whose letters are swapped by sound
STRETCH = 0.25  # share of texts with one sentence-final word stretched

_PHRASE = regex.compile(r"(?<![\p{L}\p{N}])(?:" + "|".join(
    regex.escape(w) for w in sorted(ABBREVIATIONS, key=len, reverse=True)) + r")(?![\p{L}\p{N}])")
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_SENTENCE_END = regex.compile(r"(?<=\p{L})(?=\s*(?:[.!?]|$))")
_SWAPS = (  # (syllable start or end, from, to)
    ("start", "ph", "f"), ("start", "qu", "w"), ("start", "gi", "j"), ("start", "v", "z"),
    ("end", "ch", "k"),
)


def _respelled(word: str, rng: random.Random) -> str:
    """One sound swap that applies to ``word`` (or the word itself)."""
    options = [(where, a, b) for where, a, b in _SWAPS
               if (word.startswith(a) if where == "start" else word.endswith(a))]
    if not options:
        return word
    where, a, b = rng.choice(options)
    return b + word[len(a):] if where == "start" else word[:-len(a)] + b


def teencode(text: str) -> str:
    """``text`` as a teencode writer would type it (lower-case, deterministic)."""
    rng = random.Random(zlib.crc32(text.encode("utf-8")))
    low = text.lower()
    low = _PHRASE.sub(lambda m: "\0" + rng.choice(ABBREVIATIONS[m.group()]) + "\0", low)

    def word(m: regex.Match) -> str:
        w = m.group()
        return _respelled(w, rng) if rng.random() < SOUND_SWAPS else w

    # words already abbreviated sit between NUL marks and are left alone
    parts = low.split("\0")
    out = "".join(p if i % 2 else _WORD.sub(word, p) for i, p in enumerate(parts))
    ends = [m.start() for m in _SENTENCE_END.finditer(out)]
    if ends and rng.random() < STRETCH:
        at = rng.choice(ends)
        out = out[:at] + out[at - 1] * 2 + out[at:]
    return out


def outside_table() -> list[str]:
    """The teencode spellings written here that the featuriser's own table does not expand."""
    from tinnhiem.text import TEENCODE

    return sorted({s for spellings in ABBREVIATIONS.values() for s in spellings} - set(TEENCODE))
