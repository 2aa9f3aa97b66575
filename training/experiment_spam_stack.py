"""A second stage for ``comment_spam``'s label: boosted trees over the comment heads' outputs.

Usage (from the repo root, one core per process)::

    .venv/bin/python training/experiment_spam_stack.py oof 0 1 2     # folds of the heads (slow)
    .venv/bin/python training/experiment_spam_stack.py oof 3 4
    .venv/bin/python training/experiment_spam_stack.py stack         # the stacker, scored on dev

Result (2026-12-01, recorded in ``MODEL_CARD_comment_spam.md``): not shipped — the stack gained
binary macro-F1 on ViSpamReviews dev (0.8309 → 0.8493) but not 4-class (0.7157 → 0.7144).

``oof K``: the review head (``comment_spam_type``'s exact recipe: calibrated SVC, teencode mix) and
the comment-section head (``comment_section_spam``'s recipe, the written development half as
extra rows) are refitted without fold ``K`` of ViSpamReviews train (5 folds, stratified, grouped
by folded normalised text so copies never straddle folds) and score the held-out rows as written
and without diacritics. ``stack``: LightGBM over those out-of-fold probabilities, the other
comment heads' probabilities (sentiment, toxicity, complaint — trained on other data, so their
scores on ViSpamReviews are not fitted to it) and 17 text-shape features
(``experiment_nonlinear_stack.meta_features``); rounds chosen by grouped 5-fold CV on train,
class offsets tuned on the stacker's own out-of-fold predictions; the evaluation split
(ViSpamReviews dev) is scored once, through the SHIPPED heads, as written and without diacritics.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Mapping  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.model_selection import StratifiedGroupKFold  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import spam_data  # noqa: E402
from common import DATA, counts, load_idf, macro_f1, norm_key, read_csv, weighted  # noqa: E402
from experiment_nonlinear_stack import meta_features  # noqa: E402
from fitting import SEED, fit_head, tune_bias  # noqa: E402
from train_comment_models import SPAM_SPEC, SPAM_TYPES  # noqa: E402
from written_sets import repeated  # noqa: E402
from tinnhiem.text import fold  # noqa: E402

CACHE = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "tinnhiem-spam-stack"
N_FOLDS = 5


def train_rows() -> tuple[list[str], np.ndarray, np.ndarray]:
    rows = read_csv(DATA / "spam-vispamreviews" / "train.csv")
    texts = [r["Comment"] for r in rows]
    labels = np.array([SPAM_TYPES[r["SpamLabel"]] for r in rows])
    keys: dict[str, int] = {}
    groups = np.array([keys.setdefault(fold(norm_key(t)), len(keys)) for t in texts])
    return texts, labels, groups


def folds(labels: np.ndarray, groups: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    skf = StratifiedGroupKFold(n_splits=N_FOLDS, shuffle=True, random_state=SEED)
    return list(skf.split(np.zeros(len(labels)), labels, groups))


def _proba(model, texts: list[str], ovr: bool) -> np.ndarray:
    g, _ = load_idf()
    z = model.decision(weighted(counts(texts), g))
    if z.shape[1] == 1:
        p1 = 1.0 / (1.0 + np.exp(-z[:, 0]))
        return np.stack([1.0 - p1, p1], axis=1)
    p = 1.0 / (1.0 + np.exp(-z))
    return p / p.sum(axis=1, keepdims=True) if ovr else p


def run_oof(ks: list[int]) -> None:
    texts, labels, groups = train_rows()
    CACHE.mkdir(parents=True, exist_ok=True)
    extra = repeated(spam_data.written("dev"), spam_data.WRITTEN_REPEAT)
    for k, (a, b) in enumerate(folds(labels, groups)):
        if k not in ks:
            continue
        t0 = time.perf_counter()
        fit_t = [texts[i] for i in a]
        held = [texts[i] for i in b]
        review, _ = fit_head(fit_t, list(labels[a]), SPAM_SPEC, teencode=True)
        section, _ = fit_head(fit_t, [spam_data.vispam_label(_code(y)) for y in labels[a]], spam_data.SPEC, extra)
        out = {"rows": b, "review_classes": np.array([str(c) for c in review.classes]),
               "section_classes": np.array([str(c) for c in section.classes])}
        for view, xs in (("written", held), ("folded", [fold(t) for t in held])):
            out[f"review_{view}"] = _proba(review, xs, ovr=True)
            out[f"section_{view}"] = _proba(section, xs, ovr=False)
        np.savez(CACHE / f"oof-{k}.npz", **out)
        print(f"fold {k}: {time.perf_counter() - t0:.0f} s", flush=True)


_CODES = {v: k for k, v in SPAM_TYPES.items()}


def _code(label: str) -> str:
    return _CODES[label]


# --------------------------------------------------------------------------- inputs

STACK_HEADS = ("comment_spam_type", "comment_section_spam", "comment_sentiment", "comment_toxicity",
               "complaint_intent")


def inputs(texts: list[str], probas: Mapping[str, np.ndarray]) -> np.ndarray:
    """``[n, …]`` second-stage inputs: every ``STACK_HEADS`` probability column, then the text
    shape of ``experiment_nonlinear_stack.meta_features`` (length, distinct-word share, runs,
    punctuation, emoji, capitals, link, phone, unaccented words; shop, product and promotion words)."""
    cols = [np.asarray(probas[h], dtype=np.float64) for h in STACK_HEADS]
    cols.append(meta_features(texts, "spam").reshape(len(texts), -1))
    return np.hstack(cols)


# --------------------------------------------------------------------------- the stacker

PARAMS = {"objective": "multiclass", "learning_rate": 0.05, "num_leaves": 15, "min_data_in_leaf": 40,
          "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1, "lambda_l2": 1.0,
          "num_threads": 1, "verbose": -1, "seed": SEED}


def other_heads(texts: list[str]) -> dict[str, np.ndarray]:
    from tinnhiem.detectors.models import textclf

    out: dict[str, list] = {}
    for i in range(0, len(texts), 4096):
        for name, p in textclf.all_heads_batch(texts[i:i + 4096]).items():
            out.setdefault(name, []).append(p)
    return {k: np.concatenate(v) for k, v in out.items()}


def train_matrix() -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Out-of-fold inputs of every train text as written and without diacritics."""
    from tinnhiem.detectors.models import textclf

    texts, labels, groups = train_rows()
    n = len(texts)
    spam = {v: {h: np.zeros((n, len(textclf.head(h).classes))) for h in STACK_HEADS[:2]}
            for v in ("written", "folded")}
    for k in range(N_FOLDS):
        with np.load(CACHE / f"oof-{k}.npz", allow_pickle=False) as z:
            rows = z["rows"]
            assert list(z["review_classes"]) == textclf.head("comment_spam_type").classes
            assert list(z["section_classes"]) == textclf.head("comment_section_spam").classes
            for v in ("written", "folded"):
                spam[v]["comment_spam_type"][rows] = z[f"review_{v}"]
                spam[v]["comment_section_spam"][rows] = z[f"section_{v}"]
    blocks = []
    for v in ("written", "folded"):
        xs = texts if v == "written" else [fold(t) for t in texts]
        probas = {**other_heads(xs), **spam[v]}
        blocks.append(inputs(xs, probas))
    return np.vstack(blocks), np.concatenate([labels, labels]), np.tile(groups, 2), texts


def run_stack() -> None:
    import lightgbm as lgb
    from tinnhiem.detectors import registry
    from tinnhiem.detectors.models import textclf
    from tinnhiem.text import nfc

    t0 = time.perf_counter()
    X, y, groups, _ = train_matrix()
    classes = np.array(textclf.head("comment_spam_type").classes)
    yi = np.searchsorted(classes, y)
    params = {**PARAMS, "num_class": len(classes)}
    cv_folds = list(StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=SEED + 1).split(X, yi, groups))
    cv = lgb.cv(params, lgb.Dataset(X, yi), num_boost_round=2000, folds=cv_folds, stratified=False,
                callbacks=[lgb.early_stopping(50, verbose=False)])
    rounds = len(next(v for k, v in cv.items() if k.endswith("multi_logloss-mean")))
    oof = np.zeros((len(X), len(classes)))
    for a, b in cv_folds:
        m = lgb.train(params, lgb.Dataset(X[a], yi[a]), rounds)
        oof[b] = np.log(m.predict(X[b]) + 1e-12)
    bias = tune_bias(oof, y, classes, 3.0)
    print(f"train OOF ({time.perf_counter() - t0:.0f} s): rounds {rounds}, offsets {np.round(bias, 1).tolist()}, "
          f"4-class {macro_f1(y, classes[(oof + bias).argmax(1)]):.4f}", flush=True)
    booster = lgb.train(params, lgb.Dataset(X, yi), rounds)
    dev = read_csv(DATA / "spam-vispamreviews" / "dev.csv")
    yd = np.array([SPAM_TYPES[r["SpamLabel"]] for r in dev])
    det = registry.all_detectors()["comment_spam"]
    for view in ("as written", "no diacritics"):
        xs = [nfc(r["Comment"]) if view == "as written" else fold(nfc(r["Comment"])) for r in dev]
        probas = textclf.all_heads_batch(xs)
        z = np.log(booster.predict(inputs(xs, probas)) + 1e-12)
        for name, pred in (("stack raw", classes[z.argmax(1)]), ("stack + offsets", classes[(z + bias).argmax(1)]),
                           ("shipped label", np.array([lb for lb, _ in det.classify(xs)]))):
            print(f"  DEV {view:13s} {name:16s} 4-class {macro_f1(yd, pred):.4f}  binary "
                  f"{macro_f1(yd == 'not_spam', pred == 'not_spam'):.4f}", flush=True)
    booster.save_model(str(CACHE / "stack.txt"))
    np.save(CACHE / "stack-bias.npy", bias)


if __name__ == "__main__":
    stage, *rest = sys.argv[1:]
    if stage == "oof":
        run_oof([int(x) for x in rest])
    elif stage == "stack":
        run_stack()
