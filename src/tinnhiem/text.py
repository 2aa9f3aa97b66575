"""Vietnamese text layer: NFC, one-to-one folding, teencode expansion, phrase patterns.

The offsets contract (see ``docs/ARCHITECTURE``): text is stored in NFC. ``fold()`` lower-cases
and removes diacritics *one character to one character*, so an offset in folded text is the
same offset in the stored text. Rules match on folded text and quote the original.

Teencode design. ``expand_teencode(s)`` rewrites whole abbreviation tokens ("ko" → "không",
"sp" → "sản phẩm") and returns ``(expanded, offset_map)`` where ``offset_map[i]`` is the index
of the original character that expanded character ``i`` came from (a replacement of a token of
length *n* maps its i-th character to ``token_start + min(i, n - 1)``). ``Span.original(...)``
turns a match in the expanded text back into an original span. Detectors scan two *views* of
every field — the folded original and the folded expansion (when it differs) — and merge hits,
so "#sp" (a weak disclosure tag) is never hidden by its expansion and "ko giống qc" still matches
"không giống quảng cáo".

Phrase patterns. ``compile_phrases(["tốt nhất", ...])`` folds every phrase, splits it into
syllables and joins them with ``SYLLABLE_SEP`` (whitespace, underscore, hyphen — or nothing, so
hashtag forms ``#totnhat``/``#tot_nhat``/``#TốtNhất`` match). A match must start and end on a
word boundary (no letter/digit on either side), so "nhat" never matches inside "thongnhat" or
"nhatban". Phrases are matched on folded text, then checked against the diacritics actually
written (``PhrasePattern``): "mưa ở" is not "mua ở", "Nhật" is not "nhất", "thuộc" is not
"thuốc"; text typed without diacritics matches all. Exclusions ("nhất quán") are rule-pack data.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from tinnhiem._native import ctext as _ctext
from tinnhiem._prefilter import PREFILTERS as _PREFILTERS
from tinnhiem._prefilter import possible as _possible
from tinnhiem._prefilter import register as _register_prefilter
from tinnhiem._textindex import INDEX as _ANCHOR_INDEX
from tinnhiem._textindex import ON_CHANGE as _ANCHOR_CHANGES
from tinnhiem._textindex import folded_literals
from tinnhiem._textscan import (  # noqa: F401  (re-exported: part of the text layer's API)
    CACHE_MAX_CHARS,
    LONG_CACHE_ENTRIES,
    _TEXT_CACHES,
    Literals,
    WordTokens,
    case_safe,
    clear_text_caches,
    local_spans,
    phrase_anchors,
    phrase_starts,
    required_literals,
    token_index,
    two_level_cache,
    word_tokens,
)
from tinnhiem.deobfuscate import unmasked

REGEX_TIMEOUT = 1.0  # seconds, for every pattern run on user text
WORD = r"[\p{L}\p{N}]"
LEFT = rf"(?<!{WORD})"
RIGHT = rf"(?!{WORD})"
SYLLABLE_SEP = r"(?:[\p{Zs}\t_\-]+|)"  # horizontal only: a phrase never spans lines


def nfc(s: str) -> str:
    """Unicode NFC (the canonical stored form)."""
    return unicodedata.normalize("NFC", s)


# --------------------------------------------------------------------------- folding


def _fold_char(ch: str) -> str:
    """Lower-case, strip diacritics; always exactly one character."""
    if ch in "đĐ":
        return "d"
    low = ch.lower()
    if len(low) != 1:
        low = ch
    base = unicodedata.normalize("NFD", low)
    if len(base) > 1 and all(unicodedata.combining(c) for c in base[1:]):
        low = base[0]
        if len(low.lower()) == 1:
            low = low.lower()
    return low


def _lower_char(ch: str) -> str:
    low = ch.lower()
    if len(low) == 1:
        return low
    return _fold_char(ch)


class _LazyTable(dict):
    """``str.translate`` table that computes (and caches) characters outside the precomputed range."""

    def __init__(self, func, ranges: Iterable[range]):
        super().__init__()
        self._func = func
        for rng in ranges:
            for cp in rng:
                self._store(cp)

    def _store(self, cp: int) -> str:
        ch = chr(cp)
        out = self._func(ch)
        self[cp] = out
        return out

    def __missing__(self, cp: int) -> str:
        return self._store(cp)


_RANGES = (range(0x0000, 0x0250), range(0x1E00, 0x1F00))
_FOLD = _LazyTable(_fold_char, _RANGES)
_LOWER = _LazyTable(_lower_char, _RANGES)


def _mapping_block(which: int, block: int) -> str:
    """256 characters of ``_FOLD`` (``which`` 0) or ``_LOWER`` (1) for the compiled mapper."""
    table = _FOLD if which == 0 else _LOWER
    return "".join(table[cp] for cp in range(block * 256, block * 256 + 256))


if _ctext is not None:
    _ctext.set_mappings(_mapping_block)


def fold_once(s: str) -> str:
    """``fold(s)`` without the per-text cache: for a short text, or a rendering asked once (the
    cache's upkeep costs more than the mapping, and its entries would push out texts asked again).
    The compiled mapper is ≈ 7× faster than ``str.translate`` on a 60-character text."""
    return s.translate(_FOLD) if _ctext is None else _ctext.map_text(s, 0)


def lower_once(s: str) -> str:
    """``lower(s)`` without the per-text cache (see ``fold_once``)."""
    return s.translate(_LOWER) if _ctext is None else _ctext.map_text(s, 1)


def fold(s: str) -> str:
    """Lower-case and remove diacritics 1:1 (``len(fold(s)) == len(s)``)."""
    if len(s) > 64:  # field texts: detectors fold the same text many times
        return _fold_cached(s)
    return fold_once(s)


def lower(s: str) -> str:
    """Lower-case keeping diacritics, 1:1 (``'İ'`` → ``'i'``)."""
    if len(s) > 64:
        return lower_view(s).folded
    return lower_once(s)


# --------------------------------------------------------------------------- teencode

# Keys are lower-case (diacritics kept: "hông" expands, "hồng" does not). "bt" → "bình thường"
# (the more frequent sense in reviews; "biết" is usually written "bik"/"bít").
TEENCODE: dict[str, str] = {
    **dict.fromkeys(["ko", "k", "kh", "khg", "hok", "hk", "hông", "hem", "khum", "hong"], "không"),
    **dict.fromkeys(["dc", "đc", "dk", "đk", "dx", "đx"], "được"),
    **dict.fromkeys(["mn", "mng", "mọi ng"], "mọi người"),
    **dict.fromkeys(["tks", "thanks", "thank", "thx", "thks"], "cảm ơn"),
    **dict.fromkeys(["mk", "mik", "mh"], "mình"),
    **dict.fromkeys(["cx", "cg"], "cũng"),
    **dict.fromkeys(["bik", "bít", "bit"], "biết"),
    **dict.fromkeys(["sdt", "sđt"], "số điện thoại"),
    **dict.fromkeys(["z", "v", "zậy"], "vậy"),
    **dict.fromkeys(["nhìu", "nhiu"], "nhiều"),
    **dict.fromkeys(["wá", "qá", "wa"], "quá"),
    "sp": "sản phẩm", "j": "gì", "vs": "với", "ib": "inbox", "r": "rồi", "ns": "nói",
    "bt": "bình thường", "lm": "làm", "ntn": "như thế nào", "qc": "quảng cáo",
    "tpcn": "thực phẩm chức năng", "sd": "sử dụng", "kq": "kết quả", "tg": "thời gian",
    "ng": "người", "trc": "trước", "đt": "điện thoại", "nt": "nhắn tin", "lun": "luôn",
    "thui": "thôi", "mún": "muốn", "hum": "hôm", "bh": "bao giờ", "sr": "xin lỗi",
    "ik": "đi", "ck": "chồng", "vk": "vợ", "ae": "anh em", "hqua": "hôm qua", "cmt": "bình luận",
}
# "hong" folds to the same as "hồng" (rose; "hoa hồng" = commission) — only the exact
# lower-case forms are looked up, so "hồng" is never expanded.
_TOKEN = regex.compile(r"(?<![\p{L}\p{N}_#@])\p{L}+(?![\p{L}\p{N}_])")


def expand_teencode(s: str) -> tuple[str, list[int]]:
    """Expand abbreviation tokens; return the expanded text and its char → original-offset map."""
    return _expand(s, _teencode_tokens(s))


def _expand(s: str, tokens: list[tuple[int, int, str]]) -> tuple[str, list[int]]:
    if not tokens:
        return s, list(range(len(s)))
    out: list[str] = []
    omap: list[int] = []
    pos = 0
    for start, end, repl in tokens:
        out.append(s[pos:start])
        omap.extend(range(pos, start))
        n = end - start
        out.append(repl)
        omap.extend(start + min(i, n - 1) for i in range(len(repl)))
        pos = end
    out.append(s[pos:])
    omap.extend(range(pos, len(s)))
    return "".join(out), omap


# Speed: instead of looking up every letter run of ``s``, one alternation of the (letters-only)
# keys runs over ``lower(s)``. Equivalent to the token loop: ``lower`` maps 1:1 and keeps every
# character's membership of [\p{L}\p{N}_#@] (true for every code point; test_text.py re-checks
# U+0000-U+2FFF), a key can only match a whole letter run, and a key containing a non-letter
# ("mọi ng") can never equal a letter run. The scan is linear (a one-character lookbehind,
# literal keys, a one-character lookahead), so it runs without the regex timeout. Rebuilt if
# ``TEENCODE`` is changed at run time.
_teen_state: list = [None, None, frozenset(), 0]  # table, regex, keys, longest key


def _teencode_regex() -> regex.Pattern:
    if _teen_state[0] != TEENCODE:
        keys = sorted((k for k in TEENCODE if _LETTERS_ONLY.fullmatch(k)), key=len, reverse=True)
        _teen_state[1] = regex.compile(
            r"(?<![\p{L}\p{N}_#@])(?:" + "|".join(regex.escape(k) for k in keys) + r")(?![\p{L}\p{N}_])"
        )
        _teen_state[2] = frozenset(keys)
        _teen_state[3] = max(map(len, keys), default=0)
        _teen_state[0] = dict(TEENCODE)
    return _teen_state[1]


_LETTERS_ONLY = regex.compile(r"\p{L}+")


def _teencode_tokens(s: str) -> list[tuple[int, int, str]]:
    """``(start, end, replacement)`` of every teencode token of ``s``, in order."""
    _teencode_regex()  # (refreshes the key set if ``TEENCODE`` changed)
    low = lower(s)
    if _ctext is not None:  # the same scan, compiled: whole letter runs that are keys
        return [(start, end, TEENCODE[key]) for start, end, key in
                _ctext.teencode_runs(low, _teen_state[2], _teen_state[3])]
    present = _teen_state[2].intersection(_LETTERS_ONLY.findall(low))
    if not present:
        return []  # no letter run is a key (cheaper than the scan below)
    # a key matches only as a whole letter run, so only the keys present can match: the
    # alternation of those few is the same scan, much faster than that of all keys
    pattern = _teencode_subset(frozenset(present))
    return [(m.start(), m.end(), TEENCODE[m.group()])
            for m in pattern.finditer(low)]


@lru_cache(maxsize=512)
def _teencode_subset(keys: frozenset[str]) -> regex.Pattern:
    alternation = "|".join(regex.escape(k) for k in sorted(keys, key=lambda k: (-len(k), k)))
    return regex.compile(r"(?<![\p{L}\p{N}_#@])(?:" + alternation + r")(?![\p{L}\p{N}_])")


class SpokenText(str):
    """Text transcribed from speech (a video's captions or subtitles, a livestream's
    transcript). Teencode ("mn", "ko", "dc") is a typing habit that speech recognition and
    subtitles do not produce, so ``views`` of a spoken text skip the teencode expansion (one
    folded view instead of two; the expansion of long transcripts was ≈ 15 % of a post pass).
    Equal to and hashed like the plain string: the per-text caches treat both alike, so the
    same words stored as a caption and as a transcript share whichever views were made first."""

    __slots__ = ()


@dataclass(frozen=True)
class View:
    """A searchable rendering of one stored text: ``folded`` plus a map back to the original."""

    original: str
    folded: str
    offsets: tuple[int, ...] | None = None  # None: identity (folded offsets == original offsets)
    expanded: str | None = None  # the unfolded text ``folded`` was made from, if not ``original``
    kind: str = "folded"  # "folded", "lower" or "raw": which prefilter database to ask

    @property
    def source(self) -> str:
        return self.original if self.expanded is None else self.expanded

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` for a match ``[start, end)`` in ``folded``."""
        if self.offsets is None or end <= start:
            return start, end
        return self.offsets[start], self.offsets[end - 1] + 1



def views(s: str) -> tuple[View, ...]:
    """Folded original, plus the folded teencode expansion when it differs, plus the folded text
    with its disguises unmasked when it has any ("v.a.p.e" → "vape", "z a l o" → "zalo":
    ``deobfuscate.unmasked``) (cached). A ``SpokenText`` has the first only: speech has neither."""
    return _views_cached(s)


def _views(s: str) -> tuple[View, ...]:
    plain = View(s, fold(s))
    if isinstance(s, SpokenText):
        return (plain,)
    out = [plain]
    tokens = _teencode_tokens(s)
    if tokens:
        if _ctext is not None:
            expanded, offsets = _ctext.expand_tokens(s, tokens)  # ``_expand``, compiled
        else:
            expanded, omap = _expand(s, tokens)
            offsets = tuple(omap)
        if expanded != s:
            out.append(View(s, fold(expanded), offsets, expanded))
    shown = unmasked(s)
    if shown is not None:
        out.append(View(s, fold(shown[0]), shown[1], shown[0]))
    return tuple(out)


_views_cached = two_level_cache(_views)
_fold_cached = two_level_cache(fold_once)


@two_level_cache
def lower_view(s: str) -> View:
    """``View(s, lower(s))``: the diacritics-kept rendering ``exact`` patterns match (cached)."""
    return View(s, lower_once(s), kind="lower")


# --------------------------------------------------------------------------- patterns


def phrase_regex(phrase: str) -> str:
    """Regex source (for folded text) of one phrase, syllables joined by ``SYLLABLE_SEP``."""
    sylls = fold(nfc(phrase)).split()
    if not sylls:
        raise ValueError("empty phrase")
    return SYLLABLE_SEP.join(regex.escape(s) for s in sylls)


def bounded(source: str) -> str:
    """Wrap a regex source so it only matches at word boundaries."""
    return f"{LEFT}(?:{source}){RIGHT}"


@lru_cache(maxsize=4096)
def _compile(source: str, flags: int, prefilter: bool = True) -> regex.Pattern:
    pattern = regex.compile(source, flags)
    if prefilter:
        _register_prefilter(pattern)  # in the shared prefilter database from the start
    return pattern


def compile_phrases(phrases: Iterable[str]) -> PhrasePattern | None:
    """Bounded alternation over folded phrases, diacritic-checked (``None`` if no phrases)."""
    return _compile_phrases(tuple(phrases))


@lru_cache(maxsize=1024)
def _compile_phrases(phrases: tuple[str, ...]) -> PhrasePattern | None:
    phrases = tuple(p for p in phrases if p.strip())
    return PhrasePattern(phrases) if phrases else None


_TONES = frozenset("\u0301\u0300\u0309\u0303\u0323")
_SEP_CHARS = regex.compile(r"[\s_\-]")
_SYLLABLE = regex.compile(r"\p{L}+")
_WORD_CHAR = regex.compile(WORD)


def _syllable_key(s: str) -> tuple[str, str]:
    """(letters without tone, tone mark) — "hoà" and "hòa" give the same key."""
    d = unicodedata.normalize("NFD", lower(s))
    tone = "".join(c for c in d if c in _TONES)
    return unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES)), tone


def is_marked(s: str) -> bool:
    """Does ``s`` carry any Vietnamese diacritic (tone or vowel/consonant mark)?"""
    return fold(s) != lower(s)


def diacritic_rich(s: str) -> bool:
    """Is ``s`` written with diacritics (≥ 40 % of its syllables marked, ≥ 2 marked)?"""
    return _rich_cached(s)


def _rich(s: str) -> bool:
    sylls = _SYLLABLE.findall(s)
    marked = sum(1 for w in sylls if is_marked(w))
    return marked >= 2 and marked >= 0.4 * len(sylls)


def _mask_char(ch: str) -> str:
    """' ' for a non-letter, 'M' for a letter carrying a diacritic, 'a' for a plain letter."""
    if not _SYLLABLE.match(ch):
        return " "
    return "M" if _fold_char(ch) != _lower_char(ch) else "a"


_MASK = _LazyTable(_mask_char, _RANGES)
_MARKED_RUN = re.compile(r"a*M[aM]*")


def _rich_fast(s: str) -> bool:
    """``_rich`` in two C-level passes: syllables are letter runs, ``is_marked`` is per letter."""
    mask = s.translate(_MASK)
    total = len(mask.split())
    marked = len(_MARKED_RUN.findall(mask))
    return marked >= 2 and marked >= 0.4 * total


def _rich_native(s: str) -> bool:
    """``_rich_fast`` in one compiled pass (``_ctext.syllable_counts``)."""
    total, marked = _ctext.syllable_counts(s)
    return marked >= 2 and marked >= 0.4 * total


_rich_cached = two_level_cache(_rich_fast if _ctext is None else _rich_native)


class PhrasePattern:
    """Phrases matched on folded text, then checked against the diacritics actually written.

    Folding makes "mua" (buy) match "mưa" (rain) and "nhất" match "Nhật". After a folded match,
    every syllable of the text that carries diacritics must have the phrase's letters and tone
    (old/new tone placement both accepted). In text written with diacritics (``diacritic_rich``),
    a one-syllable phrase, or a phrase whose match carries any diacritic, must match exactly
    ("gia đình" is not "giá", "nha Cái" is not "nhà cái"); a match typed entirely without
    diacritics is accepted (lazy partial typing: "Sản phẩm này tot nhat"). Hashtags are exempt
    from the rich-text rule (usually typed without diacritics).
    Text typed without diacritics matches every phrase with the same folded form.
    """

    def __init__(self, phrases: Sequence[str]):
        self.phrases = tuple(phrases)
        syllables = {phrase_regex(p): tuple(fold(nfc(p)).split()) for p in phrases}
        parts = sorted(set(syllables), key=len, reverse=True)
        # the alternation as syllable tuples, in the regex's order, for the compiled matcher
        # (``_ctext.phrase_spans``; ASCII syllables: on ``case_safe`` text, IGNORECASE is ==)
        alts = tuple(syllables[part] for part in parts)
        self._alts = alts if _ctext is not None and all(
            s.isascii() for alt in alts for s in alt) else None
        self._anchors = phrase_anchors([fold(nfc(p)).split() for p in self.phrases])
        # with anchors, the phrase-start index is this pattern's prefilter (as selective as
        # Hyperscan, and it keeps the long phrase alternations out of the Hyperscan scan), and
        # the regex is compiled when first needed: the compiled matcher (``_ctext.phrase_spans``)
        # does without it on every ``case_safe`` text, so most are never compiled
        self._source = bounded("|".join(parts))
        self._pattern = None if self._anchors is not None else \
            _compile(self._source, regex.IGNORECASE, True)  # (in the Hyperscan database)
        self.by_key: dict[str, list[list[str]]] = {}
        for p in phrases:
            sylls = nfc(lower(p)).split()
            self.by_key.setdefault(fold("".join(sylls)), []).append(sylls)
        self._key = None if self._anchors is None else _ANCHOR_INDEX.register(self._anchors)
        if self._key is not None:
            weakref.finalize(self, _ANCHOR_INDEX.unregister, self._key).atexit = False
        self._memo: dict[tuple[str, bool], bool] = {}  # (written quote, rich) -> compatible
        _PHRASE_PATTERNS.add(self)

    @property
    def pattern(self) -> regex.Pattern:
        """The bounded alternation of the folded phrases (compiled on first use)."""
        compiled = self._pattern
        if compiled is None:
            compiled = self._pattern = _compile(self._source, regex.IGNORECASE, False)
        return compiled

    def finditer(self, text: str, *args, **kwargs):
        return self.pattern.finditer(text, *args, **kwargs)

    def _compatible(self, source: str, start: int, end: int, rich: bool) -> bool:
        if source[start] == "#" or (start > 0 and source[start - 1] == "#"):
            rich = False  # hashtags are usually typed without diacritics
        key = (source[start:end], rich)  # the answer depends on nothing else: memoise
        result = self._memo.get(key)
        if result is None:
            result = self._compatible_text(*key)
            if len(self._memo) > 4096:
                self._memo.clear()
            self._memo[key] = result
        return result

    def _compatible_text(self, quote: str, rich: bool) -> bool:
        chars = [c for c in quote if not _SEP_CHARS.match(c)]
        for sylls in self.by_key.get(fold("".join(chars)), ()):
            written, pos = [], 0
            for syl in sylls:
                written.append("".join(chars[pos : pos + len(syl)]))
                pos += len(syl)
            # a phrase typed partly with diacritics must carry them everywhere ("nha Cái" ≠ "nhà cái")
            strict_all = rich and (len(sylls) == 1 or any(is_marked(w) for w in written))
            if all(_syllable_key(w) == _syllable_key(p)
                   for w, p in zip(written, sylls) if strict_all or is_marked(w)):
                return True
        return False

    def _accept(self, folded: str, source: str, start: int, end: int, rich: bool) -> int | None:
        """End of the longest phrase at ``start`` compatible with the written text, if any.

        When the longest folded alternative is rejected ("mẫu số 1" written "màu số 1"), shorter
        alternatives at the same start ("màu số") are tried. (``_ctext.phrase_spans`` is this
        loop, compiled, for a ``case_safe`` text.)
        """
        while end > start:
            real = end == len(folded) or not _WORD_CHAR.match(folded[end])
            if real and self._compatible(source, start, end, rich):
                return end
            m = self.pattern.match(folded, start, end - 1)
            if m is None or m.end() <= start:
                return None
            end = m.end()
        return None

    def spans(self, view: View) -> list[tuple[int, int]]:
        """Matches in ``view.folded`` whose written diacritics agree with a phrase.

        Matching is overlapped (every start position), so a rejected long match does not hide
        a valid shorter one inside it. Only positions where a phrase can start are tried (see
        ``_textscan.phrase_anchors``); that is every position when the phrases or the text defeat the
        analysis. Timeouts: a phrase pattern is escaped literals joined by separator runs that
        cannot match a literal character, so one ``match`` is linear in the separator run it
        meets; the per-position calls skip the (per-call, ~2 µs) timeout set-up, the full scan
        keeps it.
        """
        source, folded = view.source, view.folded
        if self._key is None:
            if not _possible(self.pattern, folded, view.kind):
                return []  # the shared Hyperscan prefilter: no phrase anywhere in ``folded``
            starts = None
        else:
            starts = self._starts(folded)
            if starts is not None and not starts:
                return []  # no phrase can start anywhere in ``folded``
        compiled = starts is not None and self._alts is not None  # (starts: ``case_safe``)
        if compiled:  # the matches and ``_accept`` below, compiled
            return _ctext.phrase_spans(folded, source, starts, self._alts, self._memo,
                                       self._compatible_text, diacritic_rich)
        if starts is None:
            found = [(m.start(), m.end()) for m in
                     self.pattern.finditer(folded, overlapped=True, timeout=REGEX_TIMEOUT)]
        else:
            found = []
            for pos in starts:
                m = self.pattern.match(folded, pos)
                if m is not None:
                    found.append((m.start(), m.end()))
        if not found:
            return []
        rich = diacritic_rich(source)
        out = []
        for start, end in found:
            end = self._accept(folded, source, start, end, rich)
            if end is not None:
                out.append((start, end))
        return out


    def _starts(self, folded: str) -> Sequence[int] | None:
        """Sorted positions where a match may start, or ``None`` to try every position
        (``phrase_starts(self._anchors, folded)``, computed for every pattern at once, or for
        the patterns of its group: ``own_anchor_index``)."""
        if self._key is None:
            return None
        return _anchor_index(_OWN_KEYS if self._key in _OWN_KEYS else None).starts(self._key, folded)


_PHRASE_PATTERNS: weakref.WeakSet[PhrasePattern] = weakref.WeakSet()


class _PhraseMemos:
    """Lets ``clear_text_caches`` forget the per-pattern compatibility memos too."""

    @staticmethod
    def cache_clear() -> None:
        for pattern in list(_PHRASE_PATTERNS):
            pattern._memo.clear()


_TEXT_CACHES.append(_PhraseMemos)


def compile_regex(source: str, *, boundaries: bool = False) -> regex.Pattern:
    """Compile a raw rule regex (written for folded text); optionally word-bounded."""
    return _compile(bounded(source) if boundaries else source, regex.IGNORECASE)


def register_prefilter(pattern: regex.Pattern, kind: str = "folded") -> None:
    """Put a module-level pattern in the shared prefilter database of view kind ``kind``
    before the first scan builds it (patterns seen later run unfiltered for a while)."""
    _register_prefilter(pattern, kind)


def may_match(pattern: regex.Pattern, text: str, kind: str = "folded") -> bool:
    """False only if ``pattern`` certainly has no match in ``text`` (the shared prefilter)."""
    return _possible(pattern, text, kind)


def find_spans(pattern: regex.Pattern, text: str, kind: str = "folded") -> list[tuple[int, int]]:
    """Non-empty ``(start, end)`` spans of ``pattern`` in ``text`` (with the regex timeout);
    ``kind``: what ``text`` is (a folded view, the lower-case view or the stored text)."""
    if not _possible(pattern, text, kind):
        return []  # the shared Hyperscan prefilter: no match anywhere in ``text``
    return list(_matched_spans(pattern, text))


@two_level_cache(short_entries=2048, long_entries=64)
def _matched_spans(pattern: regex.Pattern, text: str) -> tuple[tuple[int, int], ...]:
    """``find_spans`` past the prefilter, remembered per (pattern, text): several detectors run
    the same pattern over the same text (the price pattern over a livestream's transcript)."""
    return tuple(_run_spans(pattern, text))


def _run_spans(pattern: regex.Pattern, text: str) -> list[tuple[int, int]]:
    literals = required_literals(pattern)
    if literals is not None:
        if not literals.possible(text):
            return []
        if literals.nocase and not case_safe(text):  # ``possible`` could not tell: ask the folded text
            folded = folded_literals(literals, fold)
            if folded is not None and not any(s in fold(text) for s in folded):
                return []
        if literals.local and (not literals.nocase or case_safe(text)):
            found = local_spans(pattern, literals, text, REGEX_TIMEOUT)
            if found is not None:
                return found
    return [m.span() for m in pattern.finditer(text, timeout=REGEX_TIMEOUT) if m.end() > m.start()]


def search_views(pattern: regex.Pattern | PhrasePattern, vs: Sequence[View]) -> list[tuple[int, int]]:
    """Original-text spans where ``pattern`` matches any view, sorted and de-duplicated.

    A match that starts right after "#" is widened to quote the whole hashtag.
    """
    spans: set[tuple[int, int]] = set()
    for v in vs:
        found = pattern.spans(v) if isinstance(pattern, PhrasePattern) else find_spans(pattern, v.folded, v.kind)
        for s, e in found:
            s, e = v.span(s, e)
            if s > 0 and v.original[s - 1] == "#" and v.original[s] != "#":
                s -= 1  # quote the whole hashtag
            spans.add((s, e))
    return sorted(spans)


class PatternGate:
    """Whether any of a group of patterns may match in a text (or in any of several texts),
    with one set test per view kind instead of one prefilter question per (pattern, view)
    (performance only).

    ``kinds`` maps a view kind to the patterns run on that kind of view of a stored text:
    ``"folded"`` on ``views(text)``, ``"lower"`` on ``lower_view(text)``, ``"raw"`` on the text
    itself. Phrase patterns with anchors ask the phrase-start index, every other pattern the
    shared Hyperscan prefilter. ``may_match(text)`` is False only if every pattern is ruled
    out on every view — when ``search_views`` / ``find_spans`` would return nothing for each of
    them without looking further.
    """

    __slots__ = ("_kinds", "_phrases", "_state", "_members")

    def __init__(self, kinds: dict[str, Iterable]):
        kinds = {k: tuple(ps) for k, ps in kinds.items() if ps}
        self._phrases = {k: frozenset(p._key for p in ps if _anchored(p)) for k, ps in kinds.items()}
        self._phrases = {k: keys for k, keys in self._phrases.items() if keys}
        self._kinds = {k: tuple(p.pattern if isinstance(p, PhrasePattern) else p
                                for p in ps if not _anchored(p)) for k, ps in kinds.items()}
        self._kinds = {k: ps for k, ps in self._kinds.items() if ps}
        self._state: tuple | None = None
        # (kind, anchored, phrase key or pattern) of every pattern given, in order (``possible``)
        self._members = tuple((k, _anchored(p), p._key if _anchored(p) else
                               p.pattern if isinstance(p, PhrasePattern) else p)
                              for k, ps in kinds.items() for p in ps)

    def _resolve(self) -> tuple:
        generations = tuple(_PREFILTERS[k].generation for k in self._kinds)
        checks: list | None = []
        for kind, patterns in self._kinds.items():
            ids = _PREFILTERS[kind].ids(patterns)
            if ids is None:
                checks = None  # a pattern that always runs: the gate is always open
                break
            checks.append((kind, *ids))
        # where each phrase key / prefilter id sits among the patterns given (``possible``)
        members: dict | None = None
        if checks is not None:
            members = {("phrase", k): {} for k in self._phrases} | {k: {} for k in self._kinds}
            for i, (kind, anchored, item) in enumerate(self._members):
                key = item if anchored else _PREFILTERS[kind].register(item)
                members[("phrase", kind) if anchored else kind].setdefault(key, []).append(i)
        self._state = (generations, checks, members)
        return self._state

    def may_match(self, text: str) -> bool:
        return self.may_match_any((text,))

    def possible(self, texts: tuple[str, ...]) -> list[int]:
        """Positions (in the order the patterns were given, kind by kind) of the patterns that
        may match a view of ``texts``: every pattern left out certainly has no match there.
        One set intersection per view kind instead of one prefilter question per pattern."""
        scans = {kind: _prefilter_hits(texts, kind) for kind in self._kinds}  # (first: may build)
        state = self._state
        if state is None or state[0] != tuple(_PREFILTERS[k].generation for k in self._kinds):
            state = self._resolve()
        members = state[2]
        if members is None:
            return list(range(len(self._members)))  # a pattern that always runs: ask each
        out: list[int] = []
        for kind, keys in self._phrases.items():
            found = _anchor_union(texts, kind, _group(keys))
            at = members[("phrase", kind)]
            for key in (keys if found is None else keys & found):
                out.extend(at[key])
        for kind, ids, top in state[1]:
            compiled, hits = scans[kind]
            at = members[kind]
            # (a pattern compiled after the scans: each is asked, as ``may_match`` would)
            for pid in (ids & hits if top < compiled else ids):
                out.extend(at[pid])
        out.sort()
        return out

    def may_match_any(self, texts: tuple[str, ...]) -> bool:
        """False only if no pattern of the group can match any view of any of ``texts``."""
        for kind, keys in self._phrases.items():
            found = _anchor_union(texts, kind, _group(keys))
            if found is None or not keys.isdisjoint(found):
                return True
        if not self._kinds:
            return False
        found = {kind: _prefilter_hits(texts, kind) for kind in self._kinds}  # (may build a database)
        state = self._state
        if state is None or state[0] != tuple(_PREFILTERS[k].generation for k in self._kinds):
            state = self._resolve()
        checks = state[1]
        if checks is None:
            return True
        for kind, ids, top in checks:
            compiled, hits = found[kind]
            if ids and (top >= compiled or not ids.isdisjoint(hits)):
                return True
        return False


def _anchored(pattern) -> bool:
    return isinstance(pattern, PhrasePattern) and pattern._key is not None


# the phrase keys looked up in an anchor index of their own (``own_anchor_index``)
_OWN_KEYS: frozenset[int] = frozenset()


def own_anchor_index(patterns: Iterable) -> None:
    """Look the phrase patterns among ``patterns`` up in an anchor index of their own, for a
    scope whose texts are asked about these patterns only: a comment is only searched by the
    comment rules, and the index of every pattern (≈ 170, most of them post wording) would
    find where each of those may start in it too. The same start positions either way."""
    global _OWN_KEYS
    _OWN_KEYS = _OWN_KEYS | frozenset(p._key for p in patterns if _anchored(p))


def _group(keys: frozenset[int]) -> frozenset[int] | None:
    """The own keys when they hold all of ``keys`` (one gate's), else ``None``: the shared index."""
    return _OWN_KEYS if keys <= _OWN_KEYS else None


def _anchor_index(group: frozenset[int] | None):
    return _ANCHOR_INDEX if group is None else _ANCHOR_INDEX.subset(group)


def may_match_any(pattern: regex.Pattern | PhrasePattern, texts: tuple[str, ...], kind: str = "folded") -> bool:
    """False only if ``pattern`` certainly matches no ``kind`` view of any of the stored ``texts``
    (one cached set test per group of texts: detectors ask it for all fields of a post at once)."""
    if _anchored(pattern):
        found = _anchor_union(texts, kind, _OWN_KEYS if pattern._key in _OWN_KEYS else None)
        return found is None or pattern._key in found
    if isinstance(pattern, PhrasePattern):
        pattern = pattern.pattern
    found = _prefilter_hits(texts, kind)  # first: it may build the database
    try:
        pid = _PREFILTERS[kind]._ids.get(pattern, -1)
    except TypeError:
        return True
    if pid is None or pid < 0:
        return True  # always runs, or not registered yet (``find_spans`` registers it)
    compiled, hits = found
    return pid >= compiled or pid in hits


def _gate_texts(kind: str, text: str) -> list[str]:
    """The searched renderings of stored ``text`` for patterns of view kind ``kind``."""
    if kind == "folded":
        return [v.folded for v in views(text)]
    if kind == "lower":
        return [lower_view(text).folded]
    return [text]


@lru_cache(maxsize=8192)
def _prefilter_hits(texts: tuple[str, ...], kind: str) -> tuple[int | float, frozenset[int]]:
    """``prefilter.hits`` of every ``kind`` view of ``texts``, merged: ``(fewest patterns
    compiled at a scan, ids reported by any view)`` — an id below that count and not reported
    cannot match any of the views (an id is possible somewhere ⟺ it is at or above some view's
    count or reported by some view, and the counts only grow)."""
    prefilter = _PREFILTERS[kind]
    scans = [prefilter.hits(v) for t in texts for v in _gate_texts(kind, t)]
    if len(scans) == 1:
        return scans[0]
    if not scans:
        return float("inf"), frozenset()  # nothing to search: nothing can match
    return min(c for c, _ in scans), frozenset().union(*(h for _, h in scans))


@lru_cache(maxsize=8192)
def _anchor_union(texts: tuple[str, ...], kind: str, group: frozenset[int] | None = None
                  ) -> frozenset[int] | None:
    """Keys of the phrase patterns (of ``group`` only, if given: ``own_anchor_index``) that
    may start somewhere in a ``kind`` view of ``texts`` (``None``: a view must be tried
    everywhere)."""
    index = _anchor_index(group)
    keys: set[int] = set()
    for t in texts:
        for v in _gate_texts(kind, t):
            table = index.hits(v)
            if table is None:
                return None
            keys.update(table.present)
    return frozenset(keys)


_TEXT_CACHES.extend((_prefilter_hits, _anchor_union))
_ANCHOR_CHANGES.append(_anchor_union.cache_clear)  # (a pattern added later must be found too)


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge overlapping or touching spans."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# --------------------------------------------------------------------------- tokens

_HASHTAG = regex.compile(r"(?<![\p{L}\p{N}_])#([\p{L}\p{N}_]+)")
_TOKENS = regex.compile(r"#?[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]")


def hashtags(s: str) -> list[tuple[str, int]]:
    """``(tag without '#', offset of '#')`` for each hashtag in ``s``."""
    return [(m.group(1), m.start()) for m in _HASHTAG.finditer(s, timeout=REGEX_TIMEOUT)]


def tokens(s: str) -> list[tuple[str, int]]:
    """Words, hashtags and single symbols/emoji with their offsets (whitespace dropped)."""
    return [(m.group(), m.start()) for m in _TOKENS.finditer(s, timeout=REGEX_TIMEOUT)]


def trim_quote(s: str, start: int, end: int, limit: int = 200) -> tuple[int, int]:
    """Shrink ``[start, end)`` to at most ``limit`` characters, stripping outer whitespace."""
    while start < end and s[start].isspace():
        start += 1
    while end > start and s[end - 1].isspace():
        end -= 1
    return start, min(end, start + limit)
