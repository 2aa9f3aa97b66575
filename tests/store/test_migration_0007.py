"""Migration 0007 (web access) matches the models, on SQLite and PostgreSQL, and downgrades cleanly."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from tinnhiem.store.db import alembic_config, init_db
from tinnhiem.store.tables import Base

WEB_TABLES = {"web_user", "api_key", "audit_event", "webhook", "webhook_delivery", "declaration"}


def _migrate(engine, url: str, revision: str, *, down: bool = False) -> None:
    config = alembic_config(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def test_0007_creates_the_web_tables_matching_the_models(database_url: str) -> None:
    engine = init_db(database_url)
    try:
        assert WEB_TABLES <= set(inspect(engine).get_table_names())
        with engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() >= "0007"
            diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata)
        assert [d for d in diff if any(t in repr(d) for t in WEB_TABLES)] == []
    finally:
        engine.dispose()


def test_0007_downgrades_to_0006_and_upgrades_again(database_url: str) -> None:
    engine = init_db(database_url)
    try:
        _migrate(engine, database_url, "0006", down=True)
        tables = set(inspect(engine).get_table_names())
        assert not (WEB_TABLES & tables) and "appeal" in tables
        _migrate(engine, database_url, "head")
        assert WEB_TABLES <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_usernames_and_key_hashes_are_unique(database_url: str) -> None:
    engine = init_db(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO web_user (username, password_hash, role, created_at) "
                                    "VALUES ('a', 'x', 'admin', CURRENT_TIMESTAMP)"))
        failed = False
        try:
            with engine.begin() as connection:
                connection.execute(text("INSERT INTO web_user (username, password_hash, role, created_at) "
                                        "VALUES ('a', 'y', 'brand', CURRENT_TIMESTAMP)"))
        except Exception:  # IntegrityError, wrapped differently by each driver
            failed = True
        assert failed
    finally:
        engine.dispose()
