"""Audience and engagement detectors on the sample world: recall, precision, thin data, speed.

Usage: .venv/bin/python benchmarks/bench_audience.py [--seed 42] [--creators 72] [--passes 5]

Generates the seeded sample world, imports it into a throw-away SQLite database, loads every
creator's view exactly as assessments do, and runs ``follower_spike``, ``audience_authenticity``,
``engagement_anomaly`` and ``comment_pod``. Per detector it prints

* recall against the ground truth (planted subjects found; ``audience_authenticity`` is scored
  against the bought-follower creators, whose audience samples are planted fake);
* precision = findings on planted subjects ÷ all findings, and the findings on honest
  creators (false alarms);
* coverage of thin-data creators (nano tier): examined / not available / findings;
* throughput: CPU time (``time.process_time``) of one pass over every creator, best of
  ``--passes``, as creators per second on one core.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from tinnhiem import engine
from tinnhiem.detectors import registry
from tinnhiem.sample import generate
from tinnhiem.services.ingest import import_files
from tinnhiem.services.views import list_influencer_keys, load_creator_view
from tinnhiem.store import db

DETECTORS = ("follower_spike", "audience_authenticity", "engagement_anomaly", "comment_pod")


def load_world(seed: int, creators: int, tmp: Path):
    generate(seed, tmp / "sample", creators=creators)
    engine_ = db.init_db(f"sqlite:///{tmp / 'bench.sqlite'}")
    factory = db.session_factory(engine_)
    import_files(factory, sorted((tmp / "sample").glob("*.jsonl")), quarantine_path=tmp / "q.jsonl")
    with factory() as s:
        views = [load_creator_view(s, k) for k in list_influencer_keys(s)]
    engine_.dispose()
    truth = json.loads((tmp / "sample" / "ground_truth.json").read_text(encoding="utf-8"))
    return views, truth


def expected_subjects(truth: dict) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for e in truth["planted"]:
        out[e["expected_detector"]].add(e["subject"])
    out["audience_authenticity"] = {k for k, c in truth["creators"].items()
                                    if "bought_followers" in c["behaviours"]}
    return out


def owner_of(views) -> dict[str, str]:
    """Subject key (influencer or account) → influencer key."""
    out = {}
    for v in views:
        out[v.key] = v.key
        for a in v.accounts:
            out[a.key] = v.key
    return out


def quality(views, truth: dict) -> dict[str, dict]:
    dets = [registry.get(d) for d in DETECTORS]
    found: dict[str, set[str]] = defaultdict(set)
    thin = {d: [0, 0, 0] for d in DETECTORS}  # examined, not available, findings (nano creators)
    for v in views:
        result = engine.run(dets, v)
        for f in result.findings:
            found[f.detector].add(f.subject)
        if truth["creators"][v.key]["tier"] == "nano":
            for r in result.runs:
                thin[r.detector][0] += r.examined
                thin[r.detector][1] += r.not_available
                thin[r.detector][2] += r.findings
    expected, owner = expected_subjects(truth), owner_of(views)
    out = {}
    for d in DETECTORS:
        hits, exp = found[d], expected[d]
        honest = sorted(s for s in hits if truth["creators"][owner[s]]["behaviours"] == ["honest"])
        out[d] = {"planted": len(exp), "found": len(hits & exp), "findings": len(hits),
                  "recall": len(hits & exp) / len(exp) if exp else None,
                  "precision": len(hits & exp) / len(hits) if hits else None,
                  "honest_false_alarms": honest, "other_findings": sorted(hits - exp - set(honest)),
                  "nano": thin[d]}
    return out


def throughput(views, passes: int) -> dict[str, float]:
    out = {}
    for name in (*DETECTORS, "all four"):
        dets = [registry.get(d) for d in (DETECTORS if name == "all four" else (name,))]
        best = float("inf")
        for _ in range(passes):
            t0 = time.process_time()
            for v in views:
                engine.run(dets, v)
            best = min(best, time.process_time() - t0)
        out[name] = len(views) / best if best > 0 else float("inf")
    return out


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--creators", type=int, default=72)
    ap.add_argument("--passes", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        views, truth = load_world(args.seed, args.creators, Path(tmp))
    q, speed = quality(views, truth), throughput(views, args.passes)
    owner = owner_of(views)
    print(f"seed {args.seed}, {len(views)} creators, {sum(len(v.comments) for v in views)} comments\n")
    print("| detector | planted | found | recall | findings | precision | on honest creators "
          "| nano: examined / n.a. / findings | creators/s (CPU, 1 core) |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|")
    for d in DETECTORS:
        r = q[d]
        print(f"| {d} | {r['planted']} | {r['found']} | {_pct(r['recall'])} | {r['findings']} | "
              f"{_pct(r['precision'])} | {len(r['honest_false_alarms'])} | "
              f"{r['nano'][0]} / {r['nano'][1]} / {r['nano'][2]} | {speed[d]:,.0f} |")
    print(f"\nall four together: {speed['all four']:,.0f} creators/s")
    for d in DETECTORS:
        if q[d]["honest_false_alarms"] or q[d]["other_findings"]:
            others = [f"{s} ({'+'.join(truth['creators'][owner[s]]['behaviours'])})"
                      for s in q[d]["other_findings"]]
            print(f"{d}: on honest creators {q[d]['honest_false_alarms']}; on other violators {others}")


if __name__ == "__main__":
    main()
