"""The creator listing (search read model) follows assessments, certificates and their status,
and migration 0009 backfills it from an existing database."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import func, select

from canonical_testdata import WORLD_T0 as T0
from tinnhiem import text
from tinnhiem.services import certify, lifecycle
from tinnhiem.services.assess import assess_creators
from tinnhiem.services.listing import listing_rows, rebuild_listing, refresh_listing
from tinnhiem.services.search import SearchQuery, search_creators
from tinnhiem.store import db, tables

pytestmark = pytest.mark.integration
ORIGIN = "tinnhiem.test/log"


def rows(factory) -> dict[str, dict]:
    """The stored listing by creator key, without the refresh time."""
    with factory() as s:
        return {r.key: {c: getattr(r, c) for c in tables.CreatorListing.__table__.columns.keys() if c != "updated_at"}
                for r in s.scalars(select(tables.CreatorListing))}


def row(factory, key: str) -> dict:
    return rows(factory)[key]


def certified_keys(factory) -> list[str]:
    return [h.key for h in search_creators(factory, SearchQuery(certified=True, per_page=100)).items]


def test_assessment_writes_one_row_per_creator_from_the_sources(world):
    listing = rows(world["factory"])
    assert sorted(listing) == world["all"]
    with world["factory"]() as s:
        for key, r in listing.items():
            inf = s.scalars(select(tables.Influencer).filter_by(key=key)).one()
            latest = s.scalar(select(func.max(tables.Assessment.id)).filter_by(influencer_id=inf.id))
            followers = s.scalar(select(func.sum(tables.Account.followers)).filter_by(influencer_id=inf.id)) or 0
            assert (r["assessment_id"], r["follower_total"]) == (latest, followers)
            assert r["name_folded"] == text.fold(inf.name)
            assert r["certificate_serial"] is None and r["certified"] is False


def test_reassessment_moves_the_row_to_the_new_assessment(world):
    key = world["all"][0]
    before = row(world["factory"], key)["assessment_id"]
    assess_creators(world["factory"], keys=[key], now=T0 + timedelta(days=1))
    after = row(world["factory"], key)
    assert after["assessment_id"] > before
    with world["factory"]() as s:
        assert s.get(tables.Assessment, after["assessment_id"]).created_at == after["assessed_at"]


def test_certify_then_suspend_and_reinstate_update_the_row(world):
    creator = world["eligible"][0]
    world["prove"](creator)
    issued = {r.influencer_key: r for r in certify.certify(world["factory"], key_dir=world["tmp"] / "keys",
                                                           env="development", origin=ORIGIN, at=T0)}
    serial = issued[creator].serial
    assert serial and row(world["factory"], creator)["certificate_serial"] == serial
    assert certified_keys(world["factory"]) == [creator]
    lifecycle.decide(world["factory"], serial=serial, action="suspend", reason="Đang điều tra", actor="op-1")
    r = row(world["factory"], creator)
    assert (r["certificate_status"], r["certified"]) == ("suspended", False)
    assert certified_keys(world["factory"]) == []
    lifecycle.decide(world["factory"], serial=serial, action="reinstate", reason="Không có căn cứ", actor="op-2")
    assert row(world["factory"], creator)["certified"] is True and certified_keys(world["factory"]) == [creator]


def test_expiry_updates_the_row(world):
    creator = world["eligible"][0]
    if not row(world["factory"], creator)["certified"]:
        pytest.skip("needs the certificate of the previous test")
    lifecycle.apply_consequences(world["factory"], at=T0 + timedelta(days=400))
    r = row(world["factory"], creator)
    assert (r["certificate_status"], r["certified"]) == ("expired", False)


def test_rebuild_and_refresh_agree_with_the_maintained_rows(world):
    maintained = rows(world["factory"])
    with world["factory"]() as s, s.begin():
        s.execute(tables.CreatorListing.__table__.delete())
        assert refresh_listing(s, [10**9]) == 0  # unknown or unassessed creators get no row
        assert rebuild_listing(s) == len(world["all"])
    assert rows(world["factory"]) == maintained


def test_migration_backfills_an_older_database(world, tmp_path):
    copy = tmp_path / "old.sqlite"
    with world["factory"]() as s:
        source = s.connection().connection.driver_connection
        with sqlite3.connect(copy) as target:
            source.backup(target)
    url = f"sqlite:///{copy}"
    config = db.alembic_config(url)
    engine = db.make_engine(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0008")
    db.upgrade(engine)  # 0009 creates the table and fills it from the existing rows
    factory = db.session_factory(engine)
    assert rows(factory) == rows(world["factory"])
    with factory() as s:
        ids = s.scalars(select(tables.Influencer.id)).all()
        expected = {r["key"]: {k: v for k, v in r.items() if k != "updated_at"} for r in listing_rows(s, ids)}
    assert rows(factory) == expected
    engine.dispose()
