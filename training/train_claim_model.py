"""Train the statement classifier that assists seven claim rules and banned_product (and may rule
out caption-only hits of four rules, ``model_veto``); export it next to the comment models (``src/tinnhiem/detectors/models/claim_statements.{npz,json}``).

Usage (from the repo root)::

    .venv/bin/python training/train_claim_model.py

Data: the labelled Vietnamese advertising statements of ``benchmarks/data`` (written for the
project from the legal catalog and from ad wording quoted by press reports and authority
notices; see ``benchmarks/data/README.md``). Split (``training/splits/claim_statements.json``):
the DEVELOPMENT halves (odd ids) of sets A–X, AA, AB, Y, Z, AC, AD, AE and AF train the model
(A–Q until 2026-11-30), and so do the training sets AK–AT whole (``train_whole_sets``: written to
be trained on); every test half (even ids) and the judge sets AG–AJ are never seen. Features: the shared hashed n-gram featuriser of the comment models (``textclf``, the
same IDF), each statement as written and without diacritics. One L2 logistic regression per
label (one-vs-rest, class-balanced); the probability threshold is stored in the JSON and read
at run time. The run-time use — only when the rule itself found nothing, on the caption — is
in ``tinnhiem.detectors.models.claim_model``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from common import MODELS, counts, export_head, load_idf, weighted, with_folded
from tinnhiem.detectors import _fixtures
from tinnhiem.detectors.models import claim_model, textclf
from tinnhiem.text import fold, nfc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_rule_quality as statements  # noqa: E402  (the statement sets' loader)

DATA = ROOT / "benchmarks" / "data"
SPLIT = Path(__file__).with_name("splits") / "claim_statements.json"
NAME = "claim_statements"


def set_file(name: str) -> Path:
    return DATA / ("ad_statements_vi.jsonl" if name == "a" else f"ad_statements_vi_{name}.jsonl")


def set_names(sets: str | list[str]) -> list[str]:
    """Set names from the split file: a list ("a" … "x", "aa", "ab"), or a string of one-letter
    names ("abc…", the older form)."""
    return list(sets) if isinstance(sets, str) else sets


def load_rows(sets: str | list[str], half: str) -> list[dict]:
    """The ``half`` ("dev": odd ids, "test": even ids) of each set, by the benchmark's own loader
    (which also rejects unknown labels), text NFC-normalised."""
    return [{**row, "text": nfc(row["text"])} for name in set_names(sets)
            for row in statements.load(half, set_file(name))]


def fixture_captions(labels: list[str], kind: str) -> dict[str, list[str]]:
    """The captions of the rule packs' ``# <kind>: <rule>`` fixture lines per label. ``ok`` lines
    are near-misses written for the rule (a word in a lawful sense, a disclaimer quoted correctly
    …), the hard negatives that the statements alone teach too little (a bag of n-grams keys on
    the trigger word); ``ruleid`` lines are violations the rule must report — with and without
    diacritics, teencode, English — positives of their own label, so that the model neither
    misses nor vetoes what the rule is defined to find."""
    out: dict[str, list[str]] = {label: [] for label in labels}
    for fixture in _fixtures.all_fixtures():
        caption = _fixtures.item(fixture.text).get("text", "")
        if fixture.kind == kind and fixture.detector in out and caption.strip():
            out[fixture.detector].append(nfc(caption))
    return out


def evaluate(rows: list[dict], labels: list[str], threshold: float) -> dict:
    """Model alone (no rules), micro and per label, as written and without diacritics."""
    out = {}
    for view, texts in (("as_written", [r["text"] for r in rows]),
                        ("no_diacritics", [fold(r["text"]) for r in rows])):
        proba = probabilities(texts)
        per, tp_all, fp_all, fn_all = {}, 0, 0, 0
        for j, label in enumerate(labels):
            truth = np.array([label in r["labels"] for r in rows])
            pred = proba[:, j] >= threshold
            tp, fp, fn = int((truth & pred).sum()), int((~truth & pred).sum()), int((truth & ~pred).sum())
            per[label] = {"precision": round(tp / max(tp + fp, 1), 3), "recall": round(tp / max(tp + fn, 1), 3)}
            tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        out[view] = {"micro_precision": round(tp_all / max(tp_all + fp_all, 1), 3),
                     "micro_recall": round(tp_all / max(tp_all + fn_all, 1), 3), "per_label": per}
    return out


def probabilities(texts: list[str]) -> np.ndarray:
    """Probabilities of the SHIPPED (reloaded) weights, by the run-time code itself."""
    textclf.head.cache_clear()
    claim_model._model.cache_clear()
    return claim_model.classify(texts)


def main() -> int:
    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    labels, threshold, C = split["labels"], split["threshold"], split["C"]
    whole = split.get("train_whole_sets", [])
    train = load_rows(split["train_sets"], "dev") + load_rows(whole, "all")
    texts, rows = with_folded([r["text"] for r in train], train)
    g, _ = load_idf()
    x = weighted(counts(texts), g)
    none = {label: [] for label in labels}
    negatives = fixture_captions(labels, "ok") if split.get("near_misses") else none
    positives = fixture_captions(labels, "ruleid") if split.get("fixture_positives") else none
    coef, intercept = [], []
    for label in labels:
        neg, _ = with_folded(negatives[label], negatives[label])
        pos, _ = with_folded(positives[label], positives[label])
        extra = neg + pos
        xl = sparse.vstack([x, weighted(counts(extra), g)]).tocsr() if extra else x
        y = np.array([label in r["labels"] for r in rows] + [False] * len(neg) + [True] * len(pos))
        # a near-miss counts ``near_miss_weight`` times: one hand-written lawful sentence must hold
        # its ground against the many statements that share its words with a violation
        weight = np.ones(len(y))
        weight[x.shape[0]:x.shape[0] + len(neg)] = split.get("near_miss_weight", 1.0)
        model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000).fit(xl, y, sample_weight=weight)
        coef.append(model.coef_[0])  # z = sum_j w_j count_j g_j / norm: what ``linear_scores`` computes
        intercept.append(model.intercept_[0])
        print(f"  {label}: {int(y.sum()) // 2 - len(positives[label])} positives of {len(train)} statements, "
              f"{len(negatives[label])} near-misses, {len(positives[label])} fixture violations", flush=True)
    export_head(NAME, np.array(coef), np.array(intercept), labels,
                {"link": "independent", "threshold": threshold, "min_words": split["min_words"],
                 "max_words": split["max_words"],
                 "sentence_min_words": split["sentence_min_words"],
                 "min_sentence_probability": split["min_sentence_probability"],
                 "confidence_factor": split["confidence_factor"], "veto_below": split["veto_below"],
                 "training": {"sets": " ".join(set_names(split["train_sets"])), "half": "dev (odd ids)",
                              "whole_sets": " ".join(whole),
                              "statements": len(train), "as_written_and_folded": True,
                              "near_misses": {k: len(v) for k, v in negatives.items()},
                              "near_miss_weight": split.get("near_miss_weight", 1.0),
                              "fixture_violations": {k: len(v) for k, v in positives.items()},
                              "model": f"LogisticRegression(C={C}, class_weight='balanced') per label"}})
    scores = {"test_halves_A_I": evaluate(load_rows("abcdefghi", "test"), labels, threshold),
              "test_halves_J_Q": evaluate(load_rows("jklmnopq", "test"), labels, threshold)}
    path = MODELS / f"{NAME}.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta["eval_model_alone"] = scores
    # part of the model's version (``claim_model.version``): two trainings on one day differ by it
    meta["weights_sha256"] = hashlib.sha256((MODELS / f"{NAME}.npz").read_bytes()).hexdigest()
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for key, value in scores.items():
        print(key, {v: (s["micro_precision"], s["micro_recall"]) for v, s in value.items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
