"""Ledger speed: inclusion proofs from a 1,000,000-entry log in the database, and offline
certificate verification throughput.

Usage: .venv/bin/python benchmarks/bench_ledger.py [--entries 1000000]
The log is bulk-loaded into a temporary SQLite file (leaf hashes and stored subtree hashes
computed by ledger.merkle exactly as ledger.log.append_entry would), then proofs are read
through ledger.log like any caller would.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import insert

from tinnhiem import signing
from tinnhiem.ledger import log, merkle
from tinnhiem.ledger.entries import entry_bytes
from tinnhiem.store import db, tables

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def load(factory, n: int) -> merkle.SubtreeStore:
    store = merkle.SubtreeStore()
    with factory() as session, session.begin():
        batch, subtrees = [], []
        for seq in range(n):
            data = entry_bytes(kind="certificate.issued/v1", seq=seq, at=T0, body={"serial": f"TN-{seq:07d}"})
            leaf = merkle.leaf_hash(data)
            for level, idx, digest in merkle.parents_completed(seq, leaf, store.stored):
                subtrees.append({"level": level, "idx": idx, "hash": digest.hex()})
            store.append(leaf)
            batch.append({"seq": seq, "kind": "certificate.issued/v1", "body": data.decode(), "leaf_hash": leaf.hex(),
                          "created_at": T0})
            if len(batch) == 50_000:
                session.execute(insert(tables.LogEntry), batch)
                session.execute(insert(tables.LogSubtree), subtrees)
                batch, subtrees = [], []
        if batch:
            session.execute(insert(tables.LogEntry), batch)
        if subtrees:
            session.execute(insert(tables.LogSubtree), subtrees)
    return store


def bench_proofs(factory, store: merkle.SubtreeStore, n: int, samples: int = 200) -> list[float]:
    rng = random.Random(1)
    times = []
    root = store.root()
    for _ in range(samples):
        seq = rng.randrange(n)
        with factory() as session:
            t = time.perf_counter()
            proof = log.inclusion_proof(session, seq)
            times.append((time.perf_counter() - t) * 1000)
        assert merkle.verify_inclusion(store.stored(0, seq), seq, n, proof, root)
    return times


def bench_verify(seconds: float = 3.0) -> float:
    from tinnhiem.verification import verify_bundle

    key = signing.SigningKey.generate()
    cert = {"type": "tinnhiem.certificate/v1", "serial": "TN-2026-000001", "issuer": "bench",
            "creator": {"id": "kol-0001", "name": "Nguyễn Thị Hương"},
            "accounts": [{"platform": "tiktok", "platform_id": "7012345678901234567", "handle": "huong.review"}],
            "tier": "A", "tier_label_vi": "Tín nhiệm cao",
            "scores": {"total": 96.4, "authenticity": 24.5, "ad_compliance": 24.1, "commercial_transparency": 23.3,
                       "community_feedback": 24.5},
            "methodology": {"version": "2026.1", "digest": "sha256:" + "0" * 64}, "assessment_id": 1,
            "valid_from": T0.isoformat(), "valid_until": (T0 + timedelta(days=365)).isoformat(), "key_id": key.key_id}
    from tinnhiem.services.certify import certificate_digest

    leaves = [merkle.leaf_hash(b"x%d" % i) for i in range(1023)]
    entry = entry_bytes(kind="certificate.issued/v1", seq=1023, at=T0, body={
        "serial": cert["serial"], "certificate_sha256": certificate_digest(cert)})
    leaves.append(merkle.leaf_hash(entry))
    checkpoint = {"origin": "bench", "size": 1024, "root": signing.b64url(merkle.root(leaves)), "at": T0.isoformat()}
    bundle = {"format": "tinnhiem.certificate-bundle/v1", "certificate": cert,
              "signature": signing.sign_document(cert, key),
              "log": {"seq": 1023, "entry": entry.decode(), "inclusion_proof": [
                  signing.b64url(p) for p in merkle.inclusion_proof(1023, leaves)],
                  "checkpoint": {"checkpoint": checkpoint, "signature": signing.sign_document(checkpoint, key)}},
              "keys": {key.key_id: key.public_pem().decode()}}
    now = T0 + timedelta(days=1)
    assert verify_bundle(bundle, now=now).ok
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        verify_bundle(bundle, now=now)
        count += 1
    return count / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=1_000_000)
    args = ap.parse_args()
    rate = bench_verify()
    with tempfile.TemporaryDirectory() as tmp:
        factory = db.session_factory(db.init_db(f"sqlite:///{Path(tmp) / 'ledger.sqlite'}"))
        t = time.perf_counter()
        store = load(factory, args.entries)
        load_s = time.perf_counter() - t
        times = bench_proofs(factory, store, args.entries)
    times.sort()
    print(f"| measure | result |\n|---|---|")
    print(f"| offline verification (signature, entry, checkpoint, inclusion, validity), one core | {rate:,.0f} certificates/s |")
    print(f"| bulk-load a log of {args.entries:,} entries into SQLite | {load_s:.1f} s |")
    print(f"| inclusion proof from the database, {args.entries:,} entries (200 random leaves) | "
          f"median {statistics.median(times):.2f} ms, p95 {times[int(len(times) * 0.95)]:.2f} ms, max {times[-1]:.2f} ms |")


if __name__ == "__main__":
    main()
