"""Observatory statistics on SQLite and PostgreSQL: counts, rates, Wilson intervals, groups."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import insert

from tinnhiem.services.stats import follower_tier, observatory, wilson
from tinnhiem.store import tables

T = datetime(2026, 6, 15, tzinfo=timezone.utc)


@pytest.fixture
def factory(db_session_factory):
    """Creator 1 (certified, tiktok, 5k followers): 3 commercial posts, 1 undisclosed.
    Creator 2 (youtube, 2M followers): 2 commercial posts, 1 with a banned product, plus 1
    non-commercial post with a superlative (not counted)."""
    with db_session_factory() as s, s.begin():
        s.execute(insert(tables.Influencer), [dict(id=1, key="a", name="A", niches=["ẩm thực"], province="Huế", content_hash="x"),
                                              dict(id=2, key="b", name="B", niches=["làm đẹp", "mỹ phẩm"], province=None, content_hash="x")])
        s.execute(insert(tables.Account), [dict(id=1, influencer_id=1, platform="tiktok", platform_id="1", handle="a", followers=5_000, content_hash="x"),
                                           dict(id=2, influencer_id=2, platform="youtube", platform_id="2", handle="b", followers=2_000_000, content_hash="x")])
        posts = [(1, "a1", 0), (1, "a2", 0), (1, "a3", 40), (2, "b:1", 0), (2, "b2", 40), (2, "b3", 40)]
        s.execute(insert(tables.Post), [dict(account_id=acc, platform="tiktok" if acc == 1 else "youtube", post_id=pid,
                                             published_at=T + timedelta(days=d), caption="", content_hash="x")
                                        for acc, pid, d in posts])
        findings = [(1, "tiktok:a1", "commercial_content"), (1, "tiktok:a2", "commercial_content"),
                    (1, "tiktok:a3", "commercial_content"), (1, "tiktok:a3", "undisclosed_ad"),
                    (2, "youtube:b:1", "commercial_content"), (2, "youtube:b2", "commercial_content"),
                    (2, "youtube:b2", "banned_product"), (2, "youtube:b3", "absolute_superlative")]
        for iid in (1, 2):
            old = tables.Assessment(influencer_id=iid, created_at=T, methodology_version="2026.1", methodology_digest="d",
                                    total=10, tier="D", eligible=False, input_digest="x")
            s.add(old)
            s.flush()  # an older assessment whose findings must not count
            s.add(tables.FindingRecord(assessment_id=old.id, influencer_id=iid, detector="commercial_content", version="1",
                                       subject_kind="post", subject_key="tiktok:a1" if iid == 1 else "youtube:b3",
                                       severity="info", fingerprint=f"old{iid}"))
        for iid in (1, 2):
            a = tables.Assessment(influencer_id=iid, created_at=T, methodology_version="2026.1", methodology_digest="d",
                                  total=90, tier="A", eligible=True, input_digest="x")
            s.add(a)
            s.flush()
            for n, (fid, key, det) in enumerate(findings):
                if fid == iid:
                    s.add(tables.FindingRecord(assessment_id=a.id, influencer_id=iid, detector=det, version="1",
                                               subject_kind="post", subject_key=key, severity="major", fingerprint=f"f{n}"))
            if iid == 1:
                s.add(tables.SigningKeyRecord(key_id="k", public_pem="x", purpose="development", created_at=T))
                s.flush()
                s.add(tables.Certificate(serial="S1", influencer_id=1, assessment_id=a.id, status="active", tier="A",
                                         issued_at=T, valid_until=T + timedelta(days=365), key_id="k", document={},
                                         signature="x", log_seq=0))
    return db_session_factory


def test_rates_by_dimension(factory):
    out = observatory(factory, now=T + timedelta(days=1))
    assert out["overall"]["posts"] == 5 and out["overall"]["disclosed"] == 4 and out["overall"]["compliant"] == 4
    by = {dim: {r["value"]: (r["posts"], r["disclosed"], r["compliant"]) for r in rows} for dim, rows in out["by"].items()}
    assert by["platform"] == {"tiktok": (3, 2, 3), "youtube": (2, 2, 1)}
    assert by["follower_tier"] == {"nano": (3, 2, 3), "mega": (2, 2, 1)}
    assert by["niche"] == {"ẩm thực": (3, 2, 3), "làm đẹp": (2, 2, 1), "mỹ phẩm": (2, 2, 1)}
    assert by["province"] == {"Huế": (3, 2, 3), "—": (2, 2, 1)}
    assert by["month"] == {"2026-06": (3, 3, 3), "2026-07": (2, 1, 1)}
    assert by["certified"] == {"certified": (3, 2, 3), "not_certified": (2, 2, 1)}
    assert out["certified_creators"] == 1
    assert observatory(factory, now=T + timedelta(days=400))["certified_creators"] == 0  # expired


def test_wilson_interval_and_tiers():
    assert wilson(0, 0) == (0.0, 1.0)
    lo, hi = wilson(8, 10)
    assert 0.49 < lo < 0.8 < hi < 0.95
    assert [follower_tier(n) for n in (None, 9_999, 10_000, 499_999, 1_000_000)] == ["nano", "nano", "micro", "mid", "mega"]
