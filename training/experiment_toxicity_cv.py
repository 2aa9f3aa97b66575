"""How many times to repeat the written toxicity comments when training ``comment_toxicity``.

Two-fold cross-validation inside the DEVELOPMENT half of ``benchmarks/data/comment_toxicity_vi_*.jsonl``
(odd ids; folds are ids ≡ 1 and ≡ 3 mod 4): the head is trained as the training script does (ViHSD train, its
validation slice for calibration and class offsets) plus one fold repeated ``REPEAT`` times in the
fitting part only, and scored on the other fold (3-class macro-F1 as written and without
diacritics; ``REPEAT`` 0 is the model without written comments — the shipped one now trains on
both folds, so it is no baseline here). The test half (even ids) and ViHSD dev are
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

import toxicity_data
from common import DATA, counts, fold, load_idf, macro_f1, read_csv, weighted
from fitting import fit_head
from written_sets import comment_sets, cv_fold, labelled, repeated


def main(repeat: int, fold_id: int) -> None:
    train_part, held_out = cv_fold(labelled(comment_sets.load_toxicity("dev"), lambda r: r["toxicity"]),
                                   fold_id)
    train = read_csv(DATA / "hate-vihsd" / "train.csv")
    model, report = fit_head([r["free_text"] for r in train], [toxicity_data.TOX[r["label_id"]] for r in train],
                             toxicity_data.SPEC, repeated(train_part, repeat))
    g, _ = load_idf()
    gold = [y for _, y in held_out]
    for name, xs in (("as written", [t for t, _ in held_out]), ("folded", [fold(t) for t, _ in held_out])):
        z = model.decision(weighted(counts(xs), g))
        pred = [model.classes[i] for i in z.argmax(axis=1)]
        print(repeat, fold_id, name, round(macro_f1(gold, pred), 4),
              "validation", report["validation_macro_f1"], flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
