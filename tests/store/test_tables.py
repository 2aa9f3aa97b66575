"""ORM behaviour that must be identical on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import delete, func, select

from tinnhiem.model import Evidence, Finding
from tinnhiem.store.tables import (
    Account,
    Assessment,
    CriterionScore,
    DetectorRunRecord,
    FindingRecord,
    Influencer,
    MetricSnapshot,
    Post,
    evidence_dicts,
)

ICT = timezone(timedelta(hours=7))


def _creator(session) -> tuple[Influencer, Account]:
    influencer = Influencer(key="inf-1", name="Trần Văn Ánh", niches=["công nghệ"], content_hash="x")
    account = Account(platform="youtube", platform_id="UC1", handle="anh.tech", content_hash="x")
    session.add(influencer)
    session.flush()
    account.influencer_id = influencer.id
    session.add(account)
    session.flush()
    return influencer, account


def test_utc_datetime_round_trips_aware_utc(db_session_factory) -> None:
    published = datetime(2026, 3, 1, 19, 30, tzinfo=ICT)
    with db_session_factory() as session:
        _, account = _creator(session)
        session.add(Post(account_id=account.id, platform="youtube", post_id="v1", published_at=published,
                         transcript=[{"start": 0.0, "end": 1.5, "text": "Xin chào"}], content_hash="x"))
        session.commit()
    with db_session_factory() as session:
        post = session.scalars(select(Post)).one()
        assert post.published_at == published
        assert post.published_at.tzinfo == timezone.utc
        assert post.published_at.hour == 12
        assert post.transcript == [{"start": 0.0, "end": 1.5, "text": "Xin chào"}]
        assert post.hashtags == [] and post.caption == "" and post.paid_partnership is False
        assert post.created_at.tzinfo == timezone.utc


def test_deleting_an_assessment_deletes_scores_findings_and_runs(db_session_factory) -> None:
    with db_session_factory() as session:
        influencer, _ = _creator(session)
        for n in range(2):
            assessment = Assessment(influencer_id=influencer.id, methodology_version="2026.1", methodology_digest="d",
                                    detector_manifest={"absolute_superlative": "1.0.0"}, total=81.5, tier="A",
                                    eligible=True, gates={}, summary={}, input_digest="i")
            assessment.scores.append(CriterionScore(criterion="ad_compliance", score=30.0, max_points=35.0,
                                                    status="scored", coverage={"posts": 10}, deductions=[]))
            assessment.findings.append(FindingRecord(influencer_id=influencer.id, detector="absolute_superlative",
                                                     version="1.0.0", subject_kind="post", subject_key="youtube:v1",
                                                     severity="major", fingerprint=f"f{n}", evidence=[]))
            assessment.runs.append(DetectorRunRecord(detector="absolute_superlative", version="1.0.0", scope="post",
                                                     examined=10))
            session.add(assessment)
        session.commit()
        first, second = session.scalars(select(Assessment).order_by(Assessment.id)).all()
        session.delete(first)  # ORM cascade
        session.commit()
        session.execute(delete(Assessment).where(Assessment.id == second.id))  # database cascade
        session.commit()
        for model in (CriterionScore, FindingRecord, DetectorRunRecord):
            assert session.scalar(select(func.count()).select_from(model)) == 0


def test_foreign_keys_are_enforced(db_session_factory) -> None:
    import pytest
    from sqlalchemy.exc import IntegrityError

    with db_session_factory() as session:
        session.add(MetricSnapshot(account_id=999, observed_on=date(2026, 1, 1), content_hash="x"))
        with pytest.raises(IntegrityError):
            session.commit()


def test_finding_fingerprint_depends_on_detector_subject_and_spans() -> None:
    from tinnhiem.model import finding_fingerprint

    evidence = (Evidence(field="caption", quote="tốt nhất", start=10, end=18, content_hash="sha256:ab"),)
    base = Finding(detector="absolute_superlative", version="1", subject="tiktok:1", subject_kind="post",
                   message="m", evidence=evidence)
    same = Finding(detector="absolute_superlative", version="2", subject="tiktok:1", subject_kind="post",
                   message="other message", evidence=evidence, confidence=0.5)
    moved = Finding(detector="absolute_superlative", version="1", subject="tiktok:1", subject_kind="post",
                    message="m", evidence=(Evidence(field="caption", quote="tốt nhất", start=11, end=19),))
    assert finding_fingerprint(base) == finding_fingerprint(same)
    assert finding_fingerprint(base) != finding_fingerprint(moved)
    assert len(finding_fingerprint(base)) == 64
    assert evidence_dicts(base) == [{"field": "caption", "quote": "tốt nhất", "start": 10, "end": 18,
                                     "content_hash": "sha256:ab", "time_s": None}]
