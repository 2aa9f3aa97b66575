"""The written creator-comment sets as training data (``benchmarks/comment_sets.py`` reads them).

One place for what the training scripts and the cross-validation experiments share:

* ``comment_sets`` — the loader (``benchmarks/`` is put on the path here, once);
* ``labelled(rows, label)`` — ``(running number, text, label)`` triples of loaded rows;
* ``cv_fold(triples, fold_id)`` — the two-fold split of a development half used by every
  ``experiment_*_cv.py``: ids ≡ ``fold_id`` (1 or 3) mod 4 train, the other fold is held out;
* ``repeated(pairs, k)`` — ``(texts, labels)`` with the pairs repeated ``k`` times, as
  ``fitting.fit_head``'s ``extra`` (fitting part and refit, never the validation slice).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import comment_sets  # noqa: E402  (the written creator-comment sets' loader)


def labelled(rows: list[dict], label: Callable[[dict], str]) -> list[tuple[int, str, str]]:
    return [(comment_sets.number(r["id"]), r["text"], label(r)) for r in rows]


def cv_fold(triples: list[tuple[int, str, str]], fold_id: int
            ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``(training pairs, held-out pairs)`` of one fold of a development half."""
    train = [(t, y) for n, t, y in triples if n % 4 == fold_id]
    held = [(t, y) for n, t, y in triples if n % 4 != fold_id]
    return train, held


def repeated(pairs: list[tuple[str, str]], k: int) -> tuple[list[str], list[str]]:
    return [t for t, _ in pairs] * k, [y for _, y in pairs] * k
