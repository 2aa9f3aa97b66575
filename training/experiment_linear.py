"""Model-selection experiments for the toxicity and spam heads on the VALIDATION slice only.

Usage (from the repo root)::

    .venv/bin/python training/experiment_linear.py toxicity [--vihos]
    .venv/bin/python training/experiment_linear.py spam

Reproduces ``fitting.fit_head``'s split (seeded 15 % validation slice of TRAIN, every text as
written and folded), fits several linear one-vs-rest candidates, Platt-calibrates each on the
validation slice, tunes per-class offsets there, and prints validation macro-F1 of every
candidate and of score averages of pairs (an average of linear models is one linear model).
The evaluation splits are never read. Feature matrices are cached under ``$TMPDIR``.
"""

from __future__ import annotations

import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.model_selection import train_test_split

from common import DATA, counts, load_idf, macro_f1, read_csv, weighted, with_folded
from fitting import SEED, Spec, _fit, _predict, platt, tune_bias

CACHE = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "tinnhiem-exp"
TOX = {"0": "clean", "1": "offensive", "2": "hate"}
SPAM = {"0": "not_spam", "1": "fake_review", "2": "brand_only", "3": "irrelevant"}


def _matrix(tag: str, texts: list[str]) -> sparse.csr_matrix:
    path = CACHE / f"{tag}.npz"
    if path.exists():
        return sparse.load_npz(path).tocsr()
    CACHE.mkdir(parents=True, exist_ok=True)
    m = counts(texts)
    sparse.save_npz(path, m)
    return m


def data(task: str, vihos: bool):
    if task == "toxicity":
        rows = read_csv(DATA / "hate-vihsd" / "train.csv")
        texts, labels = [r["free_text"] for r in rows], [TOX[r["label_id"]] for r in rows]
    else:
        rows = read_csv(DATA / "spam-vispamreviews" / "train.csv")
        texts, labels = [r["Comment"] for r in rows], [SPAM[r["SpamLabel"]] for r in rows]
    tr_t, va_t, tr_y, va_y = train_test_split(texts, labels, test_size=0.15, random_state=SEED,
                                              stratify=labels)
    if vihos:
        from vihos_extra import extra_rows
        ex_t, ex_y = extra_rows(exclude=texts)  # never a text of ViHSD train (so not of val)
        print(f"  vihos extra rows: {len(ex_t)} ({ex_y.count('offensive')} offensive)", flush=True)
        tr_t, tr_y = list(tr_t) + ex_t, list(tr_y) + ex_y
    x, y = with_folded(tr_t, tr_y)
    vx, vy = with_folded(va_t, va_y)
    tag = f"{task}{'-vihos' if vihos else ''}"
    return _matrix(f"{tag}-fit", x), np.array(y), _matrix(f"{task}-val", vx), np.array(vy)


def candidates(task: str) -> dict[str, Spec]:
    c = {"svc0.3": Spec("svc", 0.3, "balanced"), "svc0.1": Spec("svc", 0.1, "balanced"),
         "ovr4": Spec("ovr", 4.0, "balanced"), "nbovr4": Spec("nbovr", 4.0, "balanced")}
    if task == "spam":
        c["svc1"] = Spec("svc", 1.0, "balanced")
    return c


def evaluate(z: np.ndarray, y: np.ndarray, classes: np.ndarray, spam: bool) -> dict:
    a, b = platt(z, y, classes)
    zc = z * a + b
    bias = tune_bias(zc, y, classes)
    pred = _predict(zc + bias, classes)
    out = {"raw": round(macro_f1(y, _predict(z, classes)), 4), "tuned": round(macro_f1(y, pred), 4)}
    if spam:
        out["binary"] = round(macro_f1(y == "not_spam", pred == "not_spam"), 4)
    return out, zc


def main(task: str, vihos: bool, only: list[str]) -> None:
    g, _ = load_idf()
    t0 = time.perf_counter()
    x, y, vx, vy = data(task, vihos)
    xv = weighted(vx, g)
    print(f"  features {x.shape} {vx.shape} {time.perf_counter() - t0:.0f} s", flush=True)
    cal = {}
    for name, spec in candidates(task).items():
        if only and name not in only:
            continue
        t0 = time.perf_counter()
        model = _fit(x, y, spec, g)
        res, cal[name] = evaluate(model.decision(xv), vy, model.classes, task == "spam")
        np.save(CACHE / f"z-{task}{'-vihos' if vihos else ''}-{name}.npy", cal[name])
        print(f"  {name}: {res} {time.perf_counter() - t0:.0f} s", flush=True)
    classes = np.unique(y)
    for (n1, z1), (n2, z2) in itertools.combinations(cal.items(), 2):
        res, _ = evaluate((z1 + z2) / 2, vy, classes, task == "spam")  # = fitting kind "ens"
        print(f"  avg {n1}+{n2}: {res}", flush=True)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(args[0], "--vihos" in sys.argv, args[1:])  # extra args: only these candidates
