"""Canonical JSON Lines import: validate, normalise (NFC), pseudonymise, upsert.

* Records are upserted by natural key; ``content_hash`` (SHA-256 of the normalised record)
  tells unchanged records, which are not written. Importing a file twice changes nothing.
* A bad line (JSON, schema, unknown reference, database refusal) is rejected with its file,
  line and field, appended to a quarantine file, and the rest of the file is kept.
* Work is committed in batches; a batch that fails in the database is rolled back and
  replayed one record per transaction, so no record is ever half-written.
* Memory stays flat: files are streamed, id caches are bounded.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from tinnhiem.services._ingest_batch import Batch, IdCache, Item, Reject
from tinnhiem.sources.jsonl import RawLine, RecordError, iter_lines, parse_line, validate_record

DEFAULT_BATCH_SIZE = 500
_KINDS = frozenset(
    ("influencer", "account", "post", "comment", "metric_snapshot", "audience_sample", "product", "collaboration", "complaint")
)
MAX_ERRORS_KEPT = 1000  # the report keeps the first errors; every one is counted and quarantined

#: ``progress(path, bytes_done, bytes_total)`` — called after each batch and at end of file.
ProgressCallback = Callable[[Path, int, int], None]


@dataclass
class ImportReport:
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RecordError] = field(default_factory=list)  # the first MAX_ERRORS_KEPT
    by_kind: dict[str, Counter] = field(default_factory=dict)  # kind -> {inserted, updated, unchanged, rejected}
    quarantine_files: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.rejected == 0

    @property
    def lines_per_second(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        return (
            f"read {self.read}, inserted {self.inserted}, updated {self.updated}, "
            f"unchanged {self.unchanged}, rejected {self.rejected}"
        )

    def _count(self, kind: str, status: str, n: int = 1) -> None:
        setattr(self, status, getattr(self, status) + n)
        self.by_kind.setdefault(kind, Counter())[status] += n


# --------------------------------------------------------------------------- helpers


def nfc(value: Any) -> Any:
    """NFC-normalise every string in a JSON value (keys are schema-defined ASCII)."""
    if isinstance(value, str):
        return value if unicodedata.is_normalized("NFC", value) else unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: nfc(v) for k, v in value.items()}
    return value


def pseudonymise(platform: str, identifier: str, key: str | bytes) -> str:
    """Keyed pseudonym of a commenter/follower: HMAC-SHA256(platform, id), 16 hex chars."""
    if isinstance(key, str):
        key = key.encode("utf-8")
    message = f"{platform}\x1f{identifier}".encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:16]


def record_hash(record: dict[str, Any]) -> str:
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def default_quarantine_path(path: Path) -> Path:
    """``posts.jsonl`` -> ``posts.quarantine.jsonl`` beside the input."""
    return path.with_name(f"{path.stem}.quarantine.jsonl")


def _pseudonymise_record(record: dict[str, Any], key: bytes) -> dict[str, Any]:
    kind = record["kind"]
    if kind == "comment":
        record = dict(record)
        record["author"] = pseudonymise(record["post"]["platform"], record.pop("author"), key)
    elif kind == "audience_sample":
        record = dict(record)
        follower = dict(record["follower"])
        follower["id"] = pseudonymise(record["account"]["platform"], follower["id"], key)
        record["follower"] = follower
    return record


# --------------------------------------------------------------------------- quarantine


class _Quarantine:
    """Appends rejected lines to JSONL files, opened lazily."""

    def __init__(self, fixed: Path | None) -> None:
        self.fixed = fixed
        self.handles: dict[Path, Any] = {}

    def write(self, raw: RawLine, error: RecordError) -> Path:
        target = self.fixed or default_quarantine_path(raw.path)
        handle = self.handles.get(target)
        if handle is None:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle = self.handles[target] = target.open("a", encoding="utf-8")
        entry = {"file": error.file, "line": error.line, "field": error.field, "error": str(error), "record": raw.text}
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        return target

    def close(self) -> list[Path]:
        for handle in self.handles.values():
            handle.close()
        return list(self.handles)


# --------------------------------------------------------------------------- import


class _Importer:
    def __init__(self, factory: sessionmaker[Session], key: bytes, report: ImportReport, quarantine: _Quarantine):
        self.factory = factory
        self.key = key
        self.report = report
        self.quarantine = quarantine
        self.cache = IdCache()
        self.batches = 0

    def prepare(self, raw: RawLine) -> Item | Reject:
        value = parse_line(raw)
        if isinstance(value, RecordError):
            return Reject(raw, value)
        value = nfc(value)
        error = validate_record(value, file=str(raw.path), line=raw.line_no)
        if error is not None:
            kind = value.get("kind")
            return Reject(raw, error, kind if isinstance(kind, str) and kind in _KINDS else "unknown")
        record = _pseudonymise_record(value, self.key)
        return Item(raw, record, record_hash(record))

    def flush(self, prepared: list[Item | Reject]) -> None:
        items = [p for p in prepared if isinstance(p, Item)]
        outcomes: dict[int, str | Reject] = {}
        if items:
            outcomes = self._commit(items)
        for entry in prepared:
            result = entry if isinstance(entry, Reject) else outcomes[entry.raw.line_no]
            if isinstance(result, Reject):
                self._reject(result)
            else:
                self.report._count(entry.record["kind"], result)

    def _commit(self, items: list[Item]) -> dict[int, str | Reject]:
        try:
            with self.factory() as session:
                batch = Batch(session, self.cache)
                outcomes = batch.apply(items)
                session.commit()
        except SQLAlchemyError as exc:
            if len(items) == 1:
                item = items[0]
                message = f"the database refused the record: {_short(exc)}"
                error = RecordError(str(item.raw.path), item.raw.line_no, None, message)
                return {item.raw.line_no: Reject(item.raw, error, item.record["kind"])}
            outcomes = {}
            for item in items:  # replay one record per transaction to isolate the culprit
                outcomes.update(self._commit([item]))
            return outcomes
        self.cache.merge(batch.ids)
        self._refresh_statistics(batch.inserted_tables)
        return outcomes

    def _refresh_statistics(self, tables: set[str]) -> None:
        """PostgreSQL plans the per-batch key lookups from table statistics, which a fresh bulk
        import leaves stale (autovacuum lags): without them it scans instead of using the
        natural-key index. ANALYZE the grown tables after batches 1, 4, 16, 64, ... ."""
        self.batches += 1
        if not tables or self.batches & (self.batches - 1) or self.batches.bit_length() % 2 == 0:
            return
        with self.factory() as session:
            if session.get_bind().dialect.name != "postgresql":
                return
            try:
                for table in sorted(tables):
                    session.execute(text(f'ANALYZE "{table}"'))
                session.commit()
            except SQLAlchemyError:  # an optimisation only (e.g. not the table owner)
                session.rollback()

    def _reject(self, reject: Reject) -> None:
        self.report._count(reject.kind, "rejected")
        if len(self.report.errors) < MAX_ERRORS_KEPT:
            self.report.errors.append(reject.error)
        self.quarantine.write(reject.raw, reject.error)


def _short(exc: SQLAlchemyError) -> str:
    message = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    return message[:300]


def import_files(
    session_factory: sessionmaker[Session],
    paths: Iterable[str | Path],
    *,
    quarantine_path: str | Path | None = None,
    progress: ProgressCallback | None = None,
    pseudonym_key: str | bytes | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> ImportReport:
    """Import canonical JSON Lines files, in order, into the database behind ``session_factory``.

    ``quarantine_path``: where rejected lines go (default ``<stem>.quarantine.jsonl`` beside
    each input). ``pseudonym_key``: default ``get_settings().pseudonym_key``.
    """
    paths = [Path(p) for p in paths]
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no such file")
    if pseudonym_key is None:
        from tinnhiem.settings import get_settings

        pseudonym_key = get_settings().pseudonym_key.get_secret_value()
    key = pseudonym_key.encode("utf-8") if isinstance(pseudonym_key, str) else pseudonym_key
    report = ImportReport()
    quarantine = _Quarantine(Path(quarantine_path) if quarantine_path else None)
    importer = _Importer(session_factory, key, report, quarantine)
    started = time.perf_counter()
    try:
        for path in paths:
            _import_file(importer, path, progress, batch_size)
    finally:
        report.quarantine_files = quarantine.close()
        report.seconds = time.perf_counter() - started
    return report


def _import_file(importer: _Importer, path: Path, progress: ProgressCallback | None, batch_size: int) -> None:
    total = path.stat().st_size
    pending: list[Item | Reject] = []
    done = 0
    if progress:
        progress(path, 0, total)
    for raw in iter_lines(path):
        importer.report.read += 1
        pending.append(importer.prepare(raw))
        done = raw.end_offset
        if len(pending) >= batch_size:
            importer.flush(pending)
            pending = []
            if progress:
                progress(path, done, total)
    if pending:
        importer.flush(pending)
    if progress:
        progress(path, total, total)
