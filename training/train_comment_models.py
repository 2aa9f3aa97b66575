"""Train the comment classifiers and export them to ``src/tinnhiem/detectors/models/``.

Usage (from the repo root)::

    .venv/bin/python training/train_comment_models.py            # all models
    .venv/bin/python training/train_comment_models.py sentiment  # or: spam toxicity complaint

Reads ``../shared/data`` (see each dataset's SOURCE.md for its terms); never writes dataset
text into the repository. Every model: hashed char 1–5-grams (folded + lower-cased views) and
word 1–2-grams (``textclf.featurize``), trained on each text as written AND with its
diacritics removed, logistic regression (scikit-learn liblinear, one-vs-rest for several
classes, single thread),
exported as float16 ``.npz`` + ``.json``. Hyperparameters (C, class weights) are chosen on a
seeded 15 % validation slice of the TRAINING part; the evaluation split is only used to report
the scores of the shipped (reloaded) model, which are printed and stored in the model JSON.
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

import complaint_data
import splits
from common import (DATA, MODELS, counts, export_head, fit_idf, macro_f1, nb_ratio, norm_key,
                    read_csv, shipped_scores, weighted, with_folded)
from tinnhiem.detectors.models import textclf
from tinnhiem.text import fold

SEED = 20240604


class OneVsRest:
    """One liblinear logistic regression per class (fast on 2**19 sparse features); the
    run-time head normalises the per-class sigmoids (``"link": "ovr"``)."""

    def __init__(self, C: float, class_weight):
        self.C, self.class_weight = C, class_weight

    def fit(self, X, y):
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        models = [LogisticRegression(C=self.C, solver="liblinear", class_weight=self.class_weight,
                                     max_iter=1000).fit(X, (y == c).astype(int))
                  for c in self.classes_]
        self.coef_ = np.vstack([m.coef_ for m in models])
        self.intercept_ = np.concatenate([m.intercept_ for m in models])
        return self

    def predict(self, X):
        z = X @ self.coef_.T + self.intercept_
        return self.classes_[np.asarray(z).argmax(axis=1)]


def _fit(X, y, C: float, class_weight, binary: bool):
    if binary:
        clf = LogisticRegression(C=C, solver="liblinear", class_weight=class_weight, max_iter=1000)
    else:
        clf = OneVsRest(C=C, class_weight=class_weight)
    return clf.fit(X, y)


def select_and_fit(texts, labels, grid, weight_fn, binary: bool, tune_bias: bool = True):
    """Pick (C, class_weight) on a validation slice of the training texts; refit on all of them.

    ``weight_fn(count_matrix, labels) -> per-bucket weights`` (IDF, optionally NB-scaled) is
    fitted on the training part only.
    """
    tr_t, va_t, tr_y, va_y = train_test_split(texts, labels, test_size=0.15, random_state=SEED,
                                              stratify=labels)
    X_tr, y_tr = with_folded(tr_t, tr_y)
    cm = counts(X_tr)
    w = weight_fn(cm, np.array(y_tr))
    Xw = weighted(cm, w)
    va_cm = counts(list(va_t) + [fold(t) for t in va_t])
    va_w, va_y2 = weighted(va_cm, w), list(va_y) + list(va_y)
    best = None
    for C, cw in grid:
        model = _fit(Xw, y_tr, C, cw, binary)
        score = macro_f1(va_y2, model.predict(va_w))
        print(f"    C={C} class_weight={cw}: validation macro-F1 {score:.4f}", flush=True)
        if best is None or score > best[0]:
            best = (score, C, cw, model)
    bias = np.zeros(len(best[3].classes_))
    if not binary and tune_bias:
        bias = tune_class_bias(best[3], va_w, va_y2)
    X_all, y_all = with_folded(texts, labels)
    cm = counts(X_all)
    w = weight_fn(cm, np.array(y_all))
    clf = _fit(weighted(cm, w), y_all, best[1], best[2], binary)
    if not binary:
        clf.intercept_ = clf.intercept_ + bias
    return clf, w, {"C": best[1], "class_weight": best[2], "validation_macro_f1": round(best[0], 4),
                    "class_bias": [round(float(b), 3) for b in bias]}


def tune_class_bias(model, X, y) -> np.ndarray:
    """Per-class logit offsets maximising validation macro-F1 (coordinate search; the rare
    classes of ViHSD/ViSpamReviews are under-predicted by a plain argmax)."""
    z = np.asarray(X @ model.coef_.T) + model.intercept_
    bias = np.zeros(z.shape[1])
    best = macro_f1(y, model.classes_[(z + bias).argmax(axis=1)])
    for _ in range(2):
        for k in range(len(bias)):
            for step in np.arange(-1.5, 1.51, 0.1):
                trial = bias.copy()
                trial[k] = step
                score = macro_f1(y, model.classes_[(z + trial).argmax(axis=1)])
                if score > best + 1e-4:
                    best, bias = score, trial
    print(f"    class bias {np.round(bias, 2).tolist()}: validation macro-F1 {best:.4f}", flush=True)
    return bias


def idf_only(cm, y):
    return fit_idf(cm)


def idf_nb(positive: str):
    def fn(cm, y):
        return fit_idf(cm) * nb_ratio(cm, (y == positive).astype(int))
    return fn


def _store_scores(name: str, scores: dict) -> None:
    path = MODELS / f"{name}.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta["eval"] = scores
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"  {name}: {json.dumps(scores, ensure_ascii=False)}", flush=True)


# --------------------------------------------------------------------------- sentiment


def aivivn_split():
    rows = read_csv(DATA / "sentiment-aivivn2019" / "train.csv")
    ev = set(splits.load("aivivn2019")["eval_ids"])
    test = [r for r in rows if r["id"] in ev]
    keys = {norm_key(r["text"]) for r in test}
    train = [r for r in rows if r["id"] not in ev and norm_key(r["text"]) not in keys]
    return train, test


SENT = {"0": "positive", "1": "negative"}


def neutral_band(proba_neg: np.ndarray, y: list[str]) -> float:
    """Neutral band: the largest confidence t in 0.55..0.80 such that the validation accuracy
    of the predictions with confidence in [0.5, t) is ≤ 0.70 (the model "is unsure" there)."""
    conf = np.maximum(proba_neg, 1 - proba_neg)
    right = (proba_neg >= 0.5) == (np.array(y) == "negative")
    best = 0.55
    for t in np.arange(0.55, 0.81, 0.01):
        band = conf < t
        if band.sum() >= 20 and right[band].mean() <= 0.70:
            best = float(t)
    return round(best, 2)


def train_sentiment() -> None:
    train, test = aivivn_split()
    texts = [r["text"] for r in train]
    labels = [SENT[r["label"]] for r in train]
    clf, w, chosen = select_and_fit(texts, labels, [(1.0, None), (2.0, None), (4.0, None)],
                                    idf_nb("negative"), binary=True)
    classes = [str(c) for c in clf.classes_]
    export_head("comment_sentiment", clf, w, classes,
                {"data": "sentiment-aivivn2019/train.csv", "split": "training/splits/aivivn2019.json",
                 "train_rows": len(train), "hyperparameters": chosen, "neutral_max_confidence": 0.6})
    # calibrate the neutral band on the training part's out-of-sample slice
    _, va_t, _, va_y = train_test_split(texts, labels, test_size=0.15, random_state=SEED,
                                        stratify=labels)
    p = textclf.predict_proba("comment_sentiment", list(va_t))[:, classes.index("negative")]
    band = neutral_band(p, list(va_y))
    meta = json.loads((MODELS / "comment_sentiment.json").read_text(encoding="utf-8"))
    meta["neutral_max_confidence"] = band
    (MODELS / "comment_sentiment.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n",
                                                   encoding="utf-8")
    yt = [SENT[r["label"]] for r in test]
    scores = shipped_scores("comment_sentiment", [r["text"] for r in test], yt)
    _store_scores("comment_sentiment", {"metric": "macro-F1 (positive/negative argmax)",
                                        "split": "aivivn2019 eval ids", "rows": len(test), **scores})


# --------------------------------------------------------------------------- spam


SPAM_TYPES = {"0": "not_spam", "1": "fake_review", "2": "brand_only", "3": "irrelevant"}


def train_spam() -> None:
    train = read_csv(DATA / "spam-vispamreviews" / "train.csv")
    dev = read_csv(DATA / "spam-vispamreviews" / "dev.csv")
    texts = [r["Comment"] for r in train]
    y4 = [SPAM_TYPES[r["SpamLabel"]] for r in train]
    grid = [(4.0, None), (16.0, None), (16.0, "balanced")]
    clf4, w4, ch4 = select_and_fit(texts, y4, grid, idf_only, binary=False)
    export_head("comment_spam_type", clf4, w4, [str(c) for c in clf4.classes_],
                {"data": "spam-vispamreviews/train.csv", "split": "official dev",
                 "hyperparameters": ch4, "link": "ovr"})
    keep = set(splits.load("vispamreviews")["eval_rows_dedup"])
    dev_d = [r for i, r in enumerate(dev) if i in keep]
    for name, key in (("comment_spam_type", lambda r: SPAM_TYPES[r["SpamLabel"]]),):
        full = shipped_scores(name, [r["Comment"] for r in dev], [key(r) for r in dev])
        dedup = shipped_scores(name, [r["Comment"] for r in dev_d], [key(r) for r in dev_d])
        _store_scores(name, {"metric": "macro-F1", "split": "ViSpamReviews dev", "rows": len(dev),
                             **full, "dedup_rows": len(dev_d),
                             "dedup": dedup})


# --------------------------------------------------------------------------- toxicity


TOX = {"0": "clean", "1": "offensive", "2": "hate"}


def train_toxicity() -> None:
    train = read_csv(DATA / "hate-vihsd" / "train.csv")
    dev = read_csv(DATA / "hate-vihsd" / "dev.csv")
    texts = [r["free_text"] for r in train]
    labels = [TOX[r["label_id"]] for r in train]
    clf, w, chosen = select_and_fit(texts, labels, [(4.0, "balanced"), (2.0, "balanced")],
                                    idf_only, binary=False)
    export_head("comment_toxicity", clf, w, [str(c) for c in clf.classes_],
                {"data": "hate-vihsd/train.csv", "split": "training/splits/vihsd.json",
                 "hyperparameters": chosen, "link": "ovr"})
    keep = set(splits.load("vihsd")["eval_rows_dedup"])
    dev_d = [r for i, r in enumerate(dev) if i in keep]
    scores = shipped_scores("comment_toxicity", [r["free_text"] for r in dev_d],
                            [TOX[r["label_id"]] for r in dev_d])
    _store_scores("comment_toxicity", {"metric": "macro-F1", "split": "ViHSD dev minus texts in train",
                                       "rows": len(dev_d), **scores})


# --------------------------------------------------------------------------- complaint intent


def train_complaint() -> None:
    train, test = aivivn_split()
    vihsd = read_csv(DATA / "hate-vihsd" / "train.csv")
    vihsd_dev = read_csv(DATA / "hate-vihsd" / "dev.csv")
    keep = set(splits.load("vihsd")["eval_rows_dedup"])
    texts, labels, stats = complaint_data.weak_labels(train, vihsd, seed=SEED, mask=True)
    clf, w, chosen = select_and_fit(texts, labels, [(2.0, None), (8.0, None)],
                                    idf_nb("complaint"), binary=True)
    export_head("complaint_intent", clf, w, [str(c) for c in clf.classes_],
                {"data": "weak labels: sentiment-aivivn2019 + hate-vihsd + hand-written seeds "
                         "(training/complaint_data.py)", "weak_label_counts": stats,
                 "hyperparameters": chosen, "threshold": 0.5})
    ev_t, ev_y, ev_stats = complaint_data.weak_labels(
        test, [r for i, r in enumerate(vihsd_dev) if i in keep], seed=SEED, mask=False, seeds=False)
    weak = shipped_scores("complaint_intent", ev_t, ev_y)
    hand_t = [t for t, _ in complaint_data.HAND_EVAL]
    hand_y = [y for _, y in complaint_data.HAND_EVAL]
    hand = shipped_scores("complaint_intent", hand_t, hand_y)
    lex = [("complaint" if complaint_data.lexicon_hit(t) else "other") for t in hand_t]
    _store_scores("complaint_intent", {
        "metric": "macro-F1", "weak_label_eval": {"rows": len(ev_t), "counts": ev_stats, **weak},
        "hand_eval": {"rows": len(hand_t), **hand,
                      "lexicon_only_baseline": round(macro_f1(hand_y, lex), 4)}})


TASKS = {"sentiment": train_sentiment, "spam": train_spam, "toxicity": train_toxicity,
         "complaint": train_complaint}

if __name__ == "__main__":
    chosen = sys.argv[1:] or list(TASKS)
    for task in chosen:
        t0 = time.perf_counter()
        print(f"== {task}", flush=True)
        TASKS[task]()
        print(f"   {time.perf_counter() - t0:.0f} s", flush=True)
