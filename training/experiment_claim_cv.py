"""Leave-sets-out cross-validation of the statement classifier alone (experiment, not shipped).

Usage (from the repo root)::

    .venv/bin/python training/experiment_claim_cv.py [--fraction F] [--C C] [--extra SET ...]

Five folds of WHOLE statement sets (the development halves of the split's ``train_sets``, every
fifth set per fold): a fold's sets are held out, the model of ``train_claim_model.py`` (same
features, both views of each text, L2 logistic regression per label, class-balanced) is fitted on
the others — a seeded ``--fraction`` of their statements, plus every statement of the ``--extra``
sets (e.g. the training sets written to be trained on) — and scored on the held-out sets as
written. Prints the mean average precision of each label over the folds and their mean: how
well the classifier ranks statements of sets it never saw, which is what the veto and the
assist rely on. Fixture lines are left out (they are the same in every fold).
"""

from __future__ import annotations

import argparse
import json
import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import numpy as np  # noqa: E402
from scipy import sparse  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import average_precision_score  # noqa: E402

import train_claim_model as T  # noqa: E402
from common import counts, load_idf, weighted  # noqa: E402

FOLDS = 5
SEED = 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fraction", type=float, default=1.0, help="share of the folds' training statements")
    ap.add_argument("--C", type=float, default=None, help="default: the split's C")
    ap.add_argument("--extra", nargs="*", default=[], help="sets added whole to every fold's training")
    args = ap.parse_args()
    split = json.loads(T.SPLIT.read_text(encoding="utf-8"))
    labels, sets = split["labels"], T.set_names(split["train_sets"])
    C = args.C if args.C is not None else split["C"]
    g, _ = load_idf()
    rows = {s: T.load_rows([s], "dev") for s in sets} | {s: T.load_rows([s], "all") for s in args.extra}
    x = {s: weighted(counts([r["text"] for r in rows[s]]), g) for s in rows}
    x_folded = {s: weighted(counts([T.fold(r["text"]) for r in rows[s]]), g) for s in rows}
    rng = np.random.default_rng(SEED)
    ap_by_label: dict[str, list[float]] = {label: [] for label in labels}
    for k in range(FOLDS):
        held = sets[k::FOLDS]
        fit = [s for s in sets if s not in held]
        n = sum(len(rows[s]) for s in fit)
        keep = np.flatnonzero(rng.random(n) < args.fraction)
        extra_n = sum(len(rows[s]) for s in args.extra)
        take = np.concatenate([keep, n + np.arange(extra_n)])
        fit_rows = [r for s in fit + args.extra for r in rows[s]]
        xs = sparse.vstack([x[s] for s in fit + args.extra]).tocsr()[take]
        xf = sparse.vstack([x_folded[s] for s in fit + args.extra]).tocsr()[take]
        x_fit = sparse.vstack([xs, xf]).tocsr()
        fit_rows = [fit_rows[i] for i in take] * 2
        x_held = sparse.vstack([x[s] for s in held]).tocsr()
        held_rows = [r for s in held for r in rows[s]]
        for j, label in enumerate(labels):
            y = np.array([label in r["labels"] for r in fit_rows])
            truth = np.array([label in r["labels"] for r in held_rows])
            if truth.any():
                model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000).fit(x_fit, y)
                ap_by_label[label].append(average_precision_score(truth, model.decision_function(x_held)))
    means = {label: float(np.mean(v)) for label, v in ap_by_label.items()}
    print(f"C {C}, fraction {args.fraction}, extra {' '.join(args.extra) or '-'}: "
          f"mean average precision {np.mean(list(means.values())):.4f}")
    for label, value in means.items():
        print(f"  {label}: {value:.3f}")


if __name__ == "__main__":
    main()
