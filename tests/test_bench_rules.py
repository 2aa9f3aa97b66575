"""``benchmarks/bench_rules.py --alternate`` times a baseline tree with its C kernels compiled."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from repo_scripts import ROOT, load_script

bench = load_script("benchmarks/bench_rules.py")


@pytest.mark.skipif(shutil.which("gcc") is None and shutil.which("cc") is None, reason="no C compiler")
def test_build_native_compiles_a_trees_kernels(tmp_path):
    package = tmp_path / "src" / "tinnhiem"
    package.mkdir(parents=True)
    shutil.copy(ROOT / "src" / "tinnhiem" / "_ctext.c", package / "_ctext.c")
    shutil.copy(ROOT / "setup.py", tmp_path / "setup.py")
    bench.build_native(tmp_path / "src")
    built = list(package.glob("_ctext*.so"))
    assert len(built) == 1
    probe = ("import importlib.util, sys; spec = importlib.util.spec_from_file_location("
             "'tinnhiem._ctext', sys.argv[1]); m = importlib.util.module_from_spec(spec); "
             "spec.loader.exec_module(m); print(hasattr(m, 'anchor_scan'))")
    out = subprocess.run([sys.executable, "-c", probe, str(built[0])], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_build_native_fails_loudly(tmp_path):
    package = tmp_path / "src" / "tinnhiem"
    package.mkdir(parents=True)
    (package / "_ctext.c").write_text("this is not C\n", encoding="utf-8")
    shutil.copy(ROOT / "setup.py", tmp_path / "setup.py")
    with pytest.raises(SystemExit, match="cannot compile"):
        bench.build_native(tmp_path / "src")


def test_a_tree_without_kernels_needs_no_build(tmp_path):
    (tmp_path / "src" / "tinnhiem").mkdir(parents=True)
    bench.build_native(tmp_path / "src")  # (an old tree: nothing to compile, no error)
    assert not list((tmp_path / "src").rglob("*.so"))


def test_paired_summary_counts_pairs_and_gives_a_sign_test():
    won, ratio, p = bench.paired_summary([1.0] * 10, [0.9] * 9 + [1.1])
    assert (won, round(ratio, 3)) == (9, 0.9)
    assert p == pytest.approx(22 / 1024)  # 2 × P(at most 1 of 10 fair coin flips)
    won, ratio, p = bench.paired_summary([1.0, 1.0, 1.0, 1.0], [0.9, 1.1, 1.0, 1.2])
    assert (won, ratio, p) == (1, 1.05, 1.0)  # a tie counts for neither tree
