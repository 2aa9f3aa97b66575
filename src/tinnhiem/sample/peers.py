"""Build the engagement peer table (``detectors/engagement_peers.json``) from a canonical world.

    python -m tinnhiem.sample.peers --seed 7 --creators 600 \
        --out src/tinnhiem/detectors/engagement_peers.json

Generates a sample world with a seed that is NOT the demo's (42), keeps the accounts of the
creators its ground truth marks honest (the "vetted organic peers"), computes each account's
ratios exactly as ``engagement_anomaly`` does (``account_ratios``) and stores, per platform ×
follower tier and pooled per platform, the count, median and robust spread (1.4826 × MAD) of
the log ratio. The numbers describe the SYNTHETIC world's organic accounts, not real platforms:
replace the table with one computed from real, vetted accounts before production use
(``table_from_records`` accepts any canonical records plus the set of peer influencer ids).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import tempfile
from collections import defaultdict
from datetime import date, datetime, timezone
from pathlib import Path

from tinnhiem.detectors.engagement_anomaly import RATIOS, account_ratios
from tinnhiem.model import MetricPoint

MAD_SCALE = 1.4826


def _account_key(ref: dict) -> str:
    return f"{ref['platform']}:{ref['platform_id']}"


def metric_points(records: list[dict]) -> list[MetricPoint]:
    """MetricPoints of canonical records, ``comments`` derived from post counts like the views."""
    posts: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for r in records:
        if r.get("kind") == "post" and (r.get("metrics") or {}).get("comments") is not None:
            when = datetime.fromisoformat(r["published_at"].replace("Z", "+00:00"))
            day = when.astimezone(timezone.utc).date()  # stored in UTC, as the database view sees it
            posts[_account_key(r["account"])].append((day, r["metrics"]["comments"]))
    out = []
    for r in records:
        if r.get("kind") != "metric_snapshot":
            continue
        key, day = _account_key(r["account"]), date.fromisoformat(r["observed_on"])
        known = posts.get(key)
        comments = sum(c for d, c in known if d <= day) if known else None
        out.append(MetricPoint(key, day, followers=r.get("followers"), following=r.get("following"),
                               posts=r.get("posts"), views=r.get("views"), likes=r.get("likes"),
                               comments=comments))
    return out


def _stats(values: list[float]) -> dict:
    logs = [math.log(v) for v in values]
    med = statistics.median(logs)
    spread = MAD_SCALE * statistics.median(abs(x - med) for x in logs)
    return {"n": len(logs), "log_median": round(med, 4), "log_spread": round(spread, 4),
            "median": round(math.exp(med), 6)}


def table_from_records(records: list[dict], peers: set[str]) -> dict:
    """Peer cells from the accounts of influencers in ``peers``."""
    owner = {_account_key(r): r["influencer_id"] for r in records if r.get("kind") == "account"}
    points = [p for p in metric_points(records) if owner.get(p.account_key) in peers]
    cells: dict[str, dict[str, dict[str, list[float]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for acc in account_ratios(points):
        for ratio, value in acc.values.items():
            cells[acc.platform][acc.tier][ratio].append(value)
            cells[acc.platform]["all"][ratio].append(value)
    return {platform: {tier: {r: _stats(v[r]) for r in RATIOS if v.get(r)} for tier, v in sorted(tiers.items())}
            for platform, tiers in sorted(cells.items())}


def build(seed: int, creators: int) -> dict:
    from tinnhiem.sample.generator import FILES, generate

    with tempfile.TemporaryDirectory() as tmp:
        generate(seed, Path(tmp), creators=creators)
        records = [json.loads(line) for name in FILES
                   for line in (Path(tmp) / name).read_text(encoding="utf-8").splitlines()]
        truth = json.loads((Path(tmp) / "ground_truth.json").read_text(encoding="utf-8"))
    honest = {k for k, c in truth["creators"].items() if c["behaviours"] == ["honest"]}
    return {
        "source_id": f"tinnhiem-sample-seed{seed}-n{creators}-honest",
        "source": ("Synthetic: organic (ground-truth honest) accounts of the tinnhiem sample world, "
                   f"seed {seed}, {creators} creators. Not real platform data; recompute from vetted "
                   "real accounts before production use."),
        "generated_by": f"python -m tinnhiem.sample.peers --seed {seed} --creators {creators}",
        "statistic": "per ratio: n accounts, median and 1.4826*MAD of the natural log",
        "cells": table_from_records(records, honest),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--creators", type=int, default=600)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    table = build(args.seed, args.creators)
    args.out.write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {sum(len(t) for t in table['cells'].values())} cells")


if __name__ == "__main__":
    main()
