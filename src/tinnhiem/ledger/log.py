"""The transparency log in the database: append, roots, proofs, signed checkpoints.

Functions take a Session and never commit: the calling service owns the transaction. The
tables are append-only at the database level (migration 0002). One writer at a time is
assumed; a concurrent append fails on the primary key rather than forking the log.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from tinnhiem import signing
from tinnhiem.ledger import merkle
from tinnhiem.ledger.entries import entry_bytes
from tinnhiem.store.tables import LogCheckpoint, LogEntry, LogSubtree


class DbSubtrees(merkle.SubtreeStore):
    """A ``SubtreeStore`` whose stored subtree roots live in ``log_subtree`` / ``log_entry``."""

    def __init__(self, session: Session) -> None:
        super().__init__(levels=None)
        self.session = session
        last = session.scalar(select(func.max(LogEntry.seq)))  # the primary-key index answers at once
        self._size = 0 if last is None else last + 1
        self._cache: dict[tuple[int, int], bytes] = {}
        self._recording: set[tuple[int, int]] | None = None

    @property
    def size(self) -> int:
        return self._size

    def stored(self, level: int, index: int) -> bytes:
        key = (level, index)
        if self._recording is not None:  # dry run: note what is needed, hash placeholders
            self._recording.add(key)
            return self._cache.get(key, bytes(32))
        if key not in self._cache:
            self._fetch({key})
        return self._cache[key]

    def _fetch(self, keys: set[tuple[int, int]]) -> None:
        """Load stored hashes in two queries, whatever their number."""
        missing = {k for k in keys if k not in self._cache}
        leaves = sorted(i for lvl, i in missing if lvl == 0)
        inner = sorted(k for k in missing if k[0] > 0)
        if leaves:
            for seq, h in self.session.execute(select(LogEntry.seq, LogEntry.leaf_hash).where(LogEntry.seq.in_(leaves))):
                self._cache[(0, seq)] = bytes.fromhex(h)
        if inner:
            by_level: dict[int, list[int]] = {}
            for level, idx in inner:
                by_level.setdefault(level, []).append(idx)
            # one "level = ? AND idx IN (...)" term per level: each is served by the primary-key index
            where = or_(*(and_(LogSubtree.level == level, LogSubtree.idx.in_(idxs)) for level, idxs in by_level.items()))
            rows = self.session.execute(select(LogSubtree.level, LogSubtree.idx, LogSubtree.hash).where(where))
            for level, idx, h in rows:
                self._cache[(level, idx)] = bytes.fromhex(h)
        absent = sorted(k for k in missing if k not in self._cache)
        if absent:
            raise LookupError(f"log subtree hashes missing: {absent[:5]}")

    def prefetched(self, compute):
        """Run ``compute`` once dry to learn which stored hashes it reads, fetch them together,
        then run it for real: a proof costs two queries instead of one per node."""
        self._recording = set()
        try:
            compute()
        finally:
            needed, self._recording = self._recording, None
        self._fetch(needed)
        return compute()

    def append(self, leaf: bytes) -> int:
        raise TypeError("append through ledger.log.append_entry, which records the entry too")


def append_entry(session: Session, *, kind: str, body: dict, at: datetime) -> LogEntry:
    tree = DbSubtrees(session)
    seq = tree.size
    data = entry_bytes(kind=kind, seq=seq, at=at, body=body)
    leaf = merkle.leaf_hash(data)
    row = LogEntry(seq=seq, kind=kind, body=data.decode("utf-8"), leaf_hash=leaf.hex(), created_at=at)
    session.add(row)
    for level, idx, digest in merkle.parents_completed(seq, leaf, tree.stored):
        session.add(LogSubtree(level=level, idx=idx, hash=digest.hex()))
    session.flush()
    return row


def log_size(session: Session) -> int:
    return DbSubtrees(session).size


def root(session: Session, size: int | None = None) -> bytes:
    tree = DbSubtrees(session)
    return tree.prefetched(lambda: tree.root(size))


def inclusion_proof(session: Session, seq: int, size: int | None = None) -> list[bytes]:
    tree = DbSubtrees(session)
    return tree.prefetched(lambda: tree.inclusion_proof(seq, size))


def consistency_proof(session: Session, m: int, n: int | None = None) -> list[bytes]:
    tree = DbSubtrees(session)
    return tree.prefetched(lambda: tree.consistency_proof(m, n))


def checkpoint_body(*, origin: str, size: int, root_hash: bytes, at: datetime) -> dict:
    return {"origin": origin, "size": size, "root": signing.b64url(root_hash), "at": at.isoformat()}


def sign_checkpoint(session: Session, *, key: signing.SigningKey, origin: str, at: datetime) -> dict:
    """Sign and record the log's current size and root; returns the checkpoint document."""
    tree = DbSubtrees(session)
    root_hash = tree.prefetched(tree.root)
    body = checkpoint_body(origin=origin, size=tree.size, root_hash=root_hash, at=at)
    sig = signing.sign_document(body, key)
    session.add(LogCheckpoint(origin=origin, size=tree.size, root_hash=root_hash.hex(), created_at=at,
                              key_id=sig["key_id"], signature=sig["signature"]))
    session.flush()
    return {"checkpoint": body, "signature": sig}


def verify_checkpoint(document: dict, public_keys: dict) -> bool:
    return signing.verify_document(document["checkpoint"], document["signature"], public_keys)
