r"""One Hyperscan scan per text tells which regexes may match it (performance only).

Every ``regex`` pattern the text layer runs (rule-pack regexes, phrase alternations, the code
detectors' patterns) is registered here. Registered patterns are compiled together into ONE
Hyperscan database per view kind (``HS_FLAG_PREFILTER | HS_FLAG_SINGLEMATCH``, over bytes); a
text is scanned once (result cached per text) and gives the set of patterns that *may* match it. A
pattern not in that set certainly has no match, so ``text.find_spans`` / ``PhrasePattern``
skip it; every other pattern runs the real ``regex`` as before. Nothing here changes a result.

Exactness. Hyperscan's own syntax and Unicode semantics differ from ``regex`` (``\w``, case
folding, ``\p{..}`` versions …), so the pattern *source* is never handed to it. Instead the
pattern is parsed with ``regex``'s own parser and translated node by node into a pattern that
matches a SUPERSET of what the original matches:

* a literal character becomes itself — with IGNORECASE, the class of all its case variants
  (``regex``'s own case table);
* a character class / property / ``\w`` / ``\s`` … becomes the explicit class of the BMP code
  points for which the node's own ``matches`` (closed under case variants when IGNORECASE)
  holds, plus every astral code point (a superset: they are never excluded);
* ``.`` becomes any character; repeats keep their bounds, except that an upper bound above
  ``RELAXED_ABOVE`` is dropped (lazy and possessive repeats become greedy ones, atomic groups
  plain groups: the same or more strings);
* zero-width assertions (``\b``, ``^``, lookarounds, the rule packs' word-boundary wrappers)
  are dropped: removing a condition only adds matches;
* anything else (backreferences, fuzzy matching, conditionals, named lists, FULLCASE …) makes
  the pattern untranslatable: it is then always run.

Those classes are written over the UTF-8 bytes of the text (a class that may match a
non-ASCII character: any run of non-ASCII bytes). The folded views, mostly ASCII, are scanned
one byte per character instead (``OneByte``: every non-ASCII character one byte), and their
patterns translated to the image of what they match under the same map.

``HS_FLAG_PREFILTER`` lets Hyperscan relax what it still cannot handle (large bounded repeats),
again only adding matches. Texts that cannot be encoded as UTF-8 (lone surrogates) get no
prefilter from the UTF-8 databases. ``tests/test_prefilter.py`` checks "regex matches ⇒ prefilter says possible" on the
sample corpus, the rule fixtures and generated texts.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import regex

try:  # the wheel bundles the library; without it every pattern simply runs
    import hyperscan
except ImportError:  # pragma: no cover - dependency declared in pyproject
    hyperscan = None

from tinnhiem._textscan import regex_tree, two_level_cache

_SURROGATES = range(0xD800, 0xE000)
# A pattern registered after the database was built (ad-hoc patterns, tests) runs unfiltered
# until it has been asked about this many times; then the database is rebuilt (~1-3 s).
REBUILD_AFTER_MISSES = 50_000


class Untranslatable(Exception):
    """A construct whose superset translation is not known: the pattern always runs."""


# --------------------------------------------------------------------------- translation

_CLASS_CACHE: dict = {}


def _cases(cp: int) -> tuple[int, ...]:
    from regex import _regex

    return tuple(_regex.get_all_cases(regex.IGNORECASE, cp))


def _with_cases(cp: int, nocase: bool) -> set[int]:
    """``cp`` and, under IGNORECASE, its case variants."""
    return {cp, *_cases(cp)} if nocase else {cp}


def _ranges(cps: Iterable[int]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for cp in sorted(set(cps)):
        if out and cp == out[-1][1] + 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return [(a, b) for a, b in out]


# Hyperscan scans the UTF-8 bytes of a text (no UTF-8 mode: multi-byte classes make it slow to
# compile). A class is exact on ASCII; one that may match a non-ASCII character matches any run
# of non-ASCII bytes instead (one character is 2-4 such bytes: a superset).
_NON_ASCII = r"[\x80-\xff]+"
_ASTRAL = r"[\xf0-\xf4][\x80-\xbf]{3}"  # any character outside the BMP
_ANY = r"(?:[\x00-\x7f]|[\x80-\xff]+)"


def _byte(b: int) -> str:
    return chr(b) if chr(b).isalnum() and b < 0x80 else f"\\x{b:02x}"


def _ascii_class(cps: Iterable[int]) -> str:
    """A bracketed byte class ("" when empty)."""
    parts = []
    for a, b in _ranges(cps):
        parts.append(_byte(a) if a == b else f"{_byte(a)}-{_byte(b)}")
    return "[" + "".join(parts) + "]" if parts else ""


def _alternatives(options: list[str]) -> str:
    options = [o for o in options if o]
    if not options:
        raise Untranslatable("empty class")
    return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"


def _cache_key(node, nocase: bool) -> tuple | None:
    """The key a class translation is cached under: the node's own ``_key`` (it holds the
    node's parts, never a bare ``id`` that a later node may reuse), or None (not cached)."""
    key = (getattr(node, "_key", None), nocase)
    if key[0] is None:
        return None
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _may_match(node, nocase: bool) -> Callable[[int], bool]:
    """Does ``node`` match code point ``cp``? (``regex`` matches a character when one of its
    case variants does.)"""
    def may(cp: int) -> bool:
        return node.matches(cp) or (nocase and any(node.matches(v) for v in _cases(cp)))
    return may


def _char_class(node, nocase: bool) -> str:
    """The code points ``node`` may match, as bytes (see module docstring)."""
    key = _cache_key(node, nocase)
    found = _CLASS_CACHE.get(key) if key else None
    if found is None:
        may = _may_match(node, nocase)
        ascii_part = _ascii_class(cp for cp in range(0x80) if may(cp))
        found = _alternatives([ascii_part, _non_ascii(node, nocase, may)])
        if key:
            _CLASS_CACHE[key] = found
    return found


_MAX_EXACT = 0  # non-ASCII members listed one by one up to this many (more: slow compiles)


def _non_ascii(node, nocase: bool, may) -> str:
    """The non-ASCII part of a class: its BMP members as UTF-8 alternatives when few (plus
    any astral character), else any run of non-ASCII bytes."""
    if not _may_be_non_ascii(node, nocase):
        return ""
    members = []
    for cp in range(0x80, 0x10000):
        if cp not in _SURROGATES and may(cp):
            members.append(cp)
            if len(members) > _MAX_EXACT:
                return _NON_ASCII
    return _alternatives(_utf8_alternatives(members) + [_ASTRAL])


def _utf8_alternatives(cps: Iterable[int]) -> list[str]:
    """UTF-8 byte patterns of ``cps``, grouped by all but their last byte (few alternatives)."""
    by_prefix: dict[bytes, list[int]] = {}
    for cp in cps:
        data = chr(cp).encode("utf-8")
        by_prefix.setdefault(data[:-1], []).append(data[-1])
    return ["".join(_byte(b) for b in prefix) + _ascii_class(last)
            for prefix, last in sorted(by_prefix.items())]


def _may_be_non_ascii(node, nocase: bool) -> bool:
    """Can ``node`` match a non-ASCII character? (True when unsure.)"""
    from regex import _regex_core as core

    positive = getattr(node, "positive", False)
    kind = type(node)
    if kind is core.Character and positive:
        return node.value >= 0x80 or (nocase and any(v >= 0x80 for v in _cases(node.value)))
    if kind is core.Range and positive and node.upper < 0x80:
        return nocase and any(v >= 0x80 for c in range(node.lower, node.upper + 1) for v in _cases(c))
    if kind is core.SetUnion and positive:
        return any(_may_be_non_ascii(i, nocase or _nocase(i)) for i in node.items)
    return True


def _literal(cp: int, nocase: bool) -> str:
    cps = sorted(_with_cases(cp, nocase))
    ascii_part = _ascii_class(c for c in cps if c < 0x80)
    multi = _utf8_alternatives(c for c in cps if c >= 0x80)
    if len(cps) == 1 and ascii_part:
        return _byte(cp)
    return _alternatives([ascii_part] + multi)


def _nocase(node) -> bool:
    flags = getattr(node, "case_flags", 0)
    if flags & regex.FULLCASE:
        raise Untranslatable("full case folding")
    return bool(flags & regex.IGNORECASE)


# --------------------------------------------------------------------------- one byte per character

# The non-ASCII characters that are case variants of an ASCII letter under ``regex``'s simple
# case folding (İ ı ſ K) are written as that letter, so that an IGNORECASE "i" or "s" stays
# one byte class instead of gaining an alternative that every text is scanned for.
_ASCII_TWINS = {0x130: ord("i"), 0x131: ord("i"), 0x17F: ord("s"), 0x212A: ord("k")}
OTHER = 0x80  # the byte of every other non-ASCII character


def _one_byte(exc: UnicodeEncodeError) -> tuple[str, int]:
    """Encoding error handler of ``OneByte.encode``: the characters its map leaves out."""
    run = exc.object[exc.start:exc.end]
    return "".join(chr(_ASCII_TWINS.get(ord(c), OTHER)) for c in run), exc.end


codecs.register_error("tinnhiem.prefilter", _one_byte)
# ASCII as itself and U+0080 as OTHER; U+FFFE marks the other bytes as no character's
_ONE_BYTE_MAP = codecs.charmap_build("".join(map(chr, range(0x81))) + "\ufffe" * 0x7F)


class OneByte:
    """Texts scanned as one byte per character, for the view kind whose texts are mostly
    ASCII (folded views: emoji and dashes are most of what is left): ASCII as itself, the
    ASCII letters' non-ASCII case variants as that letter, every other character as the byte
    ``OTHER``.

    A pattern becomes the IMAGE under the same map of what it matches, element by element:
    where the regex matches a text, the encoded text has one byte per matched character, each in
    the image of the element that matched it, so the translation matches there too (a superset,
    as with UTF-8). The gain: a class that may match a non-ASCII character costs one byte, where
    in UTF-8 it needs "any run of multi-byte sequences" — which made the large folded database
    slow to scan (0.33 → 0.25 s for one pass's 1.5 MB of folded views)."""

    def __init__(self) -> None:
        self._classes: dict = {}

    @staticmethod
    def of(cp: int) -> int:
        """The byte of code point ``cp``."""
        return cp if cp < 0x80 else _ASCII_TWINS.get(cp, OTHER)

    @staticmethod
    def encode(text: str) -> bytes:
        return codecs.charmap_encode(text, "tinnhiem.prefilter", _ONE_BYTE_MAP)[0]

    def translate(self, node, core) -> str:
        """A leaf of the pattern tree (a character, a string, a class, a dot) as a byte class."""
        kind = type(node)
        if kind in (core.String, core.Literal):
            nocase = _nocase(node)
            return "".join(_byte_class({self.of(v) for v in _with_cases(c, nocase)})
                           for c in node.characters)
        if kind in (core.Any, core.AnyAll, core.AnyU):
            return r"[\x00-\xff]"  # any character: a superset of every kind of dot
        if kind in (core.Character, core.Property, core.Range) or isinstance(node, core.SetBase):
            return self._class(node, _nocase(node), core)
        raise Untranslatable(kind.__name__)

    def _class(self, node, nocase: bool, core) -> str:
        key = _cache_key(node, nocase)
        found = self._classes.get(key) if key else None
        if found is None:
            found = _byte_class(self._image(node, nocase, core))
            if key:
                self._classes[key] = found
        return found

    def _image(self, node, nocase: bool, core) -> set[int]:
        members = _explicit(node, nocase, core)
        if members is not None:
            return {self.of(cp) for cp in members}
        # a property, a negation …: what it may match of ASCII and the twins, and OTHER
        may = _may_match(node, nocase)
        return {self.of(cp) for cp in [*range(0x80), *_ASCII_TWINS] if may(cp)} | {OTHER}


def _byte_class(image: set[int]) -> str:
    if not image:
        raise Untranslatable("empty class")
    return _byte(next(iter(image))) if len(image) == 1 else _ascii_class(image)


_EXPLICIT_MAX = 0x3000  # larger ranges are treated like properties (their image has OTHER)


def _explicit(node, nocase: bool, core) -> set[int] | None:
    """Every code point a positive character / range / union of them matches (with their case
    variants under IGNORECASE), or None for anything else."""
    if not getattr(node, "positive", False):
        return None
    kind = type(node)
    if kind is core.Character:
        cps = {node.value}
    elif kind is core.Range:
        if node.upper - node.lower > _EXPLICIT_MAX:
            return None
        cps = set(range(node.lower, node.upper + 1))
    elif kind is core.SetUnion:
        cps = set()
        for item in node.items:
            part = _explicit(item, nocase or _nocase(item), core)
            if part is None:
                return None
            cps |= part
        return cps
    else:
        return None
    return {v for cp in cps for v in _with_cases(cp, nocase)}


# A repeat bounded above this ("[^.!?]{0,80}") is translated without its upper bound: a
# superset, as a prefilter must be. Hyperscan compiles large bounded repeats slowly: the first
# compile of the databases took 21.1–22.2 s with them, 11.7 s without; the scans and the patterns
# they report stayed the same (7,647 → 7,648 reports over a sample-world pass's views;
# ``docs/performance.md``, "Start-up").
RELAXED_ABOVE = 20


def translate(node, core, page: OneByte | None = None) -> str:
    """Hyperscan source matching a superset of ``node``'s matches (``Untranslatable``): of
    their UTF-8 bytes, or with ``page`` (``OneByte``) of their bytes in that encoding."""
    kind = type(node)
    if kind is core.Sequence:
        return "".join(translate(i, core, page) for i in node.items)
    if kind is core.Branch:
        return "(?:" + "|".join(translate(b, core, page) for b in node.branches) + ")"
    if kind in (core.Group, core.Atomic):
        return "(?:" + translate(node.subpattern, core, page) + ")"
    if kind in (core.GreedyRepeat, core.LazyRepeat, core.PossessiveRepeat):
        body = translate(node.subpattern, core, page)
        unbounded = node.max_count is None or node.max_count > RELAXED_ABOVE
        high = "" if unbounded else str(node.max_count)
        return f"(?:{body}){{{node.min_count},{high}}}"
    if kind is core.LookAround or isinstance(node, core.ZeroWidthBase):
        if type(node) in (core.Skip, core.Prune):
            raise Untranslatable("backtracking verb")
        return ""  # an assertion: dropping it only adds matches
    if getattr(node, "zerowidth", False):
        return ""
    if page is not None:
        return page.translate(node, core)
    if kind in (core.String, core.Literal):
        nocase = _nocase(node)
        return "".join(_literal(c, nocase) for c in node.characters)
    if kind is core.Character:
        nocase = _nocase(node)
        return _literal(node.value, nocase) if node.positive else _char_class(node, nocase)
    if kind in (core.Any, core.AnyAll, core.AnyU):
        return _ANY  # any character: a superset of every kind of dot
    if kind in (core.Property, core.Range) or isinstance(node, core.SetBase):
        return _char_class(node, _nocase(node))
    raise Untranslatable(kind.__name__)


def _tree(pattern: regex.Pattern):
    if not isinstance(pattern.pattern, str):
        raise Untranslatable("bytes pattern")
    if pattern.flags & (regex.FULLCASE | regex.VERBOSE | regex.VERSION1 | regex.REVERSE
                        | regex.ASCII | regex.LOCALE):
        raise Untranslatable("flags")
    tree, flags = regex_tree(pattern, pattern.flags & ~(regex.UNICODE | regex.VERSION0))
    if tree is None or flags & (regex.FULLCASE | regex.VERBOSE | regex.REVERSE | regex.ASCII | regex.LOCALE):
        raise Untranslatable("flags")
    return tree


def hyperscan_source(pattern: regex.Pattern, page: OneByte | None = None) -> str:
    """The superset translation of a compiled ``regex`` pattern (``Untranslatable``)."""
    from regex import _regex_core as core

    out = translate(_tree(pattern), core, page)
    if not out:
        raise Untranslatable("matches the empty string")
    return out


# Hyperscan refuses expressions longer than 16,000 bytes; a longer translation is split.
MAX_SOURCE = 12_000


def hyperscan_sources(pattern: regex.Pattern, page: OneByte | None = None) -> list[str]:
    """``hyperscan_source(pattern)``, or — when that is too long for Hyperscan — several
    expressions whose matches together are the same superset: the longest alternation (the
    phrase lists of the rule packs, the affiliate-link hosts) is cut into groups of its
    branches, whatever surrounds it repeated in each group."""
    from regex import _regex_core as core

    whole = hyperscan_source(pattern, page)
    if len(whole) <= MAX_SOURCE:
        return [whole]
    return _pieces(_tree(pattern), core, page) or [whole]  # (unsplittable: Hyperscan refuses it)


def _pieces(node, core, page: OneByte | None) -> list[str] | None:
    """Translations of ``node`` cut at its largest alternation, each short enough (or None)."""
    while type(node) in (core.Group, core.Atomic):
        node = node.subpattern
    if type(node) is core.Branch:
        sources = []
        for branch in node.branches:
            source = translate(branch, core, page)
            if len(source) > MAX_SOURCE:  # one branch too long by itself: cut it in turn
                inner = _pieces(branch, core, page)
                if inner is None:
                    return None
                sources.extend(inner)
            else:
                sources.append(source)
        groups, size = [[]], 0
        for source in sources:
            if groups[-1] and size + len(source) > MAX_SOURCE:
                groups.append([])
                size = 0
            groups[-1].append(source)
            size += len(source) + 1
        return ["(?:" + "|".join(g) + ")" for g in groups]
    if type(node) is not core.Sequence:
        return None
    sizes = [len(translate(item, core, page)) for item in node.items]
    at = max(range(len(sizes)), key=sizes.__getitem__, default=None)
    if at is None:
        return None
    before = "".join(translate(n, core, page) for n in node.items[:at])
    after = "".join(translate(n, core, page) for n in node.items[at + 1:])
    inner = _pieces(node.items[at], core, page)
    if inner is None or len(before) + len(after) > MAX_SOURCE // 4:
        return None
    return [before + piece + after for piece in inner]


# --------------------------------------------------------------------------- the database


class Prefilter:
    """Registered patterns → one Hyperscan database; ``possible(pattern, text)`` per text.

    One instance per view kind (``KINDS``): the patterns run on folded views are never
    scanned for on the lower-case view, and so on, so each scan meets fewer patterns."""

    FLAGS = 0

    def __init__(self, page: OneByte | None = None) -> None:
        self.page = page  # the bytes scanned: UTF-8, or one byte per character
        self._ids: dict = {}  # pattern → id (None: untranslatable, always run)
        self._sources: list[str] = []  # Hyperscan expressions …
        self._source_ids: list[int] = []  # … and the pattern id each reports (one or more per id)
        self._next_id = 0
        self._db = None
        self._compiled = 0  # patterns [0, _compiled) are in the database
        self._misses = 0  # questions about patterns not yet in the database
        self.generation = 0  # bumped by every build (ids may have been marked always-run)
        self._hits = two_level_cache(self._scan)
        # One lock for registering, building and scanning: a Hyperscan database has one scratch
        # space, which two threads (e.g. the web server's worker threads) must not share.
        self._lock = threading.RLock()
        if hyperscan is not None:
            self.FLAGS = hyperscan.HS_FLAG_PREFILTER | hyperscan.HS_FLAG_SINGLEMATCH | \
                hyperscan.HS_FLAG_DOTALL

    def register(self, pattern) -> int | None:
        """Add ``pattern`` (compiled ``regex``) to the database; its id, or None (always run)."""
        try:
            return self._ids[pattern]
        except KeyError:
            pass
        except TypeError:
            return None
        with self._lock:
            return self._register(pattern)

    def _register(self, pattern) -> int | None:
        if pattern in self._ids:
            return self._ids[pattern]
        pid = None
        if hyperscan is not None:
            try:
                sources = TRANSLATIONS.sources(pattern, self.page)
                pid = self._next_id
                self._next_id += 1
                self._sources.extend(sources)
                self._source_ids.extend([pid] * len(sources))
            except (Untranslatable, Exception):  # noqa: BLE001 — unknown: always run
                pid = None
        self._ids[pattern] = pid
        return pid

    def possible(self, pattern, text: str) -> bool:
        """False only if ``pattern`` certainly has no match in ``text``."""
        try:
            pid = self._ids[pattern]
        except KeyError:
            pid = self.register(pattern)
        except TypeError:
            return True
        if pid is None:
            return True
        if pid >= self._compiled and self._db is not None:
            self._misses += 1
            if self._misses < REBUILD_AFTER_MISSES:
                return True
            with self._lock:
                self._build()
        compiled, hits = self._hits(text)
        if pid >= compiled or pid in hits:
            return True
        # the scan above may have built the database, and Hyperscan may have rejected this
        # pattern then (``_build`` marks it always-run): ``pid`` was read before that
        return self._ids.get(pattern) is None

    def ids(self, patterns) -> tuple[frozenset[int], int] | None:
        """``(ids, highest id)`` of ``patterns`` (registering them), or ``None`` if one of them
        always runs. Valid until ``generation`` changes."""
        pids = [self.register(p) for p in patterns]
        if None in pids:
            return None
        return frozenset(pids), max(pids, default=-1)

    def hits(self, text: str) -> tuple[int, frozenset[int]]:
        """``(patterns compiled, ids reported)`` for ``text`` (cached): an id below the count
        that is not reported cannot match ``text``."""
        return self._hits(text)

    def _scan(self, text: str) -> tuple[int, frozenset[int]]:
        with self._lock:
            return self._scan_locked(text)

    def _scan_locked(self, text: str) -> tuple[int, frozenset[int]]:
        if self._db is None and self._sources:
            self._build()  # the first scan: every pattern registered so far
        if self._db is None:
            return 0, frozenset()
        try:
            data = text.encode("utf-8") if self.page is None else self.page.encode(text)
        except UnicodeEncodeError:
            return 0, frozenset()
        found: set[int] = set()
        self._db.scan(data, match_event_handler=_collect, context=found)
        return self._compiled, frozenset(found)

    def refresh(self) -> None:
        """Compile the patterns registered since the last build now (not after
        ``REBUILD_AFTER_MISSES`` questions about them)."""
        with self._lock:
            if self._next_id > self._compiled:
                self._build()

    def _build(self) -> None:
        n = self._next_id
        try:
            db = _database(self._sources, self.FLAGS, self._source_ids)
        except Exception:  # noqa: BLE001 — find the patterns Hyperscan rejects; they always run
            for i, source in enumerate(self._sources):
                try:
                    _database([source], self.FLAGS)
                except Exception:  # noqa: BLE001
                    self._reject(self._source_ids[i])
            db = _database(self._sources, self.FLAGS, self._source_ids)
        self._db, self._compiled, self._misses = db, n, 0
        self.generation += 1
        self._hits.cache_clear()
        TRANSLATIONS.save()  # (the translations made for this database, for the next process)

    def _reject(self, pid: int) -> None:
        """Mark pattern ``pid`` always-run: its expressions never report (``_NEVER``)."""
        for i, owner in enumerate(self._source_ids):
            if owner == pid:
                self._sources[i] = _NEVER
        self._ids.update({p: None for p, v in self._ids.items() if v == pid})

    def stats(self) -> dict[str, int]:
        always = sum(1 for v in self._ids.values() if v is None)
        return {"registered": len(self._ids), "prefiltered": len(self._ids) - always,
                "always_run": always}


def _collect(pid, start, end, flags, found) -> None:
    found.add(pid)


_NEVER = r"\xff\xff\xff\xff\xff"  # never valid UTF-8: matches no text


def cache_dir() -> Path | None:
    """Where compiled databases are kept between processes (``TINNHIEM_CACHE_DIR``, else the
    user cache directory); ``None`` when unset and no home directory exists."""
    root = os.environ.get("TINNHIEM_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    if root:
        return Path(root) / "tinnhiem"
    home = Path.home() if os.environ.get("HOME") else None
    return home / ".cache" / "tinnhiem" if home else None


def _database(sources: list[str], flags: int, ids: list[int] | None = None):
    """Compile (or load the cached compilation of) one block-mode database; expression ``i``
    reports ``ids[i]`` (default: ``i``)."""
    ids = list(range(len(sources))) if ids is None else list(ids)
    key = hashlib.sha256("\0".join([str(flags), getattr(hyperscan, "__version__", ""), repr(ids)]
                                    + sources).encode("utf-8")).hexdigest()[:32]
    folder = cache_dir() if len(sources) >= MIN_CACHED else None
    path = folder / f"prefilter-{key}.hsdb" if folder else None
    if path is not None and path.exists():
        try:
            db = hyperscan.loadb(path.read_bytes(), mode=hyperscan.HS_MODE_BLOCK)
            db.scratch = hyperscan.Scratch(db)  # (a loaded database comes without one)
            return db
        except Exception:  # noqa: BLE001 — a stale or damaged cache entry: compile again
            pass
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    n = len(sources)
    db.compile(expressions=[s.encode("latin-1") for s in sources], ids=ids,
               elements=n, flags=[flags] * n)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_bytes(hyperscan.dumpb(db))
            tmp.replace(path)
            _evict(path.parent)
        except OSError:
            pass
    return db


# --------------------------------------------------------------------------- translations kept


class Translations:
    """``hyperscan_sources`` results kept in a file beside the compiled databases, so that a new
    process does not translate every pattern again (0.7 s for all rule packs; performance only).

    Keyed by the pattern's source and flags and the page; the file's name carries a digest of
    the translator's code, the ``regex`` version and Python's (``_translator_digest``), so a
    change to any of them starts a new file. An untranslatable pattern
    is kept as such. A damaged or unreadable file is ignored; writing is atomic and merges what
    other processes wrote meanwhile. Without a cache folder, nothing is kept."""

    MAX_ENTRIES = 20_000  # beyond this (patterns edited many times), the file starts afresh

    def __init__(self) -> None:
        self._known: dict[str, list[str] | None] | None = None  # (read on first use)
        self._new: dict[str, list[str] | None] = {}
        self._lock = threading.Lock()

    @staticmethod
    def path() -> Path | None:
        folder = cache_dir()
        return None if folder is None else folder / f"translations-{_translator_digest()}.json"

    @staticmethod
    def _key(pattern, page: OneByte | None) -> str | None:
        if not isinstance(pattern, regex.Pattern) or not isinstance(pattern.pattern, str):
            return None
        return f"{'onebyte' if page is not None else 'utf8'}\x00{pattern.flags}\x00{pattern.pattern}"

    def sources(self, pattern, page: OneByte | None = None) -> list[str]:
        """``hyperscan_sources(pattern, page)``, from the file when it holds them
        (``Untranslatable`` as that raises it)."""
        key = self._key(pattern, page)
        if key is not None:
            with self._lock:
                if self._known is None:
                    self._known = self._read()
                if key in self._known:
                    found = self._known[key]
                    if found is None:
                        raise Untranslatable("(kept)")
                    return list(found)
        try:
            found = hyperscan_sources(pattern, page)
        except Exception:  # noqa: BLE001 — ``Untranslatable`` or an unknown construct
            found = None
        if key is not None:
            with self._lock:
                self._known[key] = self._new[key] = found
        if found is None:
            raise Untranslatable("untranslatable")
        return list(found)

    def _read(self) -> dict[str, list[str] | None]:
        path = self.path()
        try:
            data = json.loads(path.read_text(encoding="utf-8")) if path is not None else {}
        except (OSError, ValueError):
            return {}
        ok = isinstance(data, dict) and all(
            v is None or (isinstance(v, list) and all(isinstance(x, str) for x in v)) for v in data.values())
        return data if ok else {}

    def save(self) -> None:
        """Write the translations made since the last save (merged with the file's)."""
        with self._lock:
            if not self._new:
                return
            new, self._new = self._new, {}
        path = self.path()
        if path is None:
            return
        try:
            merged = self._read()
            if len(merged) + len(new) > self.MAX_ENTRIES:
                merged = {}
            merged.update(new)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_text(json.dumps(merged, ensure_ascii=False), encoding="utf-8")
            tmp.replace(path)
            _evict(path.parent, "translations-*.json", TRANSLATION_FILES)
        except OSError:
            pass


TRANSLATIONS = Translations()


@lru_cache(maxsize=1)
def _translator_digest() -> str:
    """What a translation depends on besides the pattern: this module and the parse-tree helper
    (``_textscan``), the ``regex`` version (its parser and case tables) and Python's (Unicode)."""
    import sys
    import unicodedata

    from tinnhiem import _textscan

    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(Path(_textscan.__file__).read_bytes())
    h.update(f"{regex.__version__}|{sys.version_info[:2]}|{unicodedata.unidata_version}".encode())
    return h.hexdigest()[:24]


MIN_CACHED = 8  # smaller databases compile in milliseconds: not worth a file
CACHE_FILES = 16  # compiled databases kept (the newest)


TRANSLATION_FILES = 4  # translation files kept (the newest: other code, regex or Python versions)


def _evict(folder: Path, glob: str = "prefilter-*.hsdb", keep: int = CACHE_FILES) -> None:
    files = sorted(folder.glob(glob), key=lambda f: f.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)


# view kinds: "folded" (``text.views``), "lower" (``text.lower_view``), "raw" (the stored text)
KINDS = ("folded", "lower", "raw")
PREFILTERS = {"folded": Prefilter(OneByte()), "lower": Prefilter(), "raw": Prefilter()}
PREFILTER = PREFILTERS["folded"]


def register(pattern, kind: str = "folded") -> int | None:
    """Add ``pattern`` to the database of view kind ``kind`` (see ``Prefilter.register``)."""
    return PREFILTERS[kind].register(pattern)


def possible(pattern, text: str, kind: str = "folded") -> bool:
    """False only if ``pattern`` certainly has no match in ``text`` (a view of kind ``kind``)."""
    return PREFILTERS[kind].possible(pattern, text)


def refresh_all() -> None:
    """Build every view kind's database now (e.g. before timing, or in a test's set-up)."""
    for pf in PREFILTERS.values():
        pf.refresh()


def stats() -> dict[str, dict[str, int]]:
    return {kind: pf.stats() for kind, pf in PREFILTERS.items()}
