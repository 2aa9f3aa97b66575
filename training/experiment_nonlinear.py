"""Non-linear / stacked models for the toxicity and spam heads (experiment, not shipped).

Usage (from the repo root, one core)::

    OMP_NUM_THREADS=1 .venv/bin/python training/experiment_nonlinear.py toxicity base [name ...]
    OMP_NUM_THREADS=1 .venv/bin/python training/experiment_nonlinear.py toxicity final [name ...]
    OMP_NUM_THREADS=1 .venv/bin/python training/experiment_nonlinear.py spam full [name ...]

``base``: out-of-fold (5-fold, grouped by folded normalised text so duplicates never straddle
folds, stratified) decision scores of several linear base models on the FITTING part of the
seeded 15 % validation split of TRAIN (``fitting.SEED``, exactly the split of
``fitting.fit_head`` / ``experiment_linear.py``), and their scores on the validation slice
(models fitted on the whole fitting part). ``final``: the same on ALL of train (OOF) and on the
official dev split (models fitted on all train) — only for the final candidates. ``full``:
only the refit on all train and its dev scores (cheaper: the stacker then stays the one fitted
on the fitting part's OOF scores; used for spam, whose SVC fits are slow).

Everything is cached under ``$TMPDIR/tinnhiem-nonlinear`` (count matrices per feature family, scores).
The stackers that consume these scores are in ``experiment_nonlinear_stack.py``.
Every text is used as written and with diacritics removed (``common.with_folded``), like the
shipped heads; both views of a text always sit in the same fold.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from scipy import sparse  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import StratifiedGroupKFold, train_test_split  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import splits  # noqa: E402
from common import DATA, load_idf, nb_ratio, norm_key, read_csv  # noqa: E402
from fitting import SEED  # noqa: E402
from tinnhiem.detectors.models import textclf  # noqa: E402
from tinnhiem.text import fold  # noqa: E402

CACHE = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "tinnhiem-nonlinear"
TOX = {"0": "clean", "1": "offensive", "2": "hate"}
SPAM = {"0": "not_spam", "1": "fake_review", "2": "brand_only", "3": "irrelevant"}
N_FOLDS = 5


# --------------------------------------------------------------------------- data


def load_task(task: str) -> dict:
    """Texts/labels of train (+ split indices) and dev; no matrices."""
    if task == "toxicity":
        tr = read_csv(DATA / "hate-vihsd" / "train.csv")
        dv = read_csv(DATA / "hate-vihsd" / "dev.csv")
        keep = splits.load("vihsd")["eval_rows_dedup"]
        col, lab = "free_text", (lambda r: TOX[r["label_id"]])
    else:
        tr = read_csv(DATA / "spam-vispamreviews" / "train.csv")
        dv = read_csv(DATA / "spam-vispamreviews" / "dev.csv")
        keep = list(range(len(dv)))  # targets are on the official (full) dev
        col, lab = "Comment", (lambda r: SPAM[r["SpamLabel"]])
    texts = [r[col] for r in tr]
    labels = np.array([lab(r) for r in tr])
    idx = np.arange(len(texts))
    # same partition as train_test_split(texts, labels, ...) in fitting.fit_head
    fit_i, val_i = train_test_split(idx, test_size=0.15, random_state=SEED, stratify=labels)
    dev = [dv[i] for i in keep]
    out = {"task": task, "texts": texts, "labels": labels, "fit_i": np.asarray(fit_i),
           "val_i": np.asarray(val_i), "dev_texts": [r[col] for r in dev],
           "dev_labels": np.array([lab(r) for r in dev])}
    if task == "spam":
        out["dev_binary"] = np.array(["spam" if r["Label"] == "1" else "not_spam" for r in dev])
    return out


def family_counts(texts: list[str]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Counts per bucket of (char n-grams, word uni/bigrams + shape tokens) separately;
    their sum is ``common.counts``."""
    out = [], []
    step = 2048
    for i in range(0, len(texts), step):
        parts = textclf.feature_parts(texts[i:i + step])
        out[0].append((parts[0][0] + i, parts[0][1]))
        out[1].append((np.concatenate([d for d, _ in parts[1:]]) + i,
                       np.concatenate([b for _, b in parts[1:]])))
    mats = []
    for fam in out:
        r = np.concatenate([d for d, _ in fam])
        c = np.concatenate([b for _, b in fam])
        m = sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(texts), textclf.N_FEATURES))
        m.sum_duplicates()
        mats.append(m)
    return mats[0], mats[1]


def _cached_counts(tag: str, texts: list[str]):
    pc, pw = CACHE / f"{tag}-char.npz", CACHE / f"{tag}-word.npz"
    if pc.exists() and pw.exists():
        return sparse.load_npz(pc).tocsr(), sparse.load_npz(pw).tocsr()
    CACHE.mkdir(parents=True, exist_ok=True)
    c, w = family_counts(texts)
    sparse.save_npz(pc, c)
    sparse.save_npz(pw, w)
    return c, w


def matrices(d: dict) -> dict:
    """Weighted feature matrices (full / char-only / word-only; every family normalised by the
    FULL norm, so run time gets them from the same per-family gathers) of
    ``train as written ++ train folded`` and of dev as written / folded."""
    g, _ = load_idf()
    task = d["task"]
    out = {}
    for tag, texts in ((f"{task}-train2", list(d["texts"]) + [fold(t) for t in d["texts"]]),
                       (f"{task}-dev", d["dev_texts"]),
                       (f"{task}-devfold", [fold(t) for t in d["dev_texts"]])):
        c, w = _cached_counts(tag, texts)
        full = (c + w).tocsr()
        norms = np.sqrt(full @ (g * g))
        norms[norms == 0] = 1.0
        dn = sparse.diags(1.0 / norms)
        out[tag.split("-", 1)[1]] = {
            "counts": full,
            "full": (dn @ full.multiply(g[None, :])).tocsr(),
            "char": (dn @ c.multiply(g[None, :])).tocsr(),
            "word": (dn @ w.multiply(g[None, :])).tocsr(),
        }
    return out


def rows2(i: np.ndarray, n: int) -> np.ndarray:
    """Rows of texts ``i`` in the ``as written ++ folded`` stacking (both views)."""
    return np.concatenate([i, i + n])


# --------------------------------------------------------------------------- base models


def _svc(C):
    def fit(X, cm, y):
        m = LinearSVC(C=C, class_weight="balanced").fit(X, y)
        return m.classes_, m.coef_, m.intercept_, None
    return fit


def _nbovr(C):
    def fit(X, cm, y):
        classes = np.unique(y)
        coefs, ints = [], []
        for c in classes:
            yc = (y == c).astype(int)
            s = nb_ratio(cm, yc)
            m = LogisticRegression(C=C, solver="liblinear", class_weight="balanced",
                                   max_iter=1000).fit((X @ sparse.diags(s)).tocsr(), yc)
            coefs.append(m.coef_[0] * s)
            ints.append(m.intercept_[0])
        return classes, np.vstack(coefs), np.array(ints), None
    return fit


def _ovr(C):
    def fit(X, cm, y):
        classes = np.unique(y)
        coefs, ints = [], []
        for c in classes:
            m = LogisticRegression(C=C, solver="liblinear", class_weight="balanced",
                                   max_iter=1000).fit(X, (y == c).astype(int))
            coefs.append(m.coef_[0])
            ints.append(m.intercept_[0])
        return classes, np.vstack(coefs), np.array(ints), None
    return fit


def _bin_svc(C, negative):
    """One binary SVC: negative class vs everything else (spam vs not)."""
    def fit(X, cm, y):
        m = LinearSVC(C=C, class_weight="balanced").fit(X, (y != negative).astype(int))
        return np.array(["pos"]), m.coef_, m.intercept_, None
    return fit


def _hate_off(C):
    """SVC hate vs offensive fitted on the toxic rows only (applied to every row)."""
    def fit(X, cm, y):
        t = y != "clean"
        m = LinearSVC(C=C, class_weight="balanced").fit(X[t], (y[t] == "hate").astype(int))
        return np.array(["hate"]), m.coef_, m.intercept_, None
    return fit


def _mnb(alpha):
    """Multinomial NB on the run-time weighted features (a linear model over them)."""
    def fit(X, cm, y):
        from sklearn.naive_bayes import MultinomialNB
        m = MultinomialNB(alpha=alpha).fit(X, y)
        return m.classes_, m.feature_log_prob_, m.class_log_prior_, None
    return fit


BASES = {  # name -> (feature family, fitter)
    "bin_tox": ("full", lambda X, cm, y: _bin_svc(0.3, "clean")(X, cm, y)),
    "hate_off": ("full", _hate_off(0.3)),
    "mnb": ("full", _mnb(0.1)),
    "svc": ("full", _svc(0.3)),          # = the shipped head before calibration
    "nbovr": ("full", _nbovr(4.0)),      # = the NB-OvR member of the `ens` average
    "svc_char": ("char", _svc(0.3)),
    "svc_word": ("word", _svc(0.3)),
    "ovr": ("full", _ovr(4.0)),
    "bin_svc": ("full", _bin_svc(0.3, "not_spam")),  # spam only
}


def decision(coef, icpt, X) -> np.ndarray:
    return np.asarray(X @ coef.T) + icpt


def groups_of(texts: list[str]) -> np.ndarray:
    keys = {}
    return np.array([keys.setdefault(fold(norm_key(t)), len(keys)) for t in texts])


def oof_and_holdout(name: str, M: dict, y_all: np.ndarray, texts: list[str], train_i: np.ndarray,
                    test_sets: dict[str, object], oof: bool = True) -> dict[str, np.ndarray]:
    """OOF scores on ``train_i`` (both views) and scores of the model fitted on all of
    ``train_i`` on each test set (``{tag: weighted matrix}``)."""
    fam, fitter = BASES[name]
    n = len(texts)
    X, cm = M["train2"][fam], M["train2"]["counts"]
    y_i = y_all[train_i]
    grp = groups_of([texts[i] for i in train_i])
    skf = StratifiedGroupKFold(n_splits=N_FOLDS, shuffle=True, random_state=SEED)
    splits_ = list(skf.split(train_i, y_i, grp)) if oof else []
    oof = np.zeros((2 * len(train_i), 1)) if not splits_ else None
    for k, (a, b) in enumerate(splits_):
        ra, rb = rows2(train_i[a], n), rows2(train_i[b], n)
        classes, coef, icpt, _ = fitter(X[ra], cm[ra], y_all[ra])
        z = decision(coef, icpt, X[rb])
        if oof is None:
            oof = np.zeros((2 * len(train_i), z.shape[1]))
        pos = rows2(b, len(train_i))
        oof[pos] = z
    r = rows2(train_i, n)
    classes, coef, icpt, _ = fitter(X[r], cm[r], y_all[r])
    out = {"oof": oof, "classes": classes}
    for tag, Xt in test_sets.items():
        out[tag] = decision(coef, icpt, Xt[fam] if isinstance(Xt, dict) else Xt)
    return out


def run(task: str, stage: str, names: list[str]) -> None:
    d = load_task(task)
    t0 = time.perf_counter()
    M = matrices(d)
    print(f"[{task}] matrices {M['train2']['full'].shape} {time.perf_counter() - t0:.0f} s", flush=True)
    n = len(d["texts"])
    y_all = np.concatenate([d["labels"], d["labels"]])
    if stage == "base":
        train_i = d["fit_i"]
        rv = rows2(d["val_i"], n)
        tests = {"val": {f: M["train2"][f][rv] for f in ("full", "char", "word")}}
    else:  # final: OOF on all train + refit; full: refit on all train only (no OOF)
        train_i = np.arange(n)
        tests = {"dev": M["dev"], "devfold": M["devfold"]}
    for name in names:
        path = CACHE / f"scores-{task}-{stage}-{name}.npz"
        if path.exists():
            print(f"  {name}: cached", flush=True)
            continue
        t1 = time.perf_counter()
        res = oof_and_holdout(name, M, y_all, d["texts"], train_i, tests, oof=stage != "full")
        np.savez(path, **res)
        print(f"  {name}: {time.perf_counter() - t1:.0f} s", flush=True)


if __name__ == "__main__":
    task, stage, *names = sys.argv[1:]
    run(task, stage, names or ["svc", "nbovr", "svc_char", "svc_word"])
