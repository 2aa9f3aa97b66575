"""Use cases of web accounts: users with argon2 password hashes, and API keys.

API keys look like ``tn_<prefix>_<secret>``. They are shown once, when issued; the database
keeps only their SHA-256 and the public ``prefix`` that names a key in lists. Every write
records an audit event in the same transaction.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tinnhiem.services.audit import record_event
from tinnhiem.store import tables

ROLES = ("creator", "brand", "reviewer", "operator", "admin")
DEMO_ROLES = ROLES
MIN_PASSWORD = 10
KEY_SCHEME = "tn"
_hasher = PasswordHasher()
LAST_USED_RESOLUTION = timedelta(minutes=5)  # last_used_at is refreshed at most this often


@dataclass(frozen=True)
class User:
    id: int
    username: str
    role: str
    influencer_key: str | None
    brand: str | None
    created_at: datetime
    disabled_at: datetime | None = None


@dataclass(frozen=True)
class IssuedKey:
    id: int
    prefix: str
    key: str  # the only time the full key exists outside the caller's hands
    label: str
    created_at: datetime


@dataclass(frozen=True)
class KeyInfo:
    id: int
    prefix: str
    label: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_user(factory: sessionmaker[Session], *, username: str, password: str, role: str,
                influencer_key: str | None = None, brand: str | None = None, actor: str = "system",
                client: str | None = None) -> User:
    username = username.strip()
    _check_new_user(username, password, role, influencer_key, brand)
    with factory() as session, session.begin():
        if session.scalars(select(tables.WebUser.id).filter_by(username=username)).first() is not None:
            raise ValueError(f"username {username!r} is taken")
        influencer_id = _influencer_id(session, influencer_key) if role == "creator" else None
        row = tables.WebUser(username=username, password_hash=_hasher.hash(password), role=role,
                             influencer_id=influencer_id, brand=brand.strip() if role == "brand" and brand else None)
        session.add(row)
        session.flush()
        record_event(session, actor=actor, role=actor.partition(":")[0] or "system", action="user.created",
                     target_kind="user", target_id=row.id, client=client,
                     detail={"username": username, "role": role, "influencer": influencer_key, "brand": row.brand})
        return _user(session, row)


def _check_new_user(username: str, password: str, role: str, influencer_key: str | None, brand: str | None) -> None:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if not (3 <= len(username) <= 100) or any(c.isspace() for c in username):
        raise ValueError("a username has 3-100 characters and no white space")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a password has at least {MIN_PASSWORD} characters")
    if role == "creator" and not influencer_key:
        raise ValueError("a creator login needs the influencer it belongs to")
    if role == "brand" and not (brand and brand.strip()):
        raise ValueError("a brand login needs the brand name")


def authenticate(factory: sessionmaker[Session], *, username: str, password: str) -> User | None:
    """The user if the password matches and the account is enabled; None otherwise (same cost)."""
    with factory() as session, session.begin():
        row = session.scalars(select(tables.WebUser).filter_by(username=username.strip())).first()
        if row is None:
            _verify(_dummy_hash(), password)  # the same cost whether or not the user exists
            return None
        if not _verify(row.password_hash, password) or row.disabled_at is not None:
            return None
        if _hasher.check_needs_rehash(row.password_hash):
            row.password_hash = _hasher.hash(password)
        return _user(session, row)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def get_user(factory: sessionmaker[Session], user_id: int) -> User | None:
    """An enabled user by id (sessions re-check this on every request)."""
    with factory() as session:
        row = session.get(tables.WebUser, user_id)
        return _user(session, row) if row is not None and row.disabled_at is None else None


def list_users(session: Session) -> list[User]:
    return [_user(session, r) for r in session.scalars(select(tables.WebUser).order_by(tables.WebUser.id))]


def disable_user(factory: sessionmaker[Session], *, user_id: int, actor: str, client: str | None = None,
                 at: datetime | None = None) -> User:
    """Disable a login: its sessions and API keys stop working at once."""
    at = at or datetime.now(timezone.utc)
    with factory() as session, session.begin():
        row = session.get(tables.WebUser, user_id)
        if row is None:
            raise LookupError(f"no user #{user_id}")
        if row.disabled_at is None:
            row.disabled_at = at
        record_event(session, actor=actor, role=actor.partition(":")[0], action="user.disabled", target_kind="user",
                     target_id=user_id, client=client, at=at, detail={"username": row.username})
        return _user(session, row)


def issue_api_key(factory: sessionmaker[Session], *, user_id: int, label: str = "", actor: str,
                  client: str | None = None) -> IssuedKey:
    prefix = secrets.token_hex(4)
    key = f"{KEY_SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    with factory() as session, session.begin():
        if session.get(tables.WebUser, user_id) is None:
            raise LookupError(f"no user #{user_id}")
        row = tables.ApiKey(prefix=prefix, key_hash=hash_key(key), user_id=user_id, label=label.strip()[:200])
        session.add(row)
        session.flush()
        record_event(session, actor=actor, role=actor.partition(":")[0], action="api_key.issued",
                     target_kind="api_key", target_id=row.id, client=client, detail={"prefix": prefix, "label": row.label})
        return IssuedKey(row.id, prefix, key, row.label, row.created_at)


def revoke_api_key(factory: sessionmaker[Session], *, key_id: int, owner_id: int | None, actor: str,
                   client: str | None = None, at: datetime | None = None) -> KeyInfo:
    """Revoke a key; ``owner_id`` restricts it to that user's keys (None: any key, for admins)."""
    at = at or datetime.now(timezone.utc)
    with factory() as session, session.begin():
        row = session.get(tables.ApiKey, key_id)
        if row is None or (owner_id is not None and row.user_id != owner_id):
            raise LookupError(f"no API key #{key_id}")
        if row.revoked_at is None:
            row.revoked_at = at
        record_event(session, actor=actor, role=actor.partition(":")[0], action="api_key.revoked",
                     target_kind="api_key", target_id=key_id, client=client, at=at, detail={"prefix": row.prefix})
        return _key_info(row)


def list_api_keys(session: Session, *, user_id: int) -> list[KeyInfo]:
    rows = session.scalars(select(tables.ApiKey).filter_by(user_id=user_id).order_by(tables.ApiKey.id))
    return [_key_info(r) for r in rows]


def resolve_api_key(factory: sessionmaker[Session], key: str, *, at: datetime | None = None) -> User | None:
    """The enabled owner of an unrevoked key, or None. Compares hashes only."""
    if not key.startswith(f"{KEY_SCHEME}_") or len(key) > 200:
        return None
    at = at or datetime.now(timezone.utc)
    with factory() as session, session.begin():
        row = session.scalars(select(tables.ApiKey).filter_by(key_hash=hash_key(key))).first()
        if row is None or row.revoked_at is not None:
            return None
        user = session.get(tables.WebUser, row.user_id)
        if user is None or user.disabled_at is not None:
            return None
        if row.last_used_at is None or at - row.last_used_at >= LAST_USED_RESOLUTION:
            row.last_used_at = at
        return _user(session, user)


def seed_demo_users(factory: sessionmaker[Session], *, influencer_key: str, brand: str,
                    passwords: dict[str, str] | None = None) -> dict[str, tuple[str, str]]:
    """One login per role (``demo-<role>``), passwords random unless given; an existing demo
    login gets the new password. Returns {role: (username, password)}."""
    passwords = passwords or {}
    logins = {}
    for role in DEMO_ROLES:
        username, password = f"demo-{role}", passwords.get(role) or secrets.token_urlsafe(12)
        if not _reset_password(factory, username, password):
            create_user(factory, username=username, password=password, role=role, actor="system:demo",
                        influencer_key=influencer_key if role == "creator" else None,
                        brand=brand if role == "brand" else None)
        logins[role] = (username, password)
    return logins


def _reset_password(factory: sessionmaker[Session], username: str, password: str) -> bool:
    with factory() as session, session.begin():
        row = session.scalars(select(tables.WebUser).filter_by(username=username)).first()
        if row is None:
            return False
        row.password_hash, row.disabled_at = _hasher.hash(password), None
        record_event(session, actor="system:demo", role="system", action="user.password_reset", target_kind="user",
                     target_id=row.id, detail={"username": username})
        return True


def _influencer_id(session: Session, key: str | None) -> int:
    found = session.scalars(select(tables.Influencer.id).filter_by(key=key)).first()
    if found is None:
        raise LookupError(f"no influencer {key!r}")
    return found


def _user(session: Session, row: tables.WebUser) -> User:
    key = session.scalar(select(tables.Influencer.key).filter_by(id=row.influencer_id)) if row.influencer_id else None
    return User(row.id, row.username, row.role, key, row.brand, row.created_at, row.disabled_at)


def _key_info(row: tables.ApiKey) -> KeyInfo:
    return KeyInfo(row.id, row.prefix, row.label, row.created_at, row.revoked_at, row.last_used_at)
