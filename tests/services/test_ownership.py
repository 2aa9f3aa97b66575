"""Account ownership: a one-time code in the bio or a post, seen in imported content."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from canonical_testdata import canonical_creator
from tinnhiem.services import ownership
from tinnhiem.services.ingest import import_files
from tinnhiem.store import tables

pytestmark = pytest.mark.integration
T0 = datetime(2026, 5, 1, tzinfo=timezone.utc)
ACCOUNT = "tiktok:tt00001"


@pytest.fixture
def world(db_session_factory, canonical_file):
    import_files(db_session_factory, [canonical_file(canonical_creator(1, posts=2, comments_per_post=0))])
    return db_session_factory


def reimport(factory, canonical_file, *, bio=None, caption=None):
    records = canonical_creator(1, posts=2, comments_per_post=0)
    if bio is not None:
        records[1] = {**records[1], "bio": bio}
    if caption is not None:
        records.append({"kind": "post", "account": {"platform": "tiktok", "platform_id": "tt00001"},
                        "post_id": "proof1", "published_at": "2026-05-02T10:00:00+07:00", "caption": caption})
    report = import_files(factory, [canonical_file(records, name="again.jsonl")])
    assert report.rejected == 0, report.errors


def test_code_in_bio_verifies_the_account(world, canonical_file):
    ch = ownership.start_challenge(world, account_key=ACCOUNT, at=T0)
    assert ch.code.startswith("TN-") and len(ch.code) == 12
    assert ownership.check_challenge(world, account_key=ACCOUNT, at=T0).verified_at is None
    reimport(world, canonical_file, bio=f"Review mỹ phẩm thật lòng 💄 xác minh: {ch.code.lower()}")
    done = ownership.check_challenge(world, account_key=ACCOUNT, at=T0 + timedelta(hours=1))
    assert done.verified_via == "bio" and done.verified_at is not None
    with world() as s:
        inf = s.scalars(select(tables.Influencer)).one()
        assert ownership.verified_account_keys(s, inf.id) == [ACCOUNT]


def test_code_in_a_post_verifies_and_spacing_is_tolerated(world, canonical_file):
    ch = ownership.start_challenge(world, account_key=ACCOUNT, at=T0)
    reimport(world, canonical_file, caption=f"Mã xác minh tài khoản của mình: {ch.code.replace('-', ' ')} nha")
    assert ownership.check_challenge(world, account_key=ACCOUNT, at=T0).verified_via == "post:tiktok:proof1"


def test_expired_or_missing_codes_do_not_verify(world, canonical_file):
    with pytest.raises(LookupError, match="start one"):
        ownership.check_challenge(world, account_key=ACCOUNT, at=T0)
    ch = ownership.start_challenge(world, account_key=ACCOUNT, at=T0, ttl_days=1)
    reimport(world, canonical_file, bio=ch.code)
    with pytest.raises(LookupError):
        ownership.check_challenge(world, account_key=ACCOUNT, at=T0 + timedelta(days=2))
    other = ownership.new_code()
    assert other != ch.code


def test_unknown_account_is_named(world):
    with pytest.raises(LookupError, match="youtube:nope"):
        ownership.start_challenge(world, account_key="youtube:nope", at=T0)
