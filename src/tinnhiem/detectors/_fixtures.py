"""The rule packs' annotated example lines (``rules/*.fixtures.txt``), read in one place.

``# ruleid: <id>[, <id>]`` → the next line must fire each id; ``# ok: <id>[, <id>]`` → it must
not. A line may be a JSON object with post fields (``{"text": ..., "paid_partnership": true}``).
Used by the fixture tests and by the statement classifier's training (``ok`` lines are its hard
negatives).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

RULES_DIR = Path(__file__).with_name("rules")
KINDS = ("ruleid", "ok")


class Fixture(NamedTuple):
    file: str
    line: int  # 1-based number of the example line
    kind: str  # "ruleid" or "ok"
    detector: str
    text: str  # the line as written (plain text or a JSON object)


def parse(path: Path) -> list[Fixture]:
    """Every annotated line of one fixtures file, one entry per detector id."""
    out = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines):
        head = line.strip()
        for kind in KINDS:
            prefix = f"# {kind}:"
            if head.startswith(prefix):
                target = lines[n + 1]
                for rid in head[len(prefix):].split(","):
                    out.append(Fixture(path.name, n + 2, kind, rid.strip(), target))
    return out


def all_fixtures(directory: Path = RULES_DIR) -> list[Fixture]:
    return [f for p in sorted(directory.glob("*.fixtures.txt")) for f in parse(p)]


def item(text: str) -> dict:
    """The input item of an example line: its JSON object, or ``{"text": line}``."""
    return json.loads(text) if text.lstrip().startswith("{") else {"text": text}
