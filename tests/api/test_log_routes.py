"""The transparency log: checkpoint, inclusion and consistency proofs that verify."""

from __future__ import annotations

import pytest

from tinnhiem import signing
from tinnhiem.ledger import merkle

API = "/api/v1"


def serial_of(site) -> str:
    if not site["serials"]:
        pytest.skip("the site fixture issued no certificate (no eligible creator)")
    return site["serials"][0]


def test_checkpoint_and_inclusion_proof_verify(client, site):
    cp = client.get(f"{API}/log/checkpoint").json()["checkpoint"]
    cert = client.get(f"{API}/certificates/{serial_of(site)}").json()
    proof = client.get(f"{API}/log/proofs/inclusion", params={"seq": cert["log"]["seq"], "size": cp["size"]}).json()
    assert proof["root"] == cp["root"]
    leaf = merkle.leaf_hash(cert["log"]["entry"].encode("utf-8"))
    assert merkle.verify_inclusion(leaf, proof["seq"], proof["size"], [signing.b64url_decode(p) for p in proof["inclusion_proof"]],
                                   signing.b64url_decode(proof["root"]))


def test_consistency_proof_verifies(client):
    size = client.get(f"{API}/log/checkpoint").json()["checkpoint"]["size"]
    body = client.get(f"{API}/log/proofs/consistency", params={"old": 1, "new": size}).json()
    assert merkle.verify_consistency(1, size, [signing.b64url_decode(p) for p in body["consistency_proof"]],
                                     signing.b64url_decode(body["old_root"]), signing.b64url_decode(body["root"]))


def test_out_of_range_proofs_are_422(client):
    size = client.get(f"{API}/log/checkpoint").json()["checkpoint"]["size"]
    for params in ({"seq": size}, {"seq": -1}, {"seq": 0, "size": size + 1}):
        assert client.get(f"{API}/log/proofs/inclusion", params=params).status_code == 422
    for params in ({"old": size + 1}, {"old": 0}, {"old": 2, "new": 1}):
        assert client.get(f"{API}/log/proofs/consistency", params=params).status_code == 422
