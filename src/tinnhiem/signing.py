"""Canonical JSON (RFC 8785, JCS) and Ed25519 signatures with stable key ids.

What is signed is always the canonical form of a JSON document, so a certificate verifies the
same whatever tool re-serialises it. A key id is derived from the public key itself
(``ed25519:`` + the first 16 bytes of SHA-256 of the raw key, base64url), so earlier
certificates keep verifying after a rotation: the verifier looks their key up by id.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

DEVELOPMENT_MARKER = "development"


def canonical_json(document: object) -> bytes:
    """RFC 8785 canonical UTF-8 bytes of a JSON value (sorted keys, ES6 number form, no spaces)."""
    return rfc8785.dumps(document)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def raw_public_key(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public_key: Ed25519PublicKey) -> str:
    return "ed25519:" + b64url(hashlib.sha256(raw_public_key(public_key)).digest()[:16])


@dataclass(frozen=True)
class SigningKey:
    private_key: Ed25519PrivateKey
    purpose: str = "production"  # "production" or DEVELOPMENT_MARKER

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    @property
    def key_id(self) -> str:
        return key_id(self.public_key)

    @classmethod
    def generate(cls, purpose: str = "production") -> "SigningKey":
        return cls(Ed25519PrivateKey.generate(), purpose)

    def sign(self, message: bytes) -> bytes:
        return self.private_key.sign(message)

    def private_pem(self) -> bytes:
        return self.private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )

    def public_pem(self) -> bytes:
        return self.public_key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def load_private_pem(data: bytes, purpose: str = "production") -> SigningKey:
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("the signing key must be an Ed25519 private key")
    return SigningKey(key, purpose)


def load_public_pem(data: bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("the verification key must be an Ed25519 public key")
    return key


def sign_document(document: dict, key: SigningKey) -> dict:
    """Detached signature over the canonical form: ``{"key_id", "alg", "signature"}``."""
    return {"alg": "Ed25519", "key_id": key.key_id, "signature": b64url(key.sign(canonical_json(document)))}


def verify_document(document: dict, signature: dict, public_keys: dict[str, Ed25519PublicKey]) -> bool:
    """True when ``signature`` was made over ``document`` by the key it names, and that key is known."""
    if signature.get("alg") != "Ed25519":
        return False
    public_key = public_keys.get(signature.get("key_id", ""))
    if public_key is None:
        return False
    try:
        public_key.verify(b64url_decode(signature["signature"]), canonical_json(document))
    except (InvalidSignature, ValueError, KeyError):
        return False
    return True


def refuse_development_key(key: SigningKey, env: str) -> None:
    """A development key must never sign anything outside development."""
    if key.purpose == DEVELOPMENT_MARKER and env != "development":
        raise PermissionError(f"refusing to sign with a development key in the {env!r} environment")
