"""Offline verification of a certificate bundle — no database, no network.

Checks, each reported with a Vietnamese and an English line:
1. the Ed25519 signature over the certificate's canonical JSON, by a trusted key;
2. the log entry is the certificate's issuance and commits to exactly this certificate;
3. the entry is included in the log (RFC 9162 proof against the checkpoint's root);
4. the checkpoint is signed by a trusted key;
5. the validity period covers the verification time;
6. given a newer log export: it extends the same log, and no suspension or revocation of the
   serial is in force.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache

from cryptography.exceptions import InvalidSignature

from tinnhiem import signing
from tinnhiem.ledger import merkle

ISSUING_KINDS = ("certificate.issued/v1", "certificate.renewed/v1")
STATUS_KINDS = {
    "certificate.suspended/v1": "suspended",
    "certificate.revoked/v1": "revoked",
    "certificate.reinstated/v1": "active",
}


@dataclass
class Verification:
    status: str = "valid"  # valid | expired | suspended | revoked | superseded | invalid
    checks: list[tuple[str, bool, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "valid"

    def check(self, name: str, passed: bool, detail: str) -> bool:
        self.checks.append((name, passed, detail))
        if not passed:
            self.status = "invalid"
        return passed


@lru_cache(maxsize=256)
def _key(pem: str):
    return signing.load_public_pem(pem.encode("ascii"))


def _keys(pems: dict[str, str]) -> dict:
    return {kid: _key(pem) for kid, pem in pems.items()}


@lru_cache(maxsize=1024)
def _checkpoint_signed(checkpoint_json: str, signature: str, pem: str) -> bool:
    """Many certificates share one checkpoint: verify each (checkpoint, signature, key) once.
    The cache key is a plain JSON dump; the signature is checked over the RFC 8785 form."""
    try:
        _key(pem).verify(signing.b64url_decode(signature), signing.canonical_json(json.loads(checkpoint_json)))
    except (InvalidSignature, ValueError):
        return False
    return True


def _checkpoint_ok(doc: dict, keys_pem: dict[str, str]) -> bool:
    sig = doc.get("signature", {}) if isinstance(doc, dict) else {}
    pem = keys_pem.get(sig.get("key_id", ""))
    if not pem or sig.get("alg") != "Ed25519" or not isinstance(doc.get("checkpoint"), dict):
        return False
    return _checkpoint_signed(json.dumps(doc["checkpoint"], sort_keys=True), sig.get("signature", ""), pem)


def _signed(canonical: bytes, signature: dict, keys: dict) -> bool:
    key = keys.get(signature.get("key_id", "")) if isinstance(signature, dict) else None
    if key is None or signature.get("alg") != "Ed25519":
        return False
    try:
        key.verify(signing.b64url_decode(signature.get("signature", "")), canonical)
    except (InvalidSignature, ValueError):
        return False
    return True


def verify_bundle(bundle: dict, *, trusted_keys: dict[str, str] | None = None, log_export: dict | None = None,
                  now: datetime | None = None) -> Verification:
    """``trusted_keys``: key id → public PEM the verifier trusts; defaults to the keys inside
    the bundle (which proves integrity, not who issued it)."""
    now = now or datetime.now(timezone.utc)
    v = Verification()
    if not v.check("format", bundle.get("format") == "tinnhiem.certificate-bundle/v1",
                   "định dạng tệp chứng nhận / bundle format"):
        return v
    keys_pem = trusted_keys if trusted_keys is not None else bundle.get("keys", {})
    try:
        keys = _keys(keys_pem)
    except (ValueError, TypeError, AttributeError):
        v.check("keys", False, "khóa công khai hỏng / malformed public keys")
        return v
    cert, lg = bundle.get("certificate", {}), bundle.get("log", {})
    canonical = signing.canonical_json(cert)  # once: the signature and the log digest both cover these bytes
    if not v.check("signature", _signed(canonical, bundle.get("signature", {}), keys),
                   "chữ ký Ed25519 của chứng nhận / certificate signature"):
        return v
    entry_text = lg.get("entry", "")
    try:
        entry = json.loads(entry_text) if entry_text else {}
    except json.JSONDecodeError:
        entry = {}
    body = entry.get("body", {}) if isinstance(entry, dict) else {}
    same = (entry.get("kind") in ISSUING_KINDS and body.get("serial") == cert.get("serial")
            and body.get("certificate_sha256") == hashlib.sha256(canonical).hexdigest())
    v.check("log_entry", same, "mục nhật ký khớp chứng nhận / log entry commits to this certificate")
    cp_doc = lg.get("checkpoint", {})
    v.check("checkpoint", bool(cp_doc) and _checkpoint_ok(cp_doc, keys_pem),
            "điểm kiểm tra nhật ký có chữ ký / signed log checkpoint")
    cp = cp_doc.get("checkpoint", {})
    try:
        proof = [signing.b64url_decode(p) for p in lg.get("inclusion_proof", [])]
        included = bool(cp) and merkle.verify_inclusion(merkle.leaf_hash(entry_text.encode("utf-8")), int(lg.get("seq", -1)),
                                                        int(cp.get("size", 0)), proof, signing.b64url_decode(cp.get("root", "")))
    except (ValueError, TypeError):
        included = False
    v.check("inclusion", included, "có trong nhật ký minh bạch / included in the transparency log")
    if v.status != "valid":
        return v
    if not datetime.fromisoformat(cert["valid_from"]) <= now <= datetime.fromisoformat(cert["valid_until"]):
        v.checks.append(("validity", False, "ngoài thời hạn hiệu lực / outside the validity period"))
        v.status = "expired"
    if log_export is not None:
        _check_revocation(v, cert["serial"], lg, entry_text, log_export, keys)
    return v


def _check_revocation(v: Verification, serial: str, lg: dict, entry_text: str, export: dict, keys: dict) -> None:
    cp_doc = export.get("checkpoint", {})
    cp = cp_doc.get("checkpoint", {})
    entries = export.get("entries", [])
    leaves = [merkle.leaf_hash(e.encode("utf-8")) for e in entries]
    consistent = (signing.verify_document(cp, cp_doc.get("signature", {}), keys) and cp.get("size") == len(entries)
                  and merkle.root(leaves) == signing.b64url_decode(cp.get("root", ""))
                  and lg.get("seq", -1) < len(entries) and entries[lg["seq"]] == entry_text)
    if not v.check("log_export", consistent, "bản xuất nhật ký mới hơn, cùng nhật ký / newer export of the same log"):
        return
    status = "active"
    for text in entries[lg["seq"] + 1:]:
        e = json.loads(text)
        body = e.get("body", {})
        if body.get("serial") == serial and e.get("kind") in STATUS_KINDS:
            status = STATUS_KINDS[e["kind"]]
        elif e.get("kind") == "certificate.renewed/v1" and body.get("replaces") == serial:
            status = "superseded"
    if status != "active":
        v.checks.append(("revocation", False, f"chứng nhận đang bị {status} / certificate is {status}"))
        v.status = status
    else:
        v.checks.append(("revocation", True, "không bị đình chỉ hay thu hồi / not suspended or revoked"))


def verify_log_extends(old: dict, new: dict, consistency_proof: list[str], keys_pem: dict[str, str]) -> Verification:
    """Does the log behind checkpoint ``new`` extend the one behind ``old``? A log rewritten
    after ``old`` was published cannot produce a valid consistency proof."""
    v = Verification()
    keys = _keys(keys_pem)
    for name, doc in (("old_checkpoint", old), ("new_checkpoint", new)):
        v.check(name, signing.verify_document(doc.get("checkpoint", {}), doc.get("signature", {}), keys),
                f"điểm kiểm tra có chữ ký / signed checkpoint ({name})")
    if v.status != "valid":
        return v
    a, b = old["checkpoint"], new["checkpoint"]
    proof = [signing.b64url_decode(p) for p in consistency_proof]
    same_log = a.get("origin") == b.get("origin") and merkle.verify_consistency(
        a["size"], b["size"], proof, signing.b64url_decode(a["root"]), signing.b64url_decode(b["root"]))
    v.check("consistency", same_log, "nhật ký mới nối tiếp nhật ký cũ, không bị viết lại / "
                                     "the newer log extends the older one (not rewritten)")
    return v
