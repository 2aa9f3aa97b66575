"""Does training ``comment_sentiment`` on written creator comments help where it is used?

Two-fold cross-validation inside the DEVELOPMENT half of ``benchmarks/data/comments_vi_*.jsonl``
(odd ids; folds ids ≡ 1 / ≡ 3 mod 4): the head is trained as shipped (AIVIVN train) plus the
positive and negative comments of one fold repeated ``REPEAT`` times in the fitting part only
(``fitting.fit_head(extra=...)``), and scored on the other fold (three classes through
``comment_sentiment.decide`` with the shipped neutral gate; until 2026-12-01 the neutral band) and on the AIVIVN evaluation split
(binary, the acceptance number, which must stay at or above 0.90). The test half is never read.

Usage: .venv/bin/python training/experiment_sentiment_cv.py REPEAT FOLD

Result (2026-11-30; held-out folds as written / folded, mean of both; AIVIVN per fold):

| repeat | written, three classes | AIVIVN |
|---:|---:|---:|
| 0 (as shipped) | 0.745 / 0.691 | 0.9002 / 0.9002 |
| 3 | 0.750 / 0.747 | 0.9002 / 0.8997 |
| 6 | 0.761 / 0.721 | 0.9018 / 0.8997 |

Not adopted: the gain is small and noisy, and the AIVIVN score, 0.0002 above its 0.90 target,
falls below it in one fold of each setting.
"""

from __future__ import annotations

import sys

import numpy as np

from common import MODELS, counts, fold, load_idf, macro_f1, weighted
from fitting import Spec, fit_head
from train_comment_models import SENT, aivivn_split
from tinnhiem.detectors import comment_sentiment
from tinnhiem.detectors.models import textclf
from written_sets import comment_sets, cv_fold, labelled, repeated


def main(repeat: int, fold_id: int) -> None:
    part, held = cv_fold(labelled(comment_sets.load("dev"), lambda r: r["sentiment"]), fold_id)
    part = [(t, y) for t, y in part if y != "neutral"]  # the head is binary
    train, test = aivivn_split()
    model, _ = fit_head([r["text"] for r in train], [SENT[r["label"]] for r in train],
                        Spec("lr", 1.0, nb_positive="negative"), repeated(part, repeat))
    gate = comment_sentiment.Gate.load(MODELS)
    g, _ = load_idf()
    neg_i = list(model.classes).index("negative")

    def p_neg(texts):
        p = 1 / (1 + np.exp(-model.decision(weighted(counts(texts), g))[:, 0]))
        return p if neg_i == 1 else 1 - p

    pn = p_neg([r["text"] for r in test])
    aiv = macro_f1([SENT[r["label"]] for r in test], ["negative" if q >= 0.5 else "positive" for q in pn])
    out = {}
    for name, xs in (("as written", [t for t, _ in held]), ("folded", [fold(t) for t, _ in held])):
        q = p_neg(xs)
        heads = textclf.all_heads_batch(xs)  # the gate also reads the toxicity and spam heads
        sent_classes = textclf.head("comment_sentiment").classes
        labels = []
        for i, (x, a) in enumerate(zip(xs, q)):
            probas = {h: heads[h][i].tolist() for h in comment_sentiment.HEADS}
            probas["comment_sentiment"] = [float(a) if c == "negative" else float(1 - a) for c in sent_classes]
            labels.append(comment_sentiment.decide(x, probas, gate)[0])
        out[name] = round(macro_f1([y for _, y in held], labels), 4)
    print(repeat, fold_id, "written", out, "AIVIVN", round(aiv, 4), flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
