"""Seed-bagged LightGBM stacker for the toxicity head (experiment, not shipped).

Question: is a LightGBM stacker whose class probabilities are averaged over several seeds
("bagged") before the per-class offsets are tuned reliably >= 0.67 macro-F1 on the
deduplicated ViHSD dev split, and how does it compare to its single seeds?

Usage (from the repo root, one core; needs the caches of ``experiment_nonlinear.py``
``toxicity base`` and ``toxicity final`` for the candidate's base models)::

    TMPDIR=/tmp/stk2 OMP_NUM_THREADS=1 .venv/bin/python training/experiment_toxicity_bag.py \
        val CAND [N_SEEDS [BAG_SIZE]]
    TMPDIR=/tmp/stk2 OMP_NUM_THREADS=1 .venv/bin/python training/experiment_toxicity_bag.py \
        dev CAND

``CAND`` is a LightGBM candidate of ``experiment_nonlinear_stack.candidate_specs`` (e.g.
``lgb_l7_all+meta``). Seeds are ``fitting.SEED + k`` for ``k = 0 .. N_SEEDS-1`` (default 10;
``k`` is exactly ``LGB_SEED_OFFSET`` of the stack script, so seed 0 is its default run).

``val``: for every seed, the stacker is fitted on the out-of-fold base scores of the FITTING
part (rounds chosen by grouped 5-fold CV on those inputs, ``experiment_nonlinear_stack.lgb_fit``)
and its per-class offsets are tuned on the seeded validation slice of train (both views).
Bags: consecutive, disjoint groups of ``BAG_SIZE`` seeds (default 5; seeds 0-4, 5-9, ...) and
one bag of all seeds; a bag's probabilities are the mean of its members' probabilities, and
its offsets are tuned on validation after averaging. Every setting (rounds per seed, offsets
per seed and per bag) is written to ``$TMPDIR/tinnhiem-nonlinear/bag-toxicity-CAND.json``.
``dev``: every seed is refitted on the all-train OOF base scores with its validation-chosen
rounds; each single seed and each bag is scored ONCE on the dedup dev split, as written and
with diacritics removed, with its validation-chosen offsets (nothing is chosen on dev).
Results go to ``bag-toxicity-CAND-dev.json`` next to the settings.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import macro_f1  # noqa: E402
from experiment_nonlinear import CACHE, SEED, groups_of, load_task, rows2  # noqa: E402
from experiment_nonlinear_stack import (cached_meta, candidate_specs, lgb_fit,  # noqa: E402
                                        load_scores, tune_offsets)
from tinnhiem.text import fold  # noqa: E402

TASK = "toxicity"
VIEWS = ("dev", "devfold")


def bag_logp(zs: list[np.ndarray]) -> np.ndarray:
    """Log of the mean class probability of the members (each given as log-probabilities)."""
    return np.log(np.clip(np.mean([np.exp(z) for z in zs], axis=0), 1e-9, 1))


def bags_of(n_seeds: int, size: int) -> dict[str, list[int]]:
    out = {f"bag{a}-{a + size - 1}": list(range(a, a + size))
           for a in range(0, n_seeds - size + 1, size)}
    if n_seeds not in (size, 1):
        out[f"bag0-{n_seeds - 1}"] = list(range(n_seeds))
    return out


def _spec(cand: str):
    kind, bases, use_meta, params = candidate_specs(TASK)[cand]
    if kind != "lgb":
        raise SystemExit(f"{cand} is not a LightGBM candidate")
    return bases, use_meta, params


def run_val(cand: str, n_seeds: int, size: int) -> None:
    bases, use_meta, params = _spec(cand)
    d = load_task(TASK)
    n = len(d["texts"])
    meta = cached_meta("train2", list(d["texts"]) + [fold(t) for t in d["texts"]], TASK)
    rf, rv = rows2(d["fit_i"], n), rows2(d["val_i"], n)
    y2 = np.concatenate([d["labels"], d["labels"]])
    yf, yv = y2[rf], y2[rv]
    groups = np.tile(groups_of([d["texts"][i] for i in d["fit_i"]]), 2)
    S = load_scores(TASK, "base", bases)
    Xf = np.hstack([S[b]["oof"] for b in bases] + ([meta[rf]] if use_meta else []))
    Xv = np.hstack([S[b]["val"] for b in bases] + ([meta[rv]] if use_meta else []))
    settings = {"cand": cand, "seeds": {}, "bags": {}}
    zv, cls = [], None
    for k in range(n_seeds):
        t0 = time.perf_counter()
        cls, pred, rounds, _ = lgb_fit(Xf, yf, groups, {**params, "seed": SEED + k}, None)
        z = pred(Xv)
        zv.append(z)
        bias = tune_offsets(z, yv, cls, "f1")
        res = {"rounds": rounds, "bias": bias.tolist(),
               "raw": round(macro_f1(yv, cls[z.argmax(1)]), 4),
               "val": round(macro_f1(yv, cls[(z + bias).argmax(1)]), 4)}
        settings["seeds"][str(k)] = res
        print(f"  VAL seed+{k}: {res} {time.perf_counter() - t0:.0f} s", flush=True)
    for name, members in bags_of(n_seeds, size).items():
        z = bag_logp([zv[k] for k in members])
        bias = tune_offsets(z, yv, cls, "f1")
        res = {"members": members, "bias": bias.tolist(),
               "raw": round(macro_f1(yv, cls[z.argmax(1)]), 4),
               "val": round(macro_f1(yv, cls[(z + bias).argmax(1)]), 4)}
        settings["bags"][name] = res
        print(f"  VAL {name}: {res}", flush=True)
    settings["classes"] = cls.tolist()
    (CACHE / f"bag-{TASK}-{cand}.json").write_text(json.dumps(settings, indent=1))


def run_dev(cand: str) -> None:
    bases, use_meta, params = _spec(cand)
    st = json.loads((CACHE / f"bag-{TASK}-{cand}.json").read_text())
    d = load_task(TASK)
    meta = cached_meta("train2", list(d["texts"]) + [fold(t) for t in d["texts"]], TASK)
    meta_dev = {"dev": cached_meta("dev", d["dev_texts"], TASK),
                "devfold": cached_meta("devfold", [fold(t) for t in d["dev_texts"]], TASK)}
    y2 = np.concatenate([d["labels"], d["labels"]])
    groups = np.tile(groups_of(d["texts"]), 2)
    S = load_scores(TASK, "final", bases)
    Xtr = np.hstack([S[b]["oof"] for b in bases] + ([meta] if use_meta else []))
    Xd = {v: np.hstack([S[b][v] for b in bases] + ([meta_dev[v]] if use_meta else []))
          for v in VIEWS}
    yd = d["dev_labels"]
    classes = np.array(st["classes"])

    def score(z: dict, bias) -> dict:
        return {v: round(macro_f1(yd, classes[(z[v] + np.array(bias)).argmax(1)]), 4) for v in VIEWS}

    out, zd = {}, {}
    for k, s in st["seeds"].items():
        t0 = time.perf_counter()
        cls, pred, _, _ = lgb_fit(Xtr, y2, groups, {**params, "seed": SEED + int(k)}, s["rounds"])
        assert list(cls) == list(classes)
        zd[k] = {v: pred(Xd[v]) for v in VIEWS}
        out[f"seed+{k}"] = {"val": s["val"], **score(zd[k], s["bias"])}
        print(f"  DEV seed+{k}: {out[f'seed+{k}']} {time.perf_counter() - t0:.0f} s", flush=True)
    for name, b in st["bags"].items():
        z = {v: bag_logp([zd[str(k)][v] for k in b["members"]]) for v in VIEWS}
        out[name] = {"val": b["val"], **score(z, b["bias"])}
        print(f"  DEV {name}: {out[name]}", flush=True)
    (CACHE / f"bag-{TASK}-{cand}-dev.json").write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    stage, cand, *rest = sys.argv[1:]
    if stage == "val":
        run_val(cand, int(rest[0]) if rest else 10, int(rest[1]) if len(rest) > 1 else 5)
    elif stage == "dev":
        run_dev(cand)
    else:
        raise SystemExit(__doc__)
