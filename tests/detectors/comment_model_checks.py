"""Checks every comment classifier must pass (imported by their test modules)."""

from __future__ import annotations

import pytest

from tinnhiem.text import fold


def assert_batch_equals_single(det, cases) -> None:
    """Classifying a batch gives what classifying each text alone gives, with and without diacritics."""
    texts = [t for t, _ in cases] + [fold(t) for t, _ in cases]
    for text, (label, scores) in zip(texts, det.classify(texts)):
        one_label, one_scores = det.classify_one(text)
        assert one_label == label and one_scores == pytest.approx(scores, abs=1e-6)
