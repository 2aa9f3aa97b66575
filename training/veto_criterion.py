"""Which rules the statement classifier may veto (``model_veto``): the criterion, rerun.

Usage (from the repo root)::

    .venv/bin/python training/veto_criterion.py

For each of the classifier's labels, the rule's F1 on the pooled TEST halves (even ids) of the
statement sets the classifier trains on — which it never saw — with its caption-only hits
vetoed (``veto_below`` of the shipped JSON) and without. A rule is vetoed where the veto raises
that F1 by at least ``GAIN``; a rule that has the veto keeps it while the veto still raises that F1
(by more than ``KEEP``), so that the selection does not flip with each retraining's small changes
(the model card has the history). Rules + model through the
detectors, by ``benchmarks/bench_rule_quality.py``'s own loader and scorer.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import train_claim_model as T
from tinnhiem.detectors import registry
from tinnhiem.detectors.models import claim_model

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import bench_rule_quality as statements  # noqa: E402

GAIN = 0.005  # to get the veto
KEEP = 0.0  # to keep it


def f1(t: dict) -> float:
    return 2 * t["tp"] / max(2 * t["tp"] + t["fp"] + t["fn"], 1)


def main() -> None:
    split = json.loads(T.SPLIT.read_text(encoding="utf-8"))
    rows = [{**r, "id": f"{s}:{r['id']}"} for s in T.set_names(split["train_sets"])
            for r in statements.load("test", T.set_file(s))]
    dets = registry.all_detectors()
    shipped = {label: dets[label].model_veto for label in split["labels"]}
    vetoes = claim_model.vetoes

    def scores(on: bool) -> dict:
        for label in shipped:  # rule packs read the attribute, code detectors call ``vetoes``
            dets[label].model_veto = on
        claim_model.vetoes = vetoes if on else (lambda *a, **k: False)
        try:
            return statements.score(rows, statements.predict(rows))
        finally:
            claim_model.vetoes = vetoes
            for label, value in shipped.items():
                dets[label].model_veto = value

    off, on = scores(False), scores(True)
    print(f"{len(rows)} test-half statements; veto below {claim_model.veto_below()}")
    for label, was in shipped.items():
        gain = f1(on[label]) - f1(off[label])
        veto = gain > KEEP if was else gain >= GAIN
        print(f"  {label}: F1 {f1(off[label]):.4f} -> {f1(on[label]):.4f} ({gain:+.4f}); "
              f"{'veto' if veto else '-'} (shipped: {'veto' if was else '-'})")


if __name__ == "__main__":
    main()
