"""Product-category detection measured against the statement sets' ``product`` labels.

Many rules apply to one product category only (cosmetics' drug-like claims, a drug ad's
mandatory warning, the breast-milk statement of formula ads), and a post's categories are
inferred from its text when no product is declared (``detectors/_category.post_categories``).
Every statement of ``benchmarks/data/ad_statements_vi*.jsonl`` carries the category its writer
gave the promoted product (``product``: one of ``model.PRODUCT_CATEGORIES``, or ``none`` for
texts that promote nothing — health news, notices). Each statement is run as a post caption (no
declared product) and its inferred categories are compared with that label:

* per category: **recall** — of the statements whose product is that category, the share where
  it is inferred; **precision** — of the statements with a product where it is inferred, the
  share whose product it is (a post may rightly name several categories — a supplement ad that
  mentions skin — so precision is a lower bound of how often an inferred category is right);
  **first** — the share where it is the first category in the rules' priority order (the one a
  ``primary_only`` rule goes by);
* statements whose product is ``other`` (phones, courses, clinics' services …) with no category
  inferred, and ``none`` statements with one (not an error in itself: a warning about vapes
  names vapes).

The halves are ``bench_rule_quality.py``'s (odd ids: development, even ids: test); several
``--data`` files are pooled.

Usage: .venv/bin/python benchmarks/bench_category.py [--half dev|test|all] [--data FILE ...]
       [--errors CATEGORY]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from tinnhiem.detectors._category import PRIORITY, post_categories
from tinnhiem.engine import item_subject

sys.path.insert(0, str(Path(__file__).parent))
from bench_rule_quality import add_statement_args, load_sets  # noqa: E402

INFERRED = tuple(c for c in PRIORITY if c != "other")  # "other" is never inferred


def infer(rows: list[dict]) -> dict[str, list[str]]:
    """``{id: [category, ...]}`` in priority order, each statement read as a post caption."""
    out = {}
    for r in rows:
        subject = item_subject({"id": r["id"], "text": r["text"], "platform": "facebook"})
        out[r["id"]] = list(post_categories(subject))
    return out


def score(rows: list[dict], inferred: dict[str, list[str]]) -> dict:
    """Per category ``{labelled, tp, fp, fn, first, precision, recall}`` plus the two counts of
    statements without a categorised product (``other_uncategorised``, ``none_categorised``)."""
    counts = {c: Counter() for c in INFERRED}
    other = Counter()
    for r in rows:
        label, cats = r.get("product", "none"), inferred[r["id"]]
        if label == "none":
            other["none", bool(cats)] += 1
            continue
        if label == "other":
            other["other", not cats] += 1
        for c in INFERRED:
            hit, truth = c in cats, label == c
            counts[c]["tp"] += hit and truth
            counts[c]["fp"] += hit and not truth
            counts[c]["fn"] += truth and not hit
            counts[c]["labelled"] += truth
            counts[c]["first"] += truth and bool(cats) and cats[0] == c
    table = {}
    for c, k in counts.items():
        table[c] = {**{key: k[key] for key in ("labelled", "tp", "fp", "fn", "first")},
                    "precision": k["tp"] / (k["tp"] + k["fp"]) if k["tp"] + k["fp"] else 0.0,
                    "recall": k["tp"] / k["labelled"] if k["labelled"] else 0.0}
    table["other_uncategorised"] = (other["other", True], other["other", True] + other["other", False])
    table["none_categorised"] = (other["none", True], other["none", True] + other["none", False])
    return table


def micro(table: dict) -> tuple[float, float]:
    """(precision, recall) over every inferred category."""
    tp = sum(table[c]["tp"] for c in INFERRED)
    fp = sum(table[c]["fp"] for c in INFERRED)
    labelled = sum(table[c]["labelled"] for c in INFERRED)
    return tp / max(tp + fp, 1), tp / max(labelled, 1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_statement_args(ap)
    ap.add_argument("--errors", choices=INFERRED, help="print the misses and false categories of this one")
    args = ap.parse_args()
    rows = load_sets(args.half, args.data)
    inferred = infer(rows)
    table = score(rows, inferred)
    print(f"Statements: {len(rows)} ({args.half} half of {len(args.data)} set(s))\n")
    print("| category | labelled | TP | FP | FN | precision | recall | first |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for c in INFERRED:
        t = table[c]
        print(f"| {c} | {t['labelled']} | {t['tp']} | {t['fp']} | {t['fn']} | {t['precision']:.3f} | "
              f"{t['recall']:.3f} | {t['first'] / max(t['labelled'], 1):.3f} |")
    p, r = micro(table)
    print(f"| **micro** | | | | | {p:.3f} | {r:.3f} | |")
    uncategorised, others = table["other_uncategorised"]
    categorised, nones = table["none_categorised"]
    print(f"\nProduct 'other' with no category inferred: {uncategorised} of {others}")
    print(f"Product 'none' (promotes nothing) with a category inferred: {categorised} of {nones}")
    if args.errors:
        c = args.errors
        for r in rows:
            label, cats = r.get("product", "none"), inferred[r["id"]]
            if label in ("none",):
                continue
            if (label == c) != (c in cats):
                kind = "MISS" if label == c else f"FALSE (product {label})"
                print(f"\n[{c}] {kind} {r['id']} {cats}: {r['text']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
