"""Log entry kinds (``noun.verb/vN``) and the exact bytes a log leaf commits to."""

from __future__ import annotations

import re
from datetime import datetime

from tinnhiem.signing import canonical_json

KINDS = frozenset({
    "certificate.issued/v1",
    "certificate.renewed/v1",
    "certificate.suspended/v1",
    "certificate.revoked/v1",
    "certificate.reinstated/v1",
    "methodology.published/v1",
    "appeal.decided/v1",
})
_KIND = re.compile(r"^[a-z_]+\.[a-z_]+/v[0-9]+$")


def check_kind(kind: str) -> str:
    if not _KIND.match(kind):
        raise ValueError(f"log entry kind {kind!r} is not of the form noun.verb/vN")
    if kind not in KINDS:
        raise ValueError(f"unknown log entry kind {kind!r}; known: {', '.join(sorted(KINDS))}")
    return kind


def entry_bytes(*, kind: str, seq: int, at: datetime, body: dict) -> bytes:
    """The leaf data: RFC 8785 canonical JSON of kind, position, time and body."""
    if at.tzinfo is None:
        raise ValueError("log entry time must be timezone-aware")
    return canonical_json({"kind": check_kind(kind), "seq": seq, "at": at.isoformat(), "body": body})
