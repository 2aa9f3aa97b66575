"""RFC 6962/9162 Merkle tree: published known answers and a naive reference."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings, strategies as st

from tinnhiem.ledger import merkle

# Certificate Transparency reference data (RFC 6962 test vectors): leaves, roots for sizes 0..8.
LEAVES = [bytes.fromhex(h) for h in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                      "606162636465666768696a6b6c6d6e6f")]
ROOTS = [bytes.fromhex(h) for h in (
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
)]
H = {k: bytes.fromhex(v) for k, v in {
    "96a2": "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "5f08": "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    "6b47": "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    "bc1a": "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "ca85": "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    "d37e": "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "0ebc": "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
}.items()}
LEAF_HASHES = [merkle.leaf_hash(d) for d in LEAVES]

INCLUSION = [(0, 8, ["96a2", "5f08", "6b47"]), (5, 8, ["bc1a", "ca85", "d37e"]), (0, 1, [])]
CONSISTENCY = [(1, 8, ["96a2", "5f08", "6b47"]), (6, 8, ["0ebc", "ca85", "d37e"]), (2, 8, ["5f08", "6b47"]),
               (2, 5, ["5f08", "bc1a"]), (1, 1, [])]


@pytest.mark.parametrize("size", range(9))
def test_roots_match_rfc6962_vectors(size):
    assert merkle.root(LEAF_HASHES[:size]) == ROOTS[size]
    store = merkle.SubtreeStore()
    for h in LEAF_HASHES[:size]:
        store.append(h)
    assert store.root() == ROOTS[size]


@pytest.mark.parametrize("index,size,proof", INCLUSION)
def test_inclusion_proofs_match_vectors(index, size, proof):
    expected = [H[p] for p in proof]
    assert merkle.inclusion_proof(index, LEAF_HASHES[:size]) == expected
    assert merkle.verify_inclusion(LEAF_HASHES[index], index, size, expected, ROOTS[size])


@pytest.mark.parametrize("m,n,proof", CONSISTENCY)
def test_consistency_proofs_match_vectors(m, n, proof):
    expected = [H[p] for p in proof]
    assert merkle.consistency_proof(m, LEAF_HASHES[:n]) == expected
    assert merkle.verify_consistency(m, n, expected, ROOTS[m], ROOTS[n])


# ----------------------------------------------------------------- naive reference (RFC text)


def ref_mth(leaves: list[bytes]) -> bytes:
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return hashlib.sha256(b"\x01" + ref_mth(leaves[:k]) + ref_mth(leaves[k:])).digest()


def ref_path(m: int, leaves: list[bytes]) -> list[bytes]:
    n = len(leaves)
    if n == 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return ref_path(m, leaves[:k]) + [ref_mth(leaves[k:])]
    return ref_path(m - k, leaves[k:]) + [ref_mth(leaves[:k])]


def ref_subproof(m: int, leaves: list[bytes], b: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if b else [ref_mth(leaves)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return ref_subproof(m, leaves[:k], b) + [ref_mth(leaves[k:])]
    return ref_subproof(m - k, leaves[k:], False) + [ref_mth(leaves[:k])]


def make_leaves(n: int) -> list[bytes]:
    return [merkle.leaf_hash(i.to_bytes(4, "big")) for i in range(n)]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 1000), st.data())
def test_inclusion_agrees_with_reference_and_verifies(n, data):
    leaves = make_leaves(n)
    store = merkle.SubtreeStore()
    for h in leaves:
        store.append(h)
    r = ref_mth(leaves)
    assert merkle.root(leaves) == r == store.root()
    index = data.draw(st.integers(0, n - 1))
    proof = ref_path(index, leaves)
    assert merkle.inclusion_proof(index, leaves) == proof == store.inclusion_proof(index)
    assert merkle.verify_inclusion(leaves[index], index, n, proof, r)
    # wrong leaf, index, size, or a tampered path: rejected
    assert not merkle.verify_inclusion(merkle.leaf_hash(b"x"), index, n, proof, r)
    if n > 1:
        assert not merkle.verify_inclusion(leaves[index], (index + 1) % n, n, proof, r)
        tampered = list(proof)
        tampered[0] = merkle.leaf_hash(b"tamper")
        assert not merkle.verify_inclusion(leaves[index], index, n, tampered, r)
    assert not merkle.verify_inclusion(leaves[index], index, n, proof, merkle.leaf_hash(b"other root"))
    assert not merkle.verify_inclusion(leaves[index], n, n, proof, r)  # index outside the tree


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 1000), st.data())
def test_consistency_agrees_with_reference_and_verifies(n, data):
    leaves = make_leaves(n)
    store = merkle.SubtreeStore()
    for h in leaves:
        store.append(h)
    m = data.draw(st.integers(1, n))
    proof = ref_subproof(m, leaves, True) if m < n else []
    assert merkle.consistency_proof(m, leaves) == proof == store.consistency_proof(m)
    root_m, root_n = ref_mth(leaves[:m]), ref_mth(leaves)
    assert store.root(m) == root_m
    assert merkle.verify_consistency(m, n, proof, root_m, root_n)
    if m < n:
        assert not merkle.verify_consistency(m, n, proof, root_m, merkle.leaf_hash(b"other"))
        assert not merkle.verify_consistency(m, n, proof[:-1], root_m, root_n)


def test_bad_arguments():
    with pytest.raises(ValueError):
        merkle.inclusion_proof(3, LEAF_HASHES[:3])
    with pytest.raises(ValueError):
        merkle.consistency_proof(4, LEAF_HASHES[:3])
    assert not merkle.verify_inclusion(LEAF_HASHES[0], 1, 1, [], ROOTS[1])
    assert not merkle.verify_consistency(3, 2, [], ROOTS[3], ROOTS[2])
    assert merkle.verify_consistency(0, 5, [], ROOTS[0], ROOTS[5])


def test_store_proofs_touch_only_stored_subtrees():
    """A large log's proofs come from stored subtree hashes, not from rehashing every leaf."""
    store = merkle.SubtreeStore()
    leaves = make_leaves(5000)
    for h in leaves:
        store.append(h)
    calls = {"n": 0}
    original = merkle.node_hash

    def counting(left, right):
        calls["n"] += 1
        return original(left, right)

    merkle.node_hash = counting
    try:
        proof = store.inclusion_proof(4321)
        cproof = store.consistency_proof(3333)
    finally:
        merkle.node_hash = original
    assert calls["n"] < 200  # rehashing the tree would take ~5000
    assert merkle.verify_inclusion(leaves[4321], 4321, 5000, proof, store.root())
    assert merkle.verify_consistency(3333, 5000, cproof, store.root(3333), store.root())
