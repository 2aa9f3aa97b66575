"""Use cases of public verification: a certificate's status by serial with its log proof,
the log's checkpoint and proofs, and the verification of an uploaded bundle.

The status shown is the registry's answer (``valid``, ``suspended``, ``revoked``, ``expired``,
``superseded`` or ``unknown``); the log proof lets anyone check it independently. Proofs are
checked here too (server-side) before they are shown as verified.

Checkpoints: the newest stored signed checkpoint is reused while it covers what is asked; a
new one is signed (and recorded) only when the log has grown past it.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tinnhiem import signing, verification
from tinnhiem.ledger import log, merkle
from tinnhiem.services.keys import active_key, public_key_pems, public_keys
from tinnhiem.store import tables

STATES = ("valid", "suspended", "revoked", "expired", "superseded", "unknown")


def certificate_state(cert: tables.Certificate, now: datetime) -> str:
    """The public state of a certificate row at ``now``."""
    if cert.status == "active":
        return "valid" if cert.valid_until > now else "expired"
    return cert.status if cert.status in STATES else "unknown"


def _stored_checkpoint(session: Session, origin: str, min_size: int) -> dict | None:
    row = session.scalars(select(tables.LogCheckpoint).where(tables.LogCheckpoint.origin == origin)
                          .order_by(tables.LogCheckpoint.id.desc()).limit(1)).first()
    if row is None or row.size < min_size:
        return None
    body = log.checkpoint_body(origin=row.origin, size=row.size, root_hash=bytes.fromhex(row.root_hash),
                               at=row.created_at)
    doc = {"checkpoint": body, "signature": {"alg": "Ed25519", "key_id": row.key_id, "signature": row.signature}}
    return doc if log.verify_checkpoint(doc, public_keys(session)) else None


def current_checkpoint(factory: sessionmaker[Session], *, key_dir: Path, env: str, origin: str,
                       at: datetime | None = None) -> dict:
    """A signed checkpoint of the whole log as it is now."""
    with factory() as session, session.begin():
        size = log.log_size(session)
        found = _stored_checkpoint(session, origin, size)
        if found is not None and found["checkpoint"]["size"] == size:
            return found
        key = active_key(session, key_dir=key_dir, env=env)
        return log.sign_checkpoint(session, key=key, origin=origin, at=at or datetime.now(timezone.utc))


def certificate_status(factory: sessionmaker[Session], *, serial: str, key_dir: Path, env: str, origin: str,
                       now: datetime | None = None) -> dict[str, Any]:
    """Everything the verification page shows; ``status == "unknown"`` for an unknown serial."""
    now = now or datetime.now(timezone.utc)
    with factory() as session:
        cert = session.scalars(select(tables.Certificate).filter_by(serial=serial)).one_or_none()
        if cert is None:
            return {"serial": serial, "status": "unknown"}
        inf = session.get(tables.Influencer, cert.influencer_id)
        out = {"serial": cert.serial, "status": certificate_state(cert, now), "tier": cert.tier,
               "influencer": inf.key, "influencer_name": inf.name, "issued_at": cert.issued_at.isoformat(),
               "valid_until": cert.valid_until.isoformat(), "certificate": cert.document,
               "signature": {"alg": "Ed25519", "key_id": cert.key_id, "signature": cert.signature},
               "signature_valid": signing.verify_document(cert.document, {"alg": "Ed25519", "key_id": cert.key_id,
                                                                          "signature": cert.signature},
                                                          public_keys(session))}
        seq = cert.log_seq
    out["log"] = _proof_for(factory, seq, key_dir=key_dir, env=env, origin=origin, now=now)
    return out


def _proof_for(factory, seq: int, *, key_dir: Path, env: str, origin: str, now: datetime) -> dict[str, Any]:
    with factory() as session:
        checkpoint = _stored_checkpoint(session, origin, seq + 1)
    if checkpoint is None:
        try:
            checkpoint = current_checkpoint(factory, key_dir=key_dir, env=env, origin=origin, at=now)
        except (LookupError, ValueError):  # no usable signing key: the entry without a proof
            checkpoint = None
    with factory() as session:
        entry = session.get(tables.LogEntry, seq)
        if checkpoint is None:
            return {"seq": seq, "kind": entry.kind, "entry": entry.body, "checkpoint": None,
                    "inclusion_proof": [], "verified": False}
        size = checkpoint["checkpoint"]["size"]
        proof = log.inclusion_proof(session, seq, size)
    root = signing.b64url_decode(checkpoint["checkpoint"]["root"])
    verified = merkle.verify_inclusion(merkle.leaf_hash(entry.body.encode("utf-8")), seq, size, proof, root)
    return {"seq": seq, "kind": entry.kind, "entry": entry.body, "checkpoint": checkpoint,
            "inclusion_proof": [signing.b64url(p) for p in proof], "verified": verified}


def log_proof(factory: sessionmaker[Session], *, seq: int | None = None, old_size: int | None = None,
              size: int | None = None) -> dict[str, Any]:
    """An inclusion proof (``seq``) or consistency proof (``old_size``) at ``size`` (default: now).
    Out-of-range numbers raise ValueError."""
    with factory() as session:
        n = log.log_size(session)
    size = n if size is None else size
    if not 0 < size <= n:
        raise ValueError(f"size must be between 1 and the log size ({n})")
    if seq is not None:
        if not 0 <= seq < size:
            raise ValueError(f"seq must be between 0 and {size - 1}")
        from tinnhiem.services.certify import prove

        return prove(factory, seq=seq, size=size)
    if old_size is None or not 0 < old_size <= size:
        raise ValueError(f"old size must be between 1 and {size}")
    from tinnhiem.services.certify import prove

    return prove(factory, old_size=old_size, size=size)


def verify_uploaded_bundle(factory: sessionmaker[Session], *, bundle: Any, now: datetime | None = None) -> dict[str, Any]:
    """Verify a bundle against the issuer's own public keys, then compare with the registry."""
    now = now or datetime.now(timezone.utc)
    if not isinstance(bundle, dict):
        return {"status": "invalid", "checks": [{"name": "format", "passed": False, "detail": "not a JSON object"}],
                "registry_status": None}
    with factory() as session:
        trusted = public_key_pems(session)
        try:
            result = verification.verify_bundle(bundle, trusted_keys=trusted, now=now)
        except (KeyError, TypeError, ValueError, AttributeError):
            result = verification.Verification()
            result.check("format", False, "tệp chứng nhận hỏng / malformed bundle")
        serial = (bundle.get("certificate") or {}).get("serial") if isinstance(bundle.get("certificate"), dict) else None
        cert = session.scalars(select(tables.Certificate).filter_by(serial=str(serial))).one_or_none() if serial else None
        registry = certificate_state(cert, now) if cert is not None else "unknown"
    status = result.status
    if status == "valid" and registry != "valid":
        status = registry if registry != "unknown" else "invalid"
    return {"status": status, "serial": serial if isinstance(serial, str) else None, "registry_status": registry,
            "checks": [{"name": n, "passed": ok, "detail": d} for n, ok, d in result.checks]}
