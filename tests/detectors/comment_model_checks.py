"""Checks every comment classifier must pass (imported by their test modules)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tinnhiem.text import fold, nfc

COMMENT_SETS = sorted((Path(__file__).resolve().parents[2] / "benchmarks" / "data").glob("comments_vi_*.jsonl"))


def written_comments(half: str) -> list[dict]:
    """One half of the written creator-comment sets (odd ids: development, even ids: test)."""
    rows = []
    for path in COMMENT_SETS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if (int("".join(c for c in row["id"] if c.isdigit())) % 2 == 1) == (half == "dev"):
                    rows.append({**row, "text": nfc(row["text"])})
    return rows


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
