"""Hashed n-gram features and linear heads for the comment classifiers (numpy; sums in C if built).

The SAME code featurises text at training time (``training/``) and at run time, so the
shipped weights see exactly the features they were trained on. No scikit-learn, no pickle.

Features of one text (``featurize``):

* the words that disguises in the text stand for (``deobfuscate.revealed``: "z a l o" →
  "zalo", "v*l" → "vl", a phone number spelled out → its digits) are appended to it, so a
  disguised contact or insult has the features of the plain one (text without a disguise is
  unchanged);
* the text is lower-cased, runs of 3+ equal characters are cut to 2, whitespace collapsed,
  and padded with one space each side;
* character n-grams (``CHAR_NS``) of the FOLDED text (diacritics removed, ``text.fold``) and,
  in a separate hash space, of the lower-cased text with its diacritics;
* word unigrams and bigrams of the folded words, after teencode expansion of each token
  (``text.TEENCODE``: "ko" → "không", "sp" → "sản phẩm");
* a few shape tokens (``_shape``): length bucket, a cut run of repeated characters, a link.

Every n-gram is hashed (polynomial rolling hash over code points, splitmix64 finaliser;
words: CRC-32) into ``2**N_BITS`` buckets. All comment heads share one featurisation: each
occurrence of bucket ``j`` has the value ``g_j / norm`` with ``g`` the shared IDF
(``comment_idf.npz``, fitted on the union of the training corpora) and
``norm = sqrt(sum over occurrences of g^2)``. A head stores per-bucket weights ``coef``
(``[n_features, k]``, any per-head feature scaling such as NB ratios already folded in), so
its logits are ``sum_j count_j g_j coef_j / norm + b``: ``sigmoid`` for a binary head stored
as one column, normalised one-vs-rest sigmoids when its JSON says ``"link": "ovr"``, else
softmax.

Run time stacks ``[g², g·coef of every head]`` into ONE contiguous float32 array, so a
single row gather per feature occurrence serves every head at once; the rows are summed per
document in float64. With the compiled kernels (``_ctext.char_ngrams_add``, ``gather_add``) the
character n-grams are hashed and every row added in C (``_sums_compiled``); without them numpy
does the same (``_sums_numpy``: ``np.take`` and one ``np.add.reduceat`` per feature family).
The two agree to float64 rounding (``tests/test_native.py``).
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np
import regex

from tinnhiem._native import ctext
from tinnhiem._textscan import _TEXT_CACHES
from tinnhiem.deobfuscate import revealed
from tinnhiem.text import TEENCODE, fold, fold_once, lower_once

MODELS_DIR = Path(__file__).resolve().parent
N_BITS = 19
N_FEATURES = 1 << N_BITS
CHAR_NS = (1, 2, 3, 4, 5)
FEATURIZER = {"name": "tinnhiem-hash-ngrams", "version": 3, "n_bits": N_BITS, "reveal_disguises": True,
              "char_ngrams": list(CHAR_NS), "word_ngrams": [1, 2],
              "views": ["folded", "lower"], "word_teencode": True, "shape_tokens": True,
              "value": "count*g/sqrt(sum_occurrences g^2), g = shared idf (comment_idf.npz)"}
IDF_FILE = "comment_idf.npz"
CHUNK = 256  # texts featurised and scored together (bounds memory)

_P = np.uint64(0x100000001B3)
_K1 = np.uint64(0xBF58476D1CE4E5B9)
_K2 = np.uint64(0x94D049BB133111EB)
_MASK = np.uint64(N_FEATURES - 1)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_SALT_FOLDED, _SALT_LOW = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F)
_SALT_WORD, _SALT_BIGRAM = np.uint64(0x165667B19E3779F9), np.uint64(0x27D4EB2F165667C5)
# stdlib ``re`` for these linear patterns (no nesting, cannot backtrack catastrophically):
# about 4x faster than ``regex`` here, and they run on every comment
_RUNS = re.compile(r"(.)\1\1+")
_LINK = re.compile(r"https?:|www\.|\.com\b|\.vn\b|\.ly/")
_WORD = regex.compile(r"[\p{L}\p{N}]+")


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser (uint64 arithmetic wraps)."""
    x = (x ^ (x >> _S30)) * _K1
    x = (x ^ (x >> _S27)) * _K2
    return x ^ (x >> _S31)


def normalize(text: str) -> tuple[str, str, bool]:
    """``(lower-cased, folded, had a run of 3+ equal characters)``; the two renderings have
    equal length and are space-padded; the words disguises stand for are appended."""
    words = revealed(text)
    if words:
        text = text + " " + " ".join(words)
    # (uncached: these renderings are asked once per text, and caching them only evicted the
    # entries that ``text.views`` reuses)
    low = lower_once(text)
    cut = _RUNS.sub(r"\1\1", low) if _RUNS.search(low) else low
    low = " " + " ".join(cut.split()) + " "
    return low, fold_once(low), len(cut) != len(text)


def _char_part(pairs: list[tuple[str, str, bool]]) -> tuple[np.ndarray, np.ndarray]:
    """``(doc, unmixed hash)`` of every char n-gram, grouped by document (position-major)."""
    strings = [s for p in pairs for s in (p[1], p[0])]  # folded, lower, folded, lower, ...
    lens = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings)) + 1
    c = np.frombuffer(("\x00".join(strings) + "\x00").encode("utf-32-le"), dtype=np.uint32)
    c = c.astype(np.uint64)
    sid = np.repeat(np.arange(len(strings), dtype=np.int64), lens)
    salt = np.where(sid & 1, _SALT_LOW, _SALT_FOLDED)
    size = len(c)
    hs = np.zeros((size, len(CHAR_NS)), np.uint64)
    ok = np.zeros((size, len(CHAR_NS)), bool)
    h = c * _K1
    for n in range(1, CHAR_NS[-1] + 1):
        if n > 1:
            h = h[:-1] * _P + c[n - 1:]
        if n in CHAR_NS:
            i, m = CHAR_NS.index(n), len(h)
            hs[:m, i] = h + salt[:m] * np.uint64(n)
            ok[:m, i] = (sid[:m] == sid[n - 1:]) & (c[n - 1:] != 0)
    return np.repeat(sid >> 1, ok.sum(axis=1)), hs[ok]


_TEENCODE = {k: v for k, v in TEENCODE.items() if " " not in k}
_TOKEN_CACHE: dict[str, tuple[int, ...]] = {}


def _tok(t: str) -> tuple[int, ...]:
    """Hashes of the folded word(s) a lower-cased token stands for (teencode expanded)."""
    h = _TOKEN_CACHE.get(t)
    if h is None:
        if len(_TOKEN_CACHE) > 200_000:
            _TOKEN_CACHE.clear()
        words = fold(_TEENCODE.get(t, t)).split()
        h = _TOKEN_CACHE[t] = tuple(zlib.crc32(w.encode("utf-8")) | (len(w) << 32) for w in words)
    return h


_LEN_EDGES = (0, 1, 2, 3, 5, 9, 17, 33, 65)


def _shape(low: str, n_words: int, had_run: bool) -> tuple[int, int, int]:
    """Three shape tokens: word-count bucket, cut character run, link present."""
    bucket = sum(n_words >= e for e in _LEN_EDGES)
    return (0x5EED0000 + bucket, 0x5EED0100 + int(had_run), 0x5EED0200 + int(bool(_LINK.search(low))))


def _word_hashes(pairs) -> tuple[np.ndarray, list[int]]:
    """The word hashes of every text (``_tok`` of each ``[\\p{L}\\p{N}]+`` run of its lower-cased
    rendering), concatenated, and how many each text has."""
    if ctext is not None:  # the same walk, compiled (its letters and digits are ``regex``'s)
        raw, counts = ctext.word_hashes([p[0] for p in pairs], _TOKEN_CACHE, _tok)
        return np.frombuffer(raw, dtype=np.uint64), counts
    toks = [[x for t in _WORD.findall(p[0]) for x in _tok(t)] for p in pairs]
    counts = [len(t) for t in toks]
    return np.fromiter((x for t in toks for x in t), dtype=np.uint64, count=sum(counts)), counts


def _word_parts(pairs) -> list[tuple[np.ndarray, np.ndarray]]:
    """Unigrams, bigrams and shape tokens: three ``(doc, unmixed hash)`` parts, each grouped by doc."""
    h, counts = _word_hashes(pairs)
    doc = np.repeat(np.arange(len(pairs), dtype=np.int64), np.array(counts, dtype=np.int64))
    same = doc[:-1] == doc[1:]
    bi = h[:-1][same] * _P + h[1:][same] + _SALT_BIGRAM
    shape = np.fromiter((s for p, n in zip(pairs, counts) for s in _shape(p[0], n, p[2])),
                        dtype=np.uint64, count=3 * len(pairs))
    sdoc = np.repeat(np.arange(len(pairs), dtype=np.int64), 3)
    return [(doc, h + _SALT_WORD), (doc[:-1][same], bi), (sdoc, shape * _K2)]


def feature_parts(texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """``[(doc, bucket), ...]`` per feature family; within a part, ``doc`` is non-decreasing."""
    pairs = [normalize(t) for t in texts]
    parts = [_char_part(pairs), *_word_parts(pairs)]
    return [(d, (_mix(h) & _MASK).astype(np.int64)) for d, h in parts]


def featurize(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """``(doc, bucket)`` of every feature occurrence (one entry per occurrence)."""
    if not texts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    parts = feature_parts(texts)
    return np.concatenate([d for d, _ in parts]), np.concatenate([b for _, b in parts])


def _segsum(values: np.ndarray, doc: np.ndarray, n_docs: int) -> np.ndarray:
    """Row sums of ``values`` per document (``doc`` non-decreasing), zero for absent docs."""
    out = np.zeros((n_docs, values.shape[1]), values.dtype)
    if len(doc):
        starts = np.searchsorted(doc, np.arange(n_docs))
        present = np.diff(np.append(starts, len(doc))) > 0
        out[present] = np.add.reduceat(values, starts[present], axis=0)
    return out


def _sums_numpy(table: np.ndarray, texts: list[str]) -> np.ndarray:
    """``[n, k]`` float64: the sum of the table rows of every feature occurrence of each text."""
    n = len(texts)
    total = np.zeros((n, table.shape[1]), np.float64)
    for doc, buckets in feature_parts(texts):
        total += _segsum(np.take(table, buckets, axis=0).astype(np.float64), doc, n)
    return total


# (p, k1, k2, salt of the folded string, salt of the lower-cased one, mask, longest n-gram)
_C_CONSTS = tuple(int(x) for x in (_P, _K1, _K2, _SALT_FOLDED, _SALT_LOW, _MASK)) + (CHAR_NS[-1],)


def _sums_compiled(table: np.ndarray, texts: list[str]) -> np.ndarray:
    """``_sums_numpy`` with the character n-grams hashed and every row added in C
    (``_ctext.char_ngrams_add`` / ``gather_add``; the same sums up to float64 rounding)."""
    pairs = [normalize(t) for t in texts]
    k = table.shape[1]
    total = np.zeros((len(texts), k), np.float64)
    ctext.char_ngrams_add(table, k, [s for p in pairs for s in (p[1], p[0])], total, _C_CONSTS)
    for doc, h in _word_parts(pairs):
        ctext.gather_add(table, k, np.ascontiguousarray(doc, np.int64), (_mix(h) & _MASK).astype(np.int64), total)
    return total


def _sums(table: np.ndarray, texts: list[str]) -> np.ndarray:
    """``[n, k]`` feature sums of ``texts`` over a stacked float32 ``table``, compiled when possible."""
    if ctext is not None and table.dtype == np.float32 and table.flags.c_contiguous \
            and CHAR_NS == tuple(range(1, CHAR_NS[-1] + 1)):
        return _sums_compiled(table, texts)
    return _sums_numpy(table, texts)


def linear_scores(table: np.ndarray, texts: list[str]) -> np.ndarray:
    """``[n, k-1]`` normalised logits (no intercept) for a stacked ``table`` = [g², g·coef...]."""
    total = _sums(table, texts)
    norm = np.sqrt(total[:, 0])
    norm[norm == 0] = 1.0
    return total[:, 1:] / norm[:, None]


# --------------------------------------------------------------------------- weights


def _digest(a: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()[:16]


@lru_cache(maxsize=2)
def shared_idf(directory: Path = MODELS_DIR) -> tuple[np.ndarray, str]:
    """The shared IDF ``g`` (float32) and the digest heads record to prove they match it."""
    with np.load(directory / IDF_FILE, allow_pickle=False) as z:
        idf = z["idf"]
    return idf.astype(np.float32), _digest(idf)


class Head:
    """One linear classifier loaded from ``<name>.npz`` + ``<name>.json``."""

    def __init__(self, name: str, directory: Path = MODELS_DIR):
        self.name = name
        self.meta = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        if self.meta.get("featurizer") != FEATURIZER:
            raise ValueError(f"{name}: weights were trained with another featuriser")
        idf, digest = shared_idf(directory)
        if self.meta.get("idf_digest") != digest:
            raise ValueError(f"{name}: weights were trained with another {IDF_FILE}")
        with np.load(directory / f"{name}.npz", allow_pickle=False) as z:
            self.coef = z["coef"].astype(np.float32)
            self.intercept = z["intercept"].astype(np.float32)
        self.idf = idf
        self.classes: list[str] = list(self.meta["classes"])

    def link(self, z: np.ndarray) -> np.ndarray:
        """Logits [n, k] (intercept included) → probabilities [n, len(classes)]."""
        z = np.atleast_2d(z).astype(np.float64)
        if z.shape[1] == 1:  # binary: one logit for classes[1]
            p1 = 1.0 / (1.0 + np.exp(-z[:, 0]))
            return np.stack([1.0 - p1, p1], axis=1)
        if self.meta.get("link") == "ovr":  # one-vs-rest logits, normalised
            p = 1.0 / (1.0 + np.exp(-z))
            return p / p.sum(axis=1, keepdims=True)
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


@lru_cache(maxsize=None)
def head(name: str) -> Head:
    return Head(name)


def stack_table(heads: list[Head]) -> np.ndarray:
    """``[n_features, 1 + sum k]`` float32: ``g²`` then ``g·coef`` of every head, row-major."""
    g = heads[0].idf if heads else shared_idf()[0]
    cols = [(g * g)[:, None]] + [h.coef * g[:, None] for h in heads]
    return np.ascontiguousarray(np.concatenate(cols, axis=1), dtype=np.float32)


def predict_proba(name: str, texts: list[str]) -> np.ndarray:
    """Probabilities of head ``name`` for ``texts`` (vectorised, in chunks)."""
    h = head(name)
    table = stack_table([h])
    out = [h.link(linear_scores(table, texts[i:i + CHUNK]) + h.intercept)
           for i in range(0, len(texts), CHUNK)]
    return np.concatenate(out) if out else np.zeros((0, len(h.classes)))


# --------------------------------------------------------------------------- shared stack

COMMENT_HEADS = ("comment_sentiment", "comment_spam_type", "comment_section_spam", "comment_toxicity",
                 "complaint_intent")


def _available_heads() -> tuple[str, ...]:
    return tuple(n for n in COMMENT_HEADS if (MODELS_DIR / f"{n}.npz").exists())


class _Stack:
    """Every available comment head in one stacked weight table (one gather serves all)."""

    def __init__(self, names: tuple[str, ...]):
        self.names = names
        self.heads = [head(n) for n in names]
        self.bounds = np.cumsum([0] + [h.coef.shape[1] for h in self.heads])
        self.table = stack_table(self.heads)

    def batch(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Every head's probabilities for many texts, featurised once (in chunks)."""
        out: dict[str, list[np.ndarray]] = {n: [] for n in self.names}
        for i in range(0, len(texts), CHUNK):
            z = linear_scores(self.table, texts[i:i + CHUNK])
            for j, h in enumerate(self.heads):
                out[self.names[j]].append(h.link(z[:, self.bounds[j]:self.bounds[j + 1]] + h.intercept))
        return {n: np.concatenate(v) if v else np.zeros((0, len(head(n).classes))) for n, v in out.items()}


@lru_cache(maxsize=1)
def _stack() -> _Stack:
    return _Stack(_available_heads())


@lru_cache(maxsize=16384)  # ≈ 15 MB when full; larger comment sets re-featurise
def all_heads(text: str) -> dict[str, tuple[float, ...]]:
    """Every comment head's probabilities for one text (same arithmetic as the batch path),
    cached: the engine runs each comment detector over all comments in turn."""
    return {n: tuple(p[0].tolist()) for n, p in _stack().batch([text]).items()}


_TEXT_CACHES.append(all_heads)


def all_heads_batch(texts: list[str]) -> dict[str, np.ndarray]:
    """``all_heads`` for many texts: featurised once for every head, vectorised."""
    return _stack().batch(texts)


def head_batch(name: str, texts: list[str]) -> np.ndarray:
    """Head ``name``'s probabilities for many texts through the shared stack (the other heads'
    columns come with the same gather and are dropped): texts a rule rewrote, scored again."""
    return _stack().batch(texts)[name]
