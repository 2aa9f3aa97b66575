"""Fixtures for service tests: a small generated world, assessed, with a development key."""

from __future__ import annotations

import json
import pytest

from canonical_testdata import WORLD_T0

from tinnhiem.sample import generate
from tinnhiem.services import keys, ownership
from tinnhiem.services.assess import assess_creators
from tinnhiem.services.ingest import import_files
from tinnhiem.store import db

T0 = WORLD_T0


def _prove(world: dict, influencer_key: str) -> str:
    """The creator puts the one-time code in their first account's bio; the operator re-imports."""
    sample = world["tmp"] / "sample" / "01-influencers.jsonl"
    account = next(r for r in map(json.loads, sample.read_text(encoding="utf-8").splitlines())
                   if r["kind"] == "account" and r["influencer_id"] == influencer_key)
    key = f"{account['platform']}:{account['platform_id']}"
    ch = ownership.start_challenge(world["factory"], account_key=key, at=T0)
    path = world["tmp"] / f"bio-{influencer_key}.jsonl"
    path.write_text(json.dumps({**account, "bio": f"{account.get('bio') or ''} {ch.code}"}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    assert import_files(world["factory"], [path]).updated == 1
    assert ownership.check_challenge(world["factory"], account_key=key, at=T0).verified_at is not None
    return key


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """8 generated creators on SQLite, assessed at T0, with an active development key.
    ``world["prove"](key)`` makes one creator prove ownership of an account."""
    tmp = tmp_path_factory.mktemp("world")
    generate(42, tmp / "sample", creators=8)
    factory = db.session_factory(db.init_db(f"sqlite:///{tmp / 'world.sqlite'}"))
    assert import_files(factory, sorted((tmp / "sample").glob("*.jsonl"))).rejected == 0
    results = assess_creators(factory, now=T0)
    keys.generate_key(factory, key_dir=tmp / "keys", purpose="development", at=T0)
    out = {"factory": factory, "tmp": tmp, "eligible": sorted(r.influencer_key for r in results if r.eligible),
           "all": sorted(r.influencer_key for r in results)}
    out["prove"] = lambda key: _prove(out, key)
    return out
