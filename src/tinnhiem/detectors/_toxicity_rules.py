"""Profanity and slurs: the rules beside ``comment_toxicity``'s model.

ViHSD's annotators often left casual profanity clean ("hay vl", "đẹp vãi"); the project's labels
follow ViHSD's written definitions, under which swear words and vulgar intensifiers are
OFFENSIVE even in praise, and slurs or contempt for a group are HATE. On comments written for
creators' comment sections the model called a third of the offensive and hate comments clean,
most of them with a swear word or a slur it did not weigh. So ``comment_toxicity`` also reads:

* ``PROFANITY``: swear words, vulgar intensifiers and their abbreviations ("vl", "vkl", "đm",
  "dcm", "vờ lờ", "loz"; "v*l" and "đ.m" through the unmasked text) — a clean label becomes
  OFFENSIVE;
* ``SLURS``: slurs and contempt for a group or a person for who they are ("bắc kỳ", "parky",
  "pê đê", "thiểu năng", "súc vật", "não tôm") — a clean or offensive label becomes HATE.

The ``*_EXACT`` lists are words that, written without diacritics, are ordinary words ("cặc" /
"các", "lồn" / "lon", "đụ" / "du", "vãi" / "vai", "đồ chó" / "đồ cho"): they count only as typed
with their diacritics (whole words of the lower-cased text). The other lists are phrase patterns
(diacritic-checked), searched behind a Hyperscan gate (``_phrase_gate``).
"""

from __future__ import annotations

import re

from tinnhiem import text as T
from tinnhiem._textscan import two_level_cache
from tinnhiem.detectors._phrase_gate import PhraseGate

PROFANITY = ("vl", "vcl", "vkl", "vờ lờ", "vờ cờ lờ", "vãi lồn", "vãi l", "vãi nồi", "vãi loz", "vãi chưởng",
             "đm", "dm", "đcm", "dcm", "đmm", "dmm", "clm", "cmm", "loz", "xàm l", "xàm lol", "óc chó",
             "đê mờ", "cười ỉa")
PROFANITY_EXACT = ("đĩ", "đụ", "đéo", "đếch", "đệch", "cứt", "ỉa", "lồn", "buồi", "cặc", "địt", "đụ má",
                   "đù má", "vãi")
# slurs and contemptuous insults; "thiểu năng" (also a plain word for a disability) only as an
# insult ("bọn", "lũ", "đồ", "thằng" … before it)
_WHO = ("bọn", "lũ", "đám", "đồ", "thằng", "con", "dân", "mấy đứa", "đứa", "như")
SLURS = ("bắc kỳ", "nam kỳ", "parky", "pê đê", "não tôm", "óc lợn", "óc trâu", "câm mồm", "ngu như bò",
         "ngu như lợn", "đồ rẻ rách", "xăng pha nhớt", "mặt dày", "mất dạy", "súc vật", "thất học",
         *(f"{who} thiểu năng" for who in _WHO))
# the plain uses of the same words (history, geography, farming, charity): a slur span inside one
# of these does not count
NOT_SLURS = ("nam kỳ khởi nghĩa", "nam kỳ lục tỉnh", "xứ nam kỳ", "xứ bắc kỳ", "bắc kỳ thời", "nam kỳ thời",
             "nuôi súc vật", "chăn nuôi súc vật", "trẻ em thất học", "trẻ thất học", "các em thất học",
             "bị thất học")
SLURS_EXACT = ("tàu khựa", "khựa", "bê đê", "mọi rợ", "đồ chó", "chó má", "thằng ngu", "con ngu", "đồ ngu",
               "đồ mất dạy")
# "vãi" scatters seed and litter too ("vãi lúa", "rơi vãi", "vương vãi"): not an intensifier there
_VAI = r"(?<!rơi )(?<!vương )(?<!gieo )(?<!rắc )vãi(?! (?:lúa|thóc|phân|giống|hạt|mạ|ngô))"

_OFFENSIVE, _HATE = 0, 1
_GATE = PhraseGate({_OFFENSIVE: PROFANITY, _HATE: SLURS})
_PATTERNS = {_OFFENSIVE: T.compile_phrases(PROFANITY), _HATE: T.compile_phrases(SLURS)}
_NOT_SLURS = T.compile_phrases(NOT_SLURS)


def _exact(words) -> re.Pattern:
    # (stdlib ``re``: a literal alternation between word boundaries, linear)
    alternation = "|".join(_VAI if w == "vãi" else re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + alternation + r")(?!\w)")


_EXACT = {_OFFENSIVE: _exact(PROFANITY_EXACT), _HATE: _exact(SLURS_EXACT)}
_EXACT_GATE = PhraseGate({_OFFENSIVE: PROFANITY_EXACT, _HATE: SLURS_EXACT}, literal=True)


def _spans(group: int, renderings, low: str, exact: frozenset[int]) -> list[tuple[int, int]]:
    views = [v for v, groups in renderings if group in groups]
    spans = T.search_views(_PATTERNS[group], views) if views else []
    if spans and group == _HATE:
        plain = T.search_views(_NOT_SLURS, [v for v, _ in renderings])
        spans = [s for s in spans if not any(p[0] <= s[0] and s[1] <= p[1] for p in plain)]
    return spans + ([m.span() for m in _EXACT[group].finditer(low)] if group in exact else [])


@two_level_cache(short_entries=65_536)
def toxicity_rule(text: str) -> tuple[str, tuple[tuple[int, int], ...]] | None:
    """``("hate" | "offensive", spans)`` — slurs first — of the words that make ``text`` hateful
    or offensive, or ``None`` (cached: the detector asks for labels, then for findings)."""
    if not text:
        return None
    renderings, low = _GATE.renderings(text), T.lower_once(text)  # (1:1: the offsets are the text's)
    exact = _EXACT_GATE.groups(low)
    if not renderings and not exact:
        return None  # (the common case)
    for label, group in (("hate", _HATE), ("offensive", _OFFENSIVE)):
        spans = _spans(group, renderings, low, exact)
        if spans:
            return label, tuple(T.merge_spans(spans))
    return None


def adjusted(label: str, text: str) -> str:
    """The model's ``label`` for ``text`` after the rules: never lowered, raised to what they read."""
    rule = toxicity_rule(text)
    if rule is None or label == "hate" or rule[0] == label:
        return label
    return rule[0]
