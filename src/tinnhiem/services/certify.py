"""Use cases: issue certificates to eligible creators, export verification bundles, export the log.

A certificate is a canonical JSON body signed with Ed25519; its issuance is a leaf of the
transparency log (``certificate.issued/v1``) that commits to the body's SHA-256. The bundle a
creator hands out carries everything an offline verifier needs: body, signature, the log
entry, its inclusion proof and a signed checkpoint, and the issuer's public keys.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from tinnhiem import signing
from tinnhiem.ledger import log
from tinnhiem.model import CRITERIA
from tinnhiem.services.keys import active_key, public_key_pems
from tinnhiem.services.listing import refresh_listing
from tinnhiem.services.ownership import verified_account_keys
from tinnhiem.services.reports import latest_assessments
from tinnhiem.store import tables

CERTIFICATE_TYPE = "tinnhiem.certificate/v1"
BUNDLE_FORMAT = "tinnhiem.certificate-bundle/v1"
LOG_EXPORT_FORMAT = "tinnhiem.log-export/v1"


@dataclass(frozen=True)
class IssueResult:
    influencer_key: str
    outcome: str  # issued | not_eligible | no_verified_account | already_certified (renewals are "issued")
    serial: str | None = None
    detail: str = ""


def certificate_digest(body: dict) -> str:
    return hashlib.sha256(signing.canonical_json(body)).hexdigest()


def certify(factory: sessionmaker[Session], *, key_dir: Path, env: str, origin: str, keys: list[str] | None = None,
            at: datetime | None = None, validity_days: int = 365) -> list[IssueResult]:
    """Issue a certificate to every creator (or the given ones) whose latest assessment is
    eligible and who has at least one verified account."""
    at = at or datetime.now(timezone.utc)
    results = []
    with factory() as session, session.begin():
        key = active_key(session, key_dir=key_dir, env=env)
        for a in sorted(latest_assessments(session), key=lambda a: a.influencer_id):
            inf = session.get(tables.Influencer, a.influencer_id)
            if keys is not None and inf.key not in keys:
                continue
            results.append(_issue_one(session, key, origin, inf, a, at, validity_days))
    return results


def _issue_one(session, key, origin, inf, a, at, validity_days) -> IssueResult:
    current = session.scalars(select(tables.Certificate).where(
        tables.Certificate.influencer_id == inf.id, tables.Certificate.assessment_id == a.id)).first()
    if current is not None:
        return IssueResult(inf.key, "already_certified", current.serial)
    if not a.eligible:
        failed = [g["id"] for g in a.gates if not g["passed"]]
        return IssueResult(inf.key, "not_eligible", detail=", ".join(failed))
    accounts = verified_account_keys(session, inf.id)
    if not accounts:
        return IssueResult(inf.key, "no_verified_account", detail="verify at least one account first")
    serial = _next_serial(session, at)
    body = _certificate_body(session, inf, a, accounts, serial, key.key_id, origin, at, validity_days)
    sig = signing.sign_document(body, key)
    previous = session.scalars(select(tables.Certificate).where(
        tables.Certificate.influencer_id == inf.id, tables.Certificate.status == "active")).first()
    entry_body = {"serial": serial, "influencer": inf.key, "tier": a.tier, "valid_until": body["valid_until"],
                  "certificate_sha256": certificate_digest(body), "key_id": key.key_id}
    if previous is not None:  # renewal on re-assessment: the new certificate replaces the old one
        previous.status = "superseded"
        entry_body["replaces"] = previous.serial
    entry = log.append_entry(session, kind="certificate.renewed/v1" if previous else "certificate.issued/v1",
                             at=at, body=entry_body)
    session.add(tables.Certificate(
        serial=serial, influencer_id=inf.id, assessment_id=a.id, status="active", tier=a.tier, issued_at=at,
        valid_until=at + timedelta(days=validity_days), key_id=key.key_id, document=body,
        signature=sig["signature"], log_seq=entry.seq,
    ))
    session.flush()
    refresh_listing(session, [inf.id])
    return IssueResult(inf.key, "issued", serial)


def _next_serial(session: Session, at: datetime) -> str:
    count = session.scalar(select(func.count()).select_from(tables.Certificate)) or 0
    return f"TN-{at.year}-{count + 1:06d}"


def _certificate_body(session, inf, a, account_keys, serial, key_id, origin, at, validity_days) -> dict:
    scores = {c.criterion: c.score for c in session.scalars(select(tables.CriterionScore).filter_by(assessment_id=a.id))}
    accounts = []
    for account_key in account_keys:
        platform, _, pid = account_key.partition(":")
        acc = session.scalars(select(tables.Account).filter_by(platform=platform, platform_id=pid)).one()
        accounts.append({"platform": platform, "platform_id": pid, "handle": acc.handle})
    return {
        "type": CERTIFICATE_TYPE, "serial": serial, "issuer": origin,
        "creator": {"id": inf.key, "name": inf.name}, "accounts": accounts,
        "tier": a.tier, "tier_label_vi": (a.summary or {}).get("tier_label_vi", ""),
        "scores": {"total": a.total, **{c: scores.get(c) for c in CRITERIA}},
        "methodology": {"version": a.methodology_version, "digest": a.methodology_digest},
        "assessment_id": a.id, "valid_from": at.isoformat(),
        "valid_until": (at + timedelta(days=validity_days)).isoformat(), "key_id": key_id,
    }


def export_bundle(factory: sessionmaker[Session], *, serial: str, key_dir: Path, env: str, origin: str,
                  at: datetime | None = None) -> dict:
    """Everything needed to verify one certificate offline, with a fresh signed checkpoint."""
    at = at or datetime.now(timezone.utc)
    with factory() as session, session.begin():
        cert = session.scalars(select(tables.Certificate).filter_by(serial=serial)).one_or_none()
        if cert is None:
            raise LookupError(f"no certificate with serial {serial!r}")
        checkpoint = log.sign_checkpoint(session, key=active_key(session, key_dir=key_dir, env=env), origin=origin, at=at)
        entry = session.get(tables.LogEntry, cert.log_seq)
        proof = log.inclusion_proof(session, cert.log_seq, checkpoint["checkpoint"]["size"])
        return {
            "format": BUNDLE_FORMAT,
            "certificate": cert.document,
            "signature": {"alg": "Ed25519", "key_id": cert.key_id, "signature": cert.signature},
            "log": {"seq": cert.log_seq, "entry": entry.body, "inclusion_proof": [signing.b64url(p) for p in proof],
                    "checkpoint": checkpoint},
            "keys": public_key_pems(session),
        }


def export_log(factory: sessionmaker[Session], *, key_dir: Path, env: str, origin: str,
               at: datetime | None = None) -> dict:
    """The whole log with a signed checkpoint: lets a verifier check revocations offline."""
    at = at or datetime.now(timezone.utc)
    with factory() as session, session.begin():
        checkpoint = log.sign_checkpoint(session, key=active_key(session, key_dir=key_dir, env=env), origin=origin, at=at)
        entries = session.scalars(select(tables.LogEntry.body).order_by(tables.LogEntry.seq)).all()
        return {"format": LOG_EXPORT_FORMAT, "entries": list(entries), "checkpoint": checkpoint,
                "keys": public_key_pems(session)}


def sign_log_checkpoint(factory: sessionmaker[Session], *, key_dir: Path, env: str, origin: str,
                        at: datetime | None = None) -> dict:
    with factory() as session, session.begin():
        return log.sign_checkpoint(session, key=active_key(session, key_dir=key_dir, env=env), origin=origin,
                                   at=at or datetime.now(timezone.utc))


def prove(factory: sessionmaker[Session], *, seq: int | None = None, old_size: int | None = None,
          size: int | None = None) -> dict:
    """Inclusion proof of entry ``seq`` or consistency proof from ``old_size``, at ``size``."""
    with factory() as session:
        n = size if size is not None else log.log_size(session)
        if seq is not None:
            proof = log.inclusion_proof(session, seq, n)
            return {"seq": seq, "size": n, "root": signing.b64url(log.root(session, n)),
                    "inclusion_proof": [signing.b64url(p) for p in proof]}
        proof = log.consistency_proof(session, old_size, n)
        return {"old_size": old_size, "size": n, "old_root": signing.b64url(log.root(session, old_size)),
                "root": signing.b64url(log.root(session, n)), "consistency_proof": [signing.b64url(p) for p in proof]}


def export_vc_jwt(factory: sessionmaker[Session], *, serial: str, key_dir: Path, env: str, issuer_id: str) -> str:
    """The certificate as a W3C Verifiable Credential JWT, signed with the active key."""
    from tinnhiem.vc import issue_vc_jwt

    with factory() as session:
        cert = session.scalars(select(tables.Certificate).filter_by(serial=serial)).one_or_none()
        if cert is None:
            raise LookupError(f"no certificate with serial {serial!r}")
        return issue_vc_jwt(cert.document, active_key(session, key_dir=key_dir, env=env), issuer_id=issuer_id)
