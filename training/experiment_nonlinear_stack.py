"""Stackers over the cached linear base scores (``experiment_nonlinear.py``) + meta-features.

Usage (from the repo root, one core)::

    OMP_NUM_THREADS=1 .venv/bin/python training/experiment_nonlinear_stack.py toxicity val
    OMP_NUM_THREADS=1 .venv/bin/python training/experiment_nonlinear_stack.py toxicity dev CAND ...
    OMP_NUM_THREADS=1 .venv/bin/python training/experiment_nonlinear_stack.py spam dev_full CAND ...

``val``: every candidate is fitted on the FITTING part (meta-models on out-of-fold base
scores), offsets tuned and scored on the seeded validation slice of train (both views).
``dev``: the named final candidates (and the shipped SVC / SVC+NB-LR average baselines) are
refitted on ALL train (meta-model on all-train OOF scores, base models refitted on all train),
keep the validation-chosen settings (Platt, offsets, boosting rounds) and are scored ONCE on the
evaluation split (ViHSD dedup dev / ViSpamReviews dev), as written and without diacritics.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import json  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import unicodedata  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import StratifiedGroupKFold  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import macro_f1  # noqa: E402
from experiment_nonlinear import CACHE, SEED, groups_of, load_task, rows2  # noqa: E402
from fitting import platt, tune_bias  # noqa: E402
from tinnhiem.text import fold  # noqa: E402

# --------------------------------------------------------------------------- meta-features

TOX_LEX = set("""dm dmm dcm dkm dcmm dmj vl vcl vkl vleu vcc cc ccc cl clm cmm dit du lon loz lol
buoi cac deo deu dech ngu oc suc vat cho di diem khon nan mat day vai tao may bon lu thang
ngao dien thu cut chet mien bac nam ky ki parky namki bake que fuck shit wtf dme dmcs""".split())
TOX_BI = {"me may", "ma may", "bo may", "cha may", "con cho", "oc cho", "suc vat", "khon nan",
          "mat day", "vai lon", "ba que", "3 que", "bac ky", "bac ki", "nam ky", "nam ki",
          "chung may", "bon may", "thang cho", "con di", "mien bac", "xao lon", "an cut"}
SHOP = {"shop", "ship", "shipper", "giao", "goi", "tu van", "nhiet tinh", "nhanh", "nhan hang",
        "dong goi", "giao hang", "phuc vu", "uy tin", "lan sau", "ung ho", "dat hang", "chu dao",
        "than thien", "tra loi", "phan hoi", "shop oi", "cam on"}
PRODUCT = {"san pham", "sp", "hang", "chat luong", "dung", "vai", "mau", "size", "form", "pin",
           "sac", "ao", "quan", "giay", "mui", "dep", "tot", "ben", "chac", "mem", "em", "vua"}
PROMO = {"follow", "fl", "theo doi", "like", "sub", "kenh", "inbox", "ib", "zalo", "lien he",
         "link", "web", "fb", "facebook", "ghe", "tuong tac", "xu", "voucher", "ma giam", "sale",
         "freeship", "kiem tien", "nhan qua", "tang", "free", "trung thuong"}
_WORD = re.compile(r"\w+")
_LINK = re.compile(r"https?:|www\.|\.com\b|\.vn\b|\.ly/|\.me/")
_PHONE = re.compile(r"(?:\d[\s.\-]?){9,11}")
_RUN = re.compile(r"(.)\1+")
_EMOTICON = re.compile(r"[:;=][\)\(\]\[dpDP]+|<3|\^\^|=\)+")


def _lex_count(words: list[str], uni: set, bi: set) -> int:
    n = sum(w in uni for w in words)
    n += sum(f"{a} {b}" in bi for a, b in zip(words, words[1:]))
    return n


def meta_features(texts: list[str], task: str) -> np.ndarray:
    rows = []
    for t in texts:
        n = len(t)
        words = _WORD.findall(t)
        fw = _WORD.findall(fold(t))  # fold() lower-cases too
        letters = [c for c in t if c.isalpha()]
        alpha_words = [w for w in words if any(c.isalpha() for c in w)]
        no_diac = sum(fold(w) == w.lower() for w in alpha_words)
        runs = [len(m.group(0)) for m in _RUN.finditer(t)]
        emoji = sum(1 for c in t if ord(c) >= 0x1F000 or 0x2600 <= ord(c) <= 0x27BF)
        sym = sum(1 for c in t if unicodedata.category(c)[0] in "PS")
        row = [np.log1p(n), np.log1p(len(words)),
               sum(c.isupper() for c in letters) / max(len(letters), 1),
               sum(c.isdigit() for c in t) / max(n, 1),
               sym / max(n, 1), t.count("!") + t.count("?"), emoji,
               len(_EMOTICON.findall(t)), max(runs, default=1),
               float(bool(_LINK.search(t.lower()))), float(bool(_PHONE.search(t))),
               no_diac / max(len(alpha_words), 1),
               len(set(fw)) / max(len(fw), 1),
               sum(w.isupper() and len(w) > 1 for w in words) / max(len(words), 1)]
        if task == "toxicity":
            row += [_lex_count(fw, TOX_LEX, TOX_BI)]
        else:
            row += [_lex_count(fw, SHOP, SHOP), _lex_count(fw, PRODUCT, PRODUCT),
                    _lex_count(fw, PROMO, PROMO)]
        rows.append(row)
    return np.asarray(rows, dtype=np.float64)


META_NAMES = ["log_len", "log_words", "upper_share", "digit_share", "punct_share", "excl_q",
              "emoji", "emoticon", "max_run", "link", "phone", "no_diacritic_word_share",
              "distinct_word_share", "allcaps_word_share"]


def cached_meta(tag: str, texts: list[str], task: str) -> np.ndarray:
    p = CACHE / f"meta-{task}-{tag}.npy"
    if p.exists():
        return np.load(p)
    m = meta_features(texts, task)
    np.save(p, m)
    return m


# --------------------------------------------------------------------------- helpers


def load_scores(task: str, stage: str, names: list[str]) -> dict:
    out = {}
    for nm in names:
        with np.load(CACHE / f"scores-{task}-{stage}-{nm}.npz", allow_pickle=False) as z:
            out[nm] = {k: z[k] for k in z.files}
    return out


def evaluate(pred: np.ndarray, y: np.ndarray, spam: bool) -> dict:
    out = {"f1": round(macro_f1(y, pred), 4)}
    if spam:
        out["binary"] = round(macro_f1(y == "not_spam", pred == "not_spam"), 4)
    return out


def tune_offsets(z: np.ndarray, y: np.ndarray, classes: np.ndarray, objective: str) -> np.ndarray:
    """``fitting.tune_bias`` (coordinate search for macro-F1), or for ``objective='mean'``
    (spam) the mean of 4-class and binary macro-F1."""
    if objective == "f1":
        return tune_bias(z, y, classes, 3.0)
    yb = y == "not_spam"

    def score(b):
        p = classes[(z + b).argmax(1)]
        return 0.5 * (macro_f1(y, p) + macro_f1(yb, p == "not_spam"))
    bias = np.zeros(z.shape[1])
    best = score(bias)
    for _ in range(2):
        for k in range(len(bias)):
            for step in np.arange(-3, 3.01, 0.1):
                trial = bias.copy()
                trial[k] = step
                s = score(trial)
                if s > best + 1e-4:
                    best, bias = s, trial
    return bias


class Calibrated:
    """Platt per column (fitted on validation scores, as ``fitting.fit_head`` does)."""

    def __init__(self, z, y, classes):
        self.a, self.b = platt(z, y, classes)

    def __call__(self, z):
        return z * self.a + self.b


# --------------------------------------------------------------------------- candidates
# Each candidate: fit(Z_fit_parts, y_fit, groups) on OOF inputs, returns a predictor of
# class scores for new inputs. Linear baselines need no OOF: they use the holdout scores
# directly and are calibrated on validation.


def stack_inputs(S: dict, names: list[str], split: str, meta: np.ndarray | None) -> np.ndarray:
    cols = [S[nm][split] for nm in names]
    if meta is not None:
        cols.append(meta)
    return np.hstack(cols)


def fit_lr_stack(X, y, C):
    mu, sd = X.mean(0), X.std(0) + 1e-9
    m = LogisticRegression(C=C, max_iter=2000, class_weight="balanced").fit((X - mu) / sd, y)
    def pred(Z):  # log-probabilities (same argmax as the logits; comparable with lgb's)
        z = m.decision_function((Z - mu) / sd)
        z = z - z.max(1, keepdims=True)
        return z - np.log(np.exp(z).sum(1, keepdims=True))
    return m.classes_, pred, m


def lgb_fit(X, y, groups, params: dict, rounds: int | None):
    """LightGBM multiclass (balanced sample weights); ``rounds=None`` picks the number of
    rounds by 5-fold grouped CV on ``X`` (the OOF inputs), never on validation."""
    import lightgbm as lgb
    classes = np.unique(y)
    yi = np.searchsorted(classes, y)
    cw = len(y) / (len(classes) * np.bincount(yi))
    w = cw[yi] if params.get("balanced", True) else None
    p = {"objective": "multiclass", "num_class": len(classes), "learning_rate": 0.05,
         "num_leaves": 15, "min_data_in_leaf": 40, "feature_fraction": 0.8,
         "bagging_fraction": 0.8, "bagging_freq": 1, "lambda_l2": 1.0, "num_threads": 1,
         "verbose": -1, "seed": SEED + LGB_SEED_OFFSET}
    p.update({k: v for k, v in params.items() if k != "balanced"})
    ds = lgb.Dataset(X, yi, weight=w, free_raw_data=False)
    if rounds is None:
        folds = list(StratifiedGroupKFold(5, shuffle=True, random_state=SEED + 1).split(X, yi, groups))
        cv = lgb.cv(p, ds, num_boost_round=2000, folds=folds,
                    callbacks=[lgb.early_stopping(50, verbose=False)])
        rounds = len(next(iter(cv.values())))
    b = lgb.train(p, ds, num_boost_round=rounds)
    return classes, (lambda Z: np.log(np.clip(b.predict(Z), 1e-9, 1))), rounds, b


LGB_SEED_OFFSET = int(os.environ.get("LGB_SEED_OFFSET", "0"))  # seed-stability check only
KEY = f"@seed+{LGB_SEED_OFFSET}" if LGB_SEED_OFFSET else ""

LGB_GRID = {"lgb_l7": {"num_leaves": 7}, "lgb_l15": {"num_leaves": 15},
            "lgb_l31": {"num_leaves": 31, "min_data_in_leaf": 20},
            "lgb_l15_unbal": {"num_leaves": 15, "balanced": False}}


def candidate_specs(task: str) -> dict:
    """name -> (kind, base names, use meta, params)."""
    spam = task == "spam"
    b2 = ["svc", "nbovr"]
    b4 = ["svc", "nbovr", "svc_word", "bin_svc"] if spam else ["svc", "nbovr", "svc_char", "svc_word"]
    c = {}
    b7 = b4 + (["bin_tox", "hate_off", "mnb"] if not spam else ["mnb"])
    c["lr_x"] = ("lr", b7, False, {"C": 1.0})
    c["lr_x_C0.1"] = ("lr", b7, False, {"C": 0.1})
    c["lgb_l7_x+meta"] = ("lgb", b7, True, LGB_GRID["lgb_l7"])
    c["lgb_l7_x"] = ("lgb", b7, False, LGB_GRID["lgb_l7"])
    c["lgb_l7_all"] = ("lgb", b4, False, LGB_GRID["lgb_l7"])
    c["blend_lr_all+lgb_l7_all+meta"] = ("blend", ["lr_all", "lgb_l7_all+meta"], False, {})
    c["blend_lr_all+meta+lgb_l15_unbal_all+meta"] = ("blend", ["lr_all+meta", "lgb_l15_unbal_all+meta"], False, {})
    c["lr_all+mlp"] = ("lr", b4 + ["mlp"], False, {"C": 1.0})
    c["lgb_l7_all+mlp+meta"] = ("lgb", b4 + ["mlp"], True, LGB_GRID["lgb_l7"])
    c["lgb_l15_unbal_all+mlp+meta"] = ("lgb", b4 + ["mlp"], True, {"num_leaves": 15, "balanced": False})
    c["lgb_l7_unbal_all+meta"] = ("lgb", b4, True, {"num_leaves": 7, "balanced": False})
    c["lgb_l31_unbal_all+meta"] = ("lgb", b4, True, {"num_leaves": 31, "min_data_in_leaf": 20,
                                                     "balanced": False})
    c["lgb_l15_unbal_2+meta"] = ("lgb", b2, True, {"num_leaves": 15, "balanced": False})
    c["lgb_l15_unbal_all"] = ("lgb", b4, False, {"num_leaves": 15, "balanced": False})
    for nm, bases in (("2", b2), ("all", b4)):
        c[f"lr_{nm}"] = ("lr", bases, False, {"C": 1.0})
        c[f"lr_{nm}+meta"] = ("lr", bases, True, {"C": 1.0})
        for g, params in LGB_GRID.items():
            if nm == "2" and g != "lgb_l15":
                continue
            c[f"{g}_{nm}+meta"] = ("lgb", bases, True, params)
        c[f"lgb_l15_{nm}"] = ("lgb", bases, False, LGB_GRID["lgb_l15"])
    return c


def run_val(task: str, only: list[str]) -> None:
    spam = task == "spam"
    d = load_task(task)
    n = len(d["texts"])
    all_texts = list(d["texts"]) + [fold(t) for t in d["texts"]]
    meta_all = cached_meta("train2", all_texts, task)
    rf, rv = rows2(d["fit_i"], n), rows2(d["val_i"], n)
    y2 = np.concatenate([d["labels"], d["labels"]])
    yf, yv = y2[rf], y2[rv]
    groups = np.tile(groups_of([d["texts"][i] for i in d["fit_i"]]), 2)
    names = ["svc", "nbovr", "svc_char", "svc_word", "ovr", "mnb", "mlp"] + (
        ["bin_svc"] if spam else ["bin_tox", "hate_off"])
    names = [nm for nm in names if (CACHE / f"scores-{task}-base-{nm}.npz").exists()]
    S = load_scores(task, "base", names)
    classes = S["svc"]["classes"]
    results, settings = {}, {}
    obj = "f1"

    # linear baselines, exactly as experiment_linear.evaluate: Platt on val, offsets on val
    cal = {}
    for nm in [x for x in names if S[x]["val"].shape[1] > 1]:
        c = Calibrated(S[nm]["val"], yv, classes)
        cal[nm] = c(S[nm]["val"])
        bias = tune_offsets(cal[nm], yv, classes, obj)
        results[f"linear:{nm}"] = {"raw": evaluate(classes[S[nm]["val"].argmax(1)], yv, spam)["f1"],
                                   **evaluate(classes[(cal[nm] + bias).argmax(1)], yv, spam)}
        print(f"  linear:{nm}: {results[f'linear:{nm}']}", flush=True)
    avg = (cal["svc"] + cal["nbovr"]) / 2
    za = Calibrated(avg, yv, classes)(avg)
    bias = tune_offsets(za, yv, classes, obj)
    results["linear:ens(svc+nbovr)"] = evaluate(classes[(za + bias).argmax(1)], yv, spam)
    print(f"  linear:ens(svc+nbovr): {results['linear:ens(svc+nbovr)']}", flush=True)

    meta_f, meta_v = meta_all[rf], meta_all[rv]
    zval = {}
    for cname, (kind, bases, use_meta, params) in sorted(candidate_specs(task).items(),
                                                         key=lambda kv: kv[1][0] == "blend"):
        if only and cname not in only:
            continue
        if kind != "blend" and any(b not in S for b in bases):
            continue
        t0 = time.perf_counter()
        extra = {}
        if kind == "blend":  # mean log-probabilities of member candidates (fitted above)
            if any(b not in zval for b in bases):
                continue
            cls = classes
            zb = np.mean([zval[b] for b in bases], axis=0)
            pred, Xv = (lambda _: zb), None
        else:
            Xf = np.hstack([S[b]["oof"] for b in bases] + ([meta_f] if use_meta else []))
            Xv = np.hstack([S[b]["val"] for b in bases] + ([meta_v] if use_meta else []))
        if kind == "blend":
            pass
        elif kind == "lr":
            cls, pred, _ = fit_lr_stack(Xf, yf, params["C"])
        else:
            cls, pred, rounds, _ = lgb_fit(Xf, yf, groups, params, None)
            extra["rounds"] = rounds
        z = pred(Xv)
        zval[cname] = z
        raw = evaluate(cls[z.argmax(1)], yv, spam)
        bias = tune_offsets(z, yv, cls, obj)
        res = {"raw": raw["f1"], **evaluate(cls[(z + bias).argmax(1)], yv, spam), **extra}
        if spam:
            b2_ = tune_offsets(z, yv, cls, "mean")
            res["mean_tuned"] = evaluate(cls[(z + b2_).argmax(1)], yv, spam)
        results[cname + KEY] = res
        settings[cname + KEY] = {"bias": bias.tolist(), **extra}
        if spam:
            settings[cname + KEY]["bias_mean"] = b2_.tolist()
        print(f"  {cname}{KEY}: {res} {time.perf_counter() - t0:.0f} s", flush=True)
    out = CACHE / f"val-{task}.json"
    prev = json.loads(out.read_text()) if out.exists() else {"results": {}, "settings": {}}
    prev["results"].update(results)
    prev["settings"].update(settings)
    out.write_text(json.dumps(prev, indent=1))


if __name__ == "__main__":
    task, stage, *rest = sys.argv[1:]
    if stage == "val":
        run_val(task, rest)


# --------------------------------------------------------------------------- final: dev


def run_dev(task: str, cands: list[str], mode: str = "final") -> None:
    """Refit on ALL train with validation-chosen settings; score the evaluation split once.
    ``mode='full'``: base models refitted on all train, but the meta-model is the one fitted
    on the FITTING part's OOF scores (no all-train OOF; cheaper)."""
    spam = task == "spam"
    d = load_task(task)
    n = len(d["texts"])
    all_texts = list(d["texts"]) + [fold(t) for t in d["texts"]]
    meta_all = cached_meta("train2", all_texts, task)
    meta_dev = {"dev": cached_meta("dev", d["dev_texts"], task),
                "devfold": cached_meta("devfold", [fold(t) for t in d["dev_texts"]], task)}
    y2 = np.concatenate([d["labels"], d["labels"]])
    rv = rows2(d["val_i"], n)
    yv = y2[rv]
    groups = np.tile(groups_of(d["texts"]), 2)
    vst = json.loads((CACHE / f"val-{task}.json").read_text())
    specs = candidate_specs(task)
    need = {"svc", "nbovr"} | {b for c in cands if specs[c][0] != "blend" for b in specs[c][1]}
    Sv = load_scores(task, "base", sorted(need))
    Sf = load_scores(task, mode, sorted(need))
    rf = rows2(d["fit_i"], n)
    groups_f = np.tile(groups_of([d["texts"][i] for i in d["fit_i"]]), 2)
    classes = Sv["svc"]["classes"]
    yd = d["dev_labels"]

    def report(name, zs: dict):
        out = {}
        for view, z in zs.items():
            pred = classes[z.argmax(1)]
            out[view] = round(macro_f1(yd, pred), 4)
            if spam:
                out[view + "_binary"] = round(macro_f1(d["dev_binary"] == "not_spam",
                                                       pred == "not_spam"), 4)
        print(f"  DEV {name}: {out}", flush=True)
        return out

    results = {}
    # linear baselines exactly as fitting.fit_head: Platt + offsets from validation, refit on all
    cals = {}
    for nm in ("svc", "nbovr"):
        c = Calibrated(Sv[nm]["val"], yv, classes)
        cals[nm] = c
        zc = c(Sv[nm]["val"])
        bias = tune_offsets(zc, yv, classes, "f1")
        if nm == "svc":
            results["linear:svc"] = report("linear:svc (offsets in +-3)",
                                           {v: c(Sf[nm][v]) + bias for v in ("dev", "devfold")})
            b15 = tune_bias(zc, yv, classes, 1.5)  # the shipped recipe (bias_limit=1.5)
            results["linear:svc@shipped"] = report("linear:svc (shipped recipe, offsets in +-1.5)",
                                                   {v: c(Sf[nm][v]) + b15 for v in ("dev", "devfold")})
    avg_v = (cals["svc"](Sv["svc"]["val"]) + cals["nbovr"](Sv["nbovr"]["val"])) / 2
    c2 = Calibrated(avg_v, yv, classes)
    bias = tune_offsets(c2(avg_v), yv, classes, "f1")
    results["linear:ens(svc+nbovr)"] = report("linear:ens(svc+nbovr)", {
        v: c2((cals["svc"](Sf["svc"][v]) + cals["nbovr"](Sf["nbovr"][v])) / 2) + bias
        for v in ("dev", "devfold")})
    zdev = {}
    for cname in cands:
        kind, bases, use_meta, params = specs[cname]
        st = vst["settings"][cname + KEY]
        if kind == "blend":
            zs = {v: np.mean([zdev[b][v] for b in bases], axis=0) + np.array(st["bias"])
                  for v in ("dev", "devfold")}
            results[cname + KEY] = report(cname + KEY, zs)
            continue
        if mode == "full":
            Xtr = np.hstack([Sv[b]["oof"] for b in bases] + ([meta_all[rf]] if use_meta else []))
            ytr, gtr = y2[rf], groups_f
        else:
            Xtr = np.hstack([Sf[b]["oof"] for b in bases] + ([meta_all] if use_meta else []))
            ytr, gtr = y2, groups
        if kind == "lr":
            cls, pred, _ = fit_lr_stack(Xtr, ytr, params["C"])
        else:
            cls, pred, _, booster = lgb_fit(Xtr, ytr, gtr, params, st["rounds"])
            booster.save_model(str(CACHE / f"lgb-{task}-{mode}-{cname}{KEY}.txt"))
            (CACHE / f"lgb-{task}-{mode}-{cname}{KEY}.json").write_text(json.dumps(booster.dump_model()))
        zs = {}
        for v in ("dev", "devfold"):
            Xd = np.hstack([Sf[b][v] for b in bases] + ([meta_dev[v]] if use_meta else []))
            zs[v] = pred(Xd) + np.array(st["bias"])
        zdev[cname] = {v: z - np.array(st["bias"]) for v, z in zs.items()}
        results[cname + KEY] = report(cname + KEY, zs)
        if spam and "bias_mean" in st:
            results[cname + "@mean_tuned"] = report(cname + " (offsets for mean of 4c+bin)", {
                v: z - np.array(st["bias"]) + np.array(st["bias_mean"]) for v, z in zs.items()})
    (CACHE / f"dev-{task}-{mode}{KEY}.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__" and sys.argv[2] in ("dev", "dev_full"):
    run_dev(sys.argv[1], sys.argv[3:], "full" if sys.argv[2] == "dev_full" else "final")
