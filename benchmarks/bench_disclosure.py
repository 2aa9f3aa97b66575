"""Measure the disclosure detectors against Mathur et al. (2018) YouTube affiliate descriptions.

Every item of ``../shared/data/disclosure-mathur2018/youtube_items.csv`` is an English YouTube
video description containing at least one affiliate link; ``disclosure_present`` (silver label,
hand-coded at sentence-cluster level by the authors) says whether it discloses the affiliate
relationship ("affiliate link", commission explanation, "support the channel by using these
links"). Each description is run as a YouTube post caption through the registry's
``ad_disclosure`` detector (with its dependencies); a post is predicted "disclosed" when
``ad_disclosure`` fires with ``--strength`` (default ``any``: strong or weak marker).

Usage: .venv/bin/python benchmarks/bench_disclosure.py [--strength any|strong] [--construct affiliate|any]
       [--disagreements N] [--seed 7]
Prints precision / recall / F1 (Markdown) and, with ``--disagreements``, a reproducible random
sample of disagreements (item id, label, prediction, the marker or the label's first
disclosure-looking sentence) to hand-check.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from pathlib import Path

from tinnhiem.detectors.registry import get
from tinnhiem.engine import run
from tinnhiem.model import CreatorView, PostView

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "disclosure-mathur2018" / "youtube_items.csv"


def load(path: Path = DATA) -> list[dict]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# Mathur et al. label only AFFILIATE disclosures (affiliate-link statements, commission
# explanations, "support the channel by using these links"); a sponsorship or gift disclosure in
# an affiliate post is a disclosure of something else. ``--construct affiliate`` (default) counts a
# post as disclosed when ad_disclosure reports a marker of a kind that discloses the affiliate
# relationship (affiliate, support_channel, paid, ad_label); ``--construct any`` counts every marker.
AFFILIATE_KINDS = {"affiliate", "support_channel", "paid", "ad_label"}


def predict(rows: list[dict], strength: str = "any", construct: str = "affiliate"
            ) -> list[tuple[bool, dict | None]]:
    det = get("ad_disclosure")
    out = []
    for i, row in enumerate(rows):
        post = PostView(key=f"youtube:{row['item_id']}", platform="youtube", caption=row["text"])
        found = run([det], CreatorView(key=f"c{i}", name="c", posts=(post,))).findings
        f = next((x for x in found if x.detector == "ad_disclosure"), None)
        hit = f is not None and (strength == "any" or f.data.get("strength") == "strong")
        if hit and construct == "affiliate":
            hit = bool(AFFILIATE_KINDS & set(f.data.get("kinds", ())))
        out.append((hit, f.data if f is not None else None))
    return out


def scores(labels: list[bool], preds: list[bool]) -> dict[str, float]:
    tp = sum(1 for y, p in zip(labels, preds) if y and p)
    fp = sum(1 for y, p in zip(labels, preds) if not y and p)
    fn = sum(1 for y, p in zip(labels, preds) if y and not p)
    tn = len(labels) - tp - fp - fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"n": len(labels), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": precision, "recall": recall, "f1": f1}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--strength", choices=("any", "strong"), default="any")
    ap.add_argument("--construct", choices=("affiliate", "any"), default="affiliate")
    ap.add_argument("--disagreements", type=int, default=0)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rows = load()
    t0 = time.perf_counter()
    preds = predict(rows, args.strength, args.construct)
    elapsed = time.perf_counter() - t0
    labels = [r["disclosure_present"] == "1" for r in rows]
    s = scores(labels, [p for p, _ in preds])
    print(f"Mathur et al. 2018 YouTube items: n={s['n']}, positives={sum(labels)}, "
          f"prediction = ad_disclosure fires (strength {args.strength}, construct {args.construct})\n")
    print("| precision | recall | F1 | TP | FP | FN | TN | items/s |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['tp']} | {s['fp']} | "
          f"{s['fn']} | {s['tn']} | {len(rows) / elapsed:,.0f} |")
    if args.disagreements:
        dis = [(r, y, p, d) for r, y, (p, d) in zip(rows, labels, preds) if y != p]
        random.Random(args.seed).shuffle(dis)
        print(f"\n{len(dis)} disagreements; sample of {min(args.disagreements, len(dis))}:\n")
        for r, y, p, d in dis[: args.disagreements]:
            markers = d.get("markers") if d else None
            print(f"- {r['item_id']} label={int(y)} pred={int(p)} markers={markers}")


if __name__ == "__main__":
    main()
