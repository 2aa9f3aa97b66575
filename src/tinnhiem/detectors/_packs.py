"""Reading the YAML rule packs (``detectors/rules/*.yaml``).

A pack may name regex pieces it repeats under ``fragments:`` (``{name: source}``) and write
``{{name}}`` for them in any string of its entries; ``read_entries`` returns the entries with
every such reference replaced by its source (an unknown name is an error naming the file).

libyaml's parser, when PyYAML was built with it, reads the packs about ten times faster than
the pure-Python one, with the same safe constructors (``tests/detectors/test_registry.py``
checks that both give the same documents).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(__file__).with_name("rules")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_pack(path: Path) -> dict[str, Any]:
    """The document of one pack file (``{}`` when empty)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}  # noqa: S506 — a safe loader


_FRAGMENT_REF = re.compile(r"\{\{(\w+)\}\}")


def read_entries(path: Path, key: str) -> list:
    """The entries under ``key`` (``rules``, ``category_rules``) of one pack file, with the
    pack's ``fragments`` written out in every string."""
    doc = read_pack(path)
    fragments = doc.get("fragments") or {}

    def expand(value):
        if isinstance(value, str):
            return _FRAGMENT_REF.sub(lambda m: _fragment(fragments, m.group(1), path), value)
        if isinstance(value, list):
            return [expand(v) for v in value]
        if isinstance(value, dict):
            return {k: expand(v) for k, v in value.items()}
        return value

    return expand(doc.get(key) or [])


def _fragment(fragments: dict, name: str, path: Path) -> str:
    try:
        return fragments[name]
    except KeyError:
        raise ValueError(f"{path.name}: unknown fragment {{{{{name}}}}}") from None
