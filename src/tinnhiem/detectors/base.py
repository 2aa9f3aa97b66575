"""Detector base class and the helpers every detector shares (fields, evidence, findings).

A detector examines one *subject* — a ``PostView`` (scope "post"), a ``CommentView``
("comment") or a ``CreatorView`` ("creator") — and yields ``Finding``s. It only emits hits;
coverage (examined / not available / errors) is recorded by the engine.

Findings policy (all detectors): at most ONE finding per (detector, subject[, category]),
carrying every distinct hit span as an ``Evidence`` item ordered by field then start offset.
The message quotes the first hit.

Text fields a post detector can scan (``post_field_text``):

* ``caption`` — ``PostView.caption``;
* ``transcript`` — ``PostView.transcript_text`` (segments joined by "\\n") as a
  ``text.SpokenText`` (speech has no teencode: no teencode view); evidence carries the
  segment's ``start_s`` as ``time_s``;
* ``hashtags`` — ``" ".join("#" + tag)`` over tags NOT already written in the caption (so a tag
  is never reported twice);
* ``links`` — ``"\\n".join(PostView.links)``;
* ``comment`` — ``CommentView.text``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tinnhiem import text as T
from tinnhiem._textscan import two_level_cache

from tinnhiem.model import (
    CommentView,
    CreatorView,
    Evidence,
    Finding,
    PostView,
    content_hash,
)

SCOPES = ("post", "comment", "creator")
TEXT_FIELDS = ("caption", "transcript", "hashtags", "links", "comment")


class Detector:
    """Base class: subclass, set the class attributes, implement ``detect``."""

    id: str = ""
    version: str = "1.0.0"
    scope: str = "post"
    title_vi: str = ""
    title_en: str = ""
    depends_on: tuple[str, ...] = ()
    severity: str = "info"
    legal_source: str = ""
    rule_confidence: str = ""  # catalog tag V / S / D / M
    catalog_id: str = ""
    kind: str = "code"  # code | rule

    def available(self, subject: Any) -> bool:
        """Does the subject carry the data this detector needs?"""
        return True

    def detect(self, subject: Any, upstream: Mapping[str, Sequence[Finding]]) -> Iterable[Finding]:
        raise NotImplementedError

    def metadata(self) -> dict:
        return {
            "id": self.id,
            "version": self.version,
            "kind": self.kind,
            "scope": self.scope,
            "title_vi": self.title_vi,
            "title_en": self.title_en,
            "severity": self.severity,
            "depends_on": list(self.depends_on),
            "legal_source": self.legal_source,
            "confidence": self.rule_confidence,
            "catalog_id": self.catalog_id,
            "doc": (type(self).__doc__ or "").strip(),
        }

    # ------------------------------------------------------------------ helpers

    def finding(
        self,
        subject: Any,
        *,
        message: str,
        message_en: str,
        evidence: Sequence[Evidence],
        severity: str | None = None,
        confidence: float = 1.0,
        remediation: str = "",
        category: str | None = None,
        data: dict | None = None,
        legal_source: str | None = None,
    ) -> Finding:
        key, kind = subject_ref(subject)
        return Finding(
            detector=self.id,
            version=self.version,
            subject=key,
            subject_kind=kind,
            message=message,
            message_en=message_en,
            severity=severity or self.severity,
            confidence=round(confidence, 3),
            evidence=tuple(sort_evidence(evidence)),
            legal_source=self.legal_source if legal_source is None else legal_source,
            rule_confidence=self.rule_confidence,
            remediation=remediation,
            category=category,
            data=dict(data or {}),
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}@{self.version}>"


def subject_ref(subject: Any) -> tuple[str, str]:
    """``(key, subject_kind)`` of a post, comment or creator."""
    if isinstance(subject, PostView):
        return subject.key, "post"
    if isinstance(subject, CommentView):
        return subject.key, "comment"
    if isinstance(subject, CreatorView):
        return subject.key, "influencer"
    raise TypeError(f"unsupported subject {type(subject).__name__}")


_FIELD_ORDER = {name: i for i, name in enumerate(TEXT_FIELDS + ("flags", "metrics", "complaint"))}


def sort_evidence(evidence: Iterable[Evidence]) -> list[Evidence]:
    uniq = {(e.field, e.start, e.end, e.quote): e for e in evidence}
    return sorted(
        uniq.values(),
        key=lambda e: (_FIELD_ORDER.get(e.field, 99), e.start if e.start is not None else -1, e.quote),
    )


# --------------------------------------------------------------------------- fields


def per_object_cache(maxsize: int = 512):
    """Memoise a one-argument function per argument *object* (views are frozen). Keying on
    identity avoids hashing a ``PostView`` by value, which re-hashes its transcript on every
    call. The cache holds the object, so its id cannot be reused while cached; it is emptied
    when full. The wrapper has ``cache_clear()`` like ``functools.lru_cache``."""

    def decorate(fn):
        cache: dict[int, tuple[Any, Any]] = {}

        def wrapper(obj):
            entry = cache.get(id(obj))
            if entry is not None and entry[0] is obj:
                return entry[1]
            value = fn(obj)
            if len(cache) >= maxsize:
                cache.clear()
            cache[id(obj)] = (obj, value)
            return value

        wrapper.cache_clear = cache.clear  # type: ignore[attr-defined]
        wrapper.__doc__, wrapper.__name__ = fn.__doc__, fn.__name__
        return wrapper

    return decorate


@per_object_cache()
def _field_texts_of(subject: Any) -> dict[str, str]:
    return {}


def post_field_text(subject: Any, name: str) -> str:
    """The stored text of a field (see module docstring for the hashtags/links renderings).

    Memoised per subject object: every detector asks for the same fields, and returning the
    same ``str`` object lets the text layer's caches hit without rehashing.
    """
    texts = _field_texts_of(subject)
    text = texts.get(name)
    if text is None:
        text = texts[name] = _field_text(subject, name)
    return text


def _field_text(subject: Any, name: str) -> str:
    if isinstance(subject, CommentView):
        return subject.text if name in ("comment", "caption", "text") else ""
    if name == "caption":
        return subject.caption
    if name == "transcript":
        return T.SpokenText(subject.transcript_text)  # no teencode in speech (``text.SpokenText``)
    if name == "hashtags":
        low = subject.caption.lower()
        return " ".join("#" + h for h in subject.hashtags if ("#" + h).lower() not in low)
    if name == "links":
        return "\n".join(subject.links)
    return ""


def field_texts(subject: Any, names: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """Non-empty ``(field, text)`` pairs (memoised per subject and field names)."""
    key = names if isinstance(names, tuple) else tuple(names)
    texts = _field_texts_of(subject)
    out = texts.get(key)
    if out is None:
        out = texts[key] = tuple((name, text) for name in key
                                 if (text := post_field_text(subject, name)).strip())
    return out


def field_group(subject: Any, names: Sequence[str]) -> tuple[str, ...]:
    """The texts of ``field_texts(subject, names)`` as one tuple (memoised: detectors ask the
    text layer's prefilter about all of a post's fields at once with it)."""
    key = ("group", names if isinstance(names, tuple) else tuple(names))
    texts = _field_texts_of(subject)
    out = texts.get(key)
    if out is None:
        out = texts[key] = tuple(text for _, text in field_texts(subject, key[1]))
    return out


def segment_time(post: PostView, offset: int) -> float | None:
    """Start time of the transcript segment holding ``offset`` of ``transcript_text``."""
    ends, starts = _segment_ends(post)
    i = bisect_left(ends, offset)
    return starts[i] if i < len(ends) else None


@per_object_cache()
def _segment_ends(post: PostView) -> tuple[list[int], list[float]]:
    """End offset of every transcript segment in ``transcript_text`` (one "\\n" between
    segments) and its start time."""
    ends, starts, pos = [], [], 0
    for seg in post.transcript:
        ends.append(pos + len(seg.text))
        starts.append(seg.start_s)
        pos = ends[-1] + 1
    return ends, starts


_content_hash = two_level_cache(content_hash)  # evidence of one field hashes its text once


def make_evidence(subject: Any, field: str, text: str, start: int, end: int) -> Evidence:
    """Evidence quoting ``text[start:end]`` of a stored field."""
    time_s = None
    if field == "transcript" and isinstance(subject, PostView):
        time_s = segment_time(subject, start)
    return Evidence(
        field=field,
        quote=text[start:end],
        start=start,
        end=end,
        content_hash=_content_hash(text),
        time_s=time_s,
    )


def folded_before(texts: Mapping[str, str], ev: Evidence, n: int) -> str:
    """The folded ``n`` characters of its field's stored text just before evidence ``ev``
    (``texts``: field → stored text, e.g. ``dict(field_texts(post, fields))``)."""
    return T.fold(texts.get(ev.field, "")[max(0, ev.start - n):ev.start])


def folded_after(texts: Mapping[str, str], ev: Evidence, n: int) -> str:
    """The folded ``n`` characters of its field's stored text just after evidence ``ev``."""
    return T.fold(texts.get(ev.field, "")[ev.end:ev.end + n])


def flag_evidence(name: str) -> Evidence:
    """Evidence for a platform/declaration flag (``field="flags"``)."""
    return Evidence(field="flags", quote=name, content_hash=content_hash(name))


def first_quote(evidence: Sequence[Evidence]) -> str:
    texts = [e for e in evidence if e.field != "flags"] or list(evidence)
    return texts[0].quote if texts else ""


def quotes(evidence: Sequence[Evidence], limit: int = 3) -> str:
    """``"a", "b", "c"`` — the first few distinct quotes."""
    seen: list[str] = []
    for e in evidence:
        if e.quote not in seen:
            seen.append(e.quote)
    return ", ".join(f'"{q}"' for q in seen[:limit])
