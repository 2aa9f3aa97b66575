"""The certificate as a W3C Verifiable Credential (Data Model 2.0) secured as a JWT with EdDSA
(VC-JOSE-COSE: a compact JWS whose payload is the credential), so identity wallets can hold it.
"""

from __future__ import annotations

import json

from cryptography.exceptions import InvalidSignature

from tinnhiem import signing

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
CREDENTIAL_TYPE = "InfluencerCredibilityCertificate"


def credential(body: dict, *, issuer_id: str) -> dict:
    """The unsecured credential: the signed certificate body as its subject."""
    return {
        "@context": [VC_CONTEXT],
        "id": f"urn:tinnhiem:certificate:{body['serial']}",
        "type": ["VerifiableCredential", CREDENTIAL_TYPE],
        "issuer": issuer_id,
        "validFrom": body["valid_from"],
        "validUntil": body["valid_until"],
        "name": "Chứng nhận tín nhiệm người có ảnh hưởng",
        "credentialSubject": {
            "id": f"urn:tinnhiem:creator:{body['creator']['id']}",
            "name": body["creator"]["name"],
            "accounts": body["accounts"],
            "tier": body["tier"],
            "scores": body["scores"],
            "methodology": body["methodology"],
            "certificate": body,
        },
    }


def _segment(data: dict) -> str:
    return signing.b64url(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def issue_vc_jwt(body: dict, key: signing.SigningKey, *, issuer_id: str) -> str:
    header = {"alg": "EdDSA", "typ": "vc+jwt", "cty": "vc", "kid": key.key_id}
    signing_input = f"{_segment(header)}.{_segment(credential(body, issuer_id=issuer_id))}"
    return f"{signing_input}.{signing.b64url(key.sign(signing_input.encode('ascii')))}"


def verify_vc_jwt(token: str, public_keys: dict) -> dict:
    """The credential if the JWS verifies with the key its header names; raises ValueError otherwise."""
    try:
        header_b64, payload_b64, sig_b64 = token.split(".")
        header = json.loads(signing.b64url_decode(header_b64))
    except (ValueError, json.JSONDecodeError) as exc:
        raise ValueError("not a compact JWS") from exc
    if header.get("alg") != "EdDSA" or header.get("typ") != "vc+jwt":
        raise ValueError(f"unexpected JWS header {header}")
    key = public_keys.get(header.get("kid"))
    if key is None:
        raise ValueError(f"unknown key {header.get('kid')!r}")
    try:
        key.verify(signing.b64url_decode(sig_b64), f"{header_b64}.{payload_b64}".encode("ascii"))
    except InvalidSignature as exc:
        raise ValueError("signature does not verify") from exc
    return json.loads(signing.b64url_decode(payload_b64))
