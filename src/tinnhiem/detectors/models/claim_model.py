"""The statement classifier that assists the claim rules and ``banned_product`` (``claim_statements`` weights).

A rule with ``model_assist: true`` in its pack (``rulepack.RuleDetector``), and the
``banned_product`` code detector, ask this model only when its own patterns found nothing in a
post: if the classifier gives the post's caption a probability at or above the stored threshold
for the rule's label, the rule reports one finding whose evidence is the caption's sentence with
the highest probability (never a sentence inside reported or warned-about speech or the rule's
exclusions; captions of at least ``min_words()`` words), with the probability in the finding and
a lower confidence than a pattern hit. A rule with ``model_veto: true`` (and the code detectors
``banned_product`` and ``missing_supplement_disclaimer``) asks it the other way round: pattern
hits that lie in the caption alone are not reported when the model gives that caption less than
``veto_below()`` for the rule's label (``rules_out``) — the wording matched, but nothing else in
the statement reads like the violation. The thresholds and these parameters are stored with the
weights. Only the caption is read: the sample world's transcripts are four times the text of its
captions, and classifying them would add ≈ 1.3 s to a post pass of ≈ 1.7 s.

Weights, training data and measured effect: ``MODEL_CARD_claim_statements.md``;
``training/train_claim_model.py`` retrains them (the shared featuriser of the comment models,
``textclf``, numpy only at run time).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import regex

from tinnhiem._textscan import _TEXT_CACHES
from tinnhiem.detectors.models import textclf
from tinnhiem.model import PostView

HEAD = "claim_statements"
# a sentence ends at . ! ? … or a line break (the rest of a caption's punctuation stays inside)
_SENTENCE = regex.compile(r"[^.!?…\n]+[.!?…]*")


@lru_cache(maxsize=1)
def _model() -> tuple[textclf.Head, np.ndarray] | None:
    if not (textclf.MODELS_DIR / f"{HEAD}.npz").exists():
        return None
    h = textclf.head(HEAD)
    return h, textclf.stack_table([h])


def labels() -> tuple[str, ...]:
    """The rule ids the model has a head for (empty without the weights)."""
    m = _model()
    return tuple(m[0].classes) if m else ()


def _setting(name: str, default: float) -> float:
    """A decision parameter stored with the weights (``training/splits/claim_statements.json``)."""
    m = _model()
    return float(m[0].meta.get(name, default)) if m else default


def threshold() -> float:
    """Caption probability at or above which an assisted rule reports."""
    return _setting("threshold", 1.0)


def min_words() -> int:
    """Shorter captions are left to the patterns (one trigger word is no claim)."""
    return int(_setting("min_words", 8))


def max_words() -> int:
    """Longer captions get no finding from the model alone: it was trained on statements of at
    most 110 words. On real posts (ReINTEL, ``benchmarks/bench_real_posts.py``) it alone gave
    172 findings, 84 of them ``health_cure_claim``, and 67 of those 84 posts were news articles
    of more than 150 words. Their patterns still apply, and so does the veto (which reads
    sentences, not the whole text)."""
    return int(_setting("max_words", 150))


def sentence_min_words() -> int:
    """The fewest words of a sentence the veto's second look reads: a short claim carries the
    violation in few words ("Một thìa bằng cả chén yến chưng." — 7), which a long caption's own
    probability dilutes (2026-12-03: with 8, a sample-world equivalence claim was vetoed)."""
    return int(_setting("sentence_min_words", 5))


def min_sentence_probability() -> float:
    """The quoted sentence must itself lean to the label."""
    return _setting("min_sentence_probability", 0.5)


def veto_below() -> float:
    """A rule with ``model_veto`` does not report pattern hits that lie in the caption alone when
    the model gives that caption less than this for the rule's label."""
    return _setting("veto_below", 0.0)


def confidence_factor() -> float:
    """A classifier finding's confidence is this times its probability (below a pattern hit)."""
    return _setting("confidence_factor", 0.8)


def version() -> str:
    """``claim_statements@<training date>+<first 8 hex digits of the weights' SHA-256>``."""
    m = _model()
    if not m:
        return ""
    meta = m[0].meta
    digest = meta.get("weights_sha256", "")
    return f"{HEAD}@{meta.get('trained_on', '')}" + (f"+{digest[:8]}" if digest else "")


def classify(texts: list[str]) -> np.ndarray:
    """``[len(texts), len(labels())]`` independent probabilities (vectorised, in chunks); the
    training script scores the shipped weights with this same function."""
    h, table = _model()
    z = [textclf.linear_scores(table, texts[i:i + textclf.CHUNK]) + h.intercept
         for i in range(0, len(texts), textclf.CHUNK)]
    return 1.0 / (1.0 + np.exp(-np.concatenate(z))) if z else np.zeros((0, len(h.classes)))


def _label_maps(texts: list[str]) -> dict[str, dict[str, float]]:
    """``{text: {label: probability}}`` (``{}`` for a blank text or without the weights)."""
    if _model() is None:
        return {t: {} for t in texts}
    names = labels()
    return {t: dict(zip(names, row)) if t.strip() else {}
            for t, row in zip(texts, classify(texts).tolist())}


class _Cache(dict):
    """Caption → ``{label: probability}``, forgotten with the other per-text results
    (``text.clear_text_caches``)."""

    def cache_clear(self) -> None:
        self.clear()


_CACHE = _Cache()
_TEXT_CACHES.append(_CACHE)
MAX_CACHED = 8192


def _remember(found: dict[str, dict[str, float]]) -> None:
    if len(_CACHE) + len(found) > MAX_CACHED:
        _CACHE.clear()
    _CACHE.update(found)


def prepare(texts) -> None:
    """Classify many texts in one vectorised pass (the engine's ``prepare`` hook: all captions
    of a creator at once, far cheaper than one call per post)."""
    todo = list(dict.fromkeys(t for t in texts if t not in _CACHE))
    if todo:
        _remember(_label_maps(todo))


def prepare_captions(subjects) -> None:
    """``prepare`` for the captions of the posts among ``subjects`` (the detectors' ``prepare``
    hook: a creator's posts at once)."""
    prepare([s.caption for s in subjects if isinstance(s, PostView)])


def probabilities(text: str) -> dict[str, float]:
    """``{label: probability}`` of one text (cached; empty for a blank text)."""
    found = _CACHE.get(text)
    if found is None:
        found = _label_maps([text])[text]
        _remember({text: found})
    return found


def candidate(caption: str, label: str) -> float | None:
    """The caption's probability for ``label`` when it may stand for a rule's wording: at least
    the threshold, and a caption of ``min_words()`` to ``max_words()`` words; else None."""
    words = len(caption.split())
    # too short for a bag of n-grams to tell a claim from one trigger word ("Hôm nay trời đẹp"),
    # or longer than anything the model was trained on
    if not min_words() <= words <= max_words():
        return None
    p = probabilities(caption).get(label, 0.0)
    if p < threshold():
        return None
    return p


def rules_out(caption: str, label: str) -> float | None:
    """The caption's probability for ``label`` when the model reads it as clearly NOT carrying
    the label: below ``veto_below()``, in a caption of at least ``min_words()`` words (shorter
    ones are left to the patterns both ways), and no sentence of it of that many words reads as
    the violation alone (``_sentence_reads``) — in a long caption one violating sentence among
    chatter, links and hashtags is diluted in the caption's features ("… Cô mình uống 3 hộp là
    tiêu u xơ …": caption 0.09, its sentence 0.66). Else None."""
    if label not in labels() or len(caption.split()) < min_words():
        return None
    p = probabilities(caption).get(label, 1.0)
    if p >= veto_below() or _sentence_reads(caption, label):
        return None
    return p


def _sentence_reads(text: str, label: str) -> bool:
    """Some sentence of ``text`` (``_CLAUSE``) of at least ``sentence_min_words()`` words, other
    than the whole text, has at least ``min_sentence_probability()`` for ``label`` — the bar a
    sentence must reach to be quoted as a classifier finding's evidence."""
    sentences = [m.group(0) for m in _CLAUSE.finditer(text)]
    sentences = [x for x in sentences if len(x.split()) >= sentence_min_words() and x.strip() != text.strip()]
    if not sentences:
        return False  # (the text is one sentence: its own probability decided)
    column = labels().index(label)
    return bool((classify(sentences)[:, column] >= min_sentence_probability()).any())


# sentences for the veto's second look: also cut at emoji and dashes, which captions use as stops
_CLAUSE = regex.compile(r"(?:(?![.!?…\n—–|]|\p{So})\X)+[.!?…]*")


def vetoes(caption: str, fields, label: str) -> bool:
    """A ``model_veto`` rule's hits in ``fields`` (field names) are not reported: they lie in
    the caption alone, and ``rules_out`` holds for it."""
    return set(fields) == {"caption"} and rules_out(caption, label) is not None


def notes(p: float) -> tuple[str, str]:
    """What a classifier finding adds to its message (Vietnamese, English)."""
    return (f" (Phát hiện bởi mô hình phân loại câu, xác suất {p:.0%}; không khớp mẫu "
            f"từ ngữ nào của quy tắc — cần người rà soát.)",
            f" (Found by the statement classifier, probability {p:.0%}; no pattern of the "
            f"rule matched — needs human review.)")


def finding_data(p: float) -> dict:
    """What a classifier finding's data records."""
    return {"source": "model", "model": version(), "probability": round(p, 3)}


def best_sentence(text: str, label: str, excluded: list[tuple[int, int]] = ()
                  ) -> tuple[int, int, float] | None:
    """``(start, end, probability)`` of the sentence of ``text`` most likely to carry
    ``label`` among those overlapping no ``excluded`` region; None when no such sentence
    reaches ``min_sentence_probability()``."""
    spans = []
    for m in _SENTENCE.finditer(text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s and not any(s < xe and xs < e for xs, xe in excluded):
            spans.append((s, e))
    if not spans:
        return None
    column = labels().index(label)
    proba = classify([text[s:e] for s, e in spans])[:, column]
    i = int(np.argmax(proba))
    if proba[i] < min_sentence_probability():
        return None
    return spans[i][0], spans[i][1], float(proba[i])
