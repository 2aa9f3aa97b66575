"""Canonical import: idempotent upserts, located errors, quarantine, NFC, pseudonyms."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from canonical_testdata import TEST_PSEUDONYM_KEY, canonical_creator, write_jsonl
from tinnhiem.services import _ingest_batch
from tinnhiem.services.ingest import default_quarantine_path, import_files, pseudonymise
from tinnhiem.store.tables import (
    Account,
    AudienceSample,
    Collaboration,
    CollaborationPost,
    Comment,
    Complaint,
    Influencer,
    MetricSnapshot,
    Post,
    PostProduct,
    Product,
)


def _import(factory, *paths, **kwargs):
    kwargs.setdefault("pseudonym_key", TEST_PSEUDONYM_KEY)
    return import_files(factory, list(paths), **kwargs)


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_import_is_idempotent(db_session_factory, canonical_file) -> None:
    records = canonical_creator(0) + canonical_creator(1)
    path = canonical_file(records)
    first = _import(db_session_factory, path)
    assert (first.read, first.inserted, first.updated, first.unchanged, first.rejected) == (len(records), len(records), 0, 0, 0)
    assert first.by_kind["comment"]["inserted"] == 8
    second = _import(db_session_factory, path)
    assert (second.read, second.inserted, second.updated, second.unchanged, second.rejected) == (len(records), 0, 0, len(records), 0)
    with db_session_factory() as session:
        counts = {m.__tablename__: _count(session, m) for m in (Influencer, Account, Post, Comment, MetricSnapshot,
                                                                 AudienceSample, Product, Collaboration, Complaint,
                                                                 PostProduct, CollaborationPost)}
    assert counts == {"influencer": 2, "account": 2, "post": 4, "comment": 8, "metric_snapshot": 4,
                      "audience_sample": 2, "product": 2, "collaboration": 2, "complaint": 2,
                      "post_product": 2, "collaboration_post": 2}


def test_changed_caption_is_one_update(db_session_factory, canonical_file) -> None:
    records = canonical_creator(0)
    _import(db_session_factory, canonical_file(records))
    changed = json.loads(json.dumps(records, ensure_ascii=False))
    post = next(r for r in changed if r["kind"] == "post")
    post["caption"] = "Đã sửa: nội dung có hợp tác quảng cáo #quangcao"
    post["product_ids"] = []
    report = _import(db_session_factory, canonical_file(changed, "v2.jsonl"))
    assert (report.inserted, report.updated, report.unchanged) == (0, 1, len(records) - 1)
    with db_session_factory() as session:
        stored = session.scalars(select(Post).where(Post.post_id == post["post_id"])).one()
        assert stored.caption == post["caption"]
        assert _count(session, PostProduct) == 0  # links follow the new record
        assert stored.updated_at >= stored.created_at


def test_thousand_lines_with_one_malformed(db_session_factory, tmp_path: Path) -> None:
    """Acceptance: 999 imported, the bad line named and quarantined; a re-import changes nothing."""
    records: list = []
    n = 0
    while len(records) < 1000:
        records += canonical_creator(n, posts=10, comments_per_post=12)
        n += 1
    records = records[:1000]
    assert records[-1]["kind"] == "comment"
    bad_line = 500
    bad = json.loads(json.dumps(records[bad_line - 1]))
    assert bad["kind"] == "comment"
    bad["post"]["platform"] = "tiktak"
    records[bad_line - 1] = bad
    path = write_jsonl(tmp_path / "comments.jsonl", records)

    report = _import(db_session_factory, path)
    assert (report.read, report.inserted, report.rejected) == (1000, 999, 1)
    (error,) = report.errors
    assert (error.file, error.line, error.field) == (str(path), bad_line, "post.platform")
    assert str(error).startswith(f"{path}:{bad_line}: field 'post.platform': 'tiktak' is not one of")
    quarantine = default_quarantine_path(path)
    assert report.quarantine_files == [quarantine]
    (entry,) = [json.loads(line) for line in quarantine.read_text(encoding="utf-8").splitlines()]
    assert entry["file"] == str(path) and entry["line"] == bad_line and entry["field"] == "post.platform"
    assert json.loads(entry["record"]) == bad

    again = _import(db_session_factory, path)
    assert (again.read, again.inserted, again.updated, again.unchanged, again.rejected) == (1000, 0, 0, 999, 1)
    with db_session_factory() as session:
        assert _count(session, Comment) + _count(session, Post) + _count(session, Influencer) > 900


def test_text_is_stored_nfc(db_session_factory, canonical_file) -> None:
    records = canonical_creator(0)
    nfd = "Kem dưỡng trắng da hiệu quả nhất, cam kết 100%"
    records[0]["name"] = unicodedata.normalize("NFD", "Phạm Thị Ngọc Ánh")
    post = next(r for r in records if r["kind"] == "post")
    post["caption"] = unicodedata.normalize("NFD", nfd)
    post["transcript"] = [{"start": 0, "end": 2.5, "text": unicodedata.normalize("NFD", "Chào mọi người")}]
    assert post["caption"] != nfd
    _import(db_session_factory, canonical_file(records))
    with db_session_factory() as session:
        assert session.scalar(select(Influencer.name)) == "Phạm Thị Ngọc Ánh"
        stored = session.scalars(select(Post).where(Post.post_id == post["post_id"])).one()
        assert stored.caption == nfd
        assert stored.transcript == [{"start": 0.0, "end": 2.5, "text": "Chào mọi người"}]
    # the same text in NFC is the same record
    post["caption"] = nfd
    assert _import(db_session_factory, canonical_file(records, "nfc.jsonl")).unchanged == len(records)


def test_commenters_and_followers_are_pseudonymised(db_session_factory, canonical_file) -> None:
    records = canonical_creator(0)
    _import(db_session_factory, canonical_file(records))
    raw_ids = {r["author"] for r in records if r["kind"] == "comment"} | {"follower_một"}
    with db_session_factory() as session:
        authors = set(session.scalars(select(Comment.author_pseudonym)))
        followers = set(session.scalars(select(AudienceSample.follower_pseudonym)))
        dump = json.dumps([list(map(str, row)) for model in (Comment, AudienceSample)
                           for row in session.execute(select(model.__table__))], ensure_ascii=False)
    assert authors == {pseudonymise("tiktok", a, TEST_PSEUDONYM_KEY) for a in raw_ids - {"follower_một"}}
    assert followers == {pseudonymise("tiktok", "follower_một", TEST_PSEUDONYM_KEY)}
    assert all(len(p) == 16 for p in authors | followers)
    for raw in raw_ids:
        assert raw not in dump


def test_pseudonyms_depend_on_the_key() -> None:
    assert pseudonymise("tiktok", "user_1", "a") != pseudonymise("tiktok", "user_1", "b")
    assert pseudonymise("tiktok", "user_1", "a") != pseudonymise("youtube", "user_1", "a")
    assert pseudonymise("tiktok", "user_1", "a") == pseudonymise("tiktok", "user_1", b"a")


def _record(kind: str, n: int = 0) -> dict:
    return next(r for r in canonical_creator(n) if r["kind"] == kind)


@pytest.mark.parametrize(
    ("record", "field", "fragment"),
    [
        ({**_record("account"), "influencer_id": "nobody"}, "influencer_id", "unknown influencer 'nobody'"),
        ({**_record("post"), "account": {"platform": "tiktok", "platform_id": "nope"}}, "account",
         "unknown account 'tiktok:nope'"),
        ({**_record("post"), "post_id": "new1", "product_ids": ["sp-000", "sp-missing"]}, "product_ids[1]",
         "unknown product 'sp-missing'"),
        ({**_record("comment"), "comment_id": "cx", "post": {"platform": "tiktok", "post_id": "404"}}, "post",
         "unknown post 'tiktok:404'"),
        ({**_record("metric_snapshot"), "account": {"platform": "youtube", "platform_id": "UCx"}}, "account",
         "unknown account 'youtube:UCx'"),
        ({**_record("collaboration"), "id": "hd-x", "posts": [{"platform": "tiktok", "post_id": "404"}]},
         "posts[0]", "unknown post"),
        ({**_record("collaboration"), "id": "hd-y", "product_id": "sp-missing"}, "product_id", "unknown product"),
        ({**_record("complaint"), "id": "kn-x", "influencer_id": "ghost"}, "influencer_id", "unknown influencer"),
    ],
)
def test_unknown_references_are_rejected(db_session_factory, canonical_file, record, field, fragment) -> None:
    base = canonical_creator(0)
    report = _import(db_session_factory, canonical_file(base + [record]))
    assert (report.inserted, report.rejected) == (len(base), 1)
    (error,) = report.errors
    assert (error.line, error.field) == (len(base) + 1, field)
    assert fragment in error.message


def test_forward_reference_in_same_file_is_rejected(db_session_factory, canonical_file) -> None:
    records = canonical_creator(0)
    account = records.pop(1)
    records.insert(5, account)  # the posts' account now comes after the first post
    report = _import(db_session_factory, canonical_file(records))
    assert report.rejected >= 1
    assert report.errors[0].field == "account" and report.errors[0].line == 3  # the first post


def test_bad_json_line_is_located_and_the_rest_kept(db_session_factory, canonical_file, tmp_path) -> None:
    records = canonical_creator(0)
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(2, '{"kind": "product", "id": "sp-9", "name": "Son môi"')
    path = canonical_file(lines)
    quarantine = tmp_path / "out" / "bad.jsonl"
    report = _import(db_session_factory, path, quarantine_path=quarantine)
    assert (report.inserted, report.rejected) == (len(records), 1)
    assert report.errors[0].line == 3 and "invalid JSON" in report.errors[0].message
    entry = json.loads(quarantine.read_text(encoding="utf-8"))
    assert entry["line"] == 3 and entry["record"] == lines[2] and entry["field"] is None
    assert not default_quarantine_path(path).exists()


def test_repeated_key_in_one_file_keeps_the_last_version(db_session_factory, canonical_file) -> None:
    records = canonical_creator(0)
    comment = _record("comment")
    records += [comment, {**comment, "text": "Sửa lại: sản phẩm rất tốt"}, {**comment, "text": "Sửa lại: sản phẩm rất tốt"}]
    report = _import(db_session_factory, canonical_file(records))
    assert report.updated == 1 and report.unchanged == 2
    with db_session_factory() as session:
        assert session.scalars(select(Comment.text).where(Comment.comment_id == comment["comment_id"])).one() == \
            "Sửa lại: sản phẩm rất tốt"


def test_database_failure_rolls_back_the_record_and_keeps_the_others(db_session_factory, canonical_file, monkeypatch) -> None:
    records = canonical_creator(0)
    records.insert(1, {"kind": "influencer", "id": "inf-boom", "name": "Lỗi cơ sở dữ liệu"})
    original = _ingest_batch.Batch._flush_kind

    def exploding(self, kind):
        waiting = list(self.pending[kind])
        original(self, kind)  # the rows are written ...
        if "inf-boom" in waiting:
            self.session.execute(text("SELECT * FROM no_such_table"))  # ... then the database fails

    monkeypatch.setattr(_ingest_batch.Batch, "_flush_kind", exploding)
    report = _import(db_session_factory, canonical_file(records))
    assert (report.inserted, report.rejected) == (len(records) - 1, 1)
    assert report.errors[0].line == 2 and "database refused" in report.errors[0].message
    with db_session_factory() as session:
        assert list(session.scalars(select(Influencer.key))) == ["inf-000"]  # nothing half-written


def test_progress_reports_bytes(db_session_factory, canonical_file) -> None:
    path = canonical_file(canonical_creator(0) * 3)
    calls = []
    _import(db_session_factory, path, progress=lambda p, done, total: calls.append((p, done, total)), batch_size=10)
    size = path.stat().st_size
    assert calls[0] == (path, 0, size) and calls[-1] == (path, size, size)
    assert [c[1] for c in calls] == sorted(c[1] for c in calls) and len(calls) > 3


def test_missing_file_is_an_error(db_session_factory, tmp_path) -> None:
    with pytest.raises(FileNotFoundError):
        _import(db_session_factory, tmp_path / "absent.jsonl")


def test_plain_transcript_becomes_one_segment(db_session_factory, canonical_file) -> None:
    _import(db_session_factory, canonical_file(canonical_creator(0)))
    with db_session_factory() as session:
        post = session.scalars(select(Post).order_by(Post.post_id)).first()
        assert post.transcript == [{"start": 0.0, "end": 45.5, "text": "Chào cả nhà, hôm nay mình review sản phẩm này nhé"}]
        assert post.hashtags == ["review", "làmđẹp"] and post.mentions == ["congtyabc"]


def test_import_memory_stays_flat_as_input_triples(tmp_path) -> None:
    """Streaming: peak Python memory for 3x the input stays within 1.5x (speed: benchmarks/)."""
    import tracemalloc

    from tinnhiem.store.db import init_db, session_factory

    peaks = []
    for creators in (3, 9):
        records = []
        for n in range(creators):
            records += canonical_creator(n, posts=20, comments_per_post=40)
        path = write_jsonl(tmp_path / f"mem{creators}.jsonl", records)
        factory = session_factory(init_db(f"sqlite:///{tmp_path / f'mem{creators}.sqlite'}"))
        tracemalloc.start()
        report = _import(factory, path)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert report.rejected == 0
    assert peaks[1] < peaks[0] * 1.5, peaks


def test_documented_examples_are_valid_and_import_in_order(db_session_factory, canonical_file) -> None:
    import re

    doc = (Path(__file__).resolve().parents[2] / "docs" / "format.md").read_text(encoding="utf-8")
    examples = [json.loads(b) for b in re.findall(r"```json\n(.*?)\n```", doc, re.S)]
    examples = [e for e in examples if "kind" in e]
    order = ["influencer", "product", "account", "post", "comment", "metric_snapshot", "audience_sample",
             "collaboration", "complaint"]
    examples.sort(key=lambda e: order.index(e["kind"]))
    assert sorted(e["kind"] for e in examples) == sorted(order)
    report = _import(db_session_factory, canonical_file(examples))
    assert (report.inserted, report.rejected) == (len(examples), 0), report.errors


def test_pseudonym_key_comes_from_settings(db_session_factory, canonical_file, monkeypatch) -> None:
    from tinnhiem.settings import get_settings

    monkeypatch.setenv("TINNHIEM_PSEUDONYM_KEY", "from-the-environment")
    import_files(db_session_factory, [canonical_file(canonical_creator(0))])
    with db_session_factory() as session:
        authors = set(session.scalars(select(Comment.author_pseudonym)))
    assert pseudonymise("tiktok", "user_0_thật", "from-the-environment") in authors
    monkeypatch.setenv("TINNHIEM_ENV", "production")
    monkeypatch.delenv("TINNHIEM_PSEUDONYM_KEY")
    with pytest.raises(ValueError, match="TINNHIEM_PSEUDONYM_KEY"):
        get_settings()


def test_repeated_post_in_one_batch_keeps_the_last_links(db_session_factory, canonical_file) -> None:
    records = canonical_creator(0)
    extra_product = {"kind": "product", "id": "sp-extra", "name": "Sữa tắm", "category": "cosmetics"}
    post = _record("post")  # product_ids == ["sp-000"]
    comment = _record("comment")
    records = records[:3] + [extra_product, post, {**post, "product_ids": ["sp-extra"]}]  # pending, then replaced
    records += [comment, {**post, "product_ids": ["sp-000", "sp-extra"]}]  # written (comment needs it), then updated
    report = _import(db_session_factory, canonical_file(records))
    assert (report.inserted, report.updated, report.rejected) == (6, 2, 0)
    with db_session_factory() as session:
        keys = session.execute(select(Product.key).join(PostProduct, PostProduct.product_id == Product.id)).scalars()
        assert sorted(keys) == ["sp-000", "sp-extra"]
