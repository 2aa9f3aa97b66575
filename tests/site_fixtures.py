"""Fixtures for the web application (imported by tests/api and tests/web conftests).

``site`` (session scope): 8 generated creators on SQLite, imported, assessed, with a
development key, ownership proven for the eligible ones and certificates issued; one demo
login per role (``site["logins"]`` = {role: (username, password)}, the creator bound to
``site["creator"]``, the brand to ``site["brand"]``) and one API key per role
(``site["api_keys"]``).
``app``/``client``: the application over that database (anonymous client).
``api_client(role)``: a client authenticated with that role's API key.
``browser_login(role)``: a client logged in through the ``/dang-nhap`` form (cookie session);
its ``csrf_token`` attribute is the token unsafe requests must carry.
``scratch_site``: a private copy of the site database with its own app, for tests that write.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import ExitStack

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from canonical_testdata import WORLD_T0

from tinnhiem.api.app import create_app
from tinnhiem.demo import DEMO_ORIGIN, _accounts_of, _ownership_responses
from tinnhiem.sample import generate
from tinnhiem.services import accounts, keys
from tinnhiem.services.assess import assess_creators
from tinnhiem.services.certify import certify
from tinnhiem.services.ingest import import_files
from tinnhiem.services.ownership import check_challenge
from tinnhiem.settings import get_settings
from tinnhiem.store import db, tables

ROLES = ("creator", "brand", "reviewer", "operator", "admin")
PASSWORDS = {role: f"test-{role}-password" for role in ROLES}


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("site")
    sample = tmp / "sample"
    generate(42, sample, creators=8)
    url = f"sqlite:///{tmp / 'site.sqlite'}"
    factory = db.session_factory(db.init_db(url))
    assert import_files(factory, sorted(sample.glob("*.jsonl"))).rejected == 0
    results = assess_creators(factory, now=WORLD_T0)
    eligible = sorted(r.influencer_key for r in results if r.eligible)
    key_dir = tmp / "keys"
    keys.generate_key(factory, key_dir=key_dir, purpose="development", at=WORLD_T0)
    responses = _ownership_responses(factory, sample, eligible, tmp / "ownership.jsonl")
    import_files(factory, [responses])
    for account_key in _accounts_of(sample, eligible).values():
        check_challenge(factory, account_key=account_key)
    issued = certify(factory, key_dir=key_dir, env="development", origin=DEMO_ORIGIN, at=WORLD_T0)
    settings = get_settings(database_url=url, key_dir=str(key_dir), env="development",
                            log_origin=DEMO_ORIGIN, public_url="http://testserver")
    serials = [r.serial for r in issued if r.outcome == "issued"]
    certified = [r.influencer_key for r in issued if r.outcome == "issued"]
    creator = (certified or eligible or sorted(r.influencer_key for r in results))[0]
    brand = _a_brand(factory)
    logins = accounts.seed_demo_users(factory, influencer_key=creator, brand=brand, passwords=PASSWORDS)
    api_keys = {role: _key(factory, username, role) for role, (username, _) in logins.items()}
    return {
        "tmp": tmp, "url": url, "factory": factory, "settings": settings, "key_dir": key_dir,
        "all": sorted(r.influencer_key for r in results), "eligible": eligible, "serials": serials,
        "creator": creator, "brand": brand, "logins": logins, "api_keys": api_keys,
    }


def _a_brand(factory) -> str:
    with factory() as session:
        return session.scalars(select(tables.Collaboration.brand).order_by(tables.Collaboration.id)).first() or "Thương hiệu thử"


def _key(factory, username: str, role: str) -> str:
    with factory() as session:
        user_id = session.scalars(select(tables.WebUser.id).filter_by(username=username)).one()
    return accounts.issue_api_key(factory, user_id=user_id, label=f"tests-{role}", actor="system:tests").key


@pytest.fixture(scope="session")
def app(site):
    return create_app(site["settings"])


@pytest.fixture()
def client(app):
    with TestClient(app) as c:
        yield c


@pytest.fixture()
def scratch_site(site, tmp_path):
    """A copy of the site database (same logins and keys) with its own application."""
    return copy_site(site, tmp_path / "scratch.sqlite")


def copy_site(site: dict, path) -> dict:
    source, target = sqlite3.connect(site["url"].removeprefix("sqlite:///")), sqlite3.connect(path)
    with target:
        source.backup(target)
    source.close()
    target.close()
    url = f"sqlite:///{path}"
    settings = site["settings"].model_copy(update={"database_url": url})
    factory = db.session_factory(db.make_engine(url))
    return {**site, "url": url, "settings": settings, "factory": factory, "app": create_app(settings, migrate=False)}


def _clients(default_app):
    stack = ExitStack()

    def make(app=None, **headers):
        c = stack.enter_context(TestClient(app or default_app))
        c.headers.update(headers)
        return c

    return stack, make


@pytest.fixture()
def api_client(app, site):
    """``api_client(role, app=None)``: a TestClient sending that role's API key."""
    stack, make = _clients(app)
    with stack:
        yield lambda role, app=None: make(app, Authorization=f"Bearer {site['api_keys'][role]}")


@pytest.fixture()
def browser_login(app, site):
    """``browser_login(role, app=None)``: a TestClient logged in through the login form."""
    stack, make = _clients(app)

    def login(role: str, app=None):
        c = make(app)
        token = csrf_of(c.get("/dang-nhap").text)
        username, password = site["logins"][role]
        response = c.post("/dang-nhap", data={"username": username, "password": password, "csrf_token": token},
                          follow_redirects=False)
        assert response.status_code == 303, response.text[:500]
        c.app.state.rate_limiter.reset("login")  # many tests log in from the same address
        c.csrf_token = c.get("/api/v1/auth/me").json()["csrf_token"]
        return c

    with stack:
        yield login


def csrf_of(html: str) -> str:
    """The CSRF token of a rendered page (its hidden form field)."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def ensure_certificate(scratch: dict, key: str | None = None) -> str:
    """The serial of an active certificate of ``key`` (default ``scratch["creator"]``) in a scratch database.

    When the sample gives that creator none (scoring may leave nobody eligible), the test
    setup makes one: the latest assessment is marked eligible and an account verified, then
    the real ``certify`` service issues it. Only ever on a scratch copy."""
    from tinnhiem.services.ownership import start_challenge
    from tinnhiem.services.reports import latest_assessments

    factory, key = scratch["factory"], key or scratch["creator"]
    with factory() as session, session.begin():
        inf = session.scalars(select(tables.Influencer).filter_by(key=key)).one()
        active = session.scalars(select(tables.Certificate.serial).filter_by(influencer_id=inf.id, status="active")).first()
        if active:
            return active
        latest = next(a for a in latest_assessments(session) if a.influencer_id == inf.id)
        latest.eligible = True
        account = session.scalars(select(tables.Account).filter_by(influencer_id=inf.id)).first()
        account_key = f"{account.platform}:{account.platform_id}"
    start_challenge(factory, account_key=account_key)
    with factory() as session, session.begin():
        challenge = session.scalars(select(tables.OwnershipChallenge).filter_by(account_id=account.id)).first()
        challenge.verified_at, challenge.verified_via = WORLD_T0, "bio"
    (result,) = certify(factory, key_dir=scratch["key_dir"], env="development", origin=DEMO_ORIGIN, keys=[key])
    assert result.outcome == "issued", result
    return result.serial
