"""Where every phrase pattern may start in a text, for all patterns at once (performance only).

A post is scanned by ~70 phrase patterns (``text.PhrasePattern``); for ~90 % of the
(pattern, text) pairs no phrase can start anywhere in the text, and the rest mostly anchor on
common words ("không", "mua") that ``_textscan.phrase_starts`` would walk once per pattern.
``AnchorIndex`` merges the anchors of every registered pattern into *grams*: a phrase whose
first word run may be followed by anything is keyed by that run; one whose next run is
constrained (``phrase_anchors``' "allowed next tokens") by each pair (first run, next run).
One walk per text over the word runs that start a gram present in the text gives the start
positions of every pattern — exactly ``phrase_starts(anchors, folded)`` for each, because an
occurrence ``i`` of run ``t`` is a start for a slot ``(skip, following)`` of ``t`` iff
``following`` is ``None`` (gram ``t``) or the next run is in ``following`` (gram
``(t, next)``), shifted by ``skip`` when that stays ≥ 0. Patterns anchored on a leading symbol
("% off") add every occurrence of the symbol. ``None`` (try every position) when the text is
not ``case_safe``. Results are cached per folded text; the cache is emptied whenever a
pattern is registered or dropped. ``tests/test_textindex.py`` compares with ``phrase_starts``.
``subset(keys)`` is an index of a few patterns alone (the comment rules': ``text.own_anchor_index``),
with the same starts for them and none of the others' work.
"""

from __future__ import annotations

import itertools
import threading

from tinnhiem._native import ctext
from tinnhiem import _textscan
from tinnhiem._textscan import case_safe, two_level_cache, word_tokens

_NOTHING: list[int] = []
# called after every (un)registration, outside the index's lock: caches built from an index's
# answers (``text._anchor_union``) must not outlive a pattern that was added or dropped
ON_CHANGE: list = []


def _changed() -> None:
    for forget in ON_CHANGE:
        forget()



class AnchorIndex:
    """The merged anchors of many phrase patterns (see module docstring)."""

    def __init__(self) -> None:
        self._anchors: dict[int, tuple] = {}
        self._keys = itertools.count()
        self._singles: dict[str, list[tuple[int, int]]] = {}  # run → [(pattern, skip)]
        self._pairs: dict[tuple[str, str], list[tuple[int, int]]] = {}  # (run, next run) → ...
        self._leading: dict[str, list[int]] = {}  # leading symbol → patterns
        self._nested: dict[str, dict[str, list[tuple[int, int]]]] = {}  # ``_pairs`` by first run
        self._maxlen = 0  # the longest run in a gram (longer runs are never looked up)
        self._grams = None  # ``_singles`` and ``_nested`` held in C (``ctext.anchor_grams``)
        # ``_nested``, ``_maxlen`` and ``_grams`` lag behind a (un)registration, or are not made yet
        self._stale = True
        self._table = two_level_cache(self._compute)
        self._lock = threading.Lock()
        self._version = 0  # bumped by every (un)registration: ``subset`` indexes are rebuilt
        self._subset: tuple[frozenset[int], int, AnchorIndex] | None = None  # (keys, version, index)

    def register(self, anchors_info) -> int:
        """Add one pattern's ``phrase_anchors(...)`` result (not ``None``); returns its key."""
        with self._lock:
            key = next(self._keys)
            self._anchors[key] = anchors_info
            self._add(self._singles, self._pairs, self._leading, key, anchors_info)
            self._stale = True  # (derived on the next lookup: loading the rule packs registers
            self._table.cache_clear()  # hundreds of patterns, each derive walks them all)
            self._version += 1
        _changed()
        return key

    def unregister(self, key: int) -> None:
        """Drop a pattern (called when it is garbage-collected, from any thread): the tables are
        rebuilt aside and swapped in, under the lock that ``register`` also takes."""
        with self._lock:
            if self._anchors.pop(key, None) is None:
                return
            singles: dict = {}
            pairs: dict = {}
            leading: dict = {}
            for other, anchors_info in self._anchors.items():
                self._add(singles, pairs, leading, other, anchors_info)
            self._singles, self._pairs, self._leading = singles, pairs, leading
            self._stale = True
            self._table.cache_clear()
            self._version += 1
        _changed()

    def subset(self, keys: frozenset[int]) -> AnchorIndex:
        """An index of the registered patterns ``keys`` alone, under the same keys: the same
        start positions for each of them, without computing every other pattern's. For texts
        that are only ever asked about those patterns (a comment, by the comment rules); a
        registration anywhere, or a request for other keys, makes it anew."""
        entry = self._subset
        if entry is not None and entry[0] == keys and entry[1] == self._version:
            return entry[2]
        with self._lock:
            sub = AnchorIndex()
            for key in sorted(keys):
                anchors_info = self._anchors.get(key)
                if anchors_info is not None:
                    sub._anchors[key] = anchors_info
                    self._add(sub._singles, sub._pairs, sub._leading, key, anchors_info)
            sub._stale = True
            if entry is not None:
                entry[2]._retire()
            self._subset = (keys, self._version, sub)
        return sub

    def _retire(self) -> None:
        """Forget this (replaced) index's per-text tables and stop ``clear_text_caches`` from
        holding on to them."""
        self._table.cache_clear()
        if self._table in _textscan._TEXT_CACHES:
            _textscan._TEXT_CACHES.remove(self._table)

    @staticmethod
    def _add(singles: dict, pairs: dict, leading: dict, key: int, anchors_info) -> None:
        anchors, lead_chars, _ = anchors_info
        for token, slots in anchors.items():
            for skip, following in slots:
                if following is None:
                    singles.setdefault(token, []).append((key, skip))
                for nxt in following or ():
                    pairs.setdefault((token, nxt), []).append((key, skip))
        for ch in lead_chars:
            leading.setdefault(ch, []).append(key)

    def _derive(self) -> None:
        """The compiled walk's view of the grams: pairs nested by first run, longest run."""
        nested: dict[str, dict[str, list[tuple[int, int]]]] = {}
        for (first, nxt), entries in self._pairs.items():
            nested.setdefault(first, {})[nxt] = entries
        runs = [*self._singles, *nested, *(n for d in nested.values() for n in d)]
        self._nested, self._maxlen = nested, max(map(len, runs), default=0)
        if ctext is not None:
            self._grams = ctext.anchor_grams(self._singles, nested, self._maxlen)

    def hits(self, folded: str) -> _Packed | _Listed | None:
        """Where the patterns may start in ``folded`` (``present``: the keys that may start
        somewhere; ``starts(key)``), or ``None`` when every position must be tried."""
        return self._table(folded)

    def starts(self, key: int, folded: str) -> list[int] | None:
        """``phrase_starts`` of the pattern registered as ``key`` (``None``: try everywhere)."""
        table = self._table(folded)
        return None if table is None else table.starts(key)

    def _compute(self, folded: str) -> _Packed | _Listed | None:
        """The start positions of the patterns that may match ``folded``."""
        if self._stale:
            with self._lock:
                if self._stale:
                    self._derive()
                    self._stale = False
        if ctext is not None and _textscan._CASE_TRAPS is not None:
            # the walk below, compiled over the grams held in C; it also answers ``case_safe``
            scanned = ctext.anchor_scan(self._grams, folded)
            if scanned is None:
                return None
            leading: dict[int, set[int]] = {}
            self._leading_starts(folded, leading)
            return _Packed(*scanned, leading)
        if not case_safe(folded):
            return None
        found: dict[int, set[int]] = {}
        self._leading_starts(folded, found)
        words = word_tokens(folded)
        tokens = words.tokens
        singles = words.set & self._singles.keys()
        pairs = set(zip(tokens, itertools.islice(tokens, 1, None))) & self._pairs.keys()
        if singles or pairs:
            self._gram_starts(words, singles, pairs, found)
        return _Listed(found)

    def _leading_starts(self, folded: str, found: dict[int, set[int]]) -> None:
        for ch, keys in self._leading.items():
            pos = folded.find(ch)
            while pos != -1:
                for key in keys:
                    found.setdefault(key, set()).add(pos)
                pos = folded.find(ch, pos + 1)

    def _gram_starts(self, words, singles: set, pairs: set, found: dict[int, set[int]]) -> None:
        tokens, offsets = words.tokens, words.offsets
        firsts = singles | {first for first, _ in pairs}
        at: dict = {}
        for i in [i for i, t in enumerate(tokens) if t in firsts]:
            token = tokens[i]
            if token in singles:
                at.setdefault(token, []).append(i)
            if i + 1 < len(tokens) and (token, tokens[i + 1]) in pairs:
                at.setdefault((token, tokens[i + 1]), []).append(i)
        for gram, where in at.items():
            entries = self._singles[gram] if isinstance(gram, str) else self._pairs[gram]
            for key, skip in entries:
                bucket = found.get(key)
                if bucket is None:
                    bucket = found[key] = set()
                bucket.update(offsets[i] - skip for i in where if offsets[i] >= skip)


class _Packed:
    """One text's start positions from the compiled walk: the keys that may start somewhere
    (``present``) and every (key, position) packed (``ctext.anchor_starts`` reads one key's),
    plus the starts of the patterns anchored on a leading symbol. A key's list is made only
    when it is asked for (most are never)."""

    __slots__ = ("present", "_packed", "_leading", "_lists")

    def __init__(self, keys: frozenset[int], packed: bytes, leading: dict[int, set[int]]):
        self.present = keys | frozenset(leading) if leading else keys
        self._packed, self._leading, self._lists = packed, leading, {}

    def starts(self, key: int) -> list[int]:
        found = self._lists.get(key)
        if found is None:
            if key not in self.present:
                return _NOTHING
            found = ctext.anchor_starts(self._packed, key)
            if key in self._leading:
                found = sorted(set(found) | self._leading[key])
            self._lists[key] = found
        return found


class _Listed:
    """One text's start positions from the Python walk: ``{key: positions}``."""

    __slots__ = ("present", "_found")

    def __init__(self, found: dict[int, set[int]]):
        self._found: dict[int, set[int] | list[int]] = found
        self.present = frozenset(k for k, v in found.items() if v)

    def starts(self, key: int) -> list[int]:
        found = self._found.get(key)
        if found is None:
            return _NOTHING
        if not isinstance(found, list):
            found = self._found[key] = sorted(found)
        return found


INDEX = AnchorIndex()


# --------------------------------------------------------------------------- folded literals

_MAX_FORMS = 8
_FOLDED_LITERALS: dict = {}


def folded_literals(literals, fold) -> tuple[str, ...] | None:
    """Strings one of which ``fold(text)`` contains whenever ``text`` contains a literal of
    ``literals`` (a ``_textscan.Literals``), or ``None`` when there are too many.

    For a case-insensitive literal on a text that is not ``case_safe`` ("Cảm ơn Brand",
    matched by ``(?i:cảm ơn)``), ``Literals.possible`` cannot decide and the pattern runs on
    the whole text. ``fold`` maps one character to one character, so a literal written
    ``c1 … ck`` matched by text characters ``t1 … tk`` (each ``ti`` one of the engine's case
    variants of ``ci``) leaves ``fold(t1) … fold(tk)`` in the folded text: one of the
    combinations of the folded case variants of each ``ci`` ("s" → "s" or "ſ").
    """
    try:
        return _FOLDED_LITERALS[literals]
    except KeyError:
        pass
    from tinnhiem._textscan import _case_variants

    out: set[str] | None = set()
    for lit in literals.strings:
        combos = [""]
        for ch in lit:
            variants = (_case_variants(ch) or frozenset()) | {ch}
            combos = [c + f for c in combos for f in sorted({fold(v) for v in variants})]
            if len(combos) > _MAX_FORMS:
                out = None
                break
        if out is None:
            break
        out.update(combos)
    result = None if out is None else tuple(sorted(out, key=len))
    _FOLDED_LITERALS[literals] = result
    return result
