"""Measure the main job: sample → import → assess, and detector throughput.

Usage: .venv/bin/python benchmarks/bench_pipeline.py [--seed 42]
Prints a Markdown table to paste into docs/performance.md.
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from tinnhiem import engine
from tinnhiem.detectors import registry
from tinnhiem.sample import generate
from tinnhiem.services.assess import assess_creators
from tinnhiem.services.ingest import import_files
from tinnhiem.services.views import list_influencer_keys, load_creator_view
from tinnhiem.store import db


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--database-url", default=None)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        generate(args.seed, tmp / "sample")
        t_sample = time.perf_counter() - t0
        files = sorted((tmp / "sample").glob("*.jsonl"))
        lines = sum(1 for f in files for _ in f.open(encoding="utf-8"))
        url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite'}"
        db.init_db(url)
        factory = db.session_factory(db.make_engine(url))
        t0 = time.perf_counter()
        report = import_files(factory, files, quarantine_path=tmp / "q.jsonl")
        t_import = time.perf_counter() - t0
        t0 = time.perf_counter()
        import_files(factory, files, quarantine_path=tmp / "q2.jsonl")
        t_reimport = time.perf_counter() - t0
        with factory() as s:
            views = [load_creator_view(s, k) for k in list_influencer_keys(s)]
        posts = sum(len(v.posts) for v in views)
        comments = sum(len(v.comments) for v in views)
        detectors = list(registry.all_detectors().values())
        post_dets = [d for d in detectors if d.scope == "post"]
        t0 = time.perf_counter()
        for v in views:
            engine.run(post_dets, v)
        t_post = time.perf_counter() - t0
        t0 = time.perf_counter()
        assess_creators(factory)
        t_assess = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [
        ("sample world", f"{len(views)} creators, {posts} posts, {comments} comments, {lines} lines", f"{t_sample:.2f} s"),
        ("import (first time)", f"{report.inserted} inserted, {report.rejected} rejected", f"{t_import:.2f} s — {lines / t_import:,.0f} lines/s"),
        ("import (again, idempotent)", "0 inserted, 0 updated", f"{t_reimport:.2f} s — {lines / t_reimport:,.0f} lines/s"),
        ("post detectors only", f"{len(post_dets)} detectors", f"{posts / t_post:,.0f} posts/s on one core"),
        ("assess (load + all detectors + score + store)", f"{len(views)} creators", f"{t_assess:.2f} s — {len(views) / t_assess:,.1f} creators/s"),
        ("peak RSS of this process", "", f"{rss:,.0f} MiB"),
    ]
    print(f"Date {date.today()}, Python {sys.version.split()[0]}, {platform.machine()}, database {url.split(':')[0]}\n")
    print("| step | size | result |\n|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
