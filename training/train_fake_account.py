"""Train the fake-account model on InstaFake and export ``fake_account.json``.

Usage (from the repo root): ``.venv/bin/python training/train_fake_account.py``

Data: ``../shared/data/fake-accounts-instafake/fake_v1_accounts.csv`` (CC BY-NC 4.0).
Split: ``training/splits/instafake.json`` (25 % stratified, seeded). Model: standardised
engineered features → logistic regression (class-balanced), in two variants: with and without
``username_digits`` (not carried by ``AudienceMember``). Threshold: chosen on out-of-fold
training predictions (max Youden J), never on the evaluation rows. Prints the ROC-AUC of the
shipped model on the held-out rows.
"""

from __future__ import annotations

import json
from datetime import date

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score, roc_curve
from sklearn.model_selection import StratifiedKFold, cross_val_predict

import splits
from common import DATA, MODELS, read_csv
from tinnhiem.detectors.models import fake_account as FA

C = 1.0
SEED = 20190402


def load():
    rows = read_csv(DATA / "fake-accounts-instafake" / "fake_v1_accounts.csv")
    test = set(splits.load("instafake")["eval_rows"])
    y = np.array([int(r["isFake"]) for r in rows])
    X = np.array([FA.feature_vector(FA.raw_values(r)) for r in rows], dtype=np.float64)
    tr = np.array([i not in test for i in range(len(rows))])
    return rows, X, y, tr


def fit_variant(X: np.ndarray, y: np.ndarray, names: list[str]) -> tuple[dict, LogisticRegression]:
    cols = [FA.FEATURES.index(n) for n in names]
    Xs = X[:, cols]
    mean, scale = Xs.mean(axis=0), Xs.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=1000)
    clf.fit((Xs - mean) / scale, y)
    variant = {"features": names, "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
               "coef": clf.coef_[0].round(6).tolist(), "intercept": round(float(clf.intercept_[0]), 6)}
    return variant, clf


def threshold_from_oof(X: np.ndarray, y: np.ndarray, names: list[str]) -> dict:
    """Threshold (max Youden J) and its sensitivity/specificity, from 5-fold out-of-fold
    predictions on the training rows (used by audience_authenticity's error correction)."""
    cols = [FA.FEATURES.index(n) for n in names]
    Xs = X[:, cols]
    Xs = (Xs - Xs.mean(axis=0)) / np.where(Xs.std(axis=0) == 0, 1, Xs.std(axis=0))
    oof = cross_val_predict(LogisticRegression(C=C, class_weight="balanced", max_iter=1000), Xs, y,
                            cv=StratifiedKFold(5, shuffle=True, random_state=SEED),
                            method="predict_proba")[:, 1]
    fpr, tpr, thr = roc_curve(y, oof)
    best = int(np.argmax(tpr - fpr))
    return {"threshold": round(float(thr[best]), 4), "sensitivity": round(float(tpr[best]), 4),
            "specificity": round(float(1 - fpr[best]), 4)}


def main() -> None:
    rows, X, y, tr = load()
    all_names = list(FA.FEATURES)
    no_user = [n for n in all_names if n != "username_digits"]
    variants = {"all": fit_variant(X[tr], y[tr], all_names)[0],
                "no_username_digits": fit_variant(X[tr], y[tr], no_user)[0]}
    oof = threshold_from_oof(X[tr], y[tr], no_user)
    doc = {"name": "fake_account", "classes": ["real", "fake"], **oof,
           "trained_on": date.today().isoformat(),
           "data": "fake-accounts-instafake/fake_v1_accounts.csv (CC BY-NC 4.0)",
           "split": "training/splits/instafake.json", "variants": variants}
    (MODELS / "fake_account.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    FA.model.cache_clear()
    doc["eval"] = evaluate(rows, y, tr)
    (MODELS / "fake_account.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(doc["eval"], indent=2))


def evaluate(rows, y, tr) -> dict:
    """Scores of the SHIPPED model on the held-out rows (with / without username digits)."""
    test = [r for r, t in zip(rows, tr) if not t]
    yt = y[~tr]
    out = {"eval_rows": len(test), "eval_fake": int(yt.sum())}
    for view, data in (("with_username_digits", test),
                       ("without_username_digits",
                        [{k: v for k, v in r.items() if k != "usernameDigitCount"} for r in test])):
        p = FA.predict_proba(data)
        labels = [lab == "fake" for lab, _ in FA.classify_features(data)]
        out[view] = {"roc_auc": round(float(roc_auc_score(yt, p)), 4),
                     "macro_f1": round(float(f1_score(yt, labels, average="macro")), 4)}
    return out


if __name__ == "__main__":
    main()
