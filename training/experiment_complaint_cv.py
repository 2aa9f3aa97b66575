"""How many times to repeat the written comments, and which threshold, for ``complaint_intent``.

Two-fold cross-validation inside the DEVELOPMENT half of ``benchmarks/data/comments_vi_*.jsonl``
(odd ids; the folds are ids ≡ 1 and ≡ 3 mod 4): the model is trained on the weak labels, the
seeds and one fold repeated ``REPEAT`` times, and scored on the other fold (macro-F1 as written
and without diacritics) at several thresholds. The test half (even ids) is never read.

Usage: .venv/bin/python training/experiment_complaint_cv.py REPEAT FOLD   (FOLD: 1 or 3)

Result (2026-11-30; mean of both folds, as written / folded):

| repeat | t = 0.2 | t = 0.3 | t = 0.5 |
|---:|---:|---:|---:|
| 3 | – | 0.733 / 0.709 | 0.684 / 0.654 |
| 6 | 0.768 / 0.743 | 0.745 / 0.713 | 0.679 / 0.660 |

→ ``complaint_data.WRITTEN_REPEAT = 6`` and ``THRESHOLD = 0.3``: the weakly labelled reviews make
the model under-confident on comment-section complaints, so a threshold below 0.5 wins in both
folds. 0.2 scored best here, but the written sets hold little of the ordinary chatter that fills
real comment sections, and that is where a low threshold costs: of the sample world's 12,872
distinct comments (215 of them planted complaints) the shipped weights flag 177 at 0.5, 275
at 0.3 (144 planted, 131 others) and 408 at 0.2 ("bạn ơi cảm ơn bạn chia sẻ", "bé mấy tháng rồi chị"). 0.3 keeps most of the
gain.
"""

from __future__ import annotations

import sys

import numpy as np

import complaint_data
from common import DATA, counts, fold, load_idf, macro_f1, read_csv, weighted
from fitting import Spec, fit_head
from train_comment_models import SEED, aivivn_split
from written_sets import comment_sets, cv_fold, labelled, repeated

THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5)


def main(repeat: int, fold_id: int) -> None:
    train_part, held_out = cv_fold(labelled(comment_sets.load("dev"),
                                            lambda r: "complaint" if r["complaint"] else "other"), fold_id)
    complaint_data.WRITTEN_REPEAT = 0  # the written lines are added here, one fold only
    train, _ = aivivn_split()
    texts, labels, _ = complaint_data.weak_labels(train, read_csv(DATA / "hate-vihsd" / "train.csv"),
                                                  seed=SEED, mask=True)
    more_texts, more_labels = repeated(train_part, repeat)  # mixed in, as complaint_data does
    model, _ = fit_head(texts + more_texts, labels + more_labels, Spec("lr", 8.0, nb_positive="complaint"))
    g, _ = load_idf()
    gold = [y for _, y in held_out]
    for name, xs in (("as written", [t for t, _ in held_out]), ("folded", [fold(t) for t, _ in held_out])):
        p = 1 / (1 + np.exp(-model.decision(weighted(counts(xs), g))[:, 0]))
        p_complaint = p if model.classes[1] == "complaint" else 1 - p
        print(repeat, fold_id, name, {t: round(macro_f1(gold, ["complaint" if q >= t else "other"
                                                                for q in p_complaint]), 4)
                                      for t in THRESHOLDS}, flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
