"""Use case: run detectors over JSONL items without a database (``tinnhiem detect``).

Streams: one input line in, one output line out, so memory stays flat for large files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

from tinnhiem import engine
from tinnhiem.detectors import registry


class DetectInputError(ValueError):
    """A bad input line, named by file and line number."""


def detect_file(input_path: Path, output_path: Path, *, detector_ids: Sequence[str] | None) -> dict[str, int]:
    detectors = _select(detector_ids)
    counts = {"items": 0, "findings": 0}
    output_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = output_path.with_name(output_path.name + ".partial")
    with input_path.open(encoding="utf-8") as src, tmp.open("w", encoding="utf-8") as out:
        for line_no, line in enumerate(src, 1):
            if not line.strip():
                continue
            item = _parse(input_path, line_no, line)
            try:
                (result,) = engine.detect_items([item], detectors)
            except ValueError as exc:
                raise DetectInputError(f"{input_path}:{line_no}: {exc}") from exc
            counts["items"] += 1
            counts["findings"] += len(result["findings"])
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
    tmp.replace(output_path)  # nothing half-written: the output appears whole or not at all
    return counts


def _select(ids: Sequence[str] | None) -> list:
    available = registry.all_detectors()
    if ids is None:
        return list(available.values())
    unknown = [i for i in ids if i not in available]
    if unknown:
        raise KeyError(f"unknown detector(s) {', '.join(unknown)}; known: {', '.join(available)}")
    chosen = set(ids)
    for i in list(ids):  # derived detectors need the facts they are derived from
        chosen.update(available[i].depends_on)
    return [d for k, d in available.items() if k in chosen]


def _parse(path: Path, line_no: int, line: str) -> dict:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DetectInputError(f"{path}:{line_no}: not valid JSON ({exc.msg}, column {exc.colno})") from exc
    if not isinstance(item, dict):
        raise DetectInputError(f"{path}:{line_no}: expected a JSON object")
    for name in ("id", "text"):
        if name not in item:
            raise DetectInputError(f"{path}:{line_no}: missing field '{name}'")
    return item
