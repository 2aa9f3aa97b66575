"""The Alembic migrations and the ORM models describe the same schema, on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from tinnhiem.store.db import alembic_config, init_db, make_engine
from tinnhiem.store.tables import Base

VERSIONS = Path(__file__).parents[2] / "src" / "tinnhiem" / "store" / "migrations" / "versions"

EXPECTED_TABLES = {
    "influencer", "account", "post", "comment", "metric_snapshot", "audience_sample", "product",
    "post_product", "collaboration", "collaboration_post", "complaint", "assessment", "criterion_score",
    "finding", "detector_run",
    "log_entry", "log_subtree", "log_checkpoint", "review_decision", "ownership_challenge",
    "signing_key", "certificate", "appeal",
    "web_user", "api_key", "audit_event", "webhook", "webhook_delivery", "declaration",
    "creator_listing",
}
#: Created by migration 0009 on PostgreSQL when pg_trgm is available; not in the models.
OPTIONAL_INDEXES = {"ix_creator_listing_trgm_name", "ix_creator_listing_trgm_handles"}


def _is_optional(diff) -> bool:
    return diff[0] == "remove_index" and diff[1].name in OPTIONAL_INDEXES


def test_migrated_schema_matches_models(db_engine) -> None:
    with db_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert [d for d in compare_metadata(context, Base.metadata) if not _is_optional(d)] == []


def test_migration_creates_every_table_and_records_head(db_engine) -> None:
    tables = set(inspect(db_engine).get_table_names())
    assert EXPECTED_TABLES <= tables
    assert EXPECTED_TABLES == set(Base.metadata.tables)
    with db_engine.connect() as connection:
        recorded = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    head = ScriptDirectory.from_config(alembic_config(str(db_engine.url))).get_current_head()
    assert recorded == head == sorted(p.name[:4] for p in VERSIONS.glob("0*.py"))[-1]


def test_init_db_is_repeatable_and_downgrade_drops_everything(database_url: str) -> None:
    engine = init_db(database_url)
    init_db(database_url)  # already at head: no-op
    config = alembic_config(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()


def test_every_constraint_and_index_is_named() -> None:
    for table in Base.metadata.sorted_tables:
        for constraint in table.constraints:
            assert constraint.name, (table.name, constraint)
            assert len(str(constraint.name)) <= 63  # PostgreSQL identifier limit
        for index in table.indexes:
            assert index.name and len(index.name) <= 63


def test_sqlite_pragmas_and_parent_directory(tmp_path: Path) -> None:
    db_file = tmp_path / "nested" / "dir" / "t.sqlite"
    engine = init_db(f"sqlite:///{db_file}")
    assert db_file.exists()
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    engine.dispose()


def test_sqlite_savepoints_roll_back(tmp_path: Path) -> None:
    """The pysqlite recipe in make_engine makes SAVEPOINT behave (needed by services)."""
    engine = make_engine(f"sqlite:///{tmp_path / 's.sqlite'}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO t VALUES (1)")
        nested = connection.begin_nested()
        connection.exec_driver_sql("INSERT INTO t VALUES (2)")
        nested.rollback()
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT x FROM t").scalars().all() == [1]
    engine.dispose()


@pytest.mark.parametrize("url", ["sqlite://"])
def test_in_memory_sqlite_works(url: str) -> None:
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    assert "post" in inspect(engine).get_table_names()
