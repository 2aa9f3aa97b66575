"""Train the comment classifiers and export them to ``src/tinnhiem/detectors/models/``.

Usage (from the repo root)::

    .venv/bin/python training/train_comment_models.py            # idf + all models
    .venv/bin/python training/train_comment_models.py idf        # the shared IDF only
    .venv/bin/python training/train_comment_models.py sentiment  # or: spam section_spam toxicity complaint
    .venv/bin/python training/train_comment_models.py sentiment_gate  # the neutral gate (after
                                                                     # any head it reads)

Reads ``../shared/data`` (see each dataset's SOURCE.md for its terms; text NFC-normalised as
ingest does); never writes dataset text into the repository. All models share one
featurisation (``textclf``: hashed char n-grams of the folded and lower-cased text, word
1–2-grams, shape tokens) and one IDF (``comment_idf.npz``, fitted on the union of the
training parts — run ``idf`` first; changing it requires retraining every head). Every model
is trained on each text as written AND with its diacritics removed (``fitting.fit_head``); the
spam review head (``comment_spam_type``) also on each text typed in teencode
(``teencode_augment.py``): the other heads lost more as written than they gained in teencode.
Hyperparameters, calibration and class offsets come from a seeded 15 % validation slice of
the TRAINING part (the sentiment model's neutral gate and the complaint model's extra
training text come from the development half of the written creator-comment sets,
``benchmarks/data/comments_vi_*.jsonl``); the evaluation split is only used to report the scores of the shipped
(reloaded) model, which are printed and stored in the model JSON.
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np

import complaint_data
import spam_data
import splits
import toxicity_data
from written_sets import repeated
from common import (DATA, MODELS, export_head, macro_f1, norm_key, read_csv, shipped_scores,
                    write_idf)
from fitting import SEED, Spec, fit_head, spec_meta
from tinnhiem.detectors import comment_sentiment
from tinnhiem.detectors.models import textclf
from tinnhiem.text import fold


def _store_scores(name: str, scores: dict) -> None:
    path = MODELS / f"{name}.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta["eval"] = scores
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"  {name}: {json.dumps(scores, ensure_ascii=False)}", flush=True)


def _train_and_export(name: str, texts, labels, spec: Spec, meta: dict, extra=([], []),
                      teencode: bool = False) -> None:
    model, report = fit_head(texts, labels, spec, extra, teencode)
    export_head(name, model.coef, model.intercept, [str(c) for c in model.classes],
                {**meta, "hyperparameters": {**spec_meta(spec), **report},
                 "training_mix": "as written, no diacritics" + (
                     "; its teencode copy (training/teencode_augment.py), both ways" if teencode else "")})


# --------------------------------------------------------------------------- shared IDF


def aivivn_split():
    rows = read_csv(DATA / "sentiment-aivivn2019" / "train.csv")
    ev = set(splits.load("aivivn2019")["eval_ids"])
    test = [r for r in rows if r["id"] in ev]
    keys = {norm_key(r["text"]) for r in test}
    train = [r for r in rows if r["id"] not in ev and norm_key(r["text"]) not in keys]
    return train, test


def train_idf() -> None:
    """Shared IDF over the union of the TRAINING parts (never an evaluation split)."""
    texts = [r["text"] for r in aivivn_split()[0]]
    texts += [r["free_text"] for r in read_csv(DATA / "hate-vihsd" / "train.csv")]
    texts += [r["Comment"] for r in read_csv(DATA / "spam-vispamreviews" / "train.csv")]
    write_idf(texts)
    print(f"  {textclf.IDF_FILE}: {len(texts)} training texts (+ folded copies)", flush=True)


# --------------------------------------------------------------------------- sentiment


SENT = {"0": "positive", "1": "negative"}


GATE_CS = (0.1, 0.3, 1.0, 3.0)  # chosen with the threshold by cross-validation (model card)
GATE_THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)


def _gate_inputs(texts: list[str]) -> tuple[np.ndarray, list[dict], list[str]]:
    """``(features matrix, the heads' probabilities per text, feature names)`` of the neutral
    gate (``comment_sentiment.gate_features``)."""
    probas = textclf.all_heads_batch(texts)
    rows = [{h: probas[h][i].tolist() for h in comment_sentiment.HEADS} for i in range(len(texts))]
    feats = [comment_sentiment.gate_features(t, r) for t, r in zip(texts, rows)]
    names = list(feats[0]) if feats else []
    return np.array([[f[k] for k in names] for f in feats]), rows, names


def fit_gate(pairs: list[tuple[str, str]], c: float, threshold: float = 0.5) -> dict:
    """The neutral gate (``comment_sentiment.Gate``) fitted on ``(text, sentiment)`` pairs, each
    text as written and without diacritics: standardised features, logistic regression
    (balanced classes), neutral vs the rest."""
    from sklearn.linear_model import LogisticRegression

    texts = [t for t, _ in pairs] + [fold(t) for t, _ in pairs]
    y = np.array([lab == "neutral" for _, lab in pairs] * 2, dtype=int)
    x, _, names = _gate_inputs(texts)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000).fit((x - mean) / scale, y)
    return {"features": names, "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
            "coef": model.coef_[0].round(6).tolist(), "intercept": round(float(model.intercept_[0]), 6),
            "threshold": threshold}


def three_class_f1(pairs: list[tuple[str, str]], gate, folded: bool) -> float:
    """Macro-F1 of the detector's three-class labels (``comment_sentiment.decide``) on
    ``(text, label)`` pairs, as written or with diacritics removed."""
    texts = [fold(t) if folded else t for t, _ in pairs]
    _, rows, _ = _gate_inputs(texts)
    return macro_f1([y for _, y in pairs], [comment_sentiment.decide(t, r, gate)[0] for t, r in zip(texts, rows)])


def gate_cross_validation(c: float) -> dict[str, dict[str, float]]:
    """Per threshold, the mean three-class macro-F1 of two folds inside the development half
    (ids ≡ 1 / ≡ 3 mod 4), each fold's gate fitted on the other, as written and without
    diacritics."""
    from written_sets import comment_sets, cv_fold, labelled

    triples = labelled(comment_sets.load("dev"), lambda r: r["sentiment"])
    out = {t: {"as_written": 0.0, "no_diacritics": 0.0} for t in GATE_THRESHOLDS}
    for fold_id in (1, 3):
        part, held = cv_fold(triples, fold_id)
        fitted = fit_gate(part, c)
        for t in GATE_THRESHOLDS:
            gate = comment_sentiment.Gate.from_meta({**fitted, "threshold": t})
            for view, folded in (("as_written", False), ("no_diacritics", True)):
                out[t][view] += three_class_f1(held, gate, folded) / 2
    return {f"threshold={t}": {k: round(v, 4) for k, v in views.items()} for t, views in out.items()}


def train_sentiment_gate() -> None:
    """Fit and store the neutral gate (``comment_sentiment_gate.json``) on the development half
    of the written creator-comment sets, its C and threshold chosen together by cross-validation
    inside that half (mean of as written and without diacritics); report the test half."""
    dev = complaint_data.written_comments("dev", field="sentiment")
    cv = {c: gate_cross_validation(c) for c in GATE_CS}
    best_c, best_t = max(((c, t) for c in GATE_CS for t in GATE_THRESHOLDS),
                         key=lambda ct: (sum(cv[ct[0]][f"threshold={ct[1]}"].values()), -ct[0], -ct[1]))
    meta = {"name": "comment_sentiment_gate", "trained_on": time.strftime("%Y-%m-%d"),
            "task": "neutral (takes no side) vs positive or negative, for comment_sentiment",
            "data": "development half (odd ids) of benchmarks/data/comments_vi_*.jsonl, "
                    "as written and without diacritics", "rows": len(dev), "C": best_c,
            **fit_gate(dev, best_c, best_t),
            "cross_validation": {f"C={c}": views for c, views in cv.items()}}
    path = MODELS / comment_sentiment.GATE_FILE
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    gate = comment_sentiment.Gate.load(MODELS)
    test = complaint_data.written_comments("test", field="sentiment")
    meta["eval"] = {"written_comments_test_half": {
        "metric": "macro-F1 (positive/neutral/negative)", "rows": len(test),
        **{view: round(three_class_f1(test, gate, folded), 4)
           for view, folded in (("as_written", False), ("no_diacritics", True))}}}
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"  comment_sentiment_gate: C {best_c}, threshold {best_t}; {meta['eval']}")


def train_sentiment() -> None:
    train, test = aivivn_split()
    texts = [r["text"] for r in train]
    labels = [SENT[r["label"]] for r in train]
    _train_and_export("comment_sentiment", texts, labels, Spec("lr", 1.0, nb_positive="negative"),
                      {"data": "sentiment-aivivn2019/train.csv", "split": "training/splits/aivivn2019.json",
                       "train_rows": len(train)})
    yt = [SENT[r["label"]] for r in test]
    scores = shipped_scores("comment_sentiment", [r["text"] for r in test], yt)
    _store_scores("comment_sentiment", {"metric": "macro-F1 (positive/negative argmax)",
                                        "split": "aivivn2019 eval ids", "rows": len(test), **scores})
    # the neutral gate reads this head's probabilities: run ``sentiment_gate`` after it


# --------------------------------------------------------------------------- spam


SPAM_TYPES = {"0": "not_spam", "1": "fake_review", "2": "brand_only", "3": "irrelevant"}
SPAM_SPEC = Spec("svc", 0.3, "balanced", calibrate=True, tune_bias=True, bias_limit=1.5,
                 extra={"chosen_on_validation": "LinearSVC C in {0.1, 0.3}, balanced; "
                                                "0.3 best (validation 4-class macro-F1)",
                        "not_chosen": "the average of calibrated SVC C=0.3 and NB-OvR C=4 logits "
                                      "scored higher on validation (0.7728 vs 0.7644) but lost "
                                      "follow-for-follow spam of the behavioural fixtures "
                                      "(rules/models.fixtures.txt) and 0.009 binary macro-F1 "
                                      "on dev; kept the SVC"})


def train_spam() -> None:
    train = read_csv(DATA / "spam-vispamreviews" / "train.csv")
    dev = read_csv(DATA / "spam-vispamreviews" / "dev.csv")
    _train_and_export("comment_spam_type", [r["Comment"] for r in train],
                      [SPAM_TYPES[r["SpamLabel"]] for r in train], SPAM_SPEC,
                      {"data": "spam-vispamreviews/train.csv", "split": "official dev", "link": "ovr"},
                      teencode=True)
    keep = set(splits.load("vispamreviews")["eval_rows_dedup"])
    dev_d = [r for i, r in enumerate(dev) if i in keep]
    name = "comment_spam_type"
    full = shipped_scores(name, [r["Comment"] for r in dev], [SPAM_TYPES[r["SpamLabel"]] for r in dev])
    dedup = shipped_scores(name, [r["Comment"] for r in dev_d], [SPAM_TYPES[r["SpamLabel"]] for r in dev_d])
    _store_scores(name, {"metric": "macro-F1 (4-class argmax)", "split": "ViSpamReviews dev",
                         "rows": len(dev), **full, "dedup_rows": len(dev_d), "dedup": dedup})


def train_section_spam() -> None:
    texts, labels = spam_data.vispam_texts(read_csv(DATA / "spam-vispamreviews" / "train.csv"))
    _train_and_export(spam_data.HEAD, texts, labels, spam_data.SPEC,
                      {"data": "spam-vispamreviews/train.csv (fake_review, irrelevant -> spam; "
                               "not_spam, brand_only -> other) + development half of "
                               "benchmarks/data/comment_spam_vi_*.jsonl and comments_vi_*.jsonl "
                               f"repeated {spam_data.WRITTEN_REPEAT}x (training/spam_data.py)",
                       "threshold": spam_data.THRESHOLD, "irrelevant_floor": spam_data.IRRELEVANT_FLOOR},
                      repeated(spam_data.written("dev"), spam_data.WRITTEN_REPEAT))
    classes = list(textclf.head(spam_data.HEAD).classes)

    def decide(proba):  # the detector's rule: P(spam) at or above the stored threshold
        return ["spam" if p >= spam_data.THRESHOLD else "other" for p in proba[:, classes.index("spam")]]

    test = spam_data.written("test")
    dev = read_csv(DATA / "spam-vispamreviews" / "dev.csv")
    _store_scores(spam_data.HEAD, {
        "metric": f"binary macro-F1 (P(spam) >= {spam_data.THRESHOLD})",
        "written_comments_test_half": {"rows": len(test), **shipped_scores(
            spam_data.HEAD, [t for t, _ in test], [y for _, y in test], decide)},
        "vispamreviews_dev_section_labels": {"rows": len(dev), **shipped_scores(
            spam_data.HEAD, [r["Comment"] for r in dev], [spam_data.vispam_label(r["SpamLabel"]) for r in dev],
            decide)}})


# --------------------------------------------------------------------------- toxicity


TOX, TOX_SPEC = toxicity_data.TOX, toxicity_data.SPEC


def train_toxicity() -> None:
    train = read_csv(DATA / "hate-vihsd" / "train.csv")
    dev = read_csv(DATA / "hate-vihsd" / "dev.csv")
    repeat = toxicity_data.WRITTEN_REPEAT
    _train_and_export("comment_toxicity", [r["free_text"] for r in train],
                      [TOX[r["label_id"]] for r in train], TOX_SPEC,
                      {"data": "hate-vihsd/train.csv" + (
                          f" + development half of benchmarks/data/comment_toxicity_vi_*.jsonl repeated "
                          f"{repeat}x in the fitting part (training/toxicity_data.py)" if repeat else ""),
                       "split": "training/splits/vihsd.json", "link": "ovr"},
                      repeated(toxicity_data.written("dev"), repeat))
    keep = set(splits.load("vihsd")["eval_rows_dedup"])
    dev_d = [r for i, r in enumerate(dev) if i in keep]
    scores = shipped_scores("comment_toxicity", [r["free_text"] for r in dev_d],
                            [TOX[r["label_id"]] for r in dev_d])
    written = toxicity_data.written("test")
    _store_scores("comment_toxicity", {
        "metric": "macro-F1", "split": "ViHSD dev minus texts in train", "rows": len(dev_d), **scores,
        "written_comments_test_half": {"rows": len(written), **shipped_scores(
            "comment_toxicity", [t for t, _ in written], [y for _, y in written])}})


# --------------------------------------------------------------------------- complaint intent


def train_complaint() -> None:
    train, test = aivivn_split()
    vihsd = read_csv(DATA / "hate-vihsd" / "train.csv")
    vihsd_dev = read_csv(DATA / "hate-vihsd" / "dev.csv")
    keep = set(splits.load("vihsd")["eval_rows_dedup"])
    texts, labels, stats = complaint_data.weak_labels(train, vihsd, seed=SEED, mask=True)
    _train_and_export("complaint_intent", texts, labels, Spec("lr", 8.0, nb_positive="complaint"),
                      {"data": "weak labels: sentiment-aivivn2019 + hate-vihsd + hand-written seeds "
                               "+ development half of benchmarks/data/comments_vi_*.jsonl "
                               "(training/complaint_data.py)", "weak_label_counts": stats,
                       "threshold": complaint_data.THRESHOLD})
    ev_t, ev_y, ev_stats = complaint_data.weak_labels(
        test, [r for i, r in enumerate(vihsd_dev) if i in keep], seed=SEED, mask=False, seeds=False)
    classes = list(textclf.head("complaint_intent").classes)

    def decide(proba):  # the detector's rule: P(complaint) at or above the stored threshold
        return ["complaint" if p >= complaint_data.THRESHOLD else "other"
                for p in proba[:, classes.index("complaint")]]

    weak = shipped_scores("complaint_intent", ev_t, ev_y, decide)
    hand_t = [t for t, _ in complaint_data.HAND_EVAL]
    hand_y = [y for _, y in complaint_data.HAND_EVAL]
    hand = shipped_scores("complaint_intent", hand_t, hand_y, decide)
    lex = [("complaint" if complaint_data.lexicon_hit(t) else "other") for t in hand_t]
    written = complaint_data.written_comments("test")
    wr_t, wr_y = [t for t, _ in written], [y for _, y in written]
    wr_lex = [("complaint" if complaint_data.lexicon_hit(t) else "other") for t in wr_t]
    _store_scores("complaint_intent", {
        "metric": f"macro-F1 (P(complaint) >= {complaint_data.THRESHOLD})",
        "weak_label_eval": {"rows": len(ev_t), "counts": ev_stats, **weak},
        "hand_eval": {"rows": len(hand_t), **hand,
                      "lexicon_only_baseline": round(macro_f1(hand_y, lex), 4)},
        "written_comments_test_half": {"rows": len(wr_t), **shipped_scores("complaint_intent", wr_t, wr_y, decide),
                                       "lexicon_only_baseline": round(macro_f1(wr_y, wr_lex), 4)}})


TASKS = {"idf": train_idf, "sentiment": train_sentiment, "spam": train_spam,
         "section_spam": train_section_spam, "toxicity": train_toxicity, "complaint": train_complaint,
         # last: the gate reads the sentiment, toxicity and spam heads' probabilities
         "sentiment_gate": train_sentiment_gate}

if __name__ == "__main__":
    chosen = sys.argv[1:] or list(TASKS)
    if not (MODELS / textclf.IDF_FILE).exists() and "idf" not in chosen:
        chosen = ["idf", *chosen]
    for task in chosen:
        t0 = time.perf_counter()
        print(f"== {task}", flush=True)
        TASKS[task]()
        print(f"   {time.perf_counter() - t0:.0f} s", flush=True)
