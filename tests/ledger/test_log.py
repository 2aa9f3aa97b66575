"""The database-backed log: same roots and proofs as the reference, append-only in the database."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from tinnhiem import signing
from tinnhiem.ledger import log, merkle
from tinnhiem.ledger.entries import check_kind, entry_bytes

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


def fill(factory, n: int) -> list[bytes]:
    with factory() as session, session.begin():
        for i in range(n):
            log.append_entry(session, kind="certificate.issued/v1", body={"serial": f"TN-{i:06d}", "tier": "A"},
                             at=T0 + timedelta(minutes=i))
    with factory() as session:
        from tinnhiem.store.tables import LogEntry

        return [bytes.fromhex(h) for h in session.scalars(LogEntry.__table__.select().with_only_columns(
            LogEntry.leaf_hash).order_by(LogEntry.seq))]


def test_log_roots_and_proofs_match_the_reference(db_session_factory):
    leaves = fill(db_session_factory, 37)
    with db_session_factory() as session:
        assert log.log_size(session) == 37
        for size in (1, 2, 5, 16, 37):
            assert log.root(session, size) == merkle.root(leaves[:size])
        for seq in (0, 17, 36):
            proof = log.inclusion_proof(session, seq)
            assert proof == merkle.inclusion_proof(seq, leaves)
            assert merkle.verify_inclusion(leaves[seq], seq, 37, proof, merkle.root(leaves))
        cproof = log.consistency_proof(session, 20)
        assert merkle.verify_consistency(20, 37, cproof, merkle.root(leaves[:20]), merkle.root(leaves))


def test_leaf_commits_to_the_stored_canonical_body(db_session_factory):
    fill(db_session_factory, 1)
    with db_session_factory() as session:
        body = session.execute(text("SELECT body, leaf_hash FROM log_entry WHERE seq = 0")).one()
    expected = entry_bytes(kind="certificate.issued/v1", seq=0, at=T0, body={"serial": "TN-000000", "tier": "A"})
    assert body.body.encode("utf-8") == expected
    assert body.leaf_hash == merkle.leaf_hash(expected).hex()


@pytest.mark.parametrize("statement", [
    "UPDATE log_entry SET kind = 'certificate.revoked/v1' WHERE seq = 0",
    "DELETE FROM log_entry WHERE seq = 0",
    "UPDATE log_subtree SET hash = 'x'",
    "DELETE FROM log_subtree",
    "UPDATE log_checkpoint SET size = 0",
    "DELETE FROM log_checkpoint",
])
def test_database_rejects_update_and_delete(db_session_factory, statement):
    fill(db_session_factory, 2)
    with db_session_factory() as session, session.begin():
        log.sign_checkpoint(session, key=signing.SigningKey.generate(), origin="tinnhiem.test/log", at=T0)
    with db_session_factory() as session:
        with pytest.raises(DatabaseError, match="append-only"):
            session.execute(text(statement))
            session.flush()
        session.rollback()
        assert log.log_size(session) == 2


def test_checkpoint_is_signed_and_verifiable(db_session_factory):
    leaves = fill(db_session_factory, 5)
    key = signing.SigningKey.generate()
    with db_session_factory() as session, session.begin():
        cp = log.sign_checkpoint(session, key=key, origin="tinnhiem.test/log", at=T0)
    assert cp["checkpoint"]["size"] == 5
    assert signing.b64url_decode(cp["checkpoint"]["root"]) == merkle.root(leaves)
    assert log.verify_checkpoint(cp, {key.key_id: key.public_key})
    forged = {**cp, "checkpoint": {**cp["checkpoint"], "size": 4}}
    assert not log.verify_checkpoint(forged, {key.key_id: key.public_key})


@pytest.mark.parametrize("kind", ["certificate.issued", "Certificate.Issued/v1", "certificate.eaten/v1"])
def test_entry_kinds_are_checked(kind):
    with pytest.raises(ValueError):
        check_kind(kind)


def test_rewritten_log_is_caught_by_consistency_against_an_older_checkpoint(tmp_path):
    from tinnhiem.store import db
    from tinnhiem.verification import verify_log_extends

    key = signing.SigningKey.generate()
    pems = {key.key_id: key.public_pem().decode()}

    def build(name, bodies):
        factory = db.session_factory(db.init_db(f"sqlite:///{tmp_path / name}"))
        with factory() as s, s.begin():
            for i, body in enumerate(bodies):
                log.append_entry(s, kind="certificate.issued/v1", body=body, at=T0 + timedelta(minutes=i))
        return factory

    honest = [{"serial": f"TN-{i}"} for i in range(10)]
    factory = build("honest.sqlite", honest[:6])
    with factory() as s, s.begin():
        old = log.sign_checkpoint(s, key=key, origin="o", at=T0)
    with factory() as s, s.begin():
        for i in range(6, 10):
            log.append_entry(s, kind="certificate.issued/v1", body=honest[i], at=T0 + timedelta(minutes=i))
        new = log.sign_checkpoint(s, key=key, origin="o", at=T0)
        proof = [signing.b64url(p) for p in log.consistency_proof(s, 6)]
    assert verify_log_extends(old, new, proof, pems).ok

    forged = build("forged.sqlite", honest[:2] + [{"serial": "TN-2", "note": "rewritten"}] + honest[3:])
    with forged() as s, s.begin():
        new_forged = log.sign_checkpoint(s, key=key, origin="o", at=T0)
        proof_forged = [signing.b64url(p) for p in log.consistency_proof(s, 6)]
    result = verify_log_extends(old, new_forged, proof_forged, pems)
    assert result.status == "invalid" and [c for c in result.checks if not c[1]][0][0] == "consistency"
