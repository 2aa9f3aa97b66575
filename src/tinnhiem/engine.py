"""Run detectors over a creator's posts, comments and profile, with coverage.

``run(detectors, creator)`` executes every detector on every subject of its scope
(post-scope → ``creator.posts``, comment-scope → ``creator.comments``, creator-scope → the
creator), in dependency order (``depends_on``; ties broken by id). A derived detector receives
``upstream = {dependency id: [findings for THIS subject]}``. Missing dependencies are added
from the registry. A detector that raises (including a ``regex`` timeout) is counted in its
``DetectorRun.errors`` and the others go on. Output is deterministic: findings are sorted by
(subject, detector, first evidence start, message).

``detect_items(items)`` is the batch mode behind ``tinnhiem detect``: one JSON object in →
one result dict out (see its docstring).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tinnhiem._collector import batched
from tinnhiem.detectors.base import Detector, subject_ref
from tinnhiem.model import (
    CommentView,
    CreatorView,
    DetectorRun,
    Evidence,
    Finding,
    PostView,
)
from tinnhiem.items import item_subject

MAX_ERROR_MESSAGES = 20


@dataclass
class EngineResult:
    findings: list[Finding] = field(default_factory=list)
    runs: list[DetectorRun] = field(default_factory=list)


def _with_dependencies(detectors: Iterable[Detector]) -> dict[str, Detector]:
    chosen = {d.id: d for d in detectors}
    pending = [dep for d in chosen.values() for dep in d.depends_on]
    while pending:
        dep = pending.pop()
        if dep not in chosen:
            from tinnhiem.detectors.registry import get

            chosen[dep] = get(dep)
            pending.extend(chosen[dep].depends_on)
    return chosen


def order(detectors: Iterable[Detector]) -> list[Detector]:
    """Topological order by ``depends_on`` (dependencies first), ties by id; cycles raise."""
    chosen = _with_dependencies(detectors)
    done: list[Detector] = []
    placed: set[str] = set()
    while len(done) < len(chosen):
        ready = sorted(i for i, d in chosen.items() if i not in placed and set(d.depends_on) <= placed)
        if not ready:
            raise ValueError(f"dependency cycle among {sorted(set(chosen) - placed)}")
        for i in ready:
            done.append(chosen[i])
            placed.add(i)
    return done


def _subjects(det: Detector, creator: CreatorView) -> Sequence[Any]:
    if det.scope == "post":
        return creator.posts
    if det.scope == "comment":
        return creator.comments
    if det.scope == "creator":
        return (creator,)
    raise ValueError(f"{det.id}: unknown scope {det.scope!r}")


def _run_one(det: Detector, subjects: Sequence[Any], produced: dict, per_subject: dict | None = None
             ) -> tuple[list[Finding], DetectorRun]:
    """Run ``det`` over ``subjects`` (keys unique); with ``per_subject``, every error message
    is also listed under the key of each subject it concerns (a failed ``prepare``: all)."""
    examined = not_available = errors = 0
    messages: list[str] = []
    out: list[Finding] = []
    depends_on, det_id = det.depends_on, det.id
    available, detect = det.available, det.detect
    prepare = getattr(det, "prepare", None)
    if prepare is not None:  # optional: vectorised work over all subjects at once (models)
        try:
            prepare(subjects)
        except Exception as exc:  # noqa: BLE001 — the per-subject path still runs
            messages.append(f"prepare: {type(exc).__name__}: {exc}")
            for subj in subjects if per_subject is not None else ():
                per_subject.setdefault(subj.key, []).append(messages[-1])
    for subj in subjects:
        kind = type(subj)
        key = subj.key if kind is PostView or kind is CommentView else subject_ref(subj)[0]
        upstream = {dep: produced.get((key, dep), []) for dep in depends_on} if depends_on else {}
        try:
            if not available(subj):
                not_available += 1
                continue
            examined += 1
            found = list(detect(subj, upstream))
        except Exception as exc:  # noqa: BLE001 — coverage records every failure
            errors += 1
            message = f"{key}: {type(exc).__name__}: {exc}"
            if len(messages) < MAX_ERROR_MESSAGES:
                messages.append(message)
            if per_subject is not None:
                per_subject.setdefault(key, []).append(message)
            continue
        produced[(key, det_id)] = found
        out.extend(found)
    run = DetectorRun(det.id, det.version, det.scope, examined, not_available, errors, len(out),
                      tuple(messages))
    return out, run


def sort_key(f: Finding) -> tuple:
    start = next((e.start for e in f.evidence if e.start is not None), -1)
    return (f.subject, f.detector, start, f.category or "", f.message)


def run(detectors: Iterable[Detector], creator: CreatorView) -> EngineResult:
    """Run ``detectors`` (plus their dependencies) over one creator."""
    produced: dict[tuple[str, str], list[Finding]] = {}
    result = EngineResult()
    with batched():  # (the garbage collector walks the heap less often meanwhile)
        for det in order(detectors):
            found, det_run = _run_one(det, _subjects(det, creator), produced)
            result.findings.extend(found)
            result.runs.append(det_run)
        result.findings.sort(key=sort_key)
    return result


# --------------------------------------------------------------------------- batch mode

def _evidence_dict(e: Evidence) -> dict:
    return {"field": e.field, "quote": e.quote, "start": e.start, "end": e.end, "time_s": e.time_s}


def finding_dict(f: Finding) -> dict:
    """Flat JSON-able rendering of a finding (first textual evidence promoted to top level)."""
    main = next((e for e in f.evidence if e.start is not None), f.evidence[0] if f.evidence else None)
    return {
        "detector": f.detector,
        "version": f.version,
        "confidence": f.confidence,
        "severity": f.severity,
        "quote": main.quote if main else None,
        "start": main.start if main else None,
        "end": main.end if main else None,
        "field": main.field if main else None,
        "message": f.message,
        "message_en": f.message_en,
        "legal_source": f.legal_source,
        "rule_confidence": f.rule_confidence,
        "category": f.category,
        "evidence": [_evidence_dict(e) for e in f.evidence],
        "data": f.data,
    }


BATCH = 256  # items run together by ``detect_items`` (bounds memory; enough for the vectorised models)


def detect_items(items: Iterable[Mapping[str, Any]], detectors: Iterable[Detector] | None = None
                 ) -> Iterator[dict]:
    """For each ``{"id", "text", ...}`` yield ``{"id", "findings": [...]}`` (plus ``errors``).

    Post fields accepted: hashtags, links, mentions, paid_partnership, declared_collaboration,
    transcript (string or segments), platform, format, duration_s, product_categories,
    published_at. ``"scope": "comment"`` treats the text as a comment. Items are read up to
    ``BATCH`` at a time and run together (``detect_subjects``); an invalid item raises
    ``ValueError`` before any result of its batch is yielded.
    """
    if detectors is None:
        from tinnhiem.detectors.registry import all_detectors

        detectors = all_detectors().values()
    ordered = order(detectors)
    remaining = iter(items)
    while chunk := list(itertools.islice(remaining, BATCH)):
        yield from detect_subjects([item_subject(item) for item in chunk], ordered)


def detect_subjects(subjects: Sequence[PostView | CommentView], detectors: Iterable[Detector]) -> list[dict]:
    """``detect_items``' results for validated subjects (``item_subject``), in their order.

    Each detector runs once over all subjects of its scope, so its ``prepare`` sees them
    together (the comment models featurise them in one vectorised pass). The results are those
    of running every subject alone: a detector's findings for one subject never depend on the
    others, and subjects sharing an id are run in separate groups (upstream findings are
    looked up by id)."""
    ordered = order(detectors)
    out: list[dict] = []
    with batched():
        for group in _unique_key_groups(subjects):
            produced: dict = {}
            errors: dict[str, list[str]] = {}
            for det in ordered:
                scoped = [s for s in group if _scope(s) == det.scope]
                if scoped:
                    _run_one(det, scoped, produced, errors)
            for subject in group:
                findings = [f for det in ordered for f in produced.get((subject.key, det.id), ())]
                findings.sort(key=sort_key)
                result = {"id": subject.key, "findings": [finding_dict(f) for f in findings]}
                if subject.key in errors:
                    result["errors"] = errors[subject.key]
                out.append(result)
    return out


def _scope(subject: PostView | CommentView) -> str:
    return "comment" if isinstance(subject, CommentView) else "post"


def _unique_key_groups(subjects: Sequence[Any]) -> Iterator[list[Any]]:
    """Consecutive runs of ``subjects`` in which no key repeats."""
    group: list[Any] = []
    keys: set[str] = set()
    for subject in subjects:
        if subject.key in keys:
            yield group
            group, keys = [], set()
        group.append(subject)
        keys.add(subject.key)
    if group:
        yield group
