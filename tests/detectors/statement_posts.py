"""Posts to run the rule detectors over in equivalence tests (imported by their test modules):
the written benchmark statements (``bench_rule_quality.load``) and every rule fixture line."""

from __future__ import annotations

from pathlib import Path

from repo_scripts import load_script

from tinnhiem.detectors import _fixtures
from tinnhiem.items import item_subject
from tinnhiem.model import PostView

_BENCH = load_script("benchmarks/bench_rule_quality.py")  # the statement sets' loader


def statement_texts() -> list[str]:
    """Every statement of every ``ad_statements_vi*.jsonl`` set, sets in name order."""
    return [r["text"] for path in sorted(Path(_BENCH.DATA).parent.glob("ad_statements_vi*.jsonl"))
            for r in _BENCH.load("all", path)]


def fixture_posts() -> list[PostView]:
    """Every annotated rule fixture line as the post it describes."""
    subjects = [item_subject({"id": f"x{n}", **_fixtures.item(case.text)})
                for n, case in enumerate(_fixtures.all_fixtures())]
    return [s for s in subjects if isinstance(s, PostView)]
