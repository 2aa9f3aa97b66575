"""Checks every comment classifier must pass (imported by their test modules)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tinnhiem.text import fold

_SPEC = importlib.util.spec_from_file_location(
    "comment_sets", Path(__file__).resolve().parents[2] / "benchmarks" / "comment_sets.py")
comment_sets = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(comment_sets)  # the written creator-comment sets' loader
COMMENT_SETS = comment_sets.FILES
written_comments = comment_sets.load


def macro_f1(gold: list[str], pred: list[str]) -> float:
    labels = sorted(set(gold) | set(pred))
    f1 = []
    for c in labels:
        tp = sum(g == p == c for g, p in zip(gold, pred))
        wrong = sum((g == c) != (p == c) for g, p in zip(gold, pred))
        f1.append(2 * tp / (2 * tp + wrong) if tp else 0.0)
    return sum(f1) / len(f1)


def assert_batch_equals_single(det, cases) -> None:
    """Classifying a batch gives what classifying each text alone gives, with and without diacritics."""
    texts = [t for t, _ in cases] + [fold(t) for t, _ in cases]
    for text, (label, scores) in zip(texts, det.classify(texts)):
        one_label, one_scores = det.classify_one(text)
        assert one_label == label and one_scores == pytest.approx(scores, abs=1e-6)
