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
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

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


def _pg_bindir() -> Path | None:
    explicit = os.environ.get("TINNHIEM_TEST_PG_BIN")
    if explicit:
        return Path(explicit)
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=True).stdout.strip()
            if (Path(out) / "initdb").exists():
                return Path(out)
        except (OSError, subprocess.CalledProcessError):
            pass
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    candidates = [c for c in candidates if (c / "initdb").exists()]
    if candidates:
        return candidates[-1]
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _ThrowAwayCluster:
    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="tinnhiem-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.as_root = hasattr(os, "geteuid") and os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
            os.chmod(self.root, 0o755)

    def _run(self, *args: str) -> None:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            log = (self.root / "pg.log").read_text() if (self.root / "pg.log").exists() else ""
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}\n{log}")

    def start(self) -> str:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8")
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c full_page_writes=off -c synchronous_commit=off")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "pg.log"), "-w", "-o", options, "start")
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


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
    bindir = _pg_bindir()
    if bindir is None or not (bindir / "initdb").exists():
        _unavailable(f"no initdb found (looked in {bindir or 'pg_config --bindir, /usr/lib/postgresql/*/bin, PATH'})")
    cluster = _ThrowAwayCluster(bindir)
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
