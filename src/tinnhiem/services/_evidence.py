"""Evidence with its surrounding text, so pages can show the quote highlighted in context.

A finding's evidence quotes ``text[start:end]`` of a stored field (caption, transcript,
comment). This module fetches those fields for a batch of findings (one query per kind) and
adds ``before``/``after``: up to :data:`CONTEXT` characters either side of the span. Context
is added only when the stored text still holds the quote at that span; otherwise the quote
stands alone. Nothing here escapes or marks up: templates escape each part and wrap the quote
in ``<mark>``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tinnhiem.store import tables

CONTEXT = 80
CHUNK = 400


def _split(subject_key: str) -> tuple[str, str]:
    platform, _, ident = subject_key.partition(":")
    return platform, ident


def _by_platform(keys: set[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for platform, ident in sorted(keys):
        out.setdefault(platform, []).append(ident)
    return out


def _chunks(platform_ids: dict[str, list[str]]):
    """(platform, ids) in chunks: ``platform = ? AND id IN (…)`` uses the unique
    ``(platform, id)`` index on both databases (a row-value ``IN`` does not on SQLite)."""
    for platform, ids in platform_ids.items():
        for i in range(0, len(ids), CHUNK):
            yield platform, ids[i:i + CHUNK]


def _field_texts(session: Session, findings: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, str]]:
    """(subject_kind, subject_key) → {field: stored text} for posts and comments."""
    posts = _by_platform({_split(f["subject"]) for f in findings if f.get("subject_kind") == "post"})
    comments = _by_platform({_split(f["subject"]) for f in findings if f.get("subject_kind") == "comment"})
    out: dict[tuple[str, str], dict[str, str]] = {}
    p, c = tables.Post, tables.Comment
    for platform, ids in _chunks(posts):
        stmt = select(p.post_id, p.caption, p.transcript).where(p.platform == platform, p.post_id.in_(ids))
        for pid, caption, transcript in session.execute(stmt):
            out[("post", f"{platform}:{pid}")] = {
                "caption": caption or "", "transcript": "\n".join(s.get("text", "") for s in transcript or [])}
    for platform, ids in _chunks(comments):
        stmt = select(c.comment_id, c.text).where(c.platform == platform, c.comment_id.in_(ids))
        for cid, body in session.execute(stmt):
            out[("comment", f"{platform}:{cid}")] = {"comment": body or ""}
    return out


def with_context(session: Session, findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``findings`` (dicts with ``subject``, ``subject_kind``, ``evidence``) with each evidence
    item given ``before`` and ``after`` strings (empty when no context is available)."""
    texts = _field_texts(session, findings)
    out = []
    for f in findings:
        fields = texts.get((f.get("subject_kind"), f.get("subject")), {})
        out.append({**f, "evidence": [_item(e, fields.get(e.get("field"), "")) for e in f.get("evidence") or []]})
    return out


def _item(e: dict[str, Any], source: str) -> dict[str, Any]:
    start, end, quote = e.get("start"), e.get("end"), e.get("quote") or ""
    before = after = ""
    if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(source) \
            and source[start:end] == quote:
        lo, hi = max(0, start - CONTEXT), min(len(source), end + CONTEXT)
        before = ("…" if lo > 0 else "") + source[lo:start]
        after = source[end:hi] + ("…" if hi < len(source) else "")
    return {"start": None, "end": None, "time_s": None, "field": "", **e, "quote": quote, "before": before, "after": after}
