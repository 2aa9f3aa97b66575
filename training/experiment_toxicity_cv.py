"""How many times to repeat the written toxicity comments when training ``comment_toxicity``.

Two-fold cross-validation inside the DEVELOPMENT half of ``benchmarks/data/comment_toxicity_vi_*.jsonl``
(odd ids; folds are ids ≡ 1 and ≡ 3 mod 4): the head is trained as shipped (ViHSD train, its
validation slice for calibration and class offsets) plus one fold repeated ``REPEAT`` times in the
fitting part only, and scored on the other fold (3-class macro-F1 as written and without
diacritics), next to the shipped head on the same fold. The test half (even ids) and ViHSD dev are
never read.

Usage: .venv/bin/python training/experiment_toxicity_cv.py REPEAT FOLD

Result (2026-11-30; mean of both folds, as written / folded; ViHSD validation slice):

| repeat | held-out folds | validation |
|---:|---:|---:|
| 0 (the shipped model then) | 0.535 / 0.535 | 0.6565 |
| 3 | 0.574 / 0.564 | 0.6557 |
| 6 | 0.580 / 0.577 | 0.6575 |
| 12 | 0.588 / 0.575 | 0.6586 |

→ ``toxicity_data.WRITTEN_REPEAT = 6``: the gain flattens after it.
"""

from __future__ import annotations

import sys

import numpy as np

import toxicity_data
from common import DATA, counts, fold, load_idf, macro_f1, read_csv, weighted
from fitting import fit_head
from tinnhiem.detectors.models import textclf


def main(repeat: int, fold_id: int) -> None:
    rows = [(toxicity_data.comment_sets.number(r["id"]), r["text"], r["toxicity"])
            for r in toxicity_data.comment_sets.load_toxicity("dev")]
    train_part = [(t, y) for n, t, y in rows if n % 4 == fold_id]
    held_out = [(t, y) for n, t, y in rows if n % 4 != fold_id]
    train = read_csv(DATA / "hate-vihsd" / "train.csv")
    model, report = fit_head([r["free_text"] for r in train], [toxicity_data.TOX[r["label_id"]] for r in train],
                             toxicity_data.SPEC, toxicity_data.extra(train_part, repeat))
    g, _ = load_idf()
    gold = [y for _, y in held_out]
    shipped = textclf.head("comment_toxicity").classes
    for name, xs in (("as written", [t for t, _ in held_out]), ("folded", [fold(t) for t, _ in held_out])):
        z = model.decision(weighted(counts(xs), g))
        pred = [model.classes[i] for i in z.argmax(axis=1)]
        old = [shipped[i] for i in textclf.predict_proba("comment_toxicity", xs).argmax(axis=1)]
        print(repeat, fold_id, name, "new", round(macro_f1(gold, pred), 4), "shipped", round(macro_f1(gold, old), 4),
              "validation", report["validation_macro_f1"], flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
