"""Alembic environment: uses a connection passed in ``config.attributes["connection"]``
(tinnhiem.store.db.upgrade) or builds an engine from ``sqlalchemy.url`` /
``TINNHIEM_DATABASE_URL``."""

from __future__ import annotations

from alembic import context

from tinnhiem.store.tables import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        user_module_prefix="tinnhiem.store.types.",
    )


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        from tinnhiem.settings import get_settings

        url = get_settings().database_url
    return url


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    from tinnhiem.store.db import make_engine

    engine = make_engine(_url())
    with engine.connect() as connection:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
