"""Detector views built from the database: content, ordering, query count, SQLite == PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import event

from canonical_testdata import TEST_PSEUDONYM_KEY, canonical_creator
from tinnhiem.model import CreatorView
from tinnhiem.services.ingest import import_files, pseudonymise
from tinnhiem.services.views import UnknownInfluencer, list_influencer_keys, load_creator_view
from tinnhiem.store.db import init_db, session_factory


def _dataset() -> list[dict]:
    records = canonical_creator(1, posts=3) + canonical_creator(0, posts=3)
    # a second account (YouTube) without snapshots, a post linked to a product only through a collaboration
    records += [
        {"kind": "account", "influencer_id": "inf-000", "platform": "youtube", "platform_id": "UC000",
         "handle": "HuongReview", "followers": 5000},
        {"kind": "post", "account": {"platform": "youtube", "platform_id": "UC000"}, "post_id": "yt-b",
         "published_at": "2026-03-05T12:00:00Z", "format": "short", "caption": "Mỹ phẩm Hàn Quốc",
         "transcript": None},
        {"kind": "post", "account": {"platform": "youtube", "platform_id": "UC000"}, "post_id": "yt-a",
         "published_at": "2026-03-04T12:00:00Z", "caption": "Không quảng cáo"},
        {"kind": "product", "id": "sp-mp", "name": "Kem chống nắng", "category": "cosmetics"},
        {"kind": "collaboration", "id": "hd-yt", "influencer_id": "inf-000", "brand": "Hàn Mỹ", "product_id": "sp-mp",
         "declared_by": "creator", "start_on": "2026-03-01", "posts": [{"platform": "youtube", "post_id": "yt-b"}]},
    ]
    return records


def _load(url: str, path) -> dict[str, CreatorView]:
    engine = init_db(url)
    factory = session_factory(engine)
    report = import_files(factory, [path], pseudonym_key=TEST_PSEUDONYM_KEY)
    assert report.rejected == 0, report.errors
    with factory() as session:
        views = {key: load_creator_view(session, key) for key in list_influencer_keys(session)}
    engine.dispose()
    return views


def test_creator_view_content(database_url, canonical_file) -> None:
    view = _load(database_url, canonical_file(_dataset()))["inf-000"]
    assert view.name == "Nguyễn Thị Hương 0"
    assert [a.key for a in view.accounts] == ["tiktok:tt00000", "youtube:UC000"]
    assert [a.followers for a in view.accounts] == [121000, 5000]  # latest snapshot, else the account's own
    assert view.followers == 126000
    assert [p.key for p in view.posts] == ["tiktok:000000000", "tiktok:000000001", "tiktok:000000002",
                                           "youtube:yt-a", "youtube:yt-b"]
    first, yt_a, yt_b = view.posts[0], view.posts[3], view.posts[4]
    assert first.declared_collaboration and first.product_categories == ("health_supplement",)
    assert first.transcript[0].end_s == 45.5 and first.transcript_text.startswith("Chào cả nhà")
    assert first.hashtags == ("review", "làmđẹp") and first.paid_partnership is True
    assert first.published_at == datetime(2026, 3, 1, 12, 30, tzinfo=timezone.utc)
    assert first.influencer_key == "inf-000"
    assert yt_b.declared_collaboration and yt_b.product_categories == ("cosmetics",) and yt_b.transcript == ()
    assert yt_b.format == "short"
    assert not yt_a.declared_collaboration and yt_a.product_categories == () and yt_a.format == "video"
    assert len(view.comments) == 6
    comment = view.comments[0]
    assert comment.post_key == "tiktok:000000000" and comment.key == "tiktok:c0000000000000"
    assert comment.author == pseudonymise("tiktok", "user_0_thật", TEST_PSEUDONYM_KEY)
    assert [m.observed_on for m in view.metrics] == [date(2026, 3, 1), date(2026, 3, 8)]
    assert view.metrics[0].account_key == "tiktok:tt00000"
    assert len(view.audience) == 1 and view.audience[0].has_profile_pic is False
    (complaint,) = view.complaints
    assert complaint.post_key == "tiktok:000000002" and complaint.influencer_key == "inf-000"


def test_unknown_influencer(db_session) -> None:
    with pytest.raises(UnknownInfluencer):
        load_creator_view(db_session, "ghost")
    assert list_influencer_keys(db_session) == []


def test_query_count_does_not_grow_with_posts(sqlite_url, canonical_file) -> None:
    engine = init_db(sqlite_url)
    factory = session_factory(engine)
    records = canonical_creator(0, posts=2) + canonical_creator(1, posts=40, comments_per_post=5)
    import_files(factory, [canonical_file(records)], pseudonym_key=TEST_PSEUDONYM_KEY)
    counts = []
    for key in ("inf-000", "inf-001"):
        with factory() as session:
            statements = []
            listener = lambda *args: statements.append(1)  # noqa: E731
            event.listen(engine, "before_cursor_execute", listener)
            view = load_creator_view(session, key)
            event.remove(engine, "before_cursor_execute", listener)
            counts.append(len(statements))
    assert len(view.posts) == 40 and len(view.comments) == 200
    assert counts[0] == counts[1] <= 10


def test_views_are_identical_on_sqlite_and_postgresql(sqlite_url, postgres_url, canonical_file) -> None:
    path = canonical_file(_dataset())
    on_sqlite = _load(sqlite_url, path)
    on_postgres = _load(postgres_url, path)
    assert list(on_sqlite) == list(on_postgres) == ["inf-000", "inf-001"]
    assert on_sqlite == on_postgres


def test_view_digest_is_that_of_asdict(world) -> None:
    """``view_digest`` builds the JSON without ``dataclasses.asdict`` and must give its digest:
    stored assessments are reproduced by comparing digests."""
    import dataclasses
    import hashlib
    import json

    from tinnhiem.services.assess import view_digest

    def reference(view) -> str:
        raw = json.dumps(dataclasses.asdict(view), ensure_ascii=False, sort_keys=True, default=str)
        return "sha256:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()

    with world["factory"]() as session:
        views = [load_creator_view(session, key) for key in world["all"]]
    for part in ("posts", "comments", "metrics", "accounts", "audience", "complaints"):
        assert any(getattr(v, part) for v in views), part  # every kind of content is covered
    views.append(dataclasses.replace(views[0], name='Tên "có" ký tự ✓\n'))
    for v in views:
        assert view_digest(v) == reference(v)
    assert len({view_digest(v) for v in views}) == len(views)
