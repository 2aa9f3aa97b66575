"""The written creator-comment sets ``benchmarks/data/comments_vi_*.jsonl`` (one loader for the
benchmark, the training scripts and the tests).

Each line: ``{"id", "text", "complaint": bool, "sentiment": "positive"|"neutral"|"negative",
"note"}``. Odd ids are the DEVELOPMENT half (``training/train_comment_models.py`` trains the
complaint model and calibrates the sentiment model's neutral band on it), even ids the TEST half
(only measured). See ``benchmarks/data/README.md``.
"""

from __future__ import annotations

import json
from pathlib import Path

from tinnhiem.text import nfc

FILES = sorted((Path(__file__).resolve().parent / "data").glob("comments_vi_*.jsonl"))


def number(row_id: str) -> int:
    """The running number of an id ("ca017" → 17)."""
    return int("".join(ch for ch in row_id if ch.isdigit()))


def load(half: str = "test") -> list[dict]:
    """Rows of one half (``"dev"``, ``"test"`` or ``"all"``), text NFC-normalised as ingest does."""
    rows = []
    for path in FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            odd = number(row["id"]) % 2 == 1
            if half == "all" or (half == "dev") == odd:
                rows.append({**row, "text": nfc(row["text"])})
    return rows
