"""Accounts service: argon2 passwords, API keys stored as hashes, demo logins, audit of writes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tinnhiem.services import accounts, audit
from tinnhiem.store import db, tables


@pytest.fixture()
def factory(sqlite_url):
    return db.session_factory(db.init_db(sqlite_url))


def _user(factory, role="reviewer", username="reviewer1", **kw):
    return accounts.create_user(factory, username=username, password="correct horse battery", role=role,
                                actor="admin:root", **kw)


def test_passwords_are_stored_as_argon2id_and_checked(factory):
    user = _user(factory)
    with factory() as session:
        stored = session.get(tables.WebUser, user.id).password_hash
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    assert accounts.authenticate(factory, username="reviewer1", password="correct horse battery") == user
    assert accounts.authenticate(factory, username="reviewer1", password="wrong horse battery") is None
    assert accounts.authenticate(factory, username="nobody", password="correct horse battery") is None


@pytest.mark.parametrize("kw, message", [
    ({"role": "public"}, "role"), ({"role": "root"}, "role"), ({"username": "a b"}, "username"),
    ({"password": "short"}, "password"), ({"role": "creator"}, "influencer"), ({"role": "brand"}, "brand"),
])
def test_new_users_are_validated(factory, kw, message):
    args = {"username": "someone", "password": "long enough password", "role": "reviewer", **kw}
    with pytest.raises(ValueError, match=message):
        accounts.create_user(factory, actor="admin:root", **args)


def test_usernames_are_unique_and_creators_need_a_known_influencer(factory):
    _user(factory)
    with pytest.raises(ValueError, match="taken"):
        _user(factory)
    with pytest.raises(LookupError):
        _user(factory, role="creator", username="creator1", influencer_key="no-such-creator")


def test_api_keys_are_shown_once_and_stored_as_sha256(factory):
    user = _user(factory)
    issued = accounts.issue_api_key(factory, user_id=user.id, label="platform", actor="reviewer:reviewer1")
    assert issued.key.startswith(f"tn_{issued.prefix}_") and len(issued.key) > 40
    with factory() as session:
        row = session.get(tables.ApiKey, issued.id)
        assert row.key_hash == accounts.hash_key(issued.key) and issued.key not in (row.key_hash, row.prefix)
    assert accounts.resolve_api_key(factory, issued.key) == user
    assert accounts.resolve_api_key(factory, issued.key[:-1] + "x") is None
    assert accounts.resolve_api_key(factory, "not-a-key") is None


def test_revoked_keys_and_disabled_users_stop_resolving(factory):
    user = _user(factory)
    a = accounts.issue_api_key(factory, user_id=user.id, actor="x")
    b = accounts.issue_api_key(factory, user_id=user.id, actor="x")
    other = _user(factory, username="other1")
    with pytest.raises(LookupError):
        accounts.revoke_api_key(factory, key_id=a.id, owner_id=other.id, actor="x")  # not theirs
    accounts.revoke_api_key(factory, key_id=a.id, owner_id=user.id, actor="x")
    assert accounts.resolve_api_key(factory, a.key) is None
    assert accounts.resolve_api_key(factory, b.key) == user
    accounts.disable_user(factory, user_id=user.id, actor="admin:root")
    assert accounts.resolve_api_key(factory, b.key) is None
    assert accounts.get_user(factory, user.id) is None
    assert accounts.authenticate(factory, username="reviewer1", password="correct horse battery") is None


def test_last_used_is_recorded(factory):
    user = _user(factory)
    issued = accounts.issue_api_key(factory, user_id=user.id, actor="x")
    accounts.resolve_api_key(factory, issued.key)
    with factory() as session:
        (info,) = accounts.list_api_keys(session, user_id=user.id)
    assert info.last_used_at is not None and info.revoked_at is None


def test_every_write_is_audited_in_its_transaction(factory):
    user = _user(factory)
    issued = accounts.issue_api_key(factory, user_id=user.id, label="l", actor="reviewer:reviewer1", client="10.0.0.1")
    accounts.revoke_api_key(factory, key_id=issued.id, owner_id=None, actor="admin:root")
    with factory() as session:
        events = audit.list_events(session)
    assert [e.action for e in events] == ["api_key.revoked", "api_key.issued", "user.created"]
    assert events[1].client == "10.0.0.1" and events[1].detail == {"prefix": issued.prefix, "label": "l"}
    assert issued.key not in repr([e.detail for e in events])


def test_seed_demo_users_gives_one_login_per_role(factory, canonical_file):
    from tinnhiem.services.ingest import import_files

    import_files(factory, [canonical_file([{"kind": "influencer", "id": "inf-demo", "name": "Demo"}])])
    logins = accounts.seed_demo_users(factory, influencer_key="inf-demo", brand="Công ty ABC")
    assert set(logins) == set(accounts.ROLES)
    for role, (username, password) in logins.items():
        user = accounts.authenticate(factory, username=username, password=password)
        assert user is not None and user.role == role
    creator = accounts.authenticate(factory, username=logins["creator"][0], password=logins["creator"][1])
    assert creator.influencer_key == "inf-demo"
    again = accounts.seed_demo_users(factory, influencer_key="inf-demo", brand="Công ty ABC", passwords={"admin": "given-password-1"})
    assert again["admin"] == ("demo-admin", "given-password-1") and again["brand"][1] != logins["brand"][1]
    assert accounts.authenticate(factory, username="demo-brand", password=logins["brand"][1]) is None
    with factory() as session:
        assert len(session.scalars(select(tables.WebUser)).all()) == len(accounts.ROLES)
