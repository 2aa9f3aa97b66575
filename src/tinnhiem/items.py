"""One input item of batch mode (``tinnhiem detect``, ``engine.detect_items``) read into the
view detectors see, every optional field checked: a field of the wrong kind raises
``ValueError`` naming it (``transcript[2].start_s``), never a bare ``KeyError`` or a silent
misreading ("false" as a paid partnership, "abc" as three hashtags)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tinnhiem.model import CommentView, PostView, TranscriptSegment

POST_FIELDS = ("hashtags", "links", "mentions", "product_categories")


def _transcript(value: Any) -> tuple[TranscriptSegment, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return (TranscriptSegment(0.0, 0.0, value),)
    if not isinstance(value, (list, tuple)):
        raise ValueError("item field 'transcript' must be a string or a list of segments")
    segs = []
    for i, seg in enumerate(value):
        where = f"transcript[{i}]"
        if isinstance(seg, Mapping):
            if not isinstance(seg.get("text"), str):
                raise ValueError(f"item field '{where}.text' must be a string")
            start, end, txt = seg.get("start_s", 0), seg.get("end_s", 0), seg["text"]
            names = (f"{where}.start_s", f"{where}.end_s")
        elif isinstance(seg, (list, tuple)) and len(seg) == 3 and isinstance(seg[2], str):
            start, end, txt = seg
            names = (f"{where}[0]", f"{where}[1]")
        else:
            raise ValueError(f"item field '{where}' must be {{\"start_s\", \"end_s\", \"text\"}} "
                             f"or [start, end, text]")
        segs.append(TranscriptSegment(_number(start, names[0]), _number(end, names[1]), txt))
    return tuple(segs)


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"item field '{name}' must be a number")
    return float(value)


def _strings(item: Mapping[str, Any], name: str) -> tuple[str, ...]:
    value = item.get(name)
    if value is None:
        return ()
    if not isinstance(value, (list, tuple)) or any(
            isinstance(x, bool) or not isinstance(x, (str, int, float)) for x in value):
        raise ValueError(f"item field '{name}' must be a list of strings")
    return tuple(str(x) for x in value)


def _flag(item: Mapping[str, Any], name: str) -> bool:
    value = item.get(name, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ValueError(f"item field '{name}' must be true or false")
    return value


def _text_field(item: Mapping[str, Any], name: str, default: str) -> str:
    value = item.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(f"item field '{name}' must be a string")
    return str(value)


def item_subject(item: Mapping[str, Any]) -> PostView | CommentView:
    """The subject an input item describes; a field of the wrong kind raises ``ValueError``
    naming it (``detect_items`` documents the fields)."""
    from tinnhiem.text import nfc  # (on first use: reading the module alone loads no text layer)

    for name in ("id", "text"):
        if name not in item or item[name] is None or (name == "id" and str(item[name]) == ""):
            raise ValueError(f"item is missing required field {name!r}")
    if not isinstance(item["text"], str):
        raise ValueError("item field 'text' must be a string")
    key, text = _text_field(item, "id", ""), nfc(item["text"])
    scope = item.get("scope")
    if scope not in (None, "post", "comment"):
        raise ValueError("item field 'scope' must be 'post' or 'comment'")
    if scope == "comment":
        return CommentView(key=key, post_key=_text_field(item, "post_key", ""), author="", text=text)
    duration = item.get("duration_s")
    return PostView(
        key=key,
        platform=_text_field(item, "platform", "unknown"),
        caption=text,
        transcript=_transcript(item.get("transcript")),
        **{f: tuple(nfc(x).lstrip("#@" if f != "links" else "") for x in _strings(item, f))
           for f in POST_FIELDS},
        paid_partnership=_flag(item, "paid_partnership"),
        declared_collaboration=_flag(item, "declared_collaboration"),
        format=_text_field(item, "format", "video"),
        duration_s=None if duration is None else _number(duration, "duration_s"),
        published_at=_published(item),
    )


def _published(item: Mapping[str, Any]) -> datetime | None:
    value = item.get("published_at")
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("item field 'published_at' must be an ISO 8601 date-time")
