"""One-hidden-layer MLP over chi2-selected hashed TF-IDF buckets (numpy/scipy Adam; experiment).

Usage (from the repo root, one core)::

    OMP_NUM_THREADS=1 .venv/bin/python training/experiment_nonlinear_mlp.py toxicity val [H] [K]
    OMP_NUM_THREADS=1 .venv/bin/python training/experiment_nonlinear_mlp.py toxicity dev [H] [K]
    OMP_NUM_THREADS=1 .venv/bin/python training/experiment_nonlinear_mlp.py toxicity oof_base|oof_final

``val``: fit on the FITTING part of the seeded validation split (features: the run-time
weighted buckets, full norm, restricted to the K buckets with the highest chi2 on the fitting
part); the number of epochs is chosen on an inner grouped 10 % of the fitting part (never on
validation); class offsets tuned on validation; validation macro-F1 printed. ``dev``: refit
on all train with the validation-chosen epochs and offsets, score dev once (as written and
without diacritics). Hidden ReLU layer of H units, dropout 0.3 on the hidden layer,
balanced-ish class weights (inverse sqrt frequency), Adam lr 1e-3, batch 256, L2 1e-6.
Run time: ``relu(sum_j x_j W1[j] + b1) @ W2 + b2`` = one more gather of H columns.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.feature_selection import chi2  # noqa: E402
from sklearn.model_selection import StratifiedGroupKFold  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import macro_f1  # noqa: E402
from experiment_nonlinear import CACHE, SEED, groups_of, load_task, matrices, rows2  # noqa: E402
from experiment_nonlinear_stack import evaluate, tune_offsets  # noqa: E402


class MLP:
    def __init__(self, d, h, k, rng):
        self.W1 = (rng.standard_normal((d, h)) * 0.05).astype(np.float32)
        self.b1 = np.zeros(h, np.float32)
        self.W2 = (rng.standard_normal((h, k)) * np.sqrt(2 / h)).astype(np.float32)
        self.b2 = np.zeros(k, np.float32)
        self.params = [self.W1, self.b1, self.W2, self.b2]
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.t = 0

    def forward(self, X):
        a = np.asarray(X @ self.W1) + self.b1
        hdn = np.maximum(a, 0)
        return hdn @ self.W2 + self.b2

    def step(self, X, y, w, rng, lr=1e-3, drop=0.3, l2=1e-6):
        a = np.asarray(X @ self.W1) + self.b1
        hdn = np.maximum(a, 0)
        mask = (rng.random(hdn.shape) >= drop).astype(np.float32) / (1 - drop)
        hd = hdn * mask
        z = hd @ self.W2 + self.b2
        z -= z.max(1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(1, keepdims=True)
        p[np.arange(len(y)), y] -= 1
        dz = p * (w / w.sum())[:, None]
        gW2 = hd.T @ dz
        gb2 = dz.sum(0)
        dh = (dz @ self.W2.T) * mask * (a > 0)
        gW1 = np.asarray(X.T @ dh) + l2 * self.W1
        gb1 = dh.sum(0)
        self.t += 1
        b1c, b2c = 1 - 0.9 ** self.t, 1 - 0.999 ** self.t
        for i, (prm, g) in enumerate(zip(self.params, (gW1, gb1, gW2, gb2))):
            self.m[i] *= 0.9
            self.m[i] += 0.1 * g
            self.v[i] *= 0.999
            self.v[i] += 0.001 * g * g
            prm -= lr * (self.m[i] / b1c) / (np.sqrt(self.v[i] / b2c) + 1e-8)


def train(X, yi, k, H, epochs, rng, Xs=None, ys=None, classes=None, log=""):
    """Train for ``epochs``; if ``Xs`` given, return per-epoch macro-F1 there too."""
    cnt = np.bincount(yi, minlength=k)
    cw = (cnt.sum() / cnt) ** 0.5
    w = cw[yi].astype(np.float32)
    net = MLP(X.shape[1], H, k, rng)
    hist = []
    for ep in range(epochs):
        t0 = time.perf_counter()
        order = rng.permutation(X.shape[0])
        for s in range(0, len(order), 256):
            b = order[s:s + 256]
            net.step(X[b], yi[b], w[b], rng)
        if Xs is not None:
            z = net.forward(Xs)
            f = macro_f1(ys, classes[z.argmax(1)])
            hist.append(f)
            print(f"    {log} epoch {ep + 1}: inner macro-F1 {f:.4f} {time.perf_counter() - t0:.0f} s", flush=True)
    return net, hist


def select(X, yi, K):
    s, _ = chi2(X, yi)
    s = np.nan_to_num(s)
    return np.sort(np.argsort(-s)[:K])


def _prepared(task: str):
    """(task data, rows, feature matrices, train matrix of both views, labels of both views,
    classes, label ids)."""
    d = load_task(task)
    M = matrices(d)
    Xall = M["train2"]["full"].astype(np.float32)
    y2 = np.concatenate([d["labels"], d["labels"]])
    classes = np.unique(y2)
    return d, len(d["texts"]), M, Xall, y2, classes, np.searchsorted(classes, y2)


def main(task: str, stage: str, H: int, K: int) -> None:
    spam = task == "spam"
    d, n, M, Xall, y2, classes, yi2 = _prepared(task)
    rng = np.random.default_rng(SEED)
    tag = f"mlp-{task}-H{H}-K{K}"
    sfile = CACHE / f"{tag}.json"
    if stage == "val":
        rf, rv = rows2(d["fit_i"], n), rows2(d["val_i"], n)
        cols = select(Xall[rf], yi2[rf], K)
        Xf, Xv = Xall[rf][:, cols].tocsr(), Xall[rv][:, cols].tocsr()
        # inner grouped 10 % of the fitting part -> number of epochs
        grp = groups_of([d["texts"][i] for i in d["fit_i"]])
        a, b = next(StratifiedGroupKFold(10, shuffle=True, random_state=SEED).split(
            d["fit_i"], d["labels"][d["fit_i"]], grp))
        nf = len(d["fit_i"])
        ra, rb = rows2(a, nf), rows2(b, nf)
        _, hist = train(Xf[ra], yi2[rf][ra], len(classes), H, 8, rng, Xf[rb], y2[rf][rb],
                        classes, "inner")
        epochs = int(np.argmax(hist)) + 1
        net, _ = train(Xf, yi2[rf], len(classes), H, epochs, rng)
        z = net.forward(Xv)
        yv = y2[rv]
        raw = evaluate(classes[z.argmax(1)], yv, spam)
        bias = tune_offsets(z, yv, classes, "f1")
        res = {"raw": raw["f1"], **evaluate(classes[(z + bias).argmax(1)], yv, spam),
               "epochs": epochs, "inner_hist": [round(h, 4) for h in hist]}
        print(f"  {tag} validation: {res}", flush=True)
        np.save(CACHE / f"{tag}-val-z.npy", z)
        sfile.write_text(json.dumps({"res": res, "bias": bias.tolist(), "epochs": epochs}))
    else:
        st = json.loads(sfile.read_text())
        cols = select(Xall, yi2, K)
        net, _ = train(Xall[:, cols].tocsr(), yi2, len(classes), H, st["epochs"], rng)
        out = {}
        for view in ("dev", "devfold"):
            z = net.forward(M[view]["full"].astype(np.float32)[:, cols].tocsr())
            np.save(CACHE / f"{tag}-{view}-z.npy", z)
            pred = classes[(z + np.array(st["bias"])).argmax(1)]
            out[view] = evaluate(pred, d["dev_labels"], False)["f1"]
            if spam:
                out[view + "_binary"] = round(macro_f1(d["dev_binary"] == "not_spam", pred == "not_spam"), 4)
        print(f"  {tag} dev: {out}", flush=True)


def oof_scores(task: str, stage: str, H: int, K: int) -> None:
    """The MLP as a STACKING INPUT: OOF logits (5-fold grouped, chi2 selection inside each
    fold, validation-chosen epochs) like ``experiment_nonlinear.py base|final`` writes for the
    linear models (``scores-<task>-<base|final>-mlp.npz``)."""
    from experiment_nonlinear import N_FOLDS
    d, n, M, Xall, y2, classes, yi2 = _prepared(task)
    epochs = json.loads((CACHE / f"mlp-{task}-H{H}-K{K}.json").read_text())["epochs"]
    rng = np.random.default_rng(SEED)
    train_i = d["fit_i"] if stage == "base" else np.arange(n)
    grp = groups_of([d["texts"][i] for i in train_i])
    skf = StratifiedGroupKFold(N_FOLDS, shuffle=True, random_state=SEED)
    oof = np.zeros((2 * len(train_i), len(classes)))
    for a, b in skf.split(train_i, d["labels"][train_i], grp):
        ra, rb = rows2(train_i[a], n), rows2(train_i[b], n)
        cols = select(Xall[ra], yi2[ra], K)
        net, _ = train(Xall[ra][:, cols].tocsr(), yi2[ra], len(classes), H, epochs, rng)
        oof[rows2(b, len(train_i))] = net.forward(Xall[rb][:, cols].tocsr())
    r = rows2(train_i, n)
    cols = select(Xall[r], yi2[r], K)
    net, _ = train(Xall[r][:, cols].tocsr(), yi2[r], len(classes), H, epochs, rng)
    out = {"oof": oof, "classes": classes}
    if stage == "base":
        out["val"] = net.forward(Xall[rows2(d["val_i"], n)][:, cols].tocsr())
    else:
        for v in ("dev", "devfold"):
            out[v] = net.forward(M[v]["full"].astype(np.float32)[:, cols].tocsr())
    np.savez(CACHE / f"scores-{task}-{stage}-mlp.npz", **out)
    print(f"  mlp oof {task} {stage} done", flush=True)


if __name__ == "__main__" and sys.argv[2] in ("oof_base", "oof_final"):
    a = sys.argv[1:]
    oof_scores(a[0], a[1][4:], int(a[2]) if len(a) > 2 else 64, int(a[3]) if len(a) > 3 else 100_000)
    sys.exit(0)

if __name__ == "__main__":
    a = sys.argv[1:]
    main(a[0], a[1], int(a[2]) if len(a) > 2 else 64, int(a[3]) if len(a) > 3 else 100_000)
