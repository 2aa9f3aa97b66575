"""The transparency log in the database: append, roots, proofs, signed checkpoints.

Functions take a Session and never commit: the calling service owns the transaction. The
tables are append-only at the database level (migration 0002). One writer at a time is
assumed; a concurrent append fails on the primary key rather than forking the log.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
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
        self._size = session.scalar(select(func.count()).select_from(LogEntry)) or 0
        self._cache: dict[tuple[int, int], bytes] = {}

    @property
    def size(self) -> int:
        return self._size

    def stored(self, level: int, index: int) -> bytes:
        key = (level, index)
        if key not in self._cache:
            if level == 0:
                value = self.session.scalar(select(LogEntry.leaf_hash).where(LogEntry.seq == index))
            else:
                value = self.session.scalar(
                    select(LogSubtree.hash).where(LogSubtree.level == level, LogSubtree.idx == index))
            if value is None:
                raise LookupError(f"log subtree ({level}, {index}) is missing")
            self._cache[key] = bytes.fromhex(value)
        return self._cache[key]

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
    return DbSubtrees(session).root(size)


def inclusion_proof(session: Session, seq: int, size: int | None = None) -> list[bytes]:
    return DbSubtrees(session).inclusion_proof(seq, size)


def consistency_proof(session: Session, m: int, n: int | None = None) -> list[bytes]:
    return DbSubtrees(session).consistency_proof(m, n)


def checkpoint_body(*, origin: str, size: int, root_hash: bytes, at: datetime) -> dict:
    return {"origin": origin, "size": size, "root": signing.b64url(root_hash), "at": at.isoformat()}


def sign_checkpoint(session: Session, *, key: signing.SigningKey, origin: str, at: datetime) -> dict:
    """Sign and record the log's current size and root; returns the checkpoint document."""
    tree = DbSubtrees(session)
    body = checkpoint_body(origin=origin, size=tree.size, root_hash=tree.root(), at=at)
    sig = signing.sign_document(body, key)
    session.add(LogCheckpoint(origin=origin, size=tree.size, root_hash=tree.root().hex(), created_at=at,
                              key_id=sig["key_id"], signature=sig["signature"]))
    session.flush()
    return {"checkpoint": body, "signature": sig}


def verify_checkpoint(document: dict, public_keys: dict) -> bool:
    return signing.verify_document(document["checkpoint"], document["signature"], public_keys)
