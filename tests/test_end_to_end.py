"""Acceptance of the whole path on the seeded sample world:
sample → import → detectors → methodology → stored assessments.

- every planted behaviour is found with recall ≥ 0.9 (a plumbing sanity check, not accuracy);
- every planted violator ranks below every honest creator of the same follower tier;
- SQLite and PostgreSQL give identical assessments.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from tinnhiem.sample import generate
from tinnhiem.services.assess import assess_creators
from tinnhiem.services.groundtruth import check_ground_truth
from tinnhiem.services.ingest import import_files
from tinnhiem.store import db, tables

pytestmark = pytest.mark.integration
FIXED_NOW = datetime(2026, 11, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("world")
    generate(42, out)
    return out


def run_pipeline(url: str, world: Path):
    engine = db.init_db(url)
    factory = db.session_factory(engine)
    report = import_files(factory, sorted(world.glob("*.jsonl")), quarantine_path=world.parent / "q.jsonl")
    assert report.rejected == 0, report.errors[:5]
    assess_creators(factory, now=FIXED_NOW)
    return engine, factory


@pytest.fixture(scope="module")
def sqlite_run(world, tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'e2e.sqlite'}"
    engine, factory = run_pipeline(url, world)
    yield factory
    engine.dispose()


def test_every_planted_behaviour_is_found(sqlite_run, world):
    with sqlite_run() as session:
        check = check_ground_truth(session, world / "ground_truth.json")
    assert set(check.recall) >= {"undisclosed_ads", "illegal_claims", "banned_products", "bought_followers", "angry_audience"}
    for behaviour, recall in check.recall.items():
        assert recall >= 0.9, (behaviour, recall, check.missed.get(behaviour, [])[:3])


def test_violators_rank_below_honest_creators_of_similar_size(sqlite_run, world):
    with sqlite_run() as session:
        check = check_ground_truth(session, world / "ground_truth.json")
    assert check.misranked == []


def test_honest_creators_are_mostly_eligible_and_violators_are_not(sqlite_run, world):
    import json

    truth = json.loads((world / "ground_truth.json").read_text(encoding="utf-8"))["creators"]
    with sqlite_run() as session:
        rows = session.execute(
            select(tables.Influencer.key, tables.Assessment.eligible, tables.Assessment.tier)
            .join(tables.Assessment, tables.Assessment.influencer_id == tables.Influencer.id)
        ).all()
    honest = [r for r in rows if truth[r.key]["behaviours"] == ["honest"]]
    violators = [r for r in rows if truth[r.key]["behaviours"] != ["honest"]]
    assert sum(r.eligible for r in honest) >= 0.9 * len(honest)
    assert [r.key for r in violators if r.eligible] == []  # no planted violator is eligible for a certificate


def dump(factory) -> dict:
    """Everything an assessment says, keyed by natural keys (no surrogate ids)."""
    out = {}
    with factory() as s:
        for inf in s.scalars(select(tables.Influencer).order_by(tables.Influencer.key)):
            a = s.scalars(select(tables.Assessment).filter_by(influencer_id=inf.id)).one()
            crit = s.scalars(select(tables.CriterionScore).filter_by(assessment_id=a.id).order_by(tables.CriterionScore.criterion))
            finds = s.scalars(select(tables.FindingRecord).filter_by(assessment_id=a.id).order_by(tables.FindingRecord.fingerprint))
            runs = s.scalars(select(tables.DetectorRunRecord).filter_by(assessment_id=a.id).order_by(tables.DetectorRunRecord.detector))
            out[inf.key] = {
                "assessment": (a.created_at, a.methodology_version, a.methodology_digest, a.detector_manifest, a.total,
                               a.tier, a.eligible, a.gates, a.summary, a.input_digest),
                "criteria": [(c.criterion, c.score, c.status, c.confidence, c.coverage, c.deductions) for c in crit],
                "findings": [(f.fingerprint, f.detector, f.subject_key, f.severity, f.confidence, f.message,
                              f.evidence, f.data, f.category) for f in finds],
                "runs": [(r.detector, r.version, r.examined, r.not_available, r.errors, r.findings) for r in runs],
            }
    return out


def test_identical_assessments_on_sqlite_and_postgresql(sqlite_run, world, postgres_url):
    engine, pg_factory = run_pipeline(postgres_url, world)
    try:
        left, right = dump(sqlite_run), dump(pg_factory)
    finally:
        engine.dispose()
    assert left.keys() == right.keys()
    for key in left:
        assert left[key] == right[key], key
