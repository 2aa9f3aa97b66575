"""Show that import memory stays flat as files grow.

Writes canonical post files of increasing size (one account, N posts with realistic
captions), imports each into a fresh SQLite database in a child process, and reports the
child's peak RSS. Usage: .venv/bin/python benchmarks/bench_import_memory.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = (5_000, 20_000, 80_000)
CAPTION = ("Review thật lòng em serum mới nè mọi người ơi 😍 dùng 2 tuần thấy da mịn hơn hẳn, "
           "không bết dính. Ai da dầu thì nên thử nha #skincare #reviewthat #lamdep")

CHILD = """
import resource, sys
from tinnhiem.store import db
from tinnhiem.services.ingest import import_files
url = sys.argv[1]
db.init_db(url)
r = import_files(db.session_factory(db.make_engine(url)), [sys.argv[2]])
print(r.inserted, r.rejected, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def write_file(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"kind": "influencer", "id": "kol-bench", "name": "Bench"}) + "\n")
        f.write(json.dumps({"kind": "account", "influencer_id": "kol-bench", "platform": "tiktok",
                            "platform_id": "1", "handle": "bench"}) + "\n")
        for i in range(n):
            f.write(json.dumps({"kind": "post", "account": {"platform": "tiktok", "platform_id": "1"},
                                "post_id": str(7_000_000_000 + i), "published_at": "2026-10-01T10:00:00+07:00",
                                "caption": f"{CAPTION} #{i}", "hashtags": ["skincare"]}, ensure_ascii=False) + "\n")


def main() -> None:
    print("| lines | file size | time | lines/s | child peak RSS |\n|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            path = Path(tmp) / f"posts-{n}.jsonl"
            write_file(path, n)
            url = f"sqlite:///{tmp}/db-{n}.sqlite"
            t0 = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", CHILD, url, str(path)], check=True, capture_output=True, text=True)
            dt = time.perf_counter() - t0
            inserted, rejected, peak_kib = (int(x) for x in out.stdout.split())
            assert inserted == n + 2 and rejected == 0, out.stdout
            print(f"| {n + 2:,} | {path.stat().st_size / 1e6:.1f} MB | {dt:.1f} s | {(n + 2) / dt:,.0f} | {peak_kib / 1024:.0f} MiB |")


if __name__ == "__main__":
    main()
