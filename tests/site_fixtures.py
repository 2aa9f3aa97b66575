"""Fixtures for the web application (imported by tests/api and tests/web conftests).

``site`` (session scope): 8 generated creators on SQLite, imported, assessed, with a
development key, ownership proven for the eligible ones and certificates issued.
``app``/``client``: the application over that database (anonymous client).
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from canonical_testdata import WORLD_T0

from tinnhiem.api.app import create_app
from tinnhiem.demo import DEMO_ORIGIN, _accounts_of, _ownership_responses
from tinnhiem.sample import generate
from tinnhiem.services import keys
from tinnhiem.services.assess import assess_creators
from tinnhiem.services.certify import certify
from tinnhiem.services.ingest import import_files
from tinnhiem.services.ownership import check_challenge
from tinnhiem.settings import get_settings
from tinnhiem.store import db


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
    return {
        "tmp": tmp, "url": url, "factory": factory, "settings": settings, "key_dir": key_dir,
        "all": sorted(r.influencer_key for r in results), "eligible": eligible,
        "serials": [r.serial for r in issued if r.outcome == "issued"],
    }


@pytest.fixture(scope="session")
def app(site):
    return create_app(site["settings"])


@pytest.fixture()
def client(app):
    with TestClient(app) as c:
        yield c
