"""Engine: ordering, coverage, error isolation, determinism, batch mode."""

from __future__ import annotations

import re

import pytest

from tinnhiem.detectors.base import Detector
from tinnhiem.detectors.registry import all_detectors
from tinnhiem.engine import detect_items, order, run
from tinnhiem.model import CommentView, CreatorView, PostView, TranscriptSegment


class _Fake(Detector):
    version = "0.0.1"
    title_vi = title_en = "fake"

    def __init__(self, id, scope="post", depends_on=(), fail_on=None, need=None):
        self.id, self.scope, self.depends_on = id, scope, tuple(depends_on)
        self.fail_on, self.need, self.seen = fail_on, need, []

    def available(self, subject):
        return self.need is None or bool(getattr(subject, self.need, None))

    def detect(self, subject, upstream):
        self.seen.append((subject.key, {k: len(v) for k, v in upstream.items()}))
        if self.fail_on and subject.key == self.fail_on:
            raise TimeoutError("regex timed out")
        yield self.finding(subject, message="m", message_en="m", evidence=[])


def _creator():
    posts = tuple(PostView(key=f"tiktok:{i}", platform="tiktok", caption=c)
                  for i, c in [(2, "b"), (1, ""), (3, "c")])
    comments = (CommentView(key="c:1", post_key="tiktok:1", author="x", text="lừa đảo"),)
    return CreatorView(key="inf:1", name="A", posts=posts, comments=comments)


def test_order_is_topological_then_by_id():
    a, b, c = _Fake("a", depends_on=("c",)), _Fake("b"), _Fake("c")
    assert [d.id for d in order([a, b, c])] == ["b", "c", "a"]


def test_order_rejects_cycles():
    with pytest.raises(ValueError, match="cycle"):
        order([_Fake("a", depends_on=("b",)), _Fake("b", depends_on=("a",))])


def test_order_adds_missing_dependencies_from_registry():
    ids = [d.id for d in order([all_detectors()["undisclosed_ad"]])]
    assert ids == ["ad_disclosure", "commercial_content", "undisclosed_ad"]


def test_run_scopes_coverage_and_upstream():
    base = _Fake("base", need="caption")
    derived = _Fake("derived", depends_on=("base",))
    comment = _Fake("comm", scope="comment")
    creator = _Fake("crea", scope="creator")
    result = run([derived, base, comment, creator], _creator())
    runs = {r.detector: r for r in result.runs}
    assert (runs["base"].examined, runs["base"].not_available, runs["base"].findings) == (2, 1, 2)
    assert runs["derived"].examined == 3
    assert runs["comm"].examined == 1 and runs["crea"].examined == 1
    assert dict(derived.seen)["tiktok:2"] == {"base": 1}
    assert dict(derived.seen)["tiktok:1"] == {"base": 0}


def test_errors_are_counted_and_do_not_stop_others():
    bad = _Fake("bad", fail_on="tiktok:2")
    good = _Fake("good")
    result = run([bad, good], _creator())
    runs = {r.detector: r for r in result.runs}
    assert runs["bad"].errors == 1 and runs["bad"].findings == 2
    assert "TimeoutError" in runs["bad"].error_messages[0]
    assert runs["good"].findings == 3


def test_output_is_deterministic_and_sorted():
    dets = list(all_detectors().values())
    creator = CreatorView(key="inf:1", name="A", posts=(
        PostView(key="p:2", platform="tiktok", caption="Kem tốt nhất, mua ngay ở giỏ hàng"),
        PostView(key="p:1", platform="tiktok", caption="Rẻ nhất thị trường, giá chỉ 99k"),
    ))
    first, second = run(dets, creator), run(list(reversed(dets)), creator)
    assert first.findings == second.findings
    keys = [(f.subject, f.detector) for f in first.findings]
    assert keys == sorted(keys)
    assert [r.detector for r in first.runs] == [d.id for d in order(dets)]


def test_real_detectors_end_to_end_with_transcript():
    post = PostView(key="yt:1", platform="youtube", caption="Review nhanh",
                    transcript=(TranscriptSegment(0, 5, "Chào cả nhà"),
                                TranscriptSegment(95, 100, "Sản phẩm này tốt nhất luôn")))
    result = run(all_detectors().values(), CreatorView(key="i", name="n", posts=(post,)))
    (sup,) = [f for f in result.findings if f.detector == "absolute_superlative"]
    ev = sup.evidence[0]
    assert (ev.field, ev.quote, ev.time_s) == ("transcript", "tốt nhất", 95)
    assert post.transcript_text[ev.start:ev.end] == "tốt nhất"


@pytest.mark.parametrize("item, field", [({"text": "x"}, "id"), ({"id": "1"}, "text"),
                                         ({"id": "", "text": "x"}, "id")])
def test_detect_items_validates(item, field):
    with pytest.raises(ValueError, match=field):
        list(detect_items([item]))


@pytest.mark.parametrize("changes, field", [
    ({"id": {"x": 1}}, "'id'"), ({"scope": "reel"}, "'scope'"), ({"hashtags": "abc"}, "'hashtags'"),
    ({"links": [{"url": "x"}]}, "'links'"), ({"paid_partnership": "false"}, "'paid_partnership'"),
    ({"duration_s": "12"}, "'duration_s'"), ({"published_at": "hôm qua"}, "'published_at'"),
    ({"published_at": 20260101}, "'published_at'"), ({"transcript": 3}, "'transcript'"),
    ({"transcript": [{"start_s": "x", "text": "b"}]}, "'transcript[0].start_s'"),
    ({"transcript": [{"start_s": 1}]}, "'transcript[0].text'"), ({"transcript": [[1, 2]]}, "'transcript[0]'"),
    ({"transcript": [[0, "1", "x"]]}, "'transcript[0][1]'"), ({"post_key": ["p"], "scope": "comment"}, "'post_key'"),
])
def test_detect_items_names_a_field_of_the_wrong_kind(changes, field):
    """Before, a string "false" counted as a paid partnership, "abc" as three hashtags, and a
    segment without text stopped ``tinnhiem detect`` with a bare ``'text'``."""
    item = {"id": "a", "text": "Kem tốt nhất", **changes}
    with pytest.raises(ValueError, match=re.escape(f"item field {field}")):
        list(detect_items([item]))


def test_detect_items_accepts_every_documented_field():
    item = {"id": 7, "text": "Kem tốt nhất", "hashtags": ["#a", 2], "links": ["https://x.vn"], "mentions": ["@b"],
            "product_categories": ["cosmetics"], "paid_partnership": False, "declared_collaboration": None,
            "platform": "tiktok", "format": "short", "duration_s": 12, "published_at": "2026-01-01T10:00:00+07:00",
            "transcript": [[0, 1.5, "xin chào"], {"start_s": 2, "end_s": 3, "text": "rẻ nhất"}], "scope": "post"}
    (res,) = detect_items([item])
    assert res["id"] == "7" and {f["detector"] for f in res["findings"]} >= {"absolute_superlative"}
    assert "errors" not in res


def test_detect_items_output_shape():
    items = [
        {"id": "a", "text": "Serum tốt nhất, mua ngay giỏ hàng", "hashtags": ["#skincare"]},
        {"id": "b", "text": "Hôm nay trời đẹp"},
        {"id": "c", "text": "lua dao, hang fake", "scope": "comment"},
        {"id": "d", "text": "Đi chơi", "paid_partnership": True},
    ]
    out = {r["id"]: r for r in detect_items(items)}
    a = {f["detector"]: f for f in out["a"]["findings"]}
    assert set(a) == {"absolute_superlative", "commercial_content", "undisclosed_ad"}
    sup = a["absolute_superlative"]
    assert {"detector", "version", "confidence", "severity", "quote", "start", "end", "field",
            "message", "legal_source"} <= set(sup)
    assert (sup["quote"], sup["start"], sup["end"], sup["field"]) == ("tốt nhất", 6, 14, "caption")
    assert out["b"]["findings"] == []
    comment = {f["detector"] for f in out["c"]["findings"]}
    assert "complaint_phrase" in comment and comment <= {"complaint_phrase", "complaint_intent", "comment_sentiment",
                                                          "comment_toxicity", "comment_spam"}
    d = {f["detector"] for f in out["d"]["findings"]}
    assert d == {"ad_disclosure", "commercial_content"}


def test_detect_items_transcript_segments():
    item = {"id": "t", "text": "Video mới", "transcript": [
        {"start_s": 0, "end_s": 3, "text": "xin chào"},
        [40, 45, "kem này rẻ nhất luôn"]]}
    (res,) = detect_items([item])
    (sup,) = [f for f in res["findings"] if f["detector"] == "absolute_superlative"]
    assert sup["field"] == "transcript" and sup["evidence"][0]["time_s"] == 40


def test_prepare_hook_sees_all_subjects_once_and_its_failure_is_recorded():
    from tinnhiem.detectors.base import Detector
    from tinnhiem.engine import run
    from tinnhiem.model import CommentView, CreatorView

    class Batchy(Detector):
        id, scope, title_vi, title_en = "batchy_test", "comment", "t", "t"
        seen: list = []

        def prepare(self, subjects):
            self.seen.append(len(subjects))

        def detect(self, subject, upstream):
            return []

    class Broken(Batchy):
        id = "broken_prepare_test"

        def prepare(self, subjects):
            raise RuntimeError("no batch today")

    comments = tuple(CommentView(key=f"c:{i}", post_key="p", author="a", text="hay") for i in range(5))
    creator = CreatorView(key="k", name="n", comments=comments)
    result = run([Batchy(), Broken()], creator)
    assert Batchy.seen == [5]
    runs = {r.detector: r for r in result.runs}
    assert runs["broken_prepare_test"].examined == 5 and "no batch today" in runs["broken_prepare_test"].error_messages[0]


def test_detect_items_runs_a_batch_together_with_the_results_of_one_at_a_time(monkeypatch):
    from tinnhiem import engine

    items = [{"id": "a", "text": "Serum tốt nhất, mua ngay giỏ hàng"},
             {"id": "c1", "text": "lua dao, hang fake", "scope": "comment"},
             {"id": "c2", "text": "Sản phẩm dùng tốt, giao nhanh", "scope": "comment"},
             {"id": "c1", "text": "hàng lỗi, shop không trả lời", "scope": "comment"},  # (id repeated)
             {"id": "b", "text": "Hôm nay trời đẹp"}]
    together = list(detect_items(items))
    alone = [r for item in items for r in detect_items([item])]
    assert together == alone and [r["id"] for r in together] == ["a", "c1", "c2", "c1", "b"]
    monkeypatch.setattr(engine, "BATCH", 2)
    assert list(detect_items(items)) == alone


def test_detect_items_prepares_a_batch_once_and_names_each_items_errors():
    class Batchy(_Fake):
        def __init__(self):
            super().__init__("batchy_items_test", scope="comment", fail_on="c:2")
            self.prepared = []

        def prepare(self, subjects):
            self.prepared.append([s.key for s in subjects])

    det = Batchy()
    items = [{"id": f"c:{i}", "text": "hay", "scope": "comment"} for i in range(4)]
    out = list(detect_items(items, [det]))
    assert det.prepared == [["c:0", "c:1", "c:2", "c:3"]]
    assert [len(r["findings"]) for r in out] == [1, 1, 0, 1]
    assert [r.get("errors") for r in out] == [None, None, ["c:2: TimeoutError: regex timed out"], None]
