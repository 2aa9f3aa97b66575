"""Shared base of the comment classifier detectors (private helper, not a detector).

A subclass names its head(s) and implements ``decide(probas) -> (label, scores)`` for one
comment, where ``probas`` maps head name → class probabilities in the head's class order, and
``hit(label, scores)`` (does the comment deserve a finding?). ``classify(texts)`` is the
vectorised batch interface used by ``tinnhiem detect``; ``detect`` (one comment at a time, as
the engine calls it) goes through ``textclf.all_heads``, which featurises a comment once for
every comment head and caches the result, so running all comment detectors costs about one
featurisation per comment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from tinnhiem._textscan import _TEXT_CACHES
from tinnhiem.detectors.base import Detector
from tinnhiem.detectors.models import textclf
from tinnhiem.model import CommentView, Evidence, content_hash
from tinnhiem.text import nfc, trim_quote

COMMUNITY_SOURCE = "Tiêu chí phản hồi cộng đồng (chương trình Tín nhiệm người có ảnh hưởng, trụ cột 3)"
RULE_CONFIDENCE = 0.8  # a finding a text rule beside the model decided (a rule's score in the packs)


def rule_words(text: str, spans) -> tuple[list[str], str]:
    """The words of ``spans`` in ``text``, and the first three quoted for a finding's message."""
    words = [text[s:e] for s, e in spans]
    return words, "; ".join(f'"{w}"' for w in words[:3])


class CommentClassifier(Detector):
    scope = "comment"
    rule_confidence = "M"
    catalog_id = "VN-TRUST-COMMUNITY-SIGNALS"
    legal_source = COMMUNITY_SOURCE
    heads: tuple[str, ...] = ()

    # ------------------------------------------------------------------ to implement

    def decide(self, probas: Mapping[str, Sequence[float]]) -> tuple[str, dict[str, float]]:
        raise NotImplementedError

    def hit(self, label: str, scores: Mapping[str, float]) -> bool:
        raise NotImplementedError

    def message(self, label: str, scores: Mapping[str, float], quote: str, probas=None) -> tuple[str, str, str]:
        """``(message_vi, message_en, severity)``; ``probas``: the heads' probabilities."""
        raise NotImplementedError

    def confidence(self, label: str, scores: Mapping[str, float], probas=None) -> float:
        """A finding's confidence (default: the label's probability)."""
        return scores[label]

    def finding_data(self, label: str, scores: Mapping[str, float], probas) -> dict:
        """The finding's ``data`` (default: the label and its scores)."""
        return {"label": label, "scores": scores}

    def decide_text(self, text: str, probas: Mapping[str, Sequence[float]]) -> tuple[str, dict[str, float]]:
        """Hook for rules that look at the text itself (default: the model decides)."""
        return self.decide(probas)

    # ------------------------------------------------------------------ interface

    def classes(self, head: str) -> list[str]:
        return textclf.head(head).classes

    def classify(self, texts: list[str]) -> list[tuple[str, dict[str, float]]]:
        """``(label, {label: probability})`` per text, vectorised over the batch."""
        return self.classify_probas(texts, textclf.all_heads_batch(clean_texts(texts)))

    def classify_probas(self, texts: list[str], probas: Mapping[str, np.ndarray]
                        ) -> list[tuple[str, dict[str, float]]]:
        """Decisions from precomputed head probabilities (see ``classify_all``)."""
        return self.decide_batch(clean_texts(texts), {h: probas[h] for h in self.heads})

    def decide_batch(self, texts: list[str], probas: Mapping[str, np.ndarray]
                     ) -> list[tuple[str, dict[str, float]]]:
        """``decide_text`` of every text; ``probas``: head → ``[len(texts), classes]`` array. A
        detector may override it with a vectorised form that gives the same decisions."""
        rows = {h: probas[h].tolist() for h in self.heads}
        return [self.decide_text(t, {h: rows[h][i] for h in self.heads}) for i, t in enumerate(texts)]

    def flags(self, label: str, scores: Mapping[str, float], probas: Mapping[str, Sequence[float]]) -> bool:
        """Does the comment deserve a finding? Default ``hit(label, scores)``; a detector whose
        finding rule needs a head beyond the label's scores overrides this."""
        return self.hit(label, scores)

    def flags_text(self, text: str, label: str, scores: Mapping[str, float],
                   probas: Mapping[str, Sequence[float]]) -> bool:
        """``flags`` for one NFC ``text``: the hook for a finding rule that also reads the text
        (default: ``flags``)."""
        return self.flags(label, scores, probas)

    def flags_batch(self, texts: Sequence[str], decisions: Sequence[tuple[str, dict[str, float]]],
                    probas: Mapping[str, np.ndarray]) -> list[bool]:
        """``flags_text`` of many comments: their NFC ``texts``, ``(label, scores)`` and ``probas``
        (head → ``[len(decisions), classes]``). A detector that overrides ``flags`` with a rule on
        ``probas`` may override this with a vectorised form of it."""
        if type(self).flags is CommentClassifier.flags and type(self).flags_text is CommentClassifier.flags_text:
            hit = self.hit  # (no per-comment head rows needed)
            return [hit(label, scores) for label, scores in decisions]
        rows = {h: probas[h].tolist() for h in self.heads}
        return [self.flags_text(text, label, scores, {h: rows[h][i] for h in self.heads})
                for i, (text, (label, scores)) in enumerate(zip(texts, decisions))]

    def head_probas(self, text: str) -> dict[str, Sequence[float]]:
        """This detector's heads' probabilities for one NFC text (prepared or cached)."""
        entry = _PREPARED.get(text)
        if entry is None:
            cached = textclf.all_heads(text)
            return {h: cached[h] for h in self.heads}
        arrays, row = entry
        return {h: tuple(arrays[h][row].tolist()) for h in self.heads}

    def classify_one(self, text: str) -> tuple[str, dict[str, float]]:
        text = nfc(text)
        return self.decide_text(text, self.head_probas(text))

    def prepare(self, subjects: Sequence) -> None:
        """Engine hook: featurise every comment of the run in one vectorised pass (shared by
        all comment classifiers), then take this detector's decisions for all of them at once
        (``decide_batch``) and whether each deserves a finding, so ``detect`` then only reads
        the results."""
        texts = list(dict.fromkeys(nfc(s.text) for s in subjects if isinstance(s, CommentView) and s.text.strip()))
        found = {t: _PREPARED.get(t) for t in texts}  # (read once: another thread may empty the cache)
        todo = [t for t, entry in found.items() if entry is None]
        probas: Mapping[str, np.ndarray] = {}
        if todo:
            if len(_PREPARED) + len(todo) > _PREPARED_MAX:  # (one large creator may exceed it)
                _PREPARED.clear()
                _DECIDED.clear()
            probas = textclf.all_heads_batch(todo)
            for row, text in enumerate(todo):
                found[text] = _PREPARED[text] = (probas, row)
        decided = _DECIDED.setdefault(self, {})
        undecided = [t for t in texts if t not in decided]
        if undecided:
            if undecided == todo:  # (the usual case: the arrays just computed, row for row)
                arrays = {h: probas[h] for h in self.heads}
            else:
                arrays = _stacked([found[t] for t in undecided], self.heads)
            decisions = self.decide_batch(undecided, arrays)
            for text, (label, scores), flag in zip(undecided, decisions, self.flags_batch(undecided, decisions, arrays)):
                decided[text] = (label, scores, flag)

    def available(self, subject) -> bool:
        return isinstance(subject, CommentView) and bool(subject.text.strip())

    def detect(self, subject: CommentView, upstream):
        text = nfc(subject.text)
        decided = _DECIDED.get(self, _NONE).get(text)
        if decided is not None and not decided[2]:
            return  # (prepared: most comments end here, without a finding)
        probas = self.head_probas(text)
        if decided is not None:
            label, scores = decided[0], dict(decided[1])
        else:
            label, scores = self.decide_text(text, probas)
            if not self.flags_text(text, label, scores, probas):
                return
        start, end = trim_quote(subject.text, 0, len(subject.text))
        quote = subject.text[start:end]
        ev = Evidence(field="comment", quote=quote, start=start, end=end,
                      content_hash=content_hash(subject.text))
        msg_vi, msg_en, severity = self.message(label, scores, quote, probas)
        yield self.finding(subject, message=msg_vi, message_en=msg_en, evidence=[ev],
                           severity=severity, confidence=self.confidence(label, scores, probas),
                           data=self.finding_data(label, scores, probas))


class _Prepared(dict):
    """A per-text result filled by ``prepare()``, forgotten with the other per-text results
    (``text.clear_text_caches``)."""

    def cache_clear(self) -> None:
        self.clear()


_PREPARED = _Prepared()  # text → (a batch's head arrays, its row in them)
_DECIDED = _Prepared()  # detector → {text: (label, scores, deserves a finding)}, filled by prepare()
_NONE: dict = {}
_TEXT_CACHES.extend((_PREPARED, _DECIDED))
_PREPARED_MAX = 50_000


def clean_texts(texts) -> list[str]:
    """NFC (the stored canonical form; ``items.item_subject`` does the same), non-str → ""."""
    return [nfc(t) if isinstance(t, str) else "" for t in texts]


def classify_all(detectors: Sequence[CommentClassifier], texts: list[str]
                 ) -> dict[str, list[tuple[str, dict[str, float]]]]:
    """``{detector id: [(label, scores) per text]}`` for several comment detectors at once,
    featurising each text only once (what ``tinnhiem detect`` should call for a comment file);
    texts the engine has just prepared are neither featurised nor decided again (a text's
    decision does not depend on its batch)."""
    clean = clean_texts(texts)
    known = {d: list(map(_DECIDED.get(d, _NONE).get, clean)) for d in detectors}
    needed = sorted({i for entries in known.values() for i, entry in enumerate(entries) if entry is None})
    probas = _head_arrays([clean[i] for i in needed]) if needed else {}  # (once for all detectors)
    row = {i: r for r, i in enumerate(needed)}
    out: dict[str, list[tuple[str, dict[str, float]]]] = {}
    for d, entries in known.items():
        todo = [i for i, entry in enumerate(entries) if entry is None]
        rows = [row[i] for i in todo]
        fresh = iter(d.decide_batch([clean[i] for i in todo], {h: probas[h][rows] for h in d.heads}) if todo else ())
        out[d.id] = [next(fresh) if entry is None else (entry[0], dict(entry[1])) for entry in entries]
    return out


def _head_arrays(texts: list[str]) -> dict[str, np.ndarray]:
    """``textclf.all_heads_batch(texts)``, the rows of prepared texts read from the cache (the
    same floats: a text's row does not depend on the batch it was featurised with)."""
    found = [_PREPARED.get(t) for t in texts]
    todo = [t for t, entry in zip(texts, found) if entry is None]
    if len(todo) == len(texts):
        return textclf.all_heads_batch(texts)
    if todo:
        probas = textclf.all_heads_batch(todo)
        fresh = iter([(probas, row) for row in range(len(todo))])
        found = [next(fresh) if entry is None else entry for entry in found]
    return _stacked(found, tuple(found[0][0]))


def _stacked(entries: Sequence[tuple[Mapping[str, np.ndarray], int]], heads: Sequence[str]) -> dict[str, np.ndarray]:
    """``{head: [len(entries), classes]}``: the rows of prepared texts (``_PREPARED`` entries:
    a batch's arrays and the text's row in them), the same floats."""
    return {h: np.array([arrays[h][row] for arrays, row in entries], dtype=np.float64).reshape(len(entries), -1)
            for h in heads}


def rounded(scores: Mapping[str, float]) -> dict[str, float]:
    """Scores rounded to 6 decimals (JSON-friendly, stable across batch and single calls)."""
    return {k: round(float(v), 6) for k, v in scores.items()}


def rounded_array(values: np.ndarray) -> np.ndarray:
    """``round(float(x), 6)`` of every element, vectorised, with the same floats.

    Python's ``round(x, 6)`` is the double nearest to x rounded half-even at 6 decimals.
    ``rint(x·10⁶) / 10⁶`` is that double too (one correctly rounded division of the right
    integer), except where the product ``x·10⁶``, itself rounded, lies within its rounding error
    of a half-integer: ``rint`` may then pick the other integer. Those rare elements (a margin
    far wider than the error), and the huge or not finite ones, are rounded by Python."""
    values = np.asarray(values, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):  # (those elements are Python's)
        scaled = values * 1e6
        out = np.rint(scaled) / 1e6
        size = np.abs(scaled)
        python = ~(size < 2.0 ** 50) | (np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6 + size * 2.0 ** -50)
    if python.any():
        where = np.nonzero(python)
        out[where] = [round(x, 6) for x in values[where].tolist()]
    return out


def rounded_rows(classes: Sequence[str], probas: np.ndarray) -> list[dict[str, float]]:
    """``rounded(dict(zip(classes, row)))`` of every row of ``probas``, vectorised."""
    return [dict(zip(classes, row)) for row in rounded_array(probas).tolist()]


def labelled_rows(classes: Sequence[str], probas: np.ndarray) -> list[tuple[str, dict[str, float]]]:
    """``(label, scores)`` of every row: the scores ``rounded`` and the label the largest of
    them (``max(scores, key=scores.get)``), vectorised."""
    scores = rounded_array(probas)
    return list(zip(first_max(scores, classes), (dict(zip(classes, row)) for row in scores.tolist())))


def first_max(rounded_scores: np.ndarray, classes: Sequence[str]) -> list[str]:
    """The label of every row's largest score, the first on ties: what ``max(scores,
    key=scores.get)`` picks from ``dict(zip(classes, row))``."""
    return [classes[i] for i in np.argmax(rounded_scores, axis=1).tolist()] if len(rounded_scores) else []
