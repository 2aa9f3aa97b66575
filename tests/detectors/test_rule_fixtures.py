"""Semgrep-style fixtures: every annotated line of every ``rules/*.fixtures.txt``.

``# ruleid: <id>[, <id>]`` → the next line must fire each id; ``# ok: <id>`` → it must not.
A fixture line may be a JSON object with post fields (``{"text": ..., "paid_partnership": true}``).
"""

from __future__ import annotations

from collections import Counter

import pytest

from tinnhiem.detectors import _fixtures
from tinnhiem.detectors.registry import all_detectors
from tinnhiem.engine import detect_items

CASES = _fixtures.all_fixtures()


def run_line(detector_id: str, text: str) -> list[dict]:
    item = _fixtures.item(text)
    item.setdefault("id", "fixture")
    if all_detectors()[detector_id].scope == "comment":
        item["scope"] = "comment"
    result = next(detect_items([item]))
    assert "errors" not in result, result["errors"]
    return [f for f in result["findings"] if f["detector"] == detector_id]


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}:{c[1]}:{c[2]}:{c[3]}" for c in CASES])
def test_fixture_line(case):
    _, _, kind, rid, text = case
    found = run_line(rid, text)
    if kind == "ruleid":
        assert found, f"{rid} should fire on: {text}"
        for f in found:
            for ev in f["evidence"]:
                if ev["start"] is not None and ev["field"] == "caption":
                    source = _fixtures.item(text)["text"]
                    assert source[ev["start"]:ev["end"]] == ev["quote"]
    else:
        assert not found, f"{rid} should not fire on: {text}\n{found}"


def test_fixture_ids_exist():
    unknown = {c[3] for c in CASES} - set(all_detectors())
    assert not unknown


def test_every_text_rule_has_enough_fixtures():
    counts = Counter((c[3], c[2]) for c in CASES)
    text_detectors = [d for d in all_detectors().values() if d.scope in ("post", "comment")]
    for det in text_detectors:
        assert counts[(det.id, "ruleid")] >= 6, f"{det.id}: needs >= 6 ruleid lines"
        assert counts[(det.id, "ok")] >= 4, f"{det.id}: needs >= 4 ok lines"


def test_every_pack_has_a_fixture_file():
    for pack in _fixtures.RULES_DIR.glob("*.yaml"):
        assert pack.with_suffix(".fixtures.txt").exists(), pack.name


@pytest.mark.parametrize("text", [
    "Hai bên đã thống nhất phương án hợp tác",
    "Phong cách luôn nhất quán",
    "hai ben da thong nhat phuong an",
    "phong cach nhat quan",
    "THỐNG NHẤT VÀ NHẤT QUÁN",
    "Cả đội nhất trí, đồng nhất, hợp nhất các phòng ban",
])
def test_nhat_quan_thong_nhat_never_superlative(text):
    assert not run_line("absolute_superlative", text)
