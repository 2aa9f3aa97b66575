"""comment_sentiment — positive / neutral / negative comment (linear models).

Two parts (``models/MODEL_CARD_comment_sentiment.md``):
- the sentiment head, binary (positive / negative e-commerce reviews, AIVIVN 2019), says which
  way a comment leans;
- the neutral gate, a logistic regression over thirteen features of the comment (the sentiment
  head's log-odds and their size, the toxicity and spam heads' probabilities, whether it is a
  question or a request, a tag of a friend, its length, emoji), fitted on the development half
  of the written creator-comment sets, says whether it takes a side at all ("giá bao nhiêu ạ",
  "@Lan xem cái này", "đã đặt bàn tối thứ 7" do not).

Before either decides, a phrase that denies or ends a problem ("không bị đỏ", "hết thâm mụn",
"xem không chán", "chẳng có gì để phàn nàn") is read as "tốt" (``_sentiment_rules``): the head,
trained on reviews where such words mean a complaint, then reads the rest of the comment.

Scores: with ``n`` the gate's probability of neutral, ``{"neutral": n, "positive": p_pos·(1 − n),
"negative": p_neg·(1 − n)}`` for a neutral comment (n ≥ the gate's threshold), and
``{"neutral": 0, "positive": p_pos, "negative": p_neg}`` for one that takes a side; they sum to
1 and the label is their argmax. Only NEGATIVE comments produce a finding (severity minor,
``data = {"label", "scores"}``); ``classify(texts)`` returns label and scores for every text.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from tinnhiem.detectors._sentiment_rules import read_as_fine, sentiment_rule
from tinnhiem.detectors.models import textclf
from tinnhiem.detectors.models.comment_base import CommentClassifier, first_max, rounded_array
from tinnhiem.text import fold, lower

# folded phrases that make a comment a question or a request, anywhere in it
QUESTION_PHRASES = (
    "bao nhieu", "bn tien", "gia sao", "gia the nao", "o dau", "the nao", "nhu nao", "ntn",
    "lam sao", "co ship", "ship ve dau", "con hang", "con size", "con mau", "size nao", "mau nao",
    "loai nao", "cho minh xin", "cho em xin", "cho minh hoi", "cho em hoi", "cho mk xin",
    "cho mik xin", "xin link", "xin gia", "ib", "inbox", "xin tu van", "can tu van", "tu van giup",
    "tu van cho", "tu van voi", "tu van di", "duoc khong", "dc khong", "duoc ko", "dc ko",
    "duoc k", "dc k", "duoc hong", "duoc hok", "duoc khum", "bao gio", "khi nao", "luc nao",
    "vi sao", "tai sao", "bao lau a", "bao lau vay", "bao lau thi", "bao lau moi", "quan may",
    *(f"may {unit}" for unit in ("gio", "h", "tieng", "ngay", "thang", "tuoi", "lan", "hop",
                                 "vien", "kg", "ky", "size")),
)
# words that end a question ("... không shop", "... chưa ạ", "... gì vậy"): a word typed with
# diacritics is read as typed ("chữa" and "não" are not "chưa" and "nào"), one typed without them
# folded
QUESTION_END = frozenset("không ko k hông hok khum chưa nào gì sao chi".split())
QUESTION_END_FOLDED = frozenset("khong ko k hong hok khum chua nao gi sao chi".split())
# … of which these end a clause before the last one too ("có link Shopee không chị, em không
# xài TikTok"); typed without diacritics "hong", "chua", "nao", "gi" are too often "hỏng",
# "chua", "não", "gi" mid-comment
_CLAUSE_END_FOLDED = frozenset("khong ko k hok khum".split())
QUESTION_TAIL = frozenset("shop sop ad admin ban b chi c em e anh a sis oi nha nhi vay v z ha ah ak "
                          "mn moi nguoi".split())
# "không … gì", "chẳng … nào": nothing, not at all — a negation, not a question
_NEGATIONS = frozenset("khong ko k chang cha chua hong".split())
_TOKENS = re.compile(r"[^\W_]+|[,.;!:\n]")  # words and the marks that end a clause
_SEPARATORS = frozenset(",.;!:\n")
_PHRASES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}  # first word → the phrases it starts
for _words in (tuple(p.split()) for p in QUESTION_PHRASES):
    _PHRASES_BY_FIRST.setdefault(_words[0], []).append(_words)
del _words


def _has_phrase(words: list[str]) -> bool:
    """Whether the folded ``words`` contain one of ``QUESTION_PHRASES`` (whole words)."""
    for i, word in enumerate(words):
        for phrase in _PHRASES_BY_FIRST.get(word, ()):
            if tuple(words[i:i + len(phrase)]) == phrase:
                return True
    return False


def _end_word(word: str, folded: str, last: bool) -> bool:
    if folded != word:
        return word in QUESTION_END
    return word in (QUESTION_END_FOLDED if last else _CLAUSE_END_FOLDED)


def is_question(text: str) -> bool:
    """A question or request (folded words; teencode such as "ko", "dc" included)."""
    if "?" in text:
        return True
    low, folded = text.lower(), fold(text)  # ``fold`` is 1:1 with ``text``; ``str.lower`` nearly
    if len(low) != len(text):  # ("İ" → "i̇")
        low = lower(text)
    clauses: list[list[tuple[str, str]]] = [[]]  # (lower-case, folded) words of each clause
    for m in _TOKENS.finditer(low):  # linear pattern: no timeout needed
        start, end = m.span()
        if low[start:end] in _SEPARATORS:
            clauses.append([])
        else:
            clauses[-1].append((low[start:end], folded[start:end]))
    clauses = [c for c in clauses if c]
    if not clauses:
        return False
    if _has_phrase([f for c in clauses for _, f in c]):
        return True
    return any(_asks(c, i == len(clauses) - 1) for i, c in enumerate(clauses))


def _asks(clause: list[tuple[str, str]], last: bool) -> bool:
    """Whether the ``(lower-case, folded)`` words of one clause end it as a question ("… không
    chị", "… chưa ạ"), a negation such as "không … gì" ("nothing") excepted."""
    tail = clause[-3:]
    while len(tail) > 1 and tail[-1][1] in QUESTION_TAIL:
        tail = tail[:-1]
    word, folded = tail[-1]
    if not _end_word(word, folded, last):
        return False
    before = [f for _, f in clause[:len(clause) - len(tail)] + tail[:-1]]
    if word == "hong" and before and before[-1] in ("da", "bi", "hu"):
        return False  # "đã hỏng", "bị hỏng" typed without diacritics
    if folded == "sao" and before and before[-1] in ("khong", "ko", "k"):
        return False  # "không sao": no problem
    return not (folded in ("gi", "nao") and _NEGATIONS.intersection(before))


HEADS = ("comment_sentiment", "comment_toxicity", "comment_spam_type", "comment_section_spam")
GATE_FILE = "comment_sentiment_gate.json"
# emoji that praise or cheer / that scorn, anger or cry
POSITIVE_EMOJI = frozenset("❤😍🥰😘👍🔥💯👏🤩😊☺💕💖😁😄🥳✨💪🙏")
NEGATIVE_EMOJI = frozenset("😡😤🙄😒😠🤬👎😞😔😢😭🤮💩😑😩")
_EMOJI_CODES = {name: np.array(sorted(map(ord, chars)), dtype=np.uint32)
                for name, chars in (("positive_emoji", POSITIVE_EMOJI), ("negative_emoji", NEGATIVE_EMOJI))}
_LOWEST_EMOJI = min(int(codes[0]) for codes in _EMOJI_CODES.values())


def _logits(p: np.ndarray) -> np.ndarray:
    """Log-odds of every probability, clamped to [1e-4, 1 - 1e-4]."""
    p = np.minimum(np.maximum(p, 1e-4), 1 - 1e-4)
    return np.log(p / (1 - p))


@lru_cache(maxsize=1)
def _class_index() -> dict[str, dict[str, int]]:
    return {h: {c: i for i, c in enumerate(textclf.head(h).classes)} for h in HEADS}


def gate_columns(texts: Sequence[str], probas: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The neutral gate's inputs for many comments, one float64 array per feature: ``probas``
    maps each of ``HEADS`` to ``[len(texts), classes]`` probabilities in the head's class order
    (training and detection share this). ``question`` is left at 0: ``is_question`` is only
    asked where it can change the decision (``decide_batch``)."""
    ix = _class_index()
    sent, tox, spam = probas["comment_sentiment"], probas["comment_toxicity"], probas["comment_spam_type"]
    lean = _logits(sent[:, ix["comment_sentiment"]["negative"]])
    return {
        "sentiment_logit": lean, "sentiment_strength": np.abs(lean),
        "toxic_logit": _logits(1 - tox[:, ix["comment_toxicity"]["clean"]]),
        "hate_logit": _logits(tox[:, ix["comment_toxicity"]["hate"]]),
        "brand_only": spam[:, ix["comment_spam_type"]["brand_only"]],
        "irrelevant": spam[:, ix["comment_spam_type"]["irrelevant"]],
        "section_spam": probas["comment_section_spam"][:, ix["comment_section_spam"]["spam"]],
        "question": np.zeros(len(texts)),
        "question_mark": np.array([float("?" in t) for t in texts]),
        "tag": np.array([float("@" in t) for t in texts]),
        "log_words": np.log1p(np.array([len(t.split()) for t in texts], dtype=np.float64)),
        **_emoji_counts(texts, 3),
    }


def _emoji_counts(texts: Sequence[str], cap: int) -> dict[str, np.ndarray]:
    """``positive_emoji`` / ``negative_emoji``: how many of ``POSITIVE_EMOJI`` / ``NEGATIVE_EMOJI``
    every text holds, at most ``cap``, as floats — over the code points of all texts at once (the
    emoji are single characters, none of them the newline joining the texts)."""
    ends = np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1)
    codes = np.frombuffer("\n".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    at = np.flatnonzero(codes >= _LOWEST_EMOJI)  # (few characters: most text lies below the emoji)
    doc = np.searchsorted(ends, at, side="right")
    return {name: np.minimum(np.bincount(doc[np.isin(codes[at], table)], minlength=len(texts)), cap
                             ).astype(np.float64) for name, table in _EMOJI_CODES.items()}


def _rows(probas: Mapping[str, Sequence[float]]) -> dict[str, np.ndarray]:
    """One comment's head probabilities as one-row arrays."""
    return {h: np.asarray([probas[h]], dtype=np.float64) for h in HEADS}


def gate_features(text: str, probas: Mapping[str, Sequence[float]]) -> dict[str, float]:
    """The neutral gate's inputs for one comment (``gate_columns``, ``is_question`` asked):
    ``probas`` maps each of ``HEADS`` to its class probabilities."""
    columns = gate_columns([text], _rows(probas))
    columns["question"][0] = float(is_question(text))
    return {name: float(v[0]) for name, v in columns.items()}


@dataclass(frozen=True)
class Gate:
    """Standardised logistic regression: P(neutral) from ``gate_features`` (``GATE_FILE``)."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float

    @classmethod
    def from_meta(cls, meta: Mapping) -> Gate:
        """From the stored JSON's fields (or ``fit_gate``'s dict in training)."""
        return cls(tuple(meta["features"]), tuple(meta["mean"]), tuple(meta["scale"]),
                   tuple(meta["coef"]), float(meta["intercept"]), float(meta["threshold"]))

    @classmethod
    def load(cls, directory: Path = textclf.MODELS_DIR) -> Gate:
        return cls.from_meta(json.loads((directory / GATE_FILE).read_text(encoding="utf-8")))

    @cached_property
    def _linear(self) -> tuple[tuple[tuple[str, float], ...], float]:
        """The standardisation folded into the weights: ``z = b + Σ w·x``."""
        weights = tuple((f, c / s) for f, s, c in zip(self.features, self.scale, self.coef))
        return weights, self.intercept - sum(c * m / s for m, s, c in zip(self.mean, self.scale, self.coef))

    def log_odds(self, features: Mapping[str, float | np.ndarray]) -> float | np.ndarray:
        """``b + Σ w·x`` in the order of ``features`` (numbers, or arrays of many comments)."""
        weights, z = self._linear
        for name, w in weights:
            z = z + w * features[name]
        return z

    def neutral(self, features: Mapping[str, float | np.ndarray]) -> float | np.ndarray:
        """P(neutral): the logistic of the log-odds, clamped to [-40, 40]."""
        return 1 / (1 + np.exp(-np.clip(self.log_odds(features), -40.0, 40.0)))

    @cached_property
    def question_gain(self) -> float:
        """How much a question can raise the log-odds (``decide`` skips ``is_question`` when
        even that could not reach the threshold)."""
        return max(0.0, dict(self._linear[0]).get("question", 0.0))

    @cached_property
    def threshold_log_odds(self) -> float:
        return math.log(self.threshold / (1 - self.threshold))


def decide(text: str, probas: Mapping[str, Sequence[float]], gate: Gate) -> tuple[str, dict[str, float]]:
    """Label and scores of one comment (module docstring)."""
    return decide_batch([text], _rows(probas), gate)[0]


_SCORE_KEYS = ("positive", "neutral", "negative")  # (the order of the stacked score columns)


def _problems_denied_read_as_fine(texts: Sequence[str], probas: Mapping[str, np.ndarray]
                                  ) -> Mapping[str, np.ndarray]:
    """``probas`` with the sentiment head's row of every comment that denies or ends a problem
    ("không bị đỏ", "hết thâm mụn", "xem không chán") replaced by the head's reading of the
    comment with those phrases read as "tốt" (``_sentiment_rules``)."""
    spans = [sentiment_rule(t) for t in texts]
    fired = [i for i, found in enumerate(spans) if found]
    if not fired:
        return probas
    sent = np.array(probas["comment_sentiment"], dtype=np.float64)
    sent[fired] = textclf.head_batch("comment_sentiment", [read_as_fine(texts[i], spans[i]) for i in fired])
    return {**probas, "comment_sentiment": sent}


def decide_batch(texts: Sequence[str], probas: Mapping[str, np.ndarray], gate: Gate
                 ) -> list[tuple[str, dict[str, float]]]:
    """Labels and scores of many comments (module docstring); ``probas``: head →
    ``[len(texts), classes]``. The question rule runs only where a question could lift
    P(neutral) to the gate's threshold."""
    if not len(texts):
        return []
    probas = _problems_denied_read_as_fine(texts, probas)
    columns = gate_columns(texts, probas)
    neutral = np.zeros(len(texts))
    asked = np.flatnonzero(gate.log_odds(columns) + gate.question_gain >= gate.threshold_log_odds)
    if len(asked):
        columns["question"][asked] = [float(is_question(texts[i])) for i in asked]
        n = gate.neutral({name: v[asked] for name, v in columns.items()})
        neutral[asked] = np.where(n >= gate.threshold, n, 0.0)
    ix, sent = _class_index()["comment_sentiment"], probas["comment_sentiment"]
    kept = 1 - neutral
    scores = rounded_array(np.stack([sent[:, ix["positive"]] * kept, neutral, sent[:, ix["negative"]] * kept], axis=1))
    labels = first_max(scores[:, [2, 0, 1]], ("negative", "positive", "neutral"))  # (ties: that order)
    return list(zip(labels, (dict(zip(_SCORE_KEYS, row)) for row in scores.tolist())))


class CommentSentiment(CommentClassifier):
    """Negative comment (sentiment model; positive / neutral / negative for every comment)."""

    id = "comment_sentiment"
    version = "1.4.0"  # 1.4.0: problems a comment denies or has left behind read as "tốt"
    title_vi = "Bình luận tiêu cực (mô hình cảm xúc)"
    title_en = "Negative comment (sentiment model)"
    severity = "minor"
    heads = HEADS

    @cached_property
    def gate(self) -> Gate:
        return Gate.load()

    def decide(self, probas):
        return self.decide_text("", probas)

    def decide_text(self, text, probas):
        return decide(text, probas, self.gate)

    def decide_batch(self, texts, probas):
        return decide_batch(texts, probas, self.gate)

    def hit(self, label, scores):
        return label == "negative"

    def message(self, label, scores, quote, probas=None):
        p = scores["negative"]
        return (f"Bình luận tiêu cực (mô hình, xác suất {p:.2f}): \"{quote}\"",
                f"Negative comment (model, probability {p:.2f}): \"{quote}\"", self.severity)
