r"""Where a pattern can match: the text layer's caches and prefilters (performance only).

Nothing here changes a result; it only avoids work whose outcome is known in advance. Used by
``tinnhiem.text`` (``views``, ``PhrasePattern.spans``, ``find_spans``), which re-exports the
public names. ``tests/test_text.py`` checks every fast path against the plain scan.

Words: a "token" is a maximal run of [\p{L}\p{N}] (the characters LEFT/RIGHT test). A
phrase match starts at a word boundary, so its first word run is a whole token of the text:
for the phrase syllables s1 … sk (separators between them are non-word or empty) that token
is the first word run of s1…sj for some j, and it starts ``len(leading non-word chars of s1)``
after the match. ``PhrasePattern`` therefore tries ``pattern.match`` only at those positions
instead of at every character. Case: the pattern is IGNORECASE, so a text character that is
a case variant of an anchor character but not identical to it ("K" for "k", "ſ" for "s")
could match without the tokens being equal; texts containing such a character (``case_safe``
is false; never the output of ``fold``/``lower`` except for "ſ") get the full overlapped scan.

Timeouts: the patterns compiled here (word runs, case traps, whitespace) are single character
classes, linear by construction, and run without the ``regex`` timeout (whose set-up costs
more than the match on short texts); every pattern from a rule keeps it.

Regexes: ``required_literals`` reads the parsed pattern (``regex``'s own parser) and finds
strings one of which every match must contain (e.g. the host names of the affiliate-link
filters); a text containing none of them cannot match and is not scanned. When no match can
contain whitespace either, only the whitespace-free chunks around the literals are tried
(``local_spans``). Anything the analysis does not understand means "no requirement": the
pattern runs on the whole text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain

import regex

from tinnhiem import _native

_CANON_RANGES = (range(0x0000, 0x0250), range(0x1E00, 0x1F00))  # as text._RANGES
_WORD_CHAR = regex.compile(r"[\p{L}\p{N}]")

# --------------------------------------------------------------------------- caches

CACHE_MAX_CHARS = 4000  # texts up to this length share a large cache ...
LONG_CACHE_ENTRIES = 32  # ... longer ones (transcripts) a small one, to bound memory


def two_level_cache(func=None, *, short_entries: int = 4096, long_entries: int = LONG_CACHE_ENTRIES):
    """Memoise a function whose last argument is a text: many short texts, a few long ones
    (bounded memory). ``@two_level_cache(short_entries=n)`` keeps ``n`` short texts instead of
    4,096; the arguments before the text (a pattern …) are part of the key."""
    if func is None:
        return lambda f: two_level_cache(f, short_entries=short_entries, long_entries=long_entries)
    short = lru_cache(maxsize=short_entries)(func)
    long = lru_cache(maxsize=long_entries)(func)

    def cached(*args):
        return short(*args) if len(args[-1]) <= CACHE_MAX_CHARS else long(*args)

    cached.cache_clear = lambda: (short.cache_clear(), long.cache_clear())  # type: ignore[attr-defined]
    cached.__wrapped__ = func  # type: ignore[attr-defined]
    cached.__doc__ = func.__doc__
    _TEXT_CACHES.append(cached)
    return cached


_TEXT_CACHES: list = []


def clear_text_caches() -> None:
    """Forget every per-text result (folded views, token indexes …); compiled patterns stay."""
    for cached in _TEXT_CACHES:
        cached.cache_clear()


# --------------------------------------------------------------------------- words and cases

_WORD_RUN = regex.compile(r"[\p{L}\p{N}]+")


class WordTokens:
    """The word runs of a text: ``tokens`` and their ``set`` at once; ``offsets`` (start of each
    token) and ``where`` (``{token: [i, ...]}``) computed on first use."""

    __slots__ = ("text", "tokens", "set", "_offsets", "_where")

    def __init__(self, text: str):
        self.text = text
        self.tokens = _WORD_RUN.findall(text)  # a character-class run: linear, no timeout needed
        self.set = frozenset(self.tokens)
        self._offsets: list[int] | None = None
        self._where: dict[str, list[int]] | None = None

    @property
    def offsets(self) -> list[int]:
        if self._offsets is None:
            gaps = _WORD_RUN.split(self.text)
            ends = list(accumulate(chain.from_iterable(zip(map(len, gaps), map(len, self.tokens)))))
            self._offsets = ends[0::2]
        return self._offsets

    @property
    def where(self) -> dict[str, list[int]]:
        if self._where is None:
            where: dict[str, list[int]] = {}
            for i, token in enumerate(self.tokens):
                where.setdefault(token, []).append(i)
            self._where = where
        return self._where


word_tokens = two_level_cache(WordTokens)


def token_index(folded: str) -> tuple[list[str], list[int], dict[str, list[int]]]:
    """``(tokens, offsets, {token: [i, ...]})`` of the word runs of ``folded`` (cached)."""
    words = word_tokens(folded)
    return words.tokens, words.offsets, words.where


def _case_variants(ch: str) -> frozenset[str] | None:
    try:
        from regex import _regex  # the engine's own case table (what IGNORECASE uses)

        return frozenset(chr(c) for c in _regex.get_all_cases(regex.IGNORECASE, ord(ch)))
    except Exception:  # noqa: BLE001 — no table: no prefilter
        return None


# Literal characters a prefilter may compare IGNORECASE: lower-case (or caseless) Latin, as
# ``fold``/``lower`` produce; _CASE_TRAPS holds their other case variants (A-Z, "Ấ", "K", "ſ" …).
# (one representative per class: "s", not "ſ").
def _case_canon() -> frozenset[str]:
    out = set()
    for ch in (chr(c) for rng in _CANON_RANGES for c in rng):
        variants = _case_variants(ch)
        if variants is None:
            return frozenset()
        if ch.lower() == ch and ch == min(v for v in variants if v.lower() == v):
            out.add(ch)
    return frozenset(out)


_CASE_CANON = _case_canon()
_CASE_TRAPS = (
    regex.compile("[" + "".join(regex.escape(c) for c in sorted(
        {v for c in _CASE_CANON for v in _case_variants(c) if v != c})) + "]")
    if _CASE_CANON else None
)


@two_level_cache
def case_safe(text: str) -> bool:
    """Does IGNORECASE matching of lower-case Latin literals on ``text`` equal ``==``?"""
    if _CASE_TRAPS is None:
        return False
    if text.isascii():  # the only ASCII traps are A-Z
        return text == text.lower()
    if _native.ctext is not None:  # the same test, compiled (TRAP is ``_CASE_TRAPS``' class)
        return not _native.ctext.has_flag(text, _native.TRAP)
    return _CASE_TRAPS.search(text) is None


Anchors = dict[str, tuple[tuple[int, "frozenset[str] | None"], ...]]


def phrase_anchors(syllables: Sequence[Sequence[str]]) -> tuple[Anchors, frozenset[str], frozenset[str]] | None:
    """First word run of a match → ``(chars before it in the match, allowed next tokens)``.

    The next token is constrained when the first token ends exactly where a syllable ends and
    a separator follows (syllables j+1 … begin the next token); ``None`` means unconstrained.
    A phrase whose first syllable has no letter or digit ("% off") is anchored on its first
    character instead (second item); the third is the set of first tokens. ``None`` overall:
    the phrases defeat the analysis.
    """
    first: dict[str, dict[int, set[str] | None]] = {}
    lead_chars: set[str] = set()
    for sylls in syllables:  # each phrase folded and split, as ``phrase_regex`` does
        if not sylls:
            return None
        lead = _WORD_CHAR.search(sylls[0])
        if lead is None:
            lead_chars.add(sylls[0][0])
            continue
        skip = lead.start()
        for j in range(1, len(sylls) + 1):
            joined = "".join(sylls[:j])
            run = _WORD_RUN.match(joined, skip).group()
            following = None
            if skip + len(run) == len(joined) and j < len(sylls) and _WORD_CHAR.match(sylls[j]):
                following = {_WORD_RUN.match("".join(sylls[j:m])).group() for m in range(j + 1, len(sylls) + 1)}
            slot = first.setdefault(run, {})
            if skip in slot and (slot[skip] is None or following is None):
                slot[skip] = None
            else:
                slot[skip] = (slot.get(skip) or set()) | following if following is not None else None
    tokens = set(first) | {t for slot in first.values() for f in slot.values() if f for t in f}
    if any(c not in _CASE_CANON for t in tokens | lead_chars for c in t):
        return None
    return ({t: tuple((k, None if f is None else frozenset(f)) for k, f in sorted(slot.items()))
             for t, slot in first.items()}, frozenset(lead_chars), frozenset(first))


@dataclass(frozen=True)
class Literals:
    """Strings one of which every match of a pattern contains (see ``required_literals``)."""

    strings: tuple[str, ...]
    nocase: bool  # some literal is matched IGNORECASE (it is then lower-case ASCII)
    local: bool = False  # no match can contain whitespace: scan only around the literals

    def possible(self, text: str) -> bool:
        """False only if the pattern certainly has no match in ``text``."""
        if self.nocase and not case_safe(text):
            return True
        return any(s in text for s in self.strings)


_LITERALS: dict = {}


def required_literals(pattern: regex.Pattern) -> Literals | None:
    """Literal prefilter of a compiled ``regex`` pattern, or ``None`` (cached per pattern)."""
    try:
        return _LITERALS[pattern]
    except KeyError:
        pass
    except TypeError:
        return None
    try:
        found = _literals_of(pattern)
    except Exception:  # noqa: BLE001 — an unknown construct: no prefilter
        found = None
    _LITERALS[pattern] = found
    return found


def regex_tree(pattern: regex.Pattern, flags: int):
    """``(tree, flags)``: the parse tree of ``pattern`` by ``regex``'s own parser (its private
    ``_regex_core``) and the flags in force at the end; ``tree`` is None when the parser stops
    before the end of the pattern."""
    from regex import _regex_core as core

    while True:
        source = core.Source(pattern.pattern)
        info = core.Info(flags, source.char_type, {})
        try:
            tree = core._parse_pattern(source, info)
            break
        except core._UnscopedFlagSet:
            flags = info.global_flags
    return (tree if source.at_end() else None), info.flags


def _literals_of(pattern: regex.Pattern) -> Literals | None:
    from regex import _regex_core as core

    if not isinstance(pattern.pattern, str) or pattern.flags & (regex.FULLCASE | regex.VERBOSE | regex.VERSION1):
        return None
    tree, flags = regex_tree(pattern, pattern.flags & ~(regex.UNICODE | regex.VERSION0 | regex.VERSION1))
    if tree is None or flags & (regex.FULLCASE | regex.VERBOSE):
        return None
    req = _required(tree, core)
    if not req or any(not lit for lit, _ in req):
        return None
    strings = sorted({lit for lit, _ in req}, key=len)
    minimal = [x for i, x in enumerate(strings) if not any(y in x for y in strings[:i])]
    nocase = any(n for _, n in req)
    if nocase and _CASE_TRAPS is None:
        return None
    local = _WHITESPACE is not None and _no_whitespace(tree, core)
    return Literals(tuple(minimal), nocase, local)


def _whitespace() -> str | None:
    chars = "".join(regex.findall(r"\s", "".join(map(chr, range(0x3100)))))
    try:
        from regex import _regex

        if any(len(_regex.get_all_cases(regex.IGNORECASE, ord(c))) > 1 for c in chars):
            return None  # a case variant of whitespace would escape the analysis
    except Exception:  # noqa: BLE001
        return None
    return chars


_WHITESPACE = _whitespace()
if _WHITESPACE:
    _WS_NEXT = regex.compile("[" + regex.escape(_WHITESPACE) + "]")
    _WS_PREV = regex.compile("(?r)[" + regex.escape(_WHITESPACE) + "]")


def _no_whitespace(node, core) -> bool:
    """Can ``node`` never consume a whitespace character? (False when unsure.)"""
    kind = type(node)
    if kind is core.Sequence:
        return all(_no_whitespace(i, core) for i in node.items)
    if kind is core.Branch:
        return all(_no_whitespace(b, core) for b in node.branches)
    if kind in (core.Group, core.Atomic, core.GreedyRepeat, core.LazyRepeat, core.PossessiveRepeat):
        return _no_whitespace(node.subpattern, core)
    if kind is core.LookAround or isinstance(node, core.ZeroWidthBase):
        return True  # consumes nothing (and runs on the whole text, see _local_spans)
    if kind in (core.String, core.Literal):
        return not any(chr(c) in _WHITESPACE for c in node.characters)
    if kind is core.Character or kind is core.Property or kind is core.Range or isinstance(node, core.SetBase):
        if getattr(node, "zerowidth", False):
            return True
        return not any(node.matches(ord(c)) for c in _WHITESPACE)
    return False


_MAX_WINDOWS = 64


def local_spans(pattern: regex.Pattern, literals: Literals, text: str, timeout: float
                ) -> list[tuple[int, int]] | None:
    """``find_spans`` for a pattern whose matches hold no whitespace and contain a literal.

    Every match lies inside the whitespace-free chunk around an occurrence of a literal, so
    only those chunks are tried, position by position, exactly as ``finditer`` would (matches
    are never empty: they contain a literal). ``None`` when that would not pay off.
    """
    hits: list[int] = []
    for lit in literals.strings:
        i = text.find(lit)
        while i != -1:
            hits.append(i)
            if len(hits) > _MAX_WINDOWS:
                return None
            i = text.find(lit, i + 1)
    out: list[tuple[int, int]] = []
    end = -1
    for i in sorted(hits):
        if i < end:
            continue
        prev = _WS_PREV.search(text, 0, i)
        nxt = _WS_NEXT.search(text, i)
        pos, end = (prev.end() if prev else 0), (nxt.start() if nxt else len(text))
        while pos < end:
            m = pattern.match(text, pos, timeout=timeout)
            if m is None or m.end() <= m.start():
                pos += 1
            else:
                out.append(m.span())
                pos = m.end()
    return out


def _char(value: int, case_flags: int) -> tuple[str, bool] | None:
    ch = chr(value)
    if case_flags & regex.FULLCASE:
        return None
    if case_flags & regex.IGNORECASE:
        low = ch.lower()
        if low not in _CASE_CANON or _case_variants(ch) != _case_variants(low):
            return None
        return low, True
    return ch, False


def _best(options: list[set[tuple[str, bool]]]) -> set[tuple[str, bool]] | None:
    options = [o for o in options if o]
    if not options:
        return None
    return max(options, key=lambda o: (min(len(lit) for lit, _ in o), -len(o)))


def _required(node, core) -> set[tuple[str, bool]] | None:
    """Set of ``(literal, case-insensitive)``: every match contains one of them (None: unknown)."""
    kind = type(node)
    if kind is core.Sequence:
        options: list[set[tuple[str, bool]]] = []
        run: list[str] = []
        nocase = False
        for item in node.items:
            chars = None
            if type(item) is core.Character and item.positive and not item.zerowidth:
                chars = [_char(item.value, item.case_flags)]
            elif type(item) in (core.String, core.Literal):
                chars = [_char(c, item.case_flags) for c in item.characters]
            if chars is not None and all(c is not None for c in chars):
                run.extend(c for c, _ in chars)
                nocase = nocase or any(n for _, n in chars)
                continue
            if run:
                options.append({("".join(run), nocase)})
            run, nocase = [], False
            if chars is None:
                options.append(_required(item, core) or set())
        if run:
            options.append({("".join(run), nocase)})
        return _best(options)
    if kind is core.Character:
        ch = _char(node.value, node.case_flags) if node.positive and not node.zerowidth else None
        return {ch} if ch is not None else None
    if kind in (core.String, core.Literal):
        return _required(core.Sequence([node]), core)
    if kind is core.Branch:
        out: set[tuple[str, bool]] = set()
        for branch in node.branches:
            sub = _required(branch, core)
            if not sub:
                return None
            out |= sub
        return out
    if kind in (core.Group, core.Atomic):
        return _required(node.subpattern, core)
    if kind in (core.GreedyRepeat, core.LazyRepeat, core.PossessiveRepeat):
        return _required(node.subpattern, core) if node.min_count >= 1 else None
    return None


def phrase_starts(anchors_info, folded: str) -> list[int] | None:
    """Sorted positions where a phrase match may start, or ``None`` to try every position."""
    if anchors_info is None or not case_safe(folded):
        return None
    anchors, lead_chars, anchor_set = anchors_info
    words = word_tokens(folded)
    present = words.set & anchor_set  # iterates over the smaller set
    if not present and not lead_chars:
        return []
    tokens, offsets, where = words.tokens, words.offsets, words.where
    last = len(tokens) - 1
    starts: set[int] = set()
    for ch in lead_chars:  # phrases that start with a symbol ("% off")
        pos = folded.find(ch)
        while pos != -1:
            starts.add(pos)
            pos = folded.find(ch, pos + 1)
    for token in present:
        for skip, following in anchors[token]:
            found = where[token]
            if following is not None:
                found = [i for i in found if i < last and tokens[i + 1] in following]
            if skip:
                starts.update(offsets[i] - skip for i in found if offsets[i] >= skip)
            else:
                starts.update(map(offsets.__getitem__, found))
    return sorted(starts)
