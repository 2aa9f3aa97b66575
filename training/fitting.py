"""Fitting linear heads on the shared features (scikit-learn; training only).

``fit_head`` does, for one model:

1. split the training texts into a fitting part and a seeded 15 % VALIDATION part (the
   evaluation split is never seen here);
2. fit on the fitting part (every text as written and with its diacritics removed);
3. on the validation part (also both views): optionally Platt-calibrate each output column
   (``sigmoid(a·z + b)``, for SVMs) and tune per-class logit offsets for macro-F1;
4. refit on all training texts with the same settings and apply the calibration/offsets.

Model kinds: ``lr`` (binary logistic regression, optionally NB-scaled features), ``ovr`` /
``nbovr`` (one logistic regression per class, plain / on NB-scaled features), ``svc`` (scikit-learn ``LinearSVC``,
one-vs-rest, Platt-calibrated), ``ens`` (the average of the Platt-calibrated one-vs-rest
logits of the ``members`` specs — still ONE linear model per class, so it costs nothing at run
time). Every kind ends as per-bucket weights ``coef [k, n]`` (NB scaling multiplied in) and
``intercept [k]`` over the shared features.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.svm import LinearSVC

from common import counts, load_idf, macro_f1, nb_ratio, weighted, with_folded, with_folded_and_teencode

SEED = 20240604


@dataclass
class Spec:
    kind: str  # "lr" | "ovr" | "nbovr" | "svc" | "ens"
    C: float
    class_weight: str | None = None
    nb_positive: str | None = None  # lr: NB-scale features by this class's log-count ratio
    calibrate: bool = False
    tune_bias: bool = False
    extra: dict = field(default_factory=dict)
    members: tuple = ()  # ens: the member specs (their calibrate / tune_bias are ignored)
    bias_limit: float = 3.0  # tune_bias searches per-class offsets in [-bias_limit, bias_limit]


@dataclass
class Linear:
    classes: np.ndarray
    coef: np.ndarray  # [k, n_features], feature scaling included
    intercept: np.ndarray  # [k]

    def decision(self, X) -> np.ndarray:
        return np.asarray(X @ self.coef.T) + self.intercept


def _fit(cm, y: np.ndarray, spec: Spec, g: np.ndarray) -> Linear:
    classes = np.unique(y)
    if spec.kind == "svc":
        m = LinearSVC(C=spec.C, class_weight=spec.class_weight).fit(weighted(cm, g), y)
        return Linear(m.classes_, m.coef_, m.intercept_)
    if spec.kind == "lr":
        scale = nb_ratio(cm, (y == spec.nb_positive).astype(int)) if spec.nb_positive else None
        m = LogisticRegression(C=spec.C, solver="liblinear", class_weight=spec.class_weight,
                               max_iter=1000).fit(weighted(cm, g, scale), y)
        coef = m.coef_ * (scale if scale is not None else 1.0)
        return Linear(m.classes_, coef, m.intercept_)
    coefs, ints = [], []
    for c in classes:  # ovr / nbovr: one binary logistic regression per class
        yc = (y == c).astype(int)
        scale = nb_ratio(cm, yc) if spec.kind == "nbovr" else np.ones(cm.shape[1])
        m = LogisticRegression(C=spec.C, solver="liblinear", class_weight=spec.class_weight,
                               max_iter=1000).fit(weighted(cm, g, scale), yc)
        coefs.append(m.coef_[0] * scale)
        ints.append(m.intercept_[0])
    return Linear(classes, np.vstack(coefs), np.array(ints))


def platt(z: np.ndarray, y: np.ndarray, classes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-column ``(a, b)`` so that ``sigmoid(a·z + b)`` ≈ P(class | z) on validation data."""
    a, b = np.ones(z.shape[1]), np.zeros(z.shape[1])
    for k, c in enumerate(classes):
        m = LogisticRegression(C=1e4).fit(z[:, k:k + 1], (y == c).astype(int))
        a[k], b[k] = m.coef_[0, 0], m.intercept_[0]
    return a, b


def tune_bias(z: np.ndarray, y: np.ndarray, classes: np.ndarray, limit: float = 3.0) -> np.ndarray:
    """Per-class logit offsets in ``[-limit, limit]`` maximising validation macro-F1
    (coordinate search, step 0.1)."""
    bias = np.zeros(z.shape[1])
    best = macro_f1(y, classes[(z + bias).argmax(axis=1)])
    for _ in range(2):
        for k in range(len(bias)):
            for step in np.arange(-limit, limit + 0.01, 0.1):
                trial = bias.copy()
                trial[k] = step
                score = macro_f1(y, classes[(z + trial).argmax(axis=1)])
                if score > best + 1e-4:
                    best, bias = score, trial
    return bias


def _predict(z: np.ndarray, classes: np.ndarray) -> np.ndarray:
    if z.shape[1] == 1:
        return classes[(z[:, 0] > 0).astype(int)]
    return classes[z.argmax(axis=1)]


def _fit_ensemble(cm, y: np.ndarray, spec: Spec, g: np.ndarray, xv, yv: np.ndarray
                  ) -> tuple[Linear, list]:
    """Members fitted on ``cm``, each Platt-calibrated on ``(xv, yv)``; the averaged model."""
    members, cals = [], []
    for m_spec in spec.members:
        m = _fit(cm, y, m_spec, g)
        a, b = platt(m.decision(xv), yv, m.classes)
        members.append(m)
        cals.append((a, b))
    return _average(members, cals), cals


def _average(members: list[Linear], cals: list) -> Linear:
    coef = sum(m.coef * a[:, None] for m, (a, _) in zip(members, cals)) / len(members)
    icpt = sum(m.intercept * a + b for m, (a, b) in zip(members, cals)) / len(members)
    return Linear(members[0].classes, coef, icpt)


def fit_head(texts: list[str], labels: list[str], spec: Spec,
             extra: tuple[list[str], list[str]] = ([], []), teencode: bool = False
             ) -> tuple[Linear, dict]:
    """Fit, calibrate and tune on a validation part of the TRAINING texts, refit on all.

    Every text is used as written and with its diacritics removed; with ``teencode`` so is its
    teencode copy (``common.with_folded_and_teencode``) — in fitting, validation and refit
    alike. ``extra`` texts and labels join the fitting part and the refit but never the
    validation part (repeated lines must not be calibrated on their own copies)."""
    mix = with_folded_and_teencode if teencode else with_folded
    g, _ = load_idf()
    tr_t, va_t, tr_y, va_y = train_test_split(texts, labels, test_size=0.15, random_state=SEED,
                                              stratify=labels)
    x, y = mix(tr_t + list(extra[0]), tr_y + list(extra[1]))
    va_x, va_y2 = mix(va_t, va_y)
    va_y2, xv = np.array(va_y2), weighted(counts(va_x), g)
    if spec.kind == "ens":
        model, cals = _fit_ensemble(counts(x), np.array(y), spec, g, xv, va_y2)
    else:
        model = _fit(counts(x), np.array(y), spec, g)
    z = model.decision(xv)
    report = {"validation_macro_f1_raw": round(macro_f1(va_y2, _predict(z, model.classes)), 4)}
    a, b = np.ones(z.shape[1]), np.zeros(z.shape[1])
    if spec.calibrate:
        a, b = platt(z, va_y2, model.classes)
        z = z * a + b
    bias = tune_bias(z, va_y2, model.classes, spec.bias_limit) if spec.tune_bias else np.zeros(z.shape[1])
    report["validation_macro_f1"] = round(macro_f1(va_y2, _predict(z + bias, model.classes)), 4)
    print(f"    validation: {report}", flush=True)
    x, y = mix(list(texts) + list(extra[0]), list(labels) + list(extra[1]))
    cm, y = counts(x), np.array(y)
    if spec.kind == "ens":  # members refitted on all texts keep their validation calibration
        final = _average([_fit(cm, y, m, g) for m in spec.members], cals)
    else:
        final = _fit(cm, y, spec, g)
    final.coef = final.coef * a[:, None]
    final.intercept = final.intercept * a + b + bias
    report.update({"platt_a": np.round(a, 4).tolist(), "platt_b": np.round(b, 4).tolist(),
                   "class_bias": np.round(bias, 2).tolist()})
    return final, report


def spec_meta(spec: Spec) -> dict:
    if spec.kind == "ens":
        return {"model": "ens", "members": [spec_meta(m) for m in spec.members],
                "platt_calibrated": spec.calibrate, "bias_tuned": spec.tune_bias, **spec.extra}
    return {"model": spec.kind, "C": spec.C, "class_weight": spec.class_weight,
            "nb_positive": spec.nb_positive, "platt_calibrated": spec.calibrate,
            "bias_tuned": spec.tune_bias, **spec.extra}
