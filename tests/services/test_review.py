"""Review before sanction: the queue, decisions, and re-scoring (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from canonical_testdata import canonical_creator
from tinnhiem.services.assess import assess_creators
from tinnhiem.services.ingest import import_files
from tinnhiem.services.review import decide_finding, review_queue
from tinnhiem.store import tables

pytestmark = pytest.mark.integration
VAPE = "Pod vape vị dưa hấu mới về nha mn 😍 giá chỉ 250k, ib mình ship toàn quốc https://s.shopee.vn/AbC12xY"


@pytest.fixture
def assessed(db_session_factory, canonical_file):
    records = canonical_creator(7, posts=6, comments_per_post=5)
    records.append({"kind": "post", "account": {"platform": "tiktok", "platform_id": "tt00007"}, "post_id": "vape1",
                    "published_at": "2026-03-20T20:00:00+07:00", "format": "video", "caption": VAPE})
    report = import_files(db_session_factory, [canonical_file(records)])
    assert report.rejected == 0, report.errors
    assess_creators(db_session_factory, now=datetime(2026, 4, 1, tzinfo=timezone.utc))
    return db_session_factory


def latest(factory):
    with factory() as s:
        return s.scalars(select(tables.Assessment).order_by(tables.Assessment.id.desc()).limit(1)).one()


def test_serious_findings_wait_in_the_queue_and_keep_the_gate_pending(assessed):
    with assessed() as s:
        queue = review_queue(s)
    assert [(i.detector, i.subject, i.severity) for i in queue] == [("banned_product", "tiktok:vape1", "critical")]
    assert queue[0].quote.lower() in {"pod", "vape", "pod vape"}  # the product, quoted from the caption
    assert queue[0].category == "tobacco"  # shown to the reviewer as the product category
    gate = {g["id"]: g for g in latest(assessed).gates}["no_critical"]
    assert gate["passed"] is False and gate["pending"] is True


def test_dismissing_stops_the_finding_counting_and_rescores(assessed):
    before = latest(assessed)
    with assessed() as s:
        (item,) = review_queue(s)
    summary = decide_finding(assessed, fingerprint=item.fingerprint[:10], decision="dismissed",
                             reason="Ảnh chụp sản phẩm là đồ chơi, không phải thuốc lá điện tử", reviewer="reviewer-1")
    after = latest(assessed)
    assert after.id != before.id and summary.assessment_id == after.id
    assert after.total > before.total
    assert {g["id"]: g for g in after.gates}["no_critical"]["passed"] is True
    with assessed() as s:
        assert review_queue(s) == []  # decided findings leave the queue, even in the new assessment
        decision = s.scalars(select(tables.ReviewDecision)).one()
    assert (decision.decision, decision.reviewer) == ("dismissed", "reviewer-1") and decision.reason


def test_confirming_fails_the_gate_for_good(assessed):
    with assessed() as s:
        (item,) = review_queue(s)
    decide_finding(assessed, fingerprint=item.fingerprint, decision="confirmed", reason="Bán pod vape có giá và link",
                   reviewer="reviewer-2")
    gate = {g["id"]: g for g in latest(assessed).gates}["no_critical"]
    assert gate["passed"] is False and gate["pending"] is False and not latest(assessed).eligible


@pytest.mark.parametrize("kwargs,error", [
    ({"decision": "maybe", "reason": "x", "reviewer": "r"}, ValueError),
    ({"decision": "dismissed", "reason": " ", "reviewer": "r"}, ValueError),
    ({"decision": "dismissed", "reason": "x", "reviewer": "r", "fingerprint": "ffffffffffff"}, LookupError),
])
def test_bad_decisions_are_refused(assessed, kwargs, error):
    with assessed() as s:
        (item,) = review_queue(s)
    with pytest.raises(error):
        decide_finding(assessed, **{"fingerprint": item.fingerprint, **kwargs})


def test_methodology_publication_is_logged_once(assessed):
    from tinnhiem.scoring import methodology

    assess_creators(assessed, now=datetime(2026, 4, 2, tzinfo=timezone.utc))
    with assessed() as s:
        bodies = s.scalars(select(tables.LogEntry.body).where(tables.LogEntry.kind == "methodology.published/v1")).all()
    import json

    assert len(bodies) == 1
    assert json.loads(bodies[0])["body"]["digest"] == methodology.load()[1]
