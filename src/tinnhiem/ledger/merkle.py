"""RFC 9162 (Certificate Transparency 2.0, same tree as RFC 6962) Merkle tree: pure functions.

- ``leaf_hash(data) = SHA-256(0x00 || data)``; ``node_hash(l, r) = SHA-256(0x01 || l || r)``;
  the root of the empty tree is ``SHA-256()``.
- A tree of n leaves splits at k, the largest power of two smaller than n (not the midpoint).

The list-based functions take every leaf hash and are the reference. ``SubtreeStore`` keeps the
hash of every complete, aligned power-of-two subtree as leaves are appended, so roots and proofs
of a large log need O(log² n) hash lookups and never recompute the whole tree; a log can persist
its ``levels`` and rebuild the store without rehashing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()

SubtreeHash = Callable[[int, int], bytes]  # (start, size) -> MTH of leaves[start:start+size]


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly smaller than n (n ≥ 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def _list_subtree(leaf_hashes: Sequence[bytes]) -> SubtreeHash:
    def mth(start: int, size: int) -> bytes:
        if size == 0:
            return EMPTY_ROOT
        if size == 1:
            return leaf_hashes[start]
        k = _split(size)
        return node_hash(mth(start, k), mth(start + k, size - k))

    return mth


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    return _list_subtree(leaf_hashes)(0, len(leaf_hashes))


def inclusion_proof(index: int, leaf_hashes: Sequence[bytes]) -> list[bytes]:
    return _path(index, len(leaf_hashes), _list_subtree(leaf_hashes))


def consistency_proof(m: int, leaf_hashes: Sequence[bytes]) -> list[bytes]:
    return _consistency(m, len(leaf_hashes), _list_subtree(leaf_hashes))


def _path(index: int, size: int, mth: SubtreeHash) -> list[bytes]:
    """RFC 9162 2.1.3.1 PATH(m, D[n]), leaves first."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of size {size}")
    proof: list[bytes] = []
    start, n, m = 0, size, index
    while n > 1:
        k = _split(n)
        if m < k:
            proof.append(mth(start + k, n - k))
            n = k
        else:
            proof.append(mth(start, k))
            start, n, m = start + k, n - k, m - k
    return proof[::-1]


def _consistency(m: int, size: int, mth: SubtreeHash) -> list[bytes]:
    """RFC 9162 2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true)."""
    if not 0 <= m <= size:
        raise ValueError(f"old size {m} must be between 0 and the tree size {size}")
    if m == 0 or m == size:
        return []
    proof: list[bytes] = []
    start, n, complete = 0, size, True
    while m != n:
        k = _split(n)
        if m <= k:
            proof.append(mth(start + k, n - k))
            n = k
        else:
            proof.append(mth(start, k))
            start, n, m, complete = start + k, n - k, m - k, False
    if not complete:
        proof.append(mth(start, n))
    return proof[::-1]


def verify_inclusion(leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes) -> bool:
    """RFC 9162 2.1.3.2."""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(m: int, n: int, proof: Sequence[bytes], root_m: bytes, root_n: bytes) -> bool:
    """RFC 9162 2.1.4.2: the tree of size n extends the tree of size m."""
    if m < 0 or m > n:
        return False
    if m == n:
        return not proof and root_m == root_n
    if m == 0:
        return not proof  # every tree extends the empty one
    if not proof:
        return False
    path = list(proof)
    if m & (m - 1) == 0:  # m is a power of two: its root is the first node of the path
        path.insert(0, root_m)
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == root_m and sr == root_n and sn == 0


def parents_completed(index: int, leaf: bytes, stored: Callable[[int, int], bytes]) -> list[tuple[int, int, bytes]]:
    """The complete subtrees that appending leaf ``index`` closes: ``(level, index, hash)``
    from level 1 up. ``stored(level, i)`` returns earlier subtree roots (the left siblings)."""
    out = []
    level, i, digest = 0, index, leaf
    while i % 2 == 1:
        digest = node_hash(stored(level, i - 1), digest)
        level, i = level + 1, i // 2
        out.append((level, i, digest))
    return out


class SubtreeStore:
    """Hashes of every complete aligned subtree: ``levels[k][i]`` is the root of leaves
    ``[i·2^k, (i+1)·2^k)``. Appending a leaf costs O(log n); any subtree the RFC's split
    produces is the node of at most O(log n) stored perfect subtrees."""

    def __init__(self, levels: list[list[bytes]] | None = None) -> None:
        self.levels: list[list[bytes]] = levels if levels is not None else [[]]

    @property
    def size(self) -> int:
        return len(self.levels[0])

    def append(self, leaf: bytes) -> int:
        """Add a leaf hash; returns its index."""
        self.levels[0].append(leaf)
        for level, index, digest in parents_completed(len(self.levels[0]) - 1, leaf, self.stored):
            if len(self.levels) == level:
                self.levels.append([])
            self.levels[level].append(digest)
        return self.size - 1

    def stored(self, level: int, index: int) -> bytes:
        """Root of the complete subtree of 2^level leaves starting at index·2^level.
        Subclasses may read it from elsewhere (a database table)."""
        return self.levels[level][index]

    def subtree(self, start: int, size: int) -> bytes:
        if size == 0:
            return EMPTY_ROOT
        if start + size > self.size:
            raise ValueError(f"range [{start}, {start + size}) is beyond the {self.size} leaves stored")
        if size & (size - 1) == 0 and start % size == 0:
            k = size.bit_length() - 1
            return self.stored(k, start >> k)
        k = _split(size)
        return node_hash(self.subtree(start, k), self.subtree(start + k, size - k))

    def root(self, size: int | None = None) -> bytes:
        return self.subtree(0, self.size if size is None else size)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        return _path(index, self.size if size is None else size, self.subtree)

    def consistency_proof(self, m: int, n: int | None = None) -> list[bytes]:
        return _consistency(m, self.size if n is None else n, self.subtree)
