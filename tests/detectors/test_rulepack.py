"""Rule-pack semantics on a synthetic rule: patterns, exclude, requires, pass_if, variants."""

from __future__ import annotations

from datetime import datetime

import pytest

from tinnhiem.detectors.rulepack import RuleDetector, load_rules
from tinnhiem.model import CommentView, PostView, content_hash

BASE = {
    "id": "demo_rule", "version": "1.0.0", "title_vi": "Thử", "title_en": "Demo", "scope": "post",
    "severity": "major", "legal_source": "Luật X", "confidence": "M",
    "message_vi": 'Có "{quote}" ({count})', "message_en": 'Has "{quote}" ({count})',
}


def rule(**kw):
    return RuleDetector({**BASE, **kw}, source="test")


def post(caption, **kw):
    return PostView(key="p:1", platform="tiktok", caption=caption, **kw)


def hits(r, subject):
    return list(r.detect(subject, {}))


def test_patterns_exclude_and_evidence():
    r = rule(patterns=["tốt nhất", {"regex": r"no\.?\s?1"}], exclude=["tốt nhất là"])
    text = "Kem tốt nhất, No.1 luôn; tốt nhất là dùng buổi tối"
    (f,) = hits(r, post(text))
    assert [e.quote for e in f.evidence] == ["tốt nhất", "No.1"]
    assert f.message == 'Có "tốt nhất" (2)'
    e = f.evidence[0]
    assert (e.field, e.start, e.end, e.content_hash) == ("caption", 4, 12, content_hash(text))


def test_requires_all_conditions():
    r = rule(patterns=["chữa khỏi"], requires=[["viên uống"], {"any": [{"signal": "commercial"}, {"paid": True}]}])
    assert hits(r, post("Viên uống chữa khỏi đau lưng")) == []
    assert len(hits(r, post("Viên uống chữa khỏi đau lưng", paid_partnership=True))) == 1
    assert len(hits(r, post("Viên uống chữa khỏi đau lưng, mua ngay giỏ hàng"))) == 1
    r2 = rule(patterns=["chữa khỏi"], requires=[{"category": ["health_supplement"]}])
    assert len(hits(r2, post("chữa khỏi", product_categories=("health_supplement",)))) == 1


def test_in_a_long_caption_the_required_context_must_be_near_the_hit():
    # round 42: a long article (real posts, ReINTEL) holds a sale word somewhere; it makes no
    # product claim of a disease word three paragraphs away
    from tinnhiem.detectors.rulepack import LOCAL_ABOVE, LOCAL_RADIUS

    r = rule(patterns=["chữa khỏi"], requires=[["viên uống"]])
    filler = " ".join(["Hôm nay trời mưa, cả phố đi làm muộn."] * (LOCAL_ABOVE // 30))
    far = f"Viên uống mới về. {filler} Bài thuốc này chữa khỏi đau lưng."
    near = f"{filler} Viên uống này chữa khỏi đau lưng. {filler}"
    assert len(far) > LOCAL_ABOVE and len(near) > LOCAL_ABOVE
    assert hits(r, post(far)) == []
    (f,) = hits(r, post(near))
    assert f.evidence[0].quote == "chữa khỏi"
    # a short caption is one statement: the context may be anywhere in it
    assert len(hits(r, post("Viên uống mới về. Bài thuốc này chữa khỏi đau lưng."))) == 1


def test_inferred_category_condition_reads_declared_else_the_text():
    r = rule(patterns=["nghe nói"], requires=[{"inferred_category": ["health_supplement", "cosmetics"]}])
    assert len(hits(r, post("nghe nói viên uống collagen này đẹp da lắm"))) == 1  # inferred
    assert hits(r, post("nghe nói đi bộ mỗi ngày tốt cho tim lắm")) == []  # no product of those kinds
    assert hits(r, post("nghe nói viên uống collagen này đẹp da", product_categories=("food",))) == []
    assert len(hits(r, post("nghe nói tốt lắm", product_categories=("cosmetics",)))) == 1  # declared
    r2 = rule(patterns=["nghe nói"], requires=[{"category": ["health_supplement"]}])
    assert hits(r2, post("nghe nói viên uống collagen này đẹp da lắm")) == []  # declared only


@pytest.mark.parametrize("year, published, fires", [
    (2026, datetime(2026, 5, 1), False), (2025, datetime(2026, 5, 1), False),
    (2023, datetime(2026, 5, 1), True), (2027, datetime(2026, 5, 1), True),
])
def test_pass_if_year_window(year, published, fires):
    r = rule(patterns=["số 1"], pass_if=[{"regex": r"theo khao sat cua .{2,40}? nam (?P<year>20\d\d)",
                                          "max_age_years": 1}])
    p = post(f"Số 1 Việt Nam theo khảo sát của Nielsen năm {year}", published_at=published)
    assert bool(hits(r, p)) is fires


def test_variants_and_exact():
    r = rule(variants=[{"patterns": [{"exact": "nhất"}], "score": 0.5},
                       {"patterns": ["vô địch"], "requires": [["giá"]], "score": 0.9}])
    (f,) = hits(r, post("Hàng Nhật, nhất luôn"))
    assert [e.quote for e in f.evidence] == ["nhất"] and f.confidence == 0.5
    assert hits(r, post("vô địch")) == []
    assert hits(r, post("vô địch giá"))[0].confidence == 0.9


def test_comment_scope_and_availability():
    r = rule(scope="comment", patterns=["lừa đảo"])
    c = CommentView(key="c:1", post_key="p:1", author="a", text="shop lua dao")
    assert r.available(c) and hits(r, c)[0].subject_kind == "comment"
    assert not r.available(CommentView(key="c:2", post_key="p:1", author="a", text="  "))


def test_transcript_time_and_hashtags_field():
    from tinnhiem.model import TranscriptSegment
    r = rule(patterns=["tốt nhất"], fields=["caption", "transcript", "hashtags"])
    p = post("Video", hashtags=("totnhat",), transcript=(TranscriptSegment(0, 2, "xin chào"),
                                                      TranscriptSegment(12.5, 15, "đây là tốt nhất")))
    (f,) = hits(r, p)
    fields = {(e.field, e.quote, e.time_s) for e in f.evidence}
    assert fields == {("transcript", "tốt nhất", 12.5), ("hashtags", "#totnhat", None)}


def test_packs_load():
    ids = [r.id for r in load_rules()]
    assert {"absolute_superlative", "health_cure_claim", "equivalence_claim", "complaint_phrase"} <= set(ids)


def test_requires_and_pass_if_are_only_consulted_when_patterns_hit(monkeypatch):
    """Speed: conditions are pure, so they are evaluated only when they can change the result."""
    from tinnhiem.detectors import rulepack

    calls = []
    monkeypatch.setattr(rulepack, "has_commercial_intent", lambda subj: calls.append(subj) or True)
    r = rule(patterns=["tốt nhất"], requires=[{"signal": "commercial"}],
             pass_if=[{"regex": r"theo khao sat (?P<year>20\d\d)", "max_age_years": 1}])
    assert hits(r, post("Hôm nay trời đẹp")) == [] and calls == []
    assert len(hits(r, post("Kem tốt nhất"))) == 1 and len(calls) == 1
    assert hits(r, post("Kem tốt nhất theo khảo sát 2026", published_at=datetime(2026, 5, 1))) == []


def test_pack_fragments_are_written_out_and_unknown_ones_named(tmp_path):
    from tinnhiem.detectors._packs import read_entries

    pack = tmp_path / "p.yaml"
    pack.write_text("fragments:\n  num: '(?:\\d+|mot|hai)'\n"
                    "rules:\n  - id: x\n    patterns:\n      - regex: 'chi con {{num}} suat'\n"
                    "      - {regex: 'con {{num}} hop'}\n", encoding="utf-8")
    [rule] = read_entries(pack, "rules")
    assert rule["patterns"][0] == {"regex": "chi con (?:\\d+|mot|hai) suat"}
    assert rule["patterns"][1] == {"regex": "con (?:\\d+|mot|hai) hop"}
    pack.write_text("rules:\n  - id: x\n    patterns:\n      - regex: 'con {{nope}} hop'\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"p\.yaml: unknown fragment \{\{nope\}\}"):
        read_entries(pack, "rules")
