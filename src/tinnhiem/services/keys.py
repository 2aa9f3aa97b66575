"""Use cases for signing keys: generate, rotate, load the active key, list verification keys.

Private keys are PEM files in the key folder (created 0600); the database keeps every public
key with its purpose and retirement time, so certificates signed before a rotation keep
verifying. A development key is refused outside the development environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tinnhiem import signing
from tinnhiem.store import tables


@dataclass(frozen=True)
class KeyInfo:
    key_id: str
    purpose: str
    created_at: datetime
    retired_at: datetime | None


def key_path(key_dir: Path, key_id: str) -> Path:
    return Path(key_dir) / (key_id.replace(":", "_") + ".pem")


def generate_key(factory: sessionmaker[Session], *, key_dir: Path, purpose: str = "production",
                 at: datetime | None = None) -> KeyInfo:
    """Create a key and make it the active one; the previous active key is retired (rotation)."""
    if purpose not in ("production", signing.DEVELOPMENT_MARKER):
        raise ValueError(f"purpose must be production or development, not {purpose!r}")
    at = at or datetime.now(timezone.utc)
    key = signing.SigningKey.generate(purpose)
    path = key_path(key_dir, key.key_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key.private_pem())
    with factory() as session, session.begin():
        for old in session.scalars(select(tables.SigningKeyRecord).where(tables.SigningKeyRecord.retired_at.is_(None))):
            old.retired_at = at
        session.add(tables.SigningKeyRecord(key_id=key.key_id, public_pem=key.public_pem().decode("ascii"),
                                            purpose=purpose, created_at=at))
    return KeyInfo(key.key_id, purpose, at, None)


def active_key(session: Session, *, key_dir: Path, env: str) -> signing.SigningKey:
    record = session.scalars(
        select(tables.SigningKeyRecord).where(tables.SigningKeyRecord.retired_at.is_(None))
        .order_by(tables.SigningKeyRecord.created_at.desc())
    ).first()
    if record is None:
        raise LookupError("no active signing key: run `tinnhiem keys generate` first")
    path = key_path(key_dir, record.key_id)
    if not path.exists():
        raise LookupError(f"private key for {record.key_id} not found in {key_dir}")
    key = signing.load_private_pem(path.read_bytes(), record.purpose)
    if key.key_id != record.key_id:
        raise ValueError(f"{path} does not hold key {record.key_id}")
    signing.refuse_development_key(key, env)
    return key


def public_keys(session: Session) -> dict:
    """Every key id ever used → its public key (retired ones included)."""
    return {r.key_id: signing.load_public_pem(r.public_pem.encode("ascii"))
            for r in session.scalars(select(tables.SigningKeyRecord))}


def public_key_pems(session: Session) -> dict[str, str]:
    return {r.key_id: r.public_pem for r in session.scalars(select(tables.SigningKeyRecord).order_by(tables.SigningKeyRecord.key_id))}


def list_keys(session: Session) -> list[KeyInfo]:
    rows = session.scalars(select(tables.SigningKeyRecord).order_by(tables.SigningKeyRecord.created_at))
    return [KeyInfo(r.key_id, r.purpose, r.created_at, r.retired_at) for r in rows]
