"""A floor under the rules' quality on the independent statements (development half).

``benchmarks/bench_rule_quality.py`` measures every violation rule on statements written
without seeing the rules (``benchmarks/data/ad_statements_vi.jsonl``). This test runs the
same measurement on the development half and fails when a rule falls below a floor set a
little under what the shipped rules reach (see ``docs/performance.md``): a change that makes
a rule miss real phrasings, or fire on compliant text, shows up here and not only in a benchmark.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from repo_scripts import load_script

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_rule_quality.py"


@pytest.fixture(scope="module")
def measured():
    bench = load_script("benchmarks/bench_rule_quality.py")
    rows = bench.load("dev")
    predicted = bench.predict(rows)
    return bench, rows, predicted, bench.score(rows, predicted)


# (precision, recall) floors per rule on the development half. The rules were improved while
# reading this half's errors, so they reach ~1.0 here; the test half (never read while
# improving) is the honest figure — see docs/performance.md.
FLOORS = {
    "health_cure_claim": (0.85, 0.9),
    "equivalence_claim": (0.9, 0.9),
    "absolute_superlative": (0.9, 0.9),
    "cosmetic_medical_claim": (0.9, 0.9),
    "fake_urgency": (0.9, 0.9),
    "medical_authority_misuse": (0.9, 0.9),
    "missing_supplement_disclaimer": (0.9, 0.9),
    "banned_product": (0.9, 0.9),
    "undisclosed_ad": (0.9, 0.9),
    "firsthand_use_doubt": (0.9, 0.9),
}


def test_the_halves_split_the_set_by_id(measured):
    bench = measured[0]
    dev, test = bench.load("dev"), bench.load("test")
    assert {r["id"] for r in dev}.isdisjoint(r["id"] for r in test)
    assert len(dev) + len(test) == len(bench.load("all"))
    assert all(int(r["id"][1:]) % 2 == 1 for r in dev)


@pytest.mark.parametrize("rule", sorted(FLOORS))
def test_rule_stays_above_its_floor(measured, rule):
    table = measured[3]
    precision, recall = FLOORS[rule]
    assert table[rule]["precision"] >= precision, table[rule]
    assert table[rule]["recall"] >= recall, table[rule]


def test_few_compliant_statements_are_flagged(measured):
    bench, rows, predicted, _ = measured
    flagged, clean = bench.compliant_flagged(rows, predicted)
    assert clean >= 40
    assert flagged <= 0.1 * clean


# Sets J–M re-write ad wording quoted by press reports and authority notices; their development
# halves were read in rounds 9 and 10. A floor under the pooled micro figures keeps a later change
# from undoing those families (the test halves and sets N, O stay unread: docs/performance.md).
REAL_WORDING_SETS = ("j", "k", "l", "m")
REAL_WORDING_FLOOR = (0.95, 0.93)  # reached after round 10: 0.983 / 0.964 (360 statements)


def test_real_wording_development_halves_stay_above_their_floor(measured):
    bench = measured[0]
    rows = [r for s in REAL_WORDING_SETS
            for r in bench.load("dev", BENCH.parent / "data" / f"ad_statements_vi_{s}.jsonl")]
    assert len(rows) >= 300
    table = bench.score(rows, bench.predict(rows))
    tp = sum(t["tp"] for t in table.values())
    fp = sum(t["fp"] for t in table.values())
    fn = sum(t["fn"] for t in table.values())
    precision, recall = REAL_WORDING_FLOOR
    assert tp / (tp + fp) >= precision, (tp, fp, fn)
    assert tp / (tp + fn) >= recall, (tp, fp, fn)
