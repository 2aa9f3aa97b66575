"""Checks every comment classifier must pass (imported by their test modules)."""

from __future__ import annotations

import pytest
from repo_scripts import load_script

from tinnhiem.text import fold

_BENCH = load_script("benchmarks/bench_models.py")  # its metric and the comment sets' loader
COMMENT_SETS = _BENCH.comment_sets.FILES
written_comments = _BENCH.comment_sets.load
spam_comments = _BENCH.comment_sets.load_spam
toxicity_comments = _BENCH.comment_sets.load_toxicity
judge_comments = _BENCH.comment_sets.load_judge
macro_f1 = _BENCH.macro_f1


def assert_batch_equals_single(det, cases) -> None:
    """Classifying a batch gives what classifying each text alone gives, with and without diacritics."""
    texts = [t for t, _ in cases] + [fold(t) for t, _ in cases]
    for text, (label, scores) in zip(texts, det.classify(texts)):
        one_label, one_scores = det.classify_one(text)
        assert one_label == label and one_scores == pytest.approx(scores, abs=1e-6)


def without_and_with_gates(gates, compute):
    """``compute()`` with the Hyperscan databases of the phrase ``gates`` switched off (every
    text searched) and then on, the text caches cleared before each: ``(plain, gated)``."""
    from tinnhiem.text import clear_text_caches

    saved = [g.db for g in gates]
    try:
        for g in gates:
            g.db = None
        clear_text_caches()
        plain = compute()
    finally:
        for g, db in zip(gates, saved):
            g.db = db
    clear_text_caches()
    return plain, compute()
