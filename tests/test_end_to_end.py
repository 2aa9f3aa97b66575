"""Acceptance of the whole path on the seeded sample world:
sample → import → detectors → methodology → stored assessments.

- every planted behaviour is found with recall ≥ 0.9 (a plumbing sanity check, not accuracy);
- every planted violator ranks below every honest creator of the same follower tier;
- bought-follower and angry-audience creators lose the points of the signals that reveal them;
- a small creator with thin data (a handful of comments, a tiny follower sample) comes out
  inconclusive, never punished on that thin evidence;
- SQLite and PostgreSQL give identical assessments.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import json

import pytest
from sqlalchemy import select

from tinnhiem.sample import generate
from tinnhiem.services.assess import assess_creators
from tinnhiem.services.groundtruth import check_ground_truth
from tinnhiem.services.ingest import import_files
from tinnhiem.store import db, tables

pytestmark = pytest.mark.integration
FIXED_NOW = datetime(2026, 11, 1, 12, 0, tzinfo=timezone.utc)
THIN = "kol-thin"
COMMENT_SIGNALS = {"comment_sentiment", "comment_toxicity", "complaint_intent", "complaint_phrase", "comment_spam"}


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("world")
    generate(42, out)
    write_thin_creator(out / "09-thin-creator.jsonl")
    return out


def write_thin_creator(path: Path) -> None:
    """A nano creator with little data whose few signals look bad: 4 posts, 12 comments (most of
    them angry), 8 sampled followers (half of them fake-looking), a steady follower series."""
    acc = {"platform": "tiktok", "platform_id": "7000000000000000001"}
    rows = [{"kind": "influencer", "id": THIN, "name": "Bếp Nhỏ Của Mai", "niches": ["ẩm thực"]},
            {"kind": "account", "influencer_id": THIN, **acc, "handle": "bepnho.mai", "followers": 2400}]
    captions = ["Nấu canh chua cá lóc kiểu miền Tây 🍲 #nauan", "Bữa sáng 15 phút cho cả nhà #bepnho",
                "Làm bánh flan không cần lò nướng #banhflan", "Đi chợ cuối tuần với 200k #dicho"]
    for i, caption in enumerate(captions):
        rows.append({"kind": "post", "account": acc, "post_id": f"71000000000000000{i}", "format": "short",
                     "published_at": f"2026-0{6 + i}-10T19:00:00+07:00", "caption": caption, "duration_s": 40.0})
    texts = ["lừa đảo, hàng giả", "shop không trả lời tin nhắn", "dở tệ", "mua về ăn bị đau bụng",
             "không giống quảng cáo", "thất vọng quá", "chán", "tệ thật sự", "ngon quá chị ơi", "cảm ơn chị",
             "làm theo thành công rồi", "quá tệ luôn"]
    for i, text in enumerate(texts):
        rows.append({"kind": "comment", "post": {"platform": "tiktok", "post_id": f"71000000000000000{i % 4}"},
                     "comment_id": f"7200000000000000{i:02d}", "author": f"viewer{i}", "text": text,
                     "published_at": f"2026-0{6 + i % 4}-11T08:00:00+07:00"})
    for day in range(8):
        rows.append({"kind": "metric_snapshot", "account": acc, "observed_on": f"2026-09-{1 + 4 * day:02d}",
                     "followers": 2300 + 12 * day, "following": 150, "posts": 40 + day})
    for i in range(8):
        fake = i % 2 == 0
        follower = ({"id": f"user{9000000 + i}", "followers": 3, "following": 4000, "posts": 0,
                     "has_profile_pic": False, "is_private": False, "bio_length": 0, "username_digits": 7}
                    if fake else {"id": f"mai.fan{i}", "followers": 300, "following": 280, "posts": 35,
                                  "has_profile_pic": True, "is_private": False, "bio_length": 40, "username_digits": 1})
        rows.append({"kind": "audience_sample", "account": acc, "sampled_on": "2026-10-30", "follower": follower})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


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


def test_honest_creators_are_eligible_and_violators_are_not(sqlite_run, world):
    truth = json.loads((world / "ground_truth.json").read_text(encoding="utf-8"))["creators"]
    with sqlite_run() as session:
        rows = session.execute(
            select(tables.Influencer.key, tables.Assessment.eligible, tables.Assessment.tier)
            .join(tables.Assessment, tables.Assessment.influencer_id == tables.Influencer.id)
        ).all()
    honest = [r for r in rows if r.key in truth and truth[r.key]["behaviours"] == ["honest"]]
    violators = [r for r in rows if r.key in truth and truth[r.key]["behaviours"] != ["honest"]]
    assert [r.key for r in honest if not r.eligible] == []
    assert [r.key for r in violators if r.eligible] == []  # no planted violator is eligible for a certificate


def criteria_of(factory, key: str) -> dict[str, tables.CriterionScore]:
    with factory() as s:
        a = s.scalars(select(tables.Assessment).join(tables.Influencer).where(tables.Influencer.key == key)).one()
        return {c.criterion: c for c in s.scalars(select(tables.CriterionScore).filter_by(assessment_id=a.id))}


def test_bought_followers_and_angry_audiences_lose_the_points_of_their_signals(sqlite_run, world):
    truth = json.loads((world / "ground_truth.json").read_text(encoding="utf-8"))["creators"]
    for key, info in sorted(truth.items()):
        crit = criteria_of(sqlite_run, key)
        # complaints are weighed by the creator's audience (all accounts' followers)
        assert crit["community_feedback"].coverage["substantiated_complaints"]["audience"] >= 0.9 * info["followers"], key
        lost = {d["detector"] for c in crit.values() for d in c.deductions if d["points"] > 0.5}
        if "bought_followers" in info["behaviours"]:
            assert {"audience_authenticity", "follower_spike"} <= lost, key
            assert crit["authenticity"].score < 0.6 * crit["authenticity"].max_points, key
        if "angry_audience" in info["behaviours"]:
            assert {"comment_sentiment", "complaint_record"} & lost and lost & {"complaint_phrase", "complaint_intent"}, key
            assert crit["community_feedback"].score < 0.6 * crit["community_feedback"].max_points, key


def test_small_creator_with_thin_data_is_inconclusive_not_punished(sqlite_run):
    crit = criteria_of(sqlite_run, THIN)
    assert crit["community_feedback"].status == "inconclusive" and crit["community_feedback"].score is None
    assert crit["authenticity"].status == "inconclusive" and crit["authenticity"].score is None
    assert crit["ad_compliance"].status == crit["commercial_transparency"].status == "scored"
    lost = {d["detector"] for c in crit.values() for d in c.deductions}
    assert not lost & (COMMENT_SIGNALS | {"audience_authenticity"})
    with sqlite_run() as s:
        a = s.scalars(select(tables.Assessment).join(tables.Influencer).where(tables.Influencer.key == THIN)).one()
    assert a.tier == "?" and not a.eligible
    assert {g["id"]: g["passed"] for g in a.gates}["all_conclusive"] is False


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
