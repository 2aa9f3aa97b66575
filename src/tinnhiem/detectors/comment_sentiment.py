"""comment_sentiment — positive / neutral / negative comment (linear model, AIVIVN 2019).

The model is binary (positive/negative e-commerce reviews, ``models/MODEL_CARD_comment_sentiment.md``).
A comment is NEUTRAL when the model is unsure (its confidence is below the calibrated
``neutral_max_confidence`` stored with the weights) or when it is a question / request that
is not clearly negative ("giá bao nhiêu ạ", "ship về Đà Nẵng không shop").

Scores: with ``n`` the neutral mass (0 for a decided comment; for a neutral one
``0.5 + 0.5·(t − conf)/(t − 0.5)`` clipped to [0.5, 1], at least 0.7 for a question),
``{"positive": p_pos·(1 − n), "negative": p_neg·(1 − n), "neutral": n}`` — they sum to 1 and
the label is their argmax. Only NEGATIVE comments produce a finding (severity minor,
``data = {"label", "scores"}``); ``classify(texts)`` returns label and scores for every text.
"""

from __future__ import annotations

from functools import cached_property

import regex

from tinnhiem.detectors.models import textclf
from tinnhiem.detectors.models.comment_base import CommentClassifier, rounded
from tinnhiem.text import fold

QUESTION_NEG_MAX = 0.85  # a question this negative ("sao shop lừa đảo vậy?") stays negative
# folded phrases that make a comment a question or a request, anywhere in it
QUESTION_PHRASES = (
    "bao nhieu", "bn tien", "gia sao", "gia the nao", "o dau", "the nao", "nhu nao", "ntn",
    "lam sao", "co ship", "ship ve", "ship den", "ship ra", "ship toi", "ship qua", "con hang",
    "con size", "con mau", "size nao", "mau nao", "loai nao", "cho minh xin", "cho em xin",
    "cho minh hoi", "cho em hoi", "cho mk xin", "cho mik xin", "xin link", "xin gia", "ib",
    "inbox", "tu van", "duoc khong", "dc khong", "duoc ko", "dc ko", "duoc k", "dc k",
    "duoc hong", "duoc hok", "duoc khum",
)
# folded words that end a question ("... không shop", "... chưa ạ", "... gì vậy")
QUESTION_END = frozenset("khong ko k hong hok khum chua nao gi sao chi".split())
QUESTION_TAIL = frozenset("shop sop ad admin ban b chi c em e anh a sis oi nha nhi vay v z ha ah ak".split())
_WORDS = regex.compile(r"[\p{L}\p{N}]+")


def is_question(text: str) -> bool:
    """A question or request (folded words; teencode such as "ko", "dc" included)."""
    if "?" in text:
        return True
    words = _WORDS.findall(fold(text))  # linear pattern: no timeout needed
    if not words:
        return False
    joined = " " + " ".join(words) + " "
    if any(f" {p} " in joined for p in QUESTION_PHRASES):
        return True
    tail = words[-3:]
    while len(tail) > 1 and tail[-1] in QUESTION_TAIL:
        tail = tail[:-1]
    return tail[-1] in QUESTION_END


def decide(text: str, p_neg: float, p_pos: float, band: float) -> tuple[str, dict[str, float]]:
    """Label and scores from the binary model's probabilities (module docstring); ``band`` is
    the neutral band's upper confidence (``neutral_max_confidence``)."""
    conf = max(p_neg, p_pos)
    neutral = 0.0
    if conf < band:
        neutral = 0.5 + 0.5 * min(1.0, (band - conf) / (band - 0.5))
    if p_neg < QUESTION_NEG_MAX and text and is_question(text):
        neutral = max(neutral, 0.7)
    scores = rounded({"positive": p_pos * (1 - neutral), "neutral": neutral,
                      "negative": p_neg * (1 - neutral)})
    label = max(("negative", "positive", "neutral"), key=lambda k: scores[k])
    return label, scores


class CommentSentiment(CommentClassifier):
    """Negative comment (sentiment model; positive / neutral / negative for every comment)."""

    id = "comment_sentiment"
    version = "1.2.0"
    title_vi = "Bình luận tiêu cực (mô hình cảm xúc)"
    title_en = "Negative comment (sentiment model)"
    severity = "minor"
    heads = ("comment_sentiment",)

    @cached_property
    def band(self) -> float:
        return float(textclf.head("comment_sentiment").meta["neutral_max_confidence"])

    def decide(self, probas):
        return self.decide_text("", probas)

    def decide_text(self, text, probas):
        p = dict(zip(self.classes("comment_sentiment"), probas["comment_sentiment"]))
        return decide(text, p["negative"], p["positive"], self.band)

    def hit(self, label, scores):
        return label == "negative"

    def message(self, label, scores, quote, probas=None):
        p = scores["negative"]
        return (f"Bình luận tiêu cực (mô hình, xác suất {p:.2f}): \"{quote}\"",
                f"Negative comment (model, probability {p:.2f}): \"{quote}\"", self.severity)
