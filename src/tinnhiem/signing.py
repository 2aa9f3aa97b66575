"""Canonical JSON (RFC 8785, JCS) and Ed25519 signatures with stable key ids.

What is signed is always the canonical form of a JSON document, so a certificate verifies the
same whatever tool re-serialises it. A key id is derived from the public key itself
(``ed25519:`` + the first 16 bytes of SHA-256 of the raw key, base64url), so earlier
certificates keep verifying after a rotation: the verifier looks their key up by id.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass

from json.encoder import encode_basestring as _encode_string  # C-accelerated; JCS escaping
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

DEVELOPMENT_MARKER = "development"


def canonical_json(document: object) -> bytes:
    """RFC 8785 (JCS) canonical UTF-8 bytes of a JSON value: keys sorted by UTF-16 code units,
    no whitespace, minimal string escaping, numbers in ECMAScript form. Checked byte for byte
    against the ``rfc8785`` reference package by a property test; several times faster."""
    simple = _plain(document)
    if simple is not _NOT_PLAIN:
        return json.dumps(simple, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False).encode("utf-8")
    out: list[str] = []
    _jcs(document, out)
    return "".join(out).encode("utf-8")


_NOT_PLAIN = object()
_MAX_SAFE = 2**53 - 1


def _plain(value: object) -> object:
    """The value rewritten so that the C JSON encoder prints exactly its RFC 8785 form, or
    _NOT_PLAIN when that cannot be guaranteed (exponent floats, non-BMP keys, big ints...)."""
    if isinstance(value, str) or value is None or value is True or value is False:
        return value
    if isinstance(value, int):
        return value if abs(value) <= _MAX_SAFE else _NOT_PLAIN
    if isinstance(value, float):
        if value.is_integer():  # exact below 2**53; larger ones take ECMAScript's zero-padded digits
            return int(value) if abs(value) <= _MAX_SAFE else _NOT_PLAIN
        text = repr(value)
        return value if "e" not in text and "n" not in text and abs(value) >= 1e-6 else _NOT_PLAIN
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str) or any(ord(c) > 0xFFFF for c in key):
                return _NOT_PLAIN
            out[key] = _plain(item)
            if out[key] is _NOT_PLAIN:
                return _NOT_PLAIN
        return out
    if isinstance(value, (list, tuple)):
        out_list = [_plain(item) for item in value]
        return _NOT_PLAIN if any(item is _NOT_PLAIN for item in out_list) else out_list
    return _NOT_PLAIN


def _jcs(value: object, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(_encode_string(value))
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif value is None:
        out.append("null")
    elif isinstance(value, int):
        if abs(value) > 2**53 - 1:
            raise ValueError(f"integer {value} is outside the interoperable range of RFC 8785")
        out.append(str(value))
    elif isinstance(value, float):
        out.append(_es6_number(value))
    elif isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise TypeError("object keys must be strings")
        out.append("{")
        for i, key in enumerate(sorted(value, key=_utf16_key)):
            out.append("," if i else "")
            out.append(_encode_string(key))
            out.append(":")
            _jcs(value[key], out)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for i, item in enumerate(value):
            out.append("," if i else "")
            _jcs(item, out)
        out.append("]")
    else:
        raise TypeError(f"{type(value).__name__} is not a JSON value")


def _utf16_key(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


def _es6_number(value: float) -> str:
    """ECMAScript Number::toString of a finite double (RFC 8785 section 3.2.2.3)."""
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("NaN and Infinity are not JSON numbers")
    if value == 0:
        return "0"
    if value < 0:
        return "-" + _es6_number(-value)
    mantissa, _, exp = repr(value).partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac).lstrip("0")
    n = len(whole.lstrip("0")) + int(exp or 0) if whole.strip("0") else int(exp or 0) - (len(frac) - len(frac.lstrip("0")))
    digits = digits.rstrip("0") or "0"
    k = len(digits)
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * (-n) + digits
    sign = "+" if n - 1 >= 0 else "-"
    return digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + sign + str(abs(n - 1))


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
