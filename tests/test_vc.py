import json

import pytest

from tinnhiem import signing, vc

BODY = {"serial": "TN-2026-000007", "creator": {"id": "kol-0007", "name": "Kiều Xuân Khoa"},
        "accounts": [{"platform": "youtube", "platform_id": "UCabc", "handle": "KhoaReview"}], "tier": "A",
        "scores": {"total": 96.7}, "methodology": {"version": "2026.1", "digest": "sha256:00"},
        "valid_from": "2026-11-02T09:00:00+00:00", "valid_until": "2027-11-02T09:00:00+00:00", "key_id": "k"}


def test_vc_jwt_round_trip_and_structure():
    key = signing.SigningKey.generate()
    token = vc.issue_vc_jwt(BODY, key, issuer_id="https://tinnhiem.example")
    header = json.loads(signing.b64url_decode(token.split(".")[0]))
    assert header == {"alg": "EdDSA", "typ": "vc+jwt", "cty": "vc", "kid": key.key_id}
    cred = vc.verify_vc_jwt(token, {key.key_id: key.public_key})
    assert cred["@context"] == ["https://www.w3.org/ns/credentials/v2"]
    assert cred["type"] == ["VerifiableCredential", "InfluencerCredibilityCertificate"]
    assert cred["credentialSubject"]["name"] == "Kiều Xuân Khoa" and cred["validUntil"] == BODY["valid_until"]


def test_vc_jwt_tampering_and_unknown_keys_fail():
    key = signing.SigningKey.generate()
    token = vc.issue_vc_jwt(BODY, key, issuer_id="https://tinnhiem.example")
    head, payload, sig = token.split(".")
    forged = json.loads(signing.b64url_decode(payload))
    forged["credentialSubject"]["tier"] = "A+"
    forged_token = ".".join([head, signing.b64url(json.dumps(forged).encode()), sig])
    with pytest.raises(ValueError, match="signature"):
        vc.verify_vc_jwt(forged_token, {key.key_id: key.public_key})
    with pytest.raises(ValueError, match="unknown key"):
        vc.verify_vc_jwt(token, {})
    with pytest.raises(ValueError, match="compact JWS"):
        vc.verify_vc_jwt("abc", {key.key_id: key.public_key})
