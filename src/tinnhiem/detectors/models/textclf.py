"""Hashed n-gram features and linear heads for the comment classifiers (numpy only).

The SAME code featurises text at training time (``training/``) and at run time, so the
shipped weights see exactly the features they were trained on. No scikit-learn, no pickle.

Features of one text (``featurize``):

* the text is lower-cased, runs of 3+ equal characters are cut to 2, whitespace collapsed,
  and padded with one space each side;
* character n-grams (n = 1..5) of the FOLDED text (diacritics removed, ``text.fold``) and,
  in a separate hash space, of the lower-cased text with its diacritics;
* word unigrams and bigrams of the folded words, after teencode expansion of each token
  (``text.TEENCODE``: "ko" → "không", "sp" → "sản phẩm").

Every n-gram is hashed (polynomial rolling hash over code points, splitmix64 finaliser;
words: CRC-32) into ``2**N_BITS`` buckets. Each occurrence of bucket ``j`` contributes
``idf_j / norm`` with ``norm = sqrt(sum over occurrences of idf^2)`` (a per-model IDF), so
``x_j = count_j * idf_j / norm``. A head is a linear model: ``softmax(xW + b)``, ``sigmoid``
for a binary head stored as one column, or normalised one-vs-rest sigmoids when its JSON says
``"link": "ovr"``.

Shipped heads are ``<name>.npz`` (``coef`` float16 [n_features, k], ``intercept``, ``idf``)
plus ``<name>.json`` (classes, thresholds, featuriser parameters — checked at load).
"""

from __future__ import annotations

import json
import math
import re
import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np
import regex

from tinnhiem.text import TEENCODE, fold, lower

MODELS_DIR = Path(__file__).resolve().parent
N_BITS = 19
N_FEATURES = 1 << N_BITS
CHAR_NS = (1, 2, 3, 4, 5)
FEATURIZER = {"name": "tinnhiem-hash-ngrams", "version": 1, "n_bits": N_BITS,
              "char_ngrams": list(CHAR_NS), "word_ngrams": [1, 2],
              "views": ["folded", "lower"], "word_teencode": True,
              "value": "count*idf/sqrt(sum_occurrences idf^2)"}
CHUNK = 256  # texts featurised and scored together (bounds memory)

_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_P = np.uint64(0x100000001B3)
_K1 = np.uint64(0xBF58476D1CE4E5B9)
_K2 = np.uint64(0x94D049BB133111EB)
_MASK = np.uint64(N_FEATURES - 1)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_SALT_FOLDED, _SALT_LOW = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F)
_SALT_WORD, _SALT_BIGRAM = np.uint64(0x165667B19E3779F9), np.uint64(0x27D4EB2F165667C5)
# stdlib ``re`` for this one linear pattern (no nesting, cannot backtrack catastrophically):
# about 4x faster than ``regex`` here, and it runs on every comment
_RUNS = re.compile(r"(.)\1\1+")
_WORD = regex.compile(r"[\p{L}\p{N}]+")


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser (uint64 arithmetic wraps)."""
    x = (x ^ (x >> _S30)) * _K1
    x = (x ^ (x >> _S27)) * _K2
    return x ^ (x >> _S31)


def normalize(text: str) -> tuple[str, str]:
    """``(lower-cased, folded)`` renderings used for features (equal length, space-padded)."""
    low = " " + " ".join(_RUNS.sub(r"\1\1", lower(text)).split()) + " "
    return low, fold(low)


def _char_hashes(strings: list[str], n_texts: int) -> tuple[np.ndarray, np.ndarray]:
    """Unmixed hash and document index of every char n-gram (strings: folded then lower views)."""
    lens = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings)) + 1
    c = np.frombuffer(("\x00".join(strings) + "\x00").encode("utf-32-le"), dtype=np.uint32)
    c = c.astype(np.uint64)
    doc = np.repeat(np.arange(len(strings), dtype=np.int64), lens)
    salt = np.where(doc >= n_texts, _SALT_LOW, _SALT_FOLDED)
    hashes, docs = [], []
    h = c * _K1
    for n in CHAR_NS:
        if n > 1:
            h = h[:-1] * _P + c[n - 1:]
        ok = (doc[: len(h)] == doc[n - 1:]) & (c[n - 1:] != 0)
        hashes.append(h[ok] + salt[: len(h)][ok] * np.uint64(n))
        docs.append(doc[: len(h)][ok])
    docs_all = np.concatenate(docs)
    return np.concatenate(hashes), np.where(docs_all >= n_texts, docs_all - n_texts, docs_all)


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


def _word_hashes(low: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Unmixed hash and document index of every word unigram and bigram."""
    toks = [[x for t in _WORD.findall(s) for x in _tok(t)] for s in low]
    lens = np.fromiter(map(len, toks), dtype=np.int64, count=len(toks))
    h = np.fromiter((x for t in toks for x in t), dtype=np.uint64, count=int(lens.sum()))
    doc = np.repeat(np.arange(len(low), dtype=np.int64), lens)
    same = doc[:-1] == doc[1:]
    bi = h[:-1][same] * _P + h[1:][same] + _SALT_BIGRAM
    return np.concatenate([h + _SALT_WORD, bi]), np.concatenate([doc, doc[:-1][same]])


def featurize(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """``(doc, bucket)`` of every feature occurrence (one entry per occurrence, unsorted)."""
    if not texts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    pairs = [normalize(t) for t in texts]
    low = [p[0] for p in pairs]
    ch, cd = _char_hashes([p[1] for p in pairs] + low, len(texts))
    wh, wd = _word_hashes(low)
    buckets = (_mix(np.concatenate([ch, wh])) & _MASK).astype(np.int64)
    return np.concatenate([cd, wd]), buckets


_SALTS = {n: np.array([[int(_SALT_FOLDED) * n % 2**64], [int(_SALT_LOW) * n % 2**64]], dtype=np.uint64)
          for n in CHAR_NS}  # == salt * n in wrapping uint64 arithmetic, as in _char_hashes


def featurize_one(text: str) -> np.ndarray:
    """Buckets of one text — the same multiset as ``featurize([text])[1]``, with fewer numpy
    calls (both views have the same length, so they roll as one 2-row array, unmasked)."""
    low, folded = normalize(text)
    c = np.frombuffer((folded + low).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    c = c.reshape(2, -1)
    h = c * _K1
    parts = []
    for n in CHAR_NS:
        if n > 1:
            h = h[:, :-1] * _P + c[:, n - 1:]
        parts.append((h + _SALTS[n]).ravel())
    parts.append(_word_hashes([low])[0])
    return (_mix(np.concatenate(parts)) & _MASK).astype(np.int64)


def weights(doc: np.ndarray, buckets: np.ndarray, idf: np.ndarray, n_docs: int) -> np.ndarray:
    """Per-occurrence feature value ``idf / norm(doc)``, norm = sqrt(sum over occurrences idf^2).

    Summing occurrences gives ``x_j = count_j * idf_j / norm`` (training builds exactly this
    matrix; run time never materialises it).
    """
    w = idf[buckets]
    norms = np.sqrt(np.bincount(doc, weights=w * w, minlength=n_docs))
    return w / norms[doc]


# --------------------------------------------------------------------------- heads


class Head:
    """One linear classifier loaded from ``<name>.npz`` + ``<name>.json``."""

    def __init__(self, name: str, directory: Path = MODELS_DIR):
        self.name = name
        self.meta = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        if self.meta.get("featurizer") != FEATURIZER:
            raise ValueError(f"{name}: weights were trained with another featuriser")
        with np.load(directory / f"{name}.npz", allow_pickle=False) as z:
            self.coef = z["coef"].astype(np.float32)
            self.intercept = z["intercept"].astype(np.float32)
            self.idf = z["idf"].astype(np.float32)
        self.classes: list[str] = list(self.meta["classes"])

    def proba(self, doc: np.ndarray, buckets: np.ndarray, n_docs: int) -> np.ndarray:
        """Class probabilities, one row per document, columns in ``self.classes`` order."""
        w = weights(doc, buckets, self.idf, n_docs)
        cw = self.coef[buckets]
        z = np.stack([np.bincount(doc, weights=cw[:, k] * w, minlength=n_docs)
                      for k in range(cw.shape[1])], axis=1) + self.intercept
        return self.link(z)

    def link_one(self, z: list[float]) -> tuple[float, ...]:
        """``link`` for one row of logits, in plain Python (no numpy call overhead)."""
        z = [v + float(b) for v, b in zip(z, self.intercept)]
        if len(z) == 1:
            p1 = _sigmoid(z[0])
            return (1.0 - p1, p1)
        if self.meta.get("link") == "ovr":
            p = [_sigmoid(v) for v in z]
        else:
            top = max(z)
            p = [math.exp(v - top) for v in z]
        total = sum(p)
        return tuple(v / total for v in p)

    def link(self, z: np.ndarray) -> np.ndarray:
        """Logits [n, k] → probabilities [n, len(classes)]."""
        z = np.atleast_2d(z)
        if z.shape[1] == 1:  # binary: one logit for classes[1]
            p1 = 1.0 / (1.0 + np.exp(-z[:, 0]))
            return np.stack([1.0 - p1, p1], axis=1)
        if self.meta.get("link") == "ovr":  # one-vs-rest logits, normalised
            p = 1.0 / (1.0 + np.exp(-z))
            return p / p.sum(axis=1, keepdims=True)
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


@lru_cache(maxsize=None)
def head(name: str) -> Head:
    return Head(name)


def predict_proba(name: str, texts: list[str]) -> np.ndarray:
    """Probabilities of head ``name`` for ``texts`` (vectorised, in chunks)."""
    h = head(name)
    out = [h.proba(*featurize(texts[i:i + CHUNK]), len(texts[i:i + CHUNK]))
           for i in range(0, len(texts), CHUNK)]
    return np.concatenate(out) if out else np.zeros((0, len(h.classes)), np.float32)


# --------------------------------------------------------------------------- shared cache

COMMENT_HEADS = ("comment_sentiment", "comment_spam_type", "comment_toxicity", "complaint_intent")


def _available_heads() -> tuple[str, ...]:
    return tuple(n for n in COMMENT_HEADS if (MODELS_DIR / f"{n}.npz").exists())


class _Stack:
    """Every available comment head, as contiguous 1-D weight columns (fast gathers)."""

    def __init__(self, names: tuple[str, ...]):
        heads = [head(n) for n in names]
        self.names = names
        self.heads = heads
        self.bounds = np.cumsum([0] + [h.coef.shape[1] for h in heads])
        # contiguous 1-D columns: cheap gathers for one text or many
        self.idf_t = [h.idf for h in heads]
        self.coef_t = [np.ascontiguousarray(h.coef[:, k]) for h in heads for k in range(h.coef.shape[1])]

    def one(self, text: str) -> dict[str, tuple[float, ...]]:
        buckets = featurize_one(text)
        out = {}
        for j, h in enumerate(self.heads):
            w = self.idf_t[j][buckets].astype(np.float64)
            w /= math.sqrt(w @ w)
            z = [float(self.coef_t[k][buckets] @ w) for k in range(self.bounds[j], self.bounds[j + 1])]
            out[self.names[j]] = h.link_one(z)
        return out

    def batch(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Every head's probabilities for many texts, featurised once (in chunks).

        Column-at-a-time 1-D gathers + ``bincount``: much less memory traffic than gathering
        [occurrences × columns] blocks.
        """
        out: dict[str, list[np.ndarray]] = {n: [] for n in self.names}
        for i in range(0, len(texts), CHUNK):
            chunk = texts[i:i + CHUNK]
            n = len(chunk)
            doc, buckets = featurize(chunk)
            for j, h in enumerate(self.heads):
                w = self.idf_t[j][buckets]
                norms = np.sqrt(np.bincount(doc, weights=w * w, minlength=n))
                v = w / norms[doc]
                z = np.stack([np.bincount(doc, weights=self.coef_t[k][buckets] * v, minlength=n)
                              for k in range(self.bounds[j], self.bounds[j + 1])], axis=1)
                out[self.names[j]].append(h.link(z + h.intercept))
        return {n: np.concatenate(v) if v else np.zeros((0, len(head(n).classes))) for n, v in out.items()}


@lru_cache(maxsize=1)
def _stack() -> _Stack:
    return _Stack(_available_heads())


@lru_cache(maxsize=16384)  # ≈ 15 MB when full; larger comment sets re-featurise
def all_heads(text: str) -> dict[str, tuple[float, ...]]:
    """Every comment head's probabilities for one text, featurised once and cached.

    The engine runs each comment detector over all comments in turn; the cache lets the
    second to fourth detector reuse the first one's work.
    """
    return _stack().one(text)


def all_heads_batch(texts: list[str]) -> dict[str, np.ndarray]:
    """``all_heads`` for many texts: featurised once for every head, vectorised."""
    return _stack().batch(texts)
