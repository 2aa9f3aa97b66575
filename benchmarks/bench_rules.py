"""Throughput of the text detectors (issue #3: posts/s/core; issue #4: comments/s/core).

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_rules.py                 # Markdown tables
    .venv/bin/python benchmarks/bench_rules.py --profile post  # cProfile of one post pass
    .venv/bin/python benchmarks/bench_rules.py --check         # findings == baseline implementation
    .venv/bin/python benchmarks/bench_rules.py --dump f.json   # every finding + coverage, as JSON
    .venv/bin/python benchmarks/bench_rules.py --baseline      # the same tables for the baseline
    .venv/bin/python benchmarks/bench_rules.py --alternate 10  # post pass: 10 alternating pairs vs the baseline

The sample world (``tinnhiem.sample.generate(seed)``) is imported into a temporary SQLite
database and read back with ``load_creator_view`` — the exact views ``assess`` gives the engine
(declared product categories included). Throughput is CPU time of this process
(``time.process_time``: the machine's cores are shared), best of ``--repeat`` passes after one
warm-up pass. Caches that hold per-text results (folded views, commercial signals …) are
cleared before every timed pass, so every pass pays for the text work once, as a fresh
assessment does; compiled patterns stay warm (they are built once per process).

A second table times the shared text preparation of a post pass step by step (the fields'
renderings, their Hyperscan scans, the phrase-start index, the statement classifier): the
throughput a post pass could reach if the rules' own logic cost nothing.

``--check`` runs every detector over every creator twice — with this tree, and in a
subprocess on the whole ``src/`` of ``--baseline-ref`` (default: HEAD) — and fails if a single
finding or coverage count differs: a performance change must leave every finding as it was
(compare against a commit with the same rule packs, or a ``--dump`` file with ``--compare``).

``--alternate N`` times the post pass of this tree against the whole ``src/`` of ``--baseline-ref``
(its C kernels compiled by its own ``setup.py``) in N alternating pairs of fresh processes, each the
best of ``--repeat`` passes, and reports the medians and how many pairs this tree won: on a shared
machine whose speed drifts by ±10 % within minutes, a change of a few per cent shows only that way.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import tarfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE_REF = "HEAD"  # --check: the working tree must give exactly the findings of this commit's src/
# functools.lru_cache'd functions whose entries depend on the text being assessed
TEXT_CACHES = (
    ("tinnhiem.text", "_views_cached"),  # (the baseline's; the new text layer clears its own)
    ("tinnhiem.text", "_rich_cached"),
    ("tinnhiem.detectors._common", "commercial_signals"),
)


# --------------------------------------------------------------------------- world


def load_world(seed: int, tmp: Path):
    """Creator views of the sample world, as ``assess`` builds them."""
    from tinnhiem.sample import generate
    from tinnhiem.services.ingest import import_files
    from tinnhiem.services.views import list_influencer_keys, load_creator_view
    from tinnhiem.store import db

    generate(seed, tmp / "sample")
    url = f"sqlite:///{tmp / 'bench.sqlite'}"
    db.init_db(url)
    factory = db.session_factory(db.make_engine(url))
    import_files(factory, sorted((tmp / "sample").glob("*.jsonl")), quarantine_path=tmp / "q.jsonl")
    with factory() as s:
        return [load_creator_view(s, k) for k in list_influencer_keys(s)]


def clear_text_caches() -> None:
    """Forget per-text results (not compiled patterns): the next pass starts cold."""
    import importlib

    from tinnhiem import text as T

    if hasattr(T, "clear_text_caches"):
        T.clear_text_caches()
    from tinnhiem.detectors import base

    base._field_texts_of.cache_clear()
    if hasattr(base, "_segment_ends"):
        base._segment_ends.cache_clear()
    for module, name in TEXT_CACHES:
        func = getattr(importlib.import_module(module), name, None)
        if func is not None and hasattr(func, "cache_clear"):
            func.cache_clear()
    gc.collect()


# --------------------------------------------------------------------------- timing


def _timed(func, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        clear_text_caches()
        t0 = time.process_time()
        func()
        best = min(best, time.process_time() - t0)
    return best


def time_scope(dets, creators, repeat: int) -> float:
    from tinnhiem import engine

    return _timed(lambda: [engine.run(dets, c) for c in creators], repeat)


def time_detector(det, creators, produced: dict, repeat: int) -> float:
    """One detector alone (its upstream findings precomputed), over every subject of its scope."""
    from tinnhiem import engine

    work = []
    for c in creators:
        subs = engine._subjects(det, c)
        keys = {engine.subject_ref(x)[0] for x in subs}
        work.append((subs, {k: v for k, v in produced.items() if k[1] in det.depends_on and k[0] in keys}))
    return _timed(lambda: [engine._run_one(det, subs, dict(up)) for subs, up in work], repeat)


def upstream_findings(dets, creators) -> dict:
    """``produced`` map of a full run, for feeding derived detectors in isolation."""
    from tinnhiem import engine

    produced: dict = {}
    for c in creators:
        for det in engine.order(dets):
            engine._run_one(det, engine._subjects(det, c), produced)
    return produced


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, nproc {os.cpu_count()}, CPU {cpu}, "
            f"Python {sys.version.split()[0]} ({platform.machine()})")


def bench(creators, repeat: int, breakdown: bool) -> None:
    from tinnhiem.detectors import registry

    dets = list(registry.all_detectors().values())
    posts = sum(len(c.posts) for c in creators)
    comments = sum(len(c.comments) for c in creators)
    by_scope = {s: [d for d in dets if d.scope == s] for s in ("post", "comment")}
    size = {"post": posts, "comment": comments}

    for c in creators:  # warm-up: imports, pattern compilation, model loading
        from tinnhiem import engine

        engine.run(dets, c)

    print(f"{machine()}\n")
    print(f"Sample world: {len(creators)} creators, {posts} posts, {comments} comments; "
          f"CPU time, best of {repeat}, text caches cleared before each pass.\n")
    try:
        from tinnhiem import _prefilter

        pf = _prefilter.stats()
        print("Hyperscan prefilter: " + ", ".join(
            f"{k} {v['prefiltered']} patterns ({v['always_run']} always run)" for k, v in pf.items())
            + ("" if _prefilter.hyperscan else " — hyperscan NOT installed: every pattern runs") + "\n")
    except ImportError:  # (the baseline tree has no prefilter)
        pass
    print("| scope | detectors | subjects | CPU s | subjects/s/core |\n|---|---|---:|---:|---:|")
    for scope, group in by_scope.items():
        t = time_scope(group, creators, repeat)
        print(f"| {scope} | {len(group)} | {size[scope]} | {t:.3f} | {size[scope] / t:,.0f} |")
    shared_preparation(creators, repeat, posts)
    if not breakdown:
        return
    produced = upstream_findings(dets, creators)
    print("\n| detector | kind | scope | subjects/s/core (alone) | CPU s |\n|---|---|---|---:|---:|")
    for scope, group in by_scope.items():
        for det in sorted(group, key=lambda d: d.id):
            t = time_detector(det, creators, produced, repeat)
            print(f"| {det.id} | {det.kind} | {scope} | {size[scope] / t:,.0f} | {t:.3f} |")


# The text work every post pass does before any rule's own logic, step by step (each step
# includes the ones above it): the fields' searchable renderings, the three Hyperscan scans of
# them, the phrase-start table of each folded rendering, and the statement classifier over the
# captions (``claim_model.prepare_captions``, as the detectors' ``prepare`` hook runs it).
SHARED_STEPS = ("renderings (text.views, lower_view)", "+ Hyperscan scans (folded, lower, raw)",
                "+ phrase-start index", "+ statement classifier")
SHARED_FIELDS = ("caption", "transcript", "hashtags", "links")


def _prepare_shared(creators, steps: int) -> None:
    from tinnhiem import text as T
    from tinnhiem.detectors.base import field_texts
    from tinnhiem.detectors.models import claim_model

    for c in creators:
        if steps > 3:
            claim_model.prepare_captions(c.posts)
        for p in c.posts:
            for _, t in field_texts(p, SHARED_FIELDS):
                T.views(t)
                T.lower_view(t)
                if steps > 1:
                    for kind in ("folded", "lower", "raw"):
                        T._prefilter_hits((t,), kind)
                if steps > 2:
                    T._anchor_union((t,), "folded")


def shared_preparation(creators, repeat: int, posts: int) -> None:
    """CPU time of the shared text preparation of a post pass: what is left for the rules."""
    print("\n| shared preparation of a post pass | CPU s | posts/s/core if the rules cost nothing |"
          "\n|---|---:|---:|")
    for steps, name in enumerate(SHARED_STEPS, 1):
        t = _timed(lambda: _prepare_shared(creators, steps), repeat)
        print(f"| {name} | {t:.3f} | {posts / t:,.0f} |")


def profile(creators, scope: str, top: int) -> None:
    from tinnhiem import engine
    from tinnhiem.detectors import registry

    dets = [d for d in registry.all_detectors().values() if d.scope == scope]
    for c in creators:
        engine.run(dets, c)
    clear_text_caches()
    prof = cProfile.Profile()
    prof.enable()
    for c in creators:
        engine.run(dets, c)
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    print(out.getvalue())


# --------------------------------------------------------------------------- findings check


def dump(creators) -> dict:
    """Every finding and every coverage record of every detector, JSON-ready."""
    from tinnhiem import engine
    from tinnhiem.detectors import registry

    dets = list(registry.all_detectors().values())
    out = {}
    for c in creators:
        res = engine.run(dets, c)
        out[c.key] = {
            "findings": [dict(engine.finding_dict(f), subject=f.subject, subject_kind=f.subject_kind,
                              remediation=f.remediation) for f in res.findings],
            "runs": [[r.detector, r.version, r.scope, r.examined, r.not_available, r.errors, r.findings,
                      list(r.error_messages)] for r in res.runs],
        }
    return out


def baseline_tree(ref: str, dest: Path) -> Path:
    """The whole ``src/`` tree of commit ``ref`` (read-only git), and its ``setup.py`` when it has
    one (``build_native``), for a regression check of uncommitted performance work: same inputs,
    the findings must be byte-identical."""
    has_setup = subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{ref}:setup.py"],
                               capture_output=True).returncode == 0
    paths = ["src", "setup.py"] if has_setup else ["src"]
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, *paths], check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest / "src"


def baseline_env(src: Path) -> dict[str, str]:
    """The environment of a subprocess that imports ``tinnhiem`` from ``src`` first."""
    return dict(os.environ, PYTHONPATH=str(src) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def compare(a: dict, b: dict) -> list[str]:
    problems = []
    for key in sorted(set(a) | set(b)):
        fa, fb = a.get(key), b.get(key)
        if fa == fb:
            continue
        if fa is None or fb is None:
            problems.append(f"{key}: present in only one run")
            continue
        for part in ("findings", "runs"):
            xa, xb = fa[part], fb[part]
            if xa != xb:
                missing = [x for x in xb if x not in xa]
                extra = [x for x in xa if x not in xb]
                problems.append(f"{key} {part}: {len(xa)} vs baseline {len(xb)}; "
                                f"first extra {json.dumps(extra[:1], ensure_ascii=False)[:400]}; "
                                f"first missing {json.dumps(missing[:1], ensure_ascii=False)[:400]}")
    return problems


def check(args, creators) -> int:
    t0 = time.perf_counter()
    current = json.loads(json.dumps(dump(creators), ensure_ascii=False))
    t_cur = time.perf_counter() - t0
    if args.compare:
        baseline = json.loads(Path(args.compare).read_text(encoding="utf-8"))
        label = args.compare
    else:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            src = baseline_tree(args.baseline_ref, tmp)
            env = baseline_env(src)
            out = tmp / "baseline.json"
            t0 = time.perf_counter()
            subprocess.run([sys.executable, __file__, "--seed", str(args.seed), "--dump", str(out)],
                           check=True, env=env, cwd=tmp)
            t_base = time.perf_counter() - t0
            baseline = json.loads(out.read_text(encoding="utf-8"))
            label = f"baseline {args.baseline_ref} ({t_base:.1f} s incl. import)"
    problems = compare(current, baseline)
    n = sum(len(v["findings"]) for v in current.values())
    if problems:
        print(f"FINDINGS DIFFER from {label}:")
        for p in problems[:20]:
            print("  " + p)
        return 1
    print(f"OK: {n} findings and {sum(len(v['runs']) for v in current.values())} coverage records "
          f"over {len(current)} creators identical to {label} (current run {t_cur:.1f} s)")
    return 0


def build_native(src: Path) -> None:
    """Compile the C kernels of the tree ``src`` next to its sources with that tree's own
    ``setup.py`` (beside ``src``), so that a timed baseline runs them too (without, it would run
    the slower pure-Python loops). A tree without C kernels needs nothing."""
    setup = src.parent / "setup.py"
    if not (src / "tinnhiem" / "_ctext.c").exists() or not setup.exists():
        return
    with tempfile.TemporaryDirectory() as tmp:  # (no pyproject.toml beside it: setup.py alone)
        done = subprocess.run([sys.executable, str(setup), "-q", "build_ext", "--build-lib", str(src),
                               "--build-temp", tmp], cwd=src.parent, capture_output=True, text=True)
    # (the extension is optional: setup.py succeeds without it, so look for what it built)
    if done.returncode != 0 or not list((src / "tinnhiem").glob("_ctext*.so")):
        raise SystemExit(f"cannot compile the C kernels of {src}:\n{(done.stderr or done.stdout)[-2000:]}")


def post_pass_seconds(creators, repeat: int) -> float:
    """CPU seconds of the best of ``repeat`` post passes (after a warm-up pass)."""
    from tinnhiem import engine
    from tinnhiem.detectors import registry

    dets = [d for d in registry.all_detectors().values() if d.scope == "post"]
    for c in creators:
        engine.run(dets, c)
    return time_scope(dets, creators, repeat)


def alternate(args) -> int:
    """``--alternate``: this tree against ``--baseline-ref`` in alternating fresh processes."""
    child = [sys.executable, __file__, "--seed", str(args.seed), "--repeat", str(args.repeat), "--pass-only"]
    with tempfile.TemporaryDirectory() as tmp:
        src = baseline_tree(args.baseline_ref, Path(tmp))
        build_native(src)
        trees = {"baseline": baseline_env(src), "this tree": dict(os.environ)}
        times: dict[str, list[float]] = {name: [] for name in trees}
        posts = 0
        print(f"{machine()}\n\nPost pass, CPU s (best of {args.repeat}), {args.alternate} alternating pairs; "
              f"baseline: src/ of {args.baseline_ref}\n\n| pair | baseline | this tree |\n|---:|---:|---:|")
        for pair in range(1, args.alternate + 1):
            for name, env in trees.items():
                out = subprocess.run(child, env=env, cwd=tmp, check=True, capture_output=True, text=True).stdout
                seconds, posts = out.split()[-2:]
                times[name].append(float(seconds))
            print(f"| {pair} | {times['baseline'][-1]:.3f} | {times['this tree'][-1]:.3f} |")
            sys.stdout.flush()
    posts = int(posts)
    base, this = (statistics.median(times[n]) for n in ("baseline", "this tree"))
    won, ratio, p = paired_summary(times["baseline"], times["this tree"])
    print(f"\nmedians: baseline {base:.3f} s ({posts / base:,.0f} posts/s), this tree {this:.3f} s "
          f"({posts / this:,.0f} posts/s); this tree faster in {won} of {args.alternate} pairs; "
          f"median time ratio within a pair {ratio:.3f}; sign test p = {p:.3f}")
    return 0


def paired_summary(baseline: list[float], this: list[float]) -> tuple[int, float, float]:
    """``(pairs this tree won, median of this/baseline within a pair, two-sided sign-test p)``:
    each pair ran back to back, so its ratio is freer of the machine's drift than the medians
    of the two columns; p is the chance of at least so lopsided a split if neither tree were
    faster (ties count as neither)."""
    from math import comb

    won = sum(t < b for b, t in zip(baseline, this))
    lost = sum(t > b for b, t in zip(baseline, this))
    n, k = won + lost, min(won, lost)
    p = min(1.0, 2 * sum(comb(n, i) for i in range(k + 1)) / 2 ** n) if n else 1.0
    ratio = statistics.median(t / b for b, t in zip(baseline, this))
    return won, ratio, p


def sample_world(seed: int):
    """``load_world`` in a temporary directory."""
    with tempfile.TemporaryDirectory() as tmp:
        return load_world(seed, Path(tmp))


def run_on_baseline(args) -> int:
    """This script, without ``--baseline``, on the ``src/`` of ``--baseline-ref``."""
    argv = [a for a in sys.argv[1:] if a != "--baseline"]
    with tempfile.TemporaryDirectory() as tmp:
        src = baseline_tree(args.baseline_ref, Path(tmp))
        build_native(src)  # (timed with its C kernels, as the working tree is)
        env = baseline_env(src)
        print(f"Baseline: src/ of {args.baseline_ref} (C kernels compiled).")
        sys.stdout.flush()
        return subprocess.run([sys.executable, __file__, *argv], env=env, cwd=tmp).returncode


# --------------------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-breakdown", action="store_true", help="skip the per-detector table")
    ap.add_argument("--profile", choices=("post", "comment"), help="cProfile one pass of a scope")
    ap.add_argument("--top", type=int, default=35)
    ap.add_argument("--dump", help="write every finding + coverage record as JSON and exit")
    ap.add_argument("--check", action="store_true", help="compare findings with the baseline")
    ap.add_argument("--baseline-ref", default=BASELINE_REF)
    ap.add_argument("--compare", help="with --check: compare with this --dump file instead")
    ap.add_argument("--baseline", action="store_true",
                    help="time the src/ of --baseline-ref instead, its C kernels compiled (subprocess)")
    ap.add_argument("--alternate", type=int, metavar="N",
                    help="time the post pass against --baseline-ref in N alternating pairs")
    ap.add_argument("--pass-only", action="store_true", help=argparse.SUPPRESS)  # (--alternate's child)
    args = ap.parse_args()
    if args.baseline:
        return run_on_baseline(args)
    if args.alternate:
        return alternate(args)
    creators = sample_world(args.seed)
    if args.pass_only:  # (--alternate's child: seconds of the best pass, and the posts of a pass)
        print(f"{post_pass_seconds(creators, args.repeat):.4f} {sum(len(c.posts) for c in creators)}")
        return 0
    if args.dump:
        Path(args.dump).write_text(json.dumps(dump(creators), ensure_ascii=False, indent=1,
                                              sort_keys=True), encoding="utf-8")
        return 0
    if args.check:
        return check(args, creators)
    if args.profile:
        profile(creators, args.profile, args.top)
        return 0
    bench(creators, args.repeat, not args.no_breakdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
