"""The written creator-comment sets ``benchmarks/data/comments_vi_*.jsonl`` (one loader for the
benchmark, the training scripts and the tests).

Each line: ``{"id", "text", "complaint": bool, "sentiment": "positive"|"neutral"|"negative",
"note"}``. Odd ids are the DEVELOPMENT half (``training/train_comment_models.py`` trains the
complaint model and fits the sentiment model's neutral gate on it), even ids the TEST half
(only measured). See ``benchmarks/data/README.md``.

The spam sets ``benchmarks/data/comment_spam_vi_*.jsonl`` (``load_spam``): ``{"id", "text",
"spam": "none"|"promo"|"bot"|"seeding", "note"}``, the same odd/even halves; the toxicity sets
``benchmarks/data/comment_toxicity_vi_*.jsonl`` (``load_toxicity``): ``{"id", "text",
"toxicity": "clean"|"offensive"|"hate", "note"}``. Judge sets ``comment_{spam,toxicity}_judge_vi_*.jsonl`` and
``comments_judge_vi_*.jsonl`` (``load_judge``), the same fields, written later by other sessions, are never split nor trained on:
read whole, they measure how the models trained on the first sets carry over to other writers.
"""

from __future__ import annotations

import json
from pathlib import Path

from tinnhiem.text import nfc

DATA = Path(__file__).resolve().parent / "data"
FILES = sorted(DATA.glob("comments_vi_*.jsonl"))
SPAM_FILES = sorted(DATA.glob("comment_spam_vi_*.jsonl"))
TOXICITY_FILES = sorted(DATA.glob("comment_toxicity_vi_*.jsonl"))


def number(row_id: str) -> int:
    """The running number of an id ("ca017" → 17)."""
    return int("".join(ch for ch in row_id if ch.isdigit()))


def load(half: str = "test", files: list[Path] | None = None) -> list[dict]:
    """Rows of one half (``"dev"``, ``"test"`` or ``"all"``), text NFC-normalised as ingest does."""
    rows = []
    for path in FILES if files is None else files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            odd = number(row["id"]) % 2 == 1
            if half == "all" or (half == "dev") == odd:
                rows.append({**row, "text": nfc(row["text"])})
    return rows


def load_spam(half: str = "test") -> list[dict]:
    """Rows of one half of the spam sets, and of the comment sets as genuine (``spam: "none"``)."""
    return load(half, SPAM_FILES) + [{**r, "spam": "none"} for r in load(half)]


def load_toxicity(half: str = "test") -> list[dict]:
    """Rows of one half of the toxicity sets."""
    return load(half, TOXICITY_FILES)


def load_judge(kind: str) -> list[dict]:
    """Every row of the judge sets of ``kind`` ("spam", "toxicity", or "comments": sentiment and
    complaint labels as in the comment sets), whole."""
    pattern = "comments_judge_vi_*.jsonl" if kind == "comments" else f"comment_{kind}_judge_vi_*.jsonl"
    return load("all", sorted(DATA.glob(pattern)))
