"""How many times to repeat the written comments, and which threshold, for the comment-section
spam head (``spam_data``).

Two-fold cross-validation inside the DEVELOPMENT half of the written sets (odd ids; folds are
ids ≡ 1 and ≡ 3 mod 4): the head is trained on ViSpamReviews train and one fold repeated
``REPEAT`` times (``fit_head``'s ``extra``), and scored on the other fold (binary macro-F1 as written and without
diacritics) at several thresholds, next to the shipped review head's own flag
(argmax ≠ not_spam) on the same fold. The test half (even ids) is never read.

Usage: .venv/bin/python training/experiment_section_spam_cv.py REPEAT FOLD [brand]
(``brand``: ViSpamReviews' brand_only reviews count as spam too)

Result (2026-11-30; mean of both folds, as written / folded; the review head's flag 0.615 / 0.609):

| repeat | t = 0.3 | t = 0.4 | t = 0.5 | t = 0.6 |
|---:|---:|---:|---:|---:|
| 0 | 0.668 / 0.659 | 0.638 / 0.639 | 0.604 / 0.606 | 0.562 / 0.572 |
| 3 | 0.854 / 0.859 | 0.855 / 0.858 | 0.856 / 0.857 | 0.815 / 0.819 |
| 3, brand | 0.804 / 0.812 | 0.838 / 0.848 | 0.861 / 0.855 | 0.840 / 0.838 |
| 6 | 0.862 / 0.874 | 0.863 / 0.863 | 0.855 / 0.860 | 0.832 / 0.833 |

→ ``spam_data.WRITTEN_REPEAT = 6`` and ``THRESHOLD = 0.4`` (brand_only stays "other": the
"brand" variant is no better, and a question to the shop is not spam under a post).
"""

from __future__ import annotations

import sys

import numpy as np

import spam_data
from common import DATA, counts, fold, load_idf, macro_f1, read_csv, weighted
from fitting import fit_head
from tinnhiem.detectors.models import textclf
from written_sets import comment_sets, cv_fold, labelled, repeated

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def main(repeat: int, fold_id: int, brand: bool) -> None:
    spam_data.BRAND_ONLY_IS_SPAM = brand
    train_part, held_out = cv_fold(labelled(comment_sets.load_spam("dev"),
                                            lambda r: "other" if r["spam"] == "none" else "spam"), fold_id)
    texts, labels = spam_data.vispam_texts(read_csv(DATA / "spam-vispamreviews" / "train.csv"))
    model, _ = fit_head(texts, labels, spam_data.SPEC, repeated(train_part, repeat))
    g, _ = load_idf()
    gold = [y for _, y in held_out]
    review = textclf.head("comment_spam_type").classes
    for name, xs in (("as written", [t for t, _ in held_out]), ("folded", [fold(t) for t, _ in held_out])):
        p = 1 / (1 + np.exp(-model.decision(weighted(counts(xs), g))[:, 0]))
        p_spam = p if model.classes[1] == "spam" else 1 - p
        old = ["other" if review[i] == "not_spam" else "spam"
               for i in textclf.predict_proba("comment_spam_type", xs).argmax(axis=1)]
        print(repeat, fold_id, "brand" if brand else "-", name,
              {t: round(macro_f1(gold, ["spam" if q >= t else "other" for q in p_spam]), 4)
               for t in THRESHOLDS}, "shipped flag", round(macro_f1(gold, old), 4), flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), "brand" in sys.argv[3:])
