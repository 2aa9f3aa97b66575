"""Reading the YAML rule packs (``detectors/rules/*.yaml``).

libyaml's parser, when PyYAML was built with it, reads the packs about ten times faster than
the pure-Python one, with the same safe constructors (``tests/detectors/test_registry.py``
checks that both give the same documents).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(__file__).with_name("rules")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_pack(path: Path) -> dict[str, Any]:
    """The document of one pack file (``{}`` when empty)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}  # noqa: S506 — a safe loader
