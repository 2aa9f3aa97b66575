"""Load-test the web application: 50 concurrent clients against a running server.

Usage:
    .venv/bin/python benchmarks/load_web.py --database sqlite [--world var/big] [--requests 4000]
    .venv/bin/python benchmarks/load_web.py --database postgresql [--world var/big-pg]

``--database sqlite`` uses ``<world>/tinnhiem.sqlite`` (built by ``make_big_world.py`` first
when missing). ``--database postgresql`` starts a throw-away PostgreSQL cluster (as the test
suite does: initdb into a temp folder, as user ``postgres`` via ``runuser`` when root, trust
auth, 127.0.0.1, ``fsync=off``), builds the big world into it, measures, and removes it;
``--postgres-url`` measures an existing database instead.

The server is ``uvicorn --factory tinnhiem.api.app:create_app`` (``--workers``, default 1; the
database is migrated before it starts; access log off)
started as a subprocess on a free port with ``TINNHIEM_*`` settings. After a warm-up, the
clients send ``--requests`` requests mixing the search page (random filters, sort and page),
the profile page (random creator) and their API twins, and the tool prints p50/p95/p99 latency
and throughput per kind, the server's CPU time per request and the load average (the machine is
shared: compare runs only at similar load).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

import httpx

from tinnhiem import text
from tinnhiem.services.search import search_facets
from tinnhiem.store import db, tables
from tinnhiem.store.throwaway_pg import ThrowAwayCluster, free_port, pg_bindir

HERE = Path(__file__).resolve().parent
KINDS = ("search page", "profile page", "search API", "profile API")
PROFILE_PAGE = "/nguoi-anh-huong/{key}"
SEARCH_API = "/api/v1/creators"
PROFILE_API = "/api/v1/creators/{key}"


def cluster_bindir() -> Path:
    found = pg_bindir()
    if found is None:
        raise SystemExit("PostgreSQL server binaries not found (initdb)")
    return found


def build_world(url: str, key_dir: Path, creators: int) -> None:
    sys.path.insert(0, str(HERE))
    import make_big_world

    make_big_world.main(["--url", url, "--key-dir", str(key_dir), "--creators", str(creators)])


# --------------------------------------------------------------------------- the server


def _cpu_of(pid: int) -> float:
    """User + system CPU seconds of one process (Linux /proc; 0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


class Server:
    """``uvicorn --factory`` in a subprocess with ``workers`` worker processes, until ``stop()``."""

    def __init__(self, database_url: str, key_dir: Path, workers: int = 1) -> None:
        self.port, self.workers = free_port(), workers
        env = {**os.environ, "TINNHIEM_DATABASE_URL": database_url, "TINNHIEM_KEY_DIR": str(key_dir),
               "TINNHIEM_LOG_ORIGIN": "tinnhiem.demo/log", "TINNHIEM_ENV": "development",
               "TINNHIEM_PUBLIC_URL": f"http://127.0.0.1:{self.port}"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "tinnhiem.api.app:create_app", "--host", "127.0.0.1",
             "--port", str(self.port), "--workers", str(workers), "--no-access-log", "--log-level", "warning",
             "--timeout-keep-alive", "300"],  # clients keep their connection between requests
            env=env)
        self.base = f"http://127.0.0.1:{self.port}"

    def wait(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the server exited with {self.proc.returncode}")
            try:
                if httpx.get(self.base + "/api/v1/version", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise SystemExit("the server did not answer in time")

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server and its worker processes so far (Linux /proc)."""
        return sum(_cpu_of(pid) for pid in [self.proc.pid, *_descendants(self.proc.pid)])

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# --------------------------------------------------------------------------- the mix


@dataclass
class World:
    keys: list[str]
    names: list[str]
    platforms: list[str]
    niches: list[str]
    provinces: list[str]
    tiers: list[str]


def read_world(database_url: str) -> World:
    from sqlalchemy import select

    # migrate here, once: several workers starting at the same time would race to migrate
    factory = db.session_factory(db.init_db(database_url))
    facets = search_facets(factory)
    with factory() as session:
        rows = session.execute(select(tables.Influencer.key, tables.Influencer.name)).all()
    return World(keys=[k for k, _ in rows], names=[n for _, n in rows], platforms=facets.platforms,
                 niches=facets.niches, provinces=facets.provinces, tiers=facets.tiers)


def search_params(world: World, rng: random.Random) -> dict[str, str]:
    """A random but plausible search: a few filters, a sort, mostly early pages."""
    p: dict[str, str] = {}
    if rng.random() < 0.3:
        word = rng.choice(rng.choice(world.names).split())
        p["q"] = text.fold(word) if rng.random() < 0.5 else word
    for name, values, share in (("platform", world.platforms, 0.3), ("niche", world.niches, 0.25),
                                ("province", world.provinces, 0.25), ("tier", world.tiers, 0.2)):
        if values and rng.random() < share:
            p[name] = rng.choice(values)
    if rng.random() < 0.15:
        p["min_score"] = str(rng.choice([50, 60, 70, 80, 90]))
    if rng.random() < 0.15:
        lo = rng.choice([1_000, 10_000, 100_000, 500_000])
        p["min_followers"], p["max_followers"] = str(lo), str(lo * rng.choice([10, 100]))
    p["sort"] = rng.choice(["score", "score", "followers", "name"])
    page = rng.choice([1, 1, 1, 1, 1, 2, 2, 3, 5, 10, 50])
    if page > 1:
        p["page"] = str(page)
    return p


def make_requests(world: World, n: int, seed: int) -> list[tuple[str, str, dict]]:
    """``n`` (kind, path, params): 35% search page, 35% profile page, 15% each API twin."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        kind = rng.choices(KINDS, [0.35, 0.35, 0.15, 0.15])[0]
        key = quote(rng.choice(world.keys), safe="")
        if kind == "search page":
            out.append((kind, "/", search_params(world, rng)))
        elif kind == "search API":
            out.append((kind, SEARCH_API, search_params(world, rng)))
        elif kind == "profile page":
            out.append((kind, PROFILE_PAGE.format(key=key), {}))
        else:
            out.append((kind, PROFILE_API.format(key=key), {}))
    return out


# --------------------------------------------------------------------------- the load


@dataclass
class Result:
    kind: str
    status: int
    seconds: float
    path: str = ""
    error: str = ""  # the client-side exception when no response came (status 0)


@dataclass
class Run:
    results: list[Result] = field(default_factory=list)
    wall: float = 0.0


async def drive(http: httpx.AsyncClient, requests: list[tuple[str, str, dict]], clients: int) -> Run:
    """``clients`` concurrent clients sharing a pool of ``clients`` kept-alive connections,
    each sending its next request as soon as the previous one is answered."""
    pending = iter(requests)
    run = Run()

    async def client() -> None:
        for kind, path, params in pending:
            started = time.perf_counter()
            error = ""
            try:
                status = (await http.get(path, params=params)).status_code
            except httpx.HTTPError as exc:
                status, error = 0, type(exc).__name__
            run.results.append(Result(kind, status, time.perf_counter() - started, path, error))

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    run.wall = time.perf_counter() - started
    return run


async def session(server: Server, warmup: list, measured: list, clients: int) -> tuple[Run, float, float]:
    """Warm up, then measure on the same connections; the server's CPU seconds and the
    one-minute load average over the measured part."""
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=server.base, timeout=120, limits=limits) as http:
        await drive(http, warmup, clients)
        cpu = server.cpu_seconds()
        run = await drive(http, measured, clients)
        return run, server.cpu_seconds() - cpu, os.getloadavg()[0]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def summarise(run: Run, label: str, cpu: float, load: tuple[float, float]) -> str:
    lines = [f"**{label}** — {len(run.results)} requests in {run.wall:.1f} s "
             f"({len(run.results) / run.wall:.1f} req/s), server CPU {cpu / len(run.results) * 1000:.1f} ms/request, "
             f"load average {load[0]:.2f} before / {load[1]:.2f} after",
             "", "| kind | requests | errors | p50 ms | p95 ms | p99 ms | max ms | req/s |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for kind in KINDS + ("all",):
        rows = [r for r in run.results if kind in ("all", r.kind)]
        if not rows:
            continue
        ms = [r.seconds * 1000 for r in rows]
        errors = sum(not 200 <= r.status < 300 for r in rows)
        lines.append(f"| {kind} | {len(rows)} | {errors} | {statistics.median(ms):.0f} | {percentile(ms, 95):.0f} | "
                     f"{percentile(ms, 99):.0f} | {max(ms):.0f} | {len(rows) / run.wall:.1f} |")
    return "\n".join(lines)


def measure(database_url: str, key_dir: Path, args: argparse.Namespace, label: str) -> str:
    world = read_world(database_url)
    server = Server(database_url, key_dir, args.workers)
    try:
        server.wait()
        load_before = os.getloadavg()[0]
        run, cpu, load_after = asyncio.run(session(
            server, make_requests(world, args.warmup, args.seed + 1), make_requests(world, args.requests, args.seed),
            args.clients))
    finally:
        server.stop()
    failures = [r for r in run.results if not 200 <= r.status < 300]
    for r in failures[:10]:
        print(f"  {r.status or r.error} {r.kind} {r.path}", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps([r.__dict__ for r in run.results]), encoding="utf-8")
    return summarise(run, f"{label}, {len(world.keys):,} creators, {args.clients} clients, "
                          f"{args.workers} worker{'s' if args.workers > 1 else ''}", cpu,
                     (load_before, load_after))


def run_sqlite(args: argparse.Namespace) -> str:
    world = Path(args.world or "var/big")
    url, key_dir = f"sqlite:///{world / 'tinnhiem.sqlite'}", world / "keys"
    if not (world / "tinnhiem.sqlite").exists():
        build_world(url, key_dir, args.creators)
    return measure(url, key_dir, args, "SQLite")


def run_postgresql(args: argparse.Namespace) -> str:
    if args.postgres_url:
        return measure(args.postgres_url, Path(args.world or "var/big-pg") / "keys", args, "PostgreSQL")
    cluster = ThrowAwayCluster(cluster_bindir(), prefix="tinnhiem-load-pg-", settings=("max_connections=200",))
    try:
        url = cluster.start()
        key_dir = cluster.root / "keys"
        started = time.perf_counter()
        build_world(url, key_dir, args.creators)
        print(f"big world built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        return measure(url, key_dir, args, "PostgreSQL")
    finally:
        cluster.stop()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--world", default=None, help="folder of the big world (SQLite file and keys)")
    ap.add_argument("--postgres-url", default=None, help="an existing PostgreSQL database holding a big world")
    ap.add_argument("--creators", type=int, default=10_000, help="creators when the world has to be built")
    ap.add_argument("--requests", type=int, default=4_000)
    ap.add_argument("--warmup", type=int, default=300)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--workers", type=int, default=1,
                    help="uvicorn worker processes (2 measured slower on 2 cores shared with the clients)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", default=None, help="write every request's kind, status and latency here")
    args = ap.parse_args(argv)
    started = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    summary = run_sqlite(args) if args.database == "sqlite" else run_postgresql(args)
    print(f"{started}, {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    print(summary)


if __name__ == "__main__":
    main()
