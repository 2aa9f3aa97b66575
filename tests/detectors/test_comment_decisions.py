"""The vectorised decisions of the comment classifiers are exactly the one-comment rule.

``prepare`` and ``classify`` take every comment's label and rounded scores for a whole batch
at once (``decide_batch``); ``decide_text`` takes them for one comment. Both must give the same
labels and the same floats, keys in the same order, so a finding does not depend on whether
its comment was prepared with others.
"""

from __future__ import annotations

import math
import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comment_model_checks import judge_comments, written_comments
from tinnhiem.detectors.models import comment_base, textclf
from tinnhiem.detectors.models.comment_base import first_max, rounded_array
from tinnhiem.detectors.registry import get
from tinnhiem.model import CommentView
from tinnhiem.text import clear_text_caches, fold

CLASSIFIERS = ("comment_sentiment", "comment_spam", "comment_toxicity", "complaint_intent")


def _bits(x: float) -> bytes:
    return struct.pack("<d", x)


# values whose product with 10⁶ rounds onto a half-integer, or next to one: there ``rint``
# alone would round to the other side of Python's ``round`` (1.45e-05: 1.5e-05, rint 1.4e-05)
NEAR_HALF = [float(v) for n in (14, 28, 42, 123456, 999999) for v in
             (np.nextafter((n + 0.5) / 1e6, 0), (n + 0.5) / 1e6, np.nextafter((n + 0.5) / 1e6, 1))]


def test_rounding_at_half_integers_is_pythons():
    assert rounded_array(np.array([1.45e-05])).tolist() == [round(1.45e-05, 6)] == [1.5e-05]
    assert float(np.rint(1.45e-05 * 1e6) / 1e6) != round(1.45e-05, 6)  # (why the fallback exists)
    got = rounded_array(np.array(NEAR_HALF).reshape(5, 3))
    assert got.shape == (5, 3)
    assert [_bits(x) for x in got.ravel().tolist()] == [_bits(round(x, 6)) for x in NEAR_HALF]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(min_value=-2.0, max_value=2.0) | st.floats(allow_nan=False), min_size=1, max_size=40))
def test_rounded_array_is_pythons_round(values):
    got = rounded_array(np.array(values)).tolist()
    assert [_bits(x) for x in got] == [_bits(round(x, 6)) for x in values]
    assert math.isnan(rounded_array(np.array([math.nan]))[0])


def test_first_max_takes_the_first_of_equal_scores():
    scores = np.array([[0.2, 0.4, 0.4], [0.5, 0.5, 0.0], [0.1, 0.2, 0.7]])
    classes = ("a", "b", "c")
    expected = [max(dict(zip(classes, row)), key=dict(zip(classes, row)).get) for row in scores.tolist()]
    assert first_max(scores, classes) == expected == ["b", "a", "c"]
    assert first_max(np.zeros((0, 3)), classes) == []


@pytest.fixture(scope="module")
def texts() -> list[str]:
    out = [r["text"] for r in written_comments("all")] + [r["text"] for r in judge_comments("comments")]
    return out + [fold(t) for t in out] + ["", "?", "@Lan 😍😍😍😍", "lừa đảo 😡😡"]


@pytest.mark.parametrize("detector", CLASSIFIERS)
def test_batch_decisions_equal_one_comment_decisions(detector, texts):
    det = get(detector)
    probas = textclf.all_heads_batch(texts)
    rows = {h: probas[h].tolist() for h in det.heads}
    batch = det.decide_batch(texts, {h: probas[h] for h in det.heads})
    single = [det.decide_text(t, {h: rows[h][i] for h in det.heads}) for i, t in enumerate(texts)]
    assert [label for label, _ in batch] == [label for label, _ in single]
    assert [list(s.items()) for _, s in batch] == [list(s.items()) for _, s in single]
    assert len({label for label, _ in batch}) >= 2


@pytest.mark.parametrize("detector", CLASSIFIERS)
def test_prepared_findings_equal_unprepared_ones(detector, texts):
    """``prepare`` also records which comments deserve a finding; ``detect`` then reads it."""
    det = get(detector)
    comments = [CommentView(key=f"c:{i}", post_key="p", author="a", text=t) for i, t in enumerate(texts[:400])]

    def findings() -> list[tuple]:
        return [(f.subject, f.message, f.confidence, f.severity, f.data) for c in comments if c.text.strip()
                for f in det.detect(c, {})]

    clear_text_caches()
    det.prepare(comments)
    assert all(len(comment_base._DECIDED[det][c.text]) == 3 for c in comments if c.text.strip())
    prepared = findings()
    clear_text_caches()
    assert prepared and prepared == findings()


def test_classify_all_reads_prepared_rows_with_the_same_results(texts, monkeypatch):
    """``tinnhiem detect`` classifies the comments the engine has just prepared: those are not
    featurised again, and the labels and scores are those of a fresh featurisation."""
    dets = [get(d) for d in CLASSIFIERS]
    sample = texts[:300]
    clear_text_caches()
    fresh = comment_base.classify_all(dets, sample)
    comments = [CommentView(key=f"c:{i}", post_key="p", author="a", text=t) for i, t in enumerate(sample[::2])]
    dets[0].prepare(comments)  # half the texts prepared
    featurised = []
    batch = textclf.all_heads_batch
    calls = []
    monkeypatch.setattr(textclf, "all_heads_batch", lambda ts: calls.append(1) or featurised.extend(ts) or batch(ts))
    decided: dict = {}
    for det in dets:
        decide = det.decide_batch
        monkeypatch.setattr(det, "decide_batch", lambda ts, probas, decide=decide, det=det:
                            decided.setdefault(det.id, []).extend(ts) or decide(ts, probas))
    assert comment_base.classify_all(dets, sample) == fresh
    prepared = {c.text for c in comments if c.text.strip()}
    assert featurised and not prepared & set(featurised)
    # (nor decided again by the detector that prepared them: the engine's decisions are read)
    assert decided[dets[0].id] and not prepared & set(decided[dets[0].id])
    assert prepared <= set(decided[dets[1].id])
    assert len(calls) == 1  # (the texts not prepared, featurised once for all four detectors)
