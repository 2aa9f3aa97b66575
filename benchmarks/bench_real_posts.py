"""Findings on real Vietnamese social-network posts that are (almost all) not advertising.

The statement sets of ``bench_rule_quality.py`` are written in the style of ads and near-misses;
this script asks the other question on real text: how often do the post rules fire on what
people actually post? ``../shared/data/fakenews-reintel/public_train_part1.csv`` (ReINTEL, VLSP
2020: 2,186 Facebook posts of 2020, most of them news and COVID-19 talk, some health
misinformation and a few ads) is read in place (never copied), each non-empty message run as a
post caption (platform facebook, no declared product) through every post detector.

The posts are split by id like the statement sets: odd ids are the DEVELOPMENT half (its
findings may be read to improve the rules), even ids the TEST half (only counted). A finding on
these posts is not necessarily wrong (the set holds real remedy ads and health misinformation
that promotes one); ``docs/performance.md`` records a hand check of the development half's
findings.

Usage: .venv/bin/python benchmarks/bench_real_posts.py [--half dev|test|all] [--show DETECTOR]
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

from tinnhiem.engine import detect_items

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "fakenews-reintel" \
    / "public_train_part1.csv"
# detectors whose finding reports a violation (``ad_disclosure`` and ``commercial_content`` only
# describe a post)
VIOLATIONS = ("health_cure_claim", "equivalence_claim", "absolute_superlative",
              "cosmetic_medical_claim", "fake_urgency", "medical_authority_misuse",
              "missing_supplement_disclaimer", "banned_product", "undisclosed_ad",
              "firsthand_use_doubt", "drug_ad_missing_warning", "missing_breastmilk_statement",
              "livestream_disclosure_not_repeated")


def load(half: str, path: Path = DATA) -> list[dict]:
    """``[{id, text, label}]`` of the non-empty posts of ``half``."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if (r["post_message"] or "").strip()]
    keep = {"all": lambda n: True, "dev": lambda n: n % 2 == 1, "test": lambda n: n % 2 == 0}[half]
    return [{"id": r["id"], "text": r["post_message"], "label": r["label"]}
            for r in rows if keep(int(r["id"]))]


def findings(posts: list[dict]) -> dict[str, list[dict]]:
    """``{post id: findings}`` of every post detector."""
    items = [{"id": p["id"], "text": p["text"], "platform": "facebook"} for p in posts]
    return {res["id"]: res["findings"] for res in detect_items(items)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--half", choices=("dev", "test", "all"), default="test")
    ap.add_argument("--show", help="print this detector's findings with their context")
    args = ap.parse_args()
    if not DATA.exists():
        print(f"{DATA}: not found (the shared datasets sit beside the project root)")
        return 1
    posts = load(args.half)
    found = findings(posts)
    by_id = {p["id"]: p for p in posts}
    posts_with, model_only = Counter(), Counter()
    for pid, fs in found.items():
        for det in {f["detector"] for f in fs}:
            posts_with[det] += 1
            if all((f.get("data") or {}).get("source") == "model" for f in fs if f["detector"] == det):
                model_only[det] += 1
    flagged = sum(1 for fs in found.values() if any(f["detector"] in VIOLATIONS for f in fs))
    print(f"ReINTEL {args.half} half: {len(posts)} posts; {flagged} with a violation finding "
          f"({flagged / len(posts):.1%})\n")
    print("| detector | posts with a finding | share | of them by the statement classifier alone |")
    print("|---|---:|---:|---:|")
    for det, n in posts_with.most_common():
        print(f"| {det} | {n} | {n / len(posts):.1%} | {model_only[det]} |")
    if args.show:
        print()
        for pid, fs in found.items():
            text = by_id[pid]["text"]
            for f in (f for f in fs if f["detector"] == args.show):
                s, e = f["start"] or 0, f["end"] or 0
                flat = " ".join(text[max(0, s - 120):e + 80].split())
                print(f"{pid} (label {by_id[pid]['label']}, {len(text)} chars): {f['quote']!r}\n"
                      f"    …{flat}…\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
