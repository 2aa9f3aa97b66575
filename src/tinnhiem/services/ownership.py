"""Use case: a creator proves they control an account.

The operator issues a one-time code; the creator puts it in the account's bio or in a post;
verification succeeds when *imported* content shows the code. The code is random and only
given to the creator, so seeing it in the account's own content proves control.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import regex
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tinnhiem.store import tables

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: codes are typed by people


@dataclass(frozen=True)
class Challenge:
    account_key: str
    code: str
    expires_at: datetime
    verified_at: datetime | None = None
    verified_via: str | None = None


def new_code() -> str:
    groups = ["".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(2)]
    return "TN-" + "-".join(groups)


def start_challenge(factory: sessionmaker[Session], *, account_key: str, at: datetime | None = None,
                    ttl_days: int = 14) -> Challenge:
    at = at or datetime.now(timezone.utc)
    with factory() as session, session.begin():
        account = _account(session, account_key)
        row = tables.OwnershipChallenge(account_id=account.id, code=new_code(), created_at=at,
                                        expires_at=at + timedelta(days=ttl_days))
        session.add(row)
    return Challenge(account_key, row.code, row.expires_at)


def check_challenge(factory: sessionmaker[Session], *, account_key: str, at: datetime | None = None) -> Challenge:
    """Look for the open code in the account's imported bio and posts; record success."""
    at = at or datetime.now(timezone.utc)
    with factory() as session, session.begin():
        account = _account(session, account_key)
        verified = _verified(session, account.id)
        if verified is not None:
            return _as_challenge(account_key, verified)
        open_ = session.scalars(
            select(tables.OwnershipChallenge)
            .where(tables.OwnershipChallenge.account_id == account.id, tables.OwnershipChallenge.expires_at > at)
            .order_by(tables.OwnershipChallenge.created_at.desc())
        ).first()
        if open_ is None:
            raise LookupError(f"no open ownership code for {account_key}: start one first")
        where = _find_code(session, account, open_.code)
        if where:
            open_.verified_at, open_.verified_via = at, where
        return _as_challenge(account_key, open_)


def verified_account_keys(session: Session, influencer_id: int) -> list[str]:
    rows = session.execute(
        select(tables.Account.platform, tables.Account.platform_id)
        .join(tables.OwnershipChallenge, tables.OwnershipChallenge.account_id == tables.Account.id)
        .where(tables.Account.influencer_id == influencer_id, tables.OwnershipChallenge.verified_at.is_not(None))
    )
    return sorted({f"{p}:{pid}" for p, pid in rows})


def _find_code(session: Session, account: tables.Account, code: str) -> str | None:
    pattern = regex.compile(r"[\s\-_]?".join(code.split("-")), regex.IGNORECASE)
    if account.bio and pattern.search(account.bio, timeout=1.0):
        return "bio"
    posts = session.execute(
        select(tables.Post.platform, tables.Post.post_id, tables.Post.caption)
        .where(tables.Post.account_id == account.id).order_by(tables.Post.published_at.desc())
    )
    for platform, post_id, caption in posts:
        if caption and pattern.search(caption, timeout=1.0):
            return f"post:{platform}:{post_id}"
    return None


def _verified(session: Session, account_id: int) -> tables.OwnershipChallenge | None:
    return session.scalars(
        select(tables.OwnershipChallenge)
        .where(tables.OwnershipChallenge.account_id == account_id, tables.OwnershipChallenge.verified_at.is_not(None))
        .order_by(tables.OwnershipChallenge.verified_at)
    ).first()


def _account(session: Session, account_key: str) -> tables.Account:
    platform, _, platform_id = account_key.partition(":")
    account = session.scalars(select(tables.Account).filter_by(platform=platform, platform_id=platform_id)).one_or_none()
    if account is None:
        raise LookupError(f"no account {account_key!r} (expected <platform>:<platform id>)")
    return account


def _as_challenge(account_key: str, row: tables.OwnershipChallenge) -> Challenge:
    return Challenge(account_key, row.code, row.expires_at, row.verified_at, row.verified_via)
