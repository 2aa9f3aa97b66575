"""Shared fixtures: databases (SQLite always, PostgreSQL when available) and canonical data.

``database_url`` is parametrised over ``sqlite`` (a temp file) and ``postgresql``:

* ``TINNHIEM_TEST_POSTGRES_URL`` set (e.g. ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``):
  that server is used; every test gets a fresh database created (and dropped) through it.
* otherwise a throw-away cluster is started once per session from the PostgreSQL binaries
  (``TINNHIEM_TEST_PG_BIN``, else ``pg_config --bindir``, else the newest
  ``/usr/lib/postgresql/*/bin``): initdb into a temp dir (as user ``postgres`` via ``runuser``
  when running as root), trust auth, 127.0.0.1 on a free port, ``fsync=off``; stopped at the end.
* no PostgreSQL binaries: the ``postgresql`` params are skipped — unless ``CI`` is set, where
  a missing PostgreSQL fails the tests.

``TINNHIEM_TEST_DATABASES=sqlite`` (or ``postgresql``) limits the parametrisation.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tinnhiem.store.throwaway_pg import ThrowAwayCluster, pg_bindir

from canonical_testdata import TEST_PSEUDONYM_KEY, canonical_creator, write_jsonl  # noqa: F401 (re-exported)

# The web application's fixtures (site, app, client, api_client, browser_login, scratch_site):
# one definition for the whole suite, so the session-scoped site world is built once.
pytest_plugins = ["site_fixtures"]

ALL_DATABASES = ("sqlite", "postgresql")


def _databases() -> list[str]:
    chosen = os.environ.get("TINNHIEM_TEST_DATABASES")
    if not chosen:
        return list(ALL_DATABASES)
    return [d.strip() for d in chosen.split(",") if d.strip() in ALL_DATABASES]


# --------------------------------------------------------------------------- PostgreSQL


def _unavailable(message: str):
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"PostgreSQL is required when CI is set: {message}", pytrace=False)
    pytest.skip(f"PostgreSQL not available ({message}); set TINNHIEM_TEST_POSTGRES_URL or install PostgreSQL")


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """URL of a PostgreSQL server's maintenance database (``postgres``) for this session."""
    given = os.environ.get("TINNHIEM_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    bindir = pg_bindir(os.environ.get("TINNHIEM_TEST_PG_BIN"))
    if bindir is None or not (bindir / "initdb").exists():
        _unavailable(f"no initdb found (looked in {bindir or 'pg_config --bindir, /usr/lib/postgresql/*/bin, PATH'})")
    cluster = ThrowAwayCluster(bindir)
    try:
        url = cluster.start()
    except (OSError, RuntimeError) as exc:
        cluster.stop()
        _unavailable(f"could not start a throw-away cluster: {exc}")
    try:
        yield url
    finally:
        cluster.stop()


def _admin(url: str, sql: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    conninfo = dict(host=u.host or "127.0.0.1", port=u.port or 5432, user=u.username or "postgres",
                    dbname=u.database or "postgres")
    if u.password:
        conninfo["password"] = u.password
    with psycopg.connect(autocommit=True, **conninfo) as conn:
        conn.execute(sql)


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test (dropped afterwards)."""
    from sqlalchemy.engine import make_url

    name = f"tinnhiem_test_{uuid.uuid4().hex[:12]}"
    _admin(postgres_admin_url, f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
    url = make_url(postgres_admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        _admin(postgres_admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'var' / 'tinnhiem.sqlite'}"


@pytest.fixture(params=_databases())
def database_url(request: pytest.FixtureRequest) -> str:
    """An empty database, once for SQLite and once for PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def db_engine(database_url: str):
    """An Engine on a migrated (``alembic upgrade head``) database."""
    from tinnhiem.store.db import init_db

    engine = init_db(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db_session_factory(db_engine):
    from tinnhiem.store.db import session_factory

    return session_factory(db_engine)


@pytest.fixture
def db_session(db_session_factory):
    with db_session_factory() as session:
        yield session


# --------------------------------------------------------------------------- canonical data


@pytest.fixture
def canonical_file(tmp_path: Path):
    """``canonical_file(records, name="input.jsonl") -> Path``."""

    def make(records: list, name: str = "input.jsonl") -> Path:
        return write_jsonl(tmp_path / name, records)

    return make


@pytest.fixture(scope="session", autouse=True)
def _prefilter_databases_built():
    """Compile the regex prefilter's databases once, up front: otherwise the first compile
    (seconds on a machine without the cache) lands inside whichever test scans text first,
    e.g. a hypothesis test with a deadline."""
    from tinnhiem import _prefilter
    from tinnhiem.detectors.registry import all_detectors

    all_detectors()
    _prefilter.refresh_all()
