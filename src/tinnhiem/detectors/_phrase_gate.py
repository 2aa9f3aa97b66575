"""A Hyperscan gate in front of a few comment rules' phrase lists (performance only).

The comment rules beside the models (``_spam_rules``, ``_toxicity_rules``) search their phrases
in a comment's folded text and in the text with its disguises unmasked ("v*l" → "vl", "z a l o"
→ "zalo"), not in the teencode view (the rules list the teencode forms they read). Most comments
hold none of the phrases, so a small Hyperscan database says first which groups of phrases may
match a folded rendering: each phrase's folded syllables with any non-letters, or none, between
them — a superset of the phrase patterns' matches (syllables joined by whitespace, "_", "-" or
nothing), since every folded phrase is ASCII. Without Hyperscan every group may match.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping

from tinnhiem import text as T
from tinnhiem._prefilter import _collect, _database, hyperscan
from tinnhiem.deobfuscate import unmasked


class PhraseGate:
    """``groups``: group id → phrases; ``extra``: group id → more (ASCII) Hyperscan sources for
    that group (e.g. the end of a web address). With ``literal``, the phrases are looked for as
    written (for words that count only with their diacritics, in lower-cased text) instead of
    folded; with ``whole_words`` as well, only where no ASCII letter or digit touches them (their
    words separated by anything but ASCII letters and digits: a superset of whole-word matches)."""

    def __init__(self, groups: Mapping[int, Iterable[str]], extra: Mapping[int, Iterable[str]] | None = None,
                 literal: bool = False, whole_words: bool = False):
        self.every = frozenset(groups)
        sources: list[str] = []  # (one character per byte: ``_prefilter._database`` reads latin-1)
        ids: list[int] = []
        for group, phrases in groups.items():
            if literal and whole_words:
                sources += ["(?:^|[^a-z0-9])" + "[^a-z0-9]+".join(
                    re.escape(w).encode("utf-8").decode("latin-1") for w in p.split()) + "(?:[^a-z0-9]|$)"
                    for p in sorted(set(phrases))]
            elif literal:
                sources += [re.escape(p).encode("utf-8").decode("latin-1") for p in sorted(set(phrases))]
            else:
                sources += ["[^a-z0-9]*".join(re.escape(w) for w in words)
                            for words in sorted({tuple(T.fold(p).split()) for p in phrases})]
            ids += [group] * (len(sources) - len(ids))
        for group, more in (extra or {}).items():
            sources += list(more)
            ids += [group] * (len(sources) - len(ids))
        if not literal and not all(s.isascii() for s in sources):
            raise ValueError("a folded phrase or extra source is not ASCII: the gate scans UTF-8 bytes")
        self._lock = threading.Lock()  # (a Hyperscan database has one scratch space: one scan at a time)
        self.db = None if hyperscan is None else _database(sources, hyperscan.HS_FLAG_SINGLEMATCH, ids)

    def groups(self, folded: str) -> frozenset[int]:
        """The groups whose phrases may match ``folded`` (a folded rendering; with ``literal``,
        a lower-cased one)."""
        if self.db is None:
            return self.every
        try:
            data = folded.encode("utf-8")
        except UnicodeEncodeError:
            return self.every
        found: set[int] = set()
        with self._lock:
            self.db.scan(data, match_event_handler=_collect, context=found)
        return frozenset(found)

    def renderings(self, text: str) -> tuple[tuple[T.View, frozenset[int]], ...]:
        """The folded text and the text with its disguises unmasked, each with the groups that
        may match it; renderings where none may are left out."""
        out = []
        folded = T.fold_once(text)
        if groups := self.groups(folded):
            out.append((T.View(text, folded), groups))
        shown = unmasked(text)
        if shown is not None and (groups := self.groups(folded := T.fold_once(shown[0]))):
            out.append((T.View(text, folded, shown[1], shown[0]), groups))
        return tuple(out)
