"""Shared helpers for the training scripts: data paths, features, fitting, export.

Training uses scikit-learn; the exported weights are loaded at run time with numpy only
(``tinnhiem.detectors.models.textclf``), whose featuriser this module reuses, so training
and run time see identical features.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.metrics import f1_score

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
SPLITS = Path(__file__).resolve().parent / "splits"
sys.path.insert(0, str(REPO / "src"))

from tinnhiem.detectors.models import textclf  # noqa: E402
from tinnhiem.text import fold, nfc  # noqa: E402
from teencode_augment import teencode_copy  # noqa: E402  (training/teencode_augment.py)

MODELS = textclf.MODELS_DIR


def read_csv(path: Path) -> list[dict]:
    """Rows with every value NFC-normalised (as ingest stores text; some sets contain NFD)."""
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: nfc(v) if isinstance(v, str) else v for k, v in r.items()}
                for r in csv.DictReader(f)]


def norm_key(text: str) -> str:
    """Key for duplicate detection: NFC, lower-case, whitespace collapsed."""
    return " ".join(nfc(text).lower().split())


def with_folded(texts: list[str], labels: list) -> tuple[list[str], list]:
    """Training mix: every text once as written and once with diacritics removed."""
    return list(texts) + [fold(t) for t in texts], list(labels) + list(labels)


def with_folded_and_teencode(texts: list[str], labels: list) -> tuple[list[str], list]:
    """``with_folded`` of every text and of its teencode copy (``teencode_augment``, written
    independently of the benchmark's ``benchmarks/teencode.py``): teencode is typed with and
    without diacritics alike."""
    return with_folded(list(texts) + [teencode_copy(t) for t in texts], list(labels) + list(labels))


def counts(texts: list[str]) -> sparse.csr_matrix:
    """Occurrence counts per hash bucket (the raw material of every head's features)."""
    rows, cols = [], []
    step = 2048
    for i in range(0, len(texts), step):
        doc, buckets = textclf.featurize(texts[i:i + step])
        rows.append(doc + i)
        cols.append(buckets)
    rows_a, cols_a = np.concatenate(rows), np.concatenate(cols)
    x = sparse.csr_matrix((np.ones(len(rows_a), np.float64), (rows_a, cols_a)),
                          shape=(len(texts), textclf.N_FEATURES))
    x.sum_duplicates()
    return x


def weighted(cm: sparse.csr_matrix, g: np.ndarray, scale: np.ndarray | None = None
             ) -> sparse.csr_matrix:
    """``x_j = count_j * g_j * scale_j / sqrt(sum_j count_j * g_j^2)`` — the norm uses the
    shared IDF ``g`` only, so a head's ``scale`` folds into its exported weights and run time
    computes every head from one gather (``textclf.linear_scores``)."""
    norms = np.sqrt(cm @ (g * g))
    norms[norms == 0] = 1.0
    w = g if scale is None else g * scale
    return sparse.diags(1.0 / norms) @ cm.multiply(w[None, :]).tocsr()


def fit_idf(cm: sparse.csr_matrix) -> np.ndarray:
    """Smoothed IDF over hash buckets (``log((1+N)/(1+df)) + 1``)."""
    df = np.bincount(cm.indices, minlength=textclf.N_FEATURES)
    return np.log((1 + cm.shape[0]) / (1 + df)) + 1


def write_idf(texts: list[str]) -> None:
    """Fit the shared IDF on ``texts`` (as written + folded) and write ``comment_idf.npz``."""
    cm = counts(list(texts) + [fold(t) for t in texts])
    np.savez_compressed(MODELS / textclf.IDF_FILE, idf=fit_idf(cm).astype(np.float16))
    textclf.shared_idf.cache_clear()


def load_idf() -> tuple[np.ndarray, str]:
    """The shared IDF as shipped (float16 values, as float64) and its digest."""
    textclf.shared_idf.cache_clear()
    g, digest = textclf.shared_idf(MODELS)
    return g.astype(np.float64), digest


def nb_ratio(cm: sparse.csr_matrix, y: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """|log-count ratio| of a binary label (NBSVM-style feature scaling)."""
    b = cm.copy()
    b.data[:] = 1
    p = np.asarray(b[y == 1].sum(0)).ravel() + alpha
    q = np.asarray(b[y == 0].sum(0)).ravel() + alpha
    return np.abs(np.log((p / p.sum()) / (q / q.sum())))


def export_head(name: str, coef: np.ndarray, intercept: np.ndarray, classes: list[str],
                meta: dict) -> Path:
    """Write ``<name>.npz`` (float16 per-bucket weights [n_features, k], intercept) + JSON.

    ``coef`` is ``[k, n_features]`` with any per-head feature scaling already multiplied in.
    """
    _, digest = load_idf()
    # row-major [n_features, k]: the all-zero rows of unseen buckets compress to nothing (the
    # transposed view alone is stored column-major, 5.4 against 4.2 MB for claim_statements)
    weights = np.ascontiguousarray(np.asarray(coef, np.float32).T.astype(np.float16))
    np.savez_compressed(MODELS / f"{name}.npz", coef=weights, intercept=np.asarray(intercept, np.float32))
    doc = {"name": name, "classes": classes, "featurizer": textclf.FEATURIZER, "idf_digest": digest,
           "trained_on": date.today().isoformat(), **meta}
    (MODELS / f"{name}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n",
                                         encoding="utf-8")
    textclf.head.cache_clear()
    textclf._stack.cache_clear()
    return MODELS / f"{name}.npz"


def macro_f1(y_true, y_pred) -> float:
    return float(f1_score(y_true, y_pred, average="macro"))


def shipped_scores(name: str, texts: list[str], y_true: list[str], decide=None) -> dict:
    """Macro-F1 of the SHIPPED head (reloaded from disk) as written and without diacritics."""
    textclf.head.cache_clear()
    out = {}
    for view, xs in (("as_written", texts), ("no_diacritics", [fold(t) for t in texts])):
        proba = textclf.predict_proba(name, xs)
        classes = textclf.head(name).classes
        pred = decide(proba) if decide else [classes[i] for i in proba.argmax(axis=1)]
        out[view] = round(macro_f1(y_true, pred), 4)
    return out
