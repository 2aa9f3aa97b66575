"""comment_spam: ViSpamReviews labels, comment-section findings, with/without diacritics, batch API."""

from __future__ import annotations

from importlib import resources

import pytest

from tinnhiem.detectors._spam_rules import promotion, spam_rule
from tinnhiem.detectors.comment_spam import RULE_CONFIDENCE, TYPES
from tinnhiem.detectors.registry import get
from tinnhiem.model import CommentView
from tinnhiem.text import fold
from comment_model_checks import (assert_batch_equals_single, judge_comments, macro_f1, spam_comments,
                                  without_and_with_gates)

DET = get("comment_spam")
CASES = [  # (text, label, reported: a finding, left out of the community criterion)
    ("Áo đẹp, vải mát, mặc vừa vặn, đúng như mô tả", "not_spam", False),
    ("Chất lượng sản phẩm tốt, đóng gói cẩn thận, sẽ ủng hộ tiếp", "not_spam", False),
    ("Giá đã gồm VAT chưa shop", "brand_only", False),  # a question to the shop: a real viewer
    ("asdfghjkl qwertyuiop zxcvbnm", "irrelevant", True),
    ("vay nhanh không thế chấp, ib zalo 09xx", "irrelevant", True),
]


def test_weights_are_package_data():
    base = resources.files("tinnhiem.detectors.models")
    for head in ("comment_spam_type", "comment_section_spam"):
        assert (base / f"{head}.npz").is_file() and (base / f"{head}.json").is_file()


@pytest.mark.parametrize("text,label,reported", CASES)
def test_clear_examples_with_and_without_diacritics(text, label, reported):
    for variant in (text, fold(text)):
        got, scores = DET.classify([variant])[0]
        assert got == label, (variant, scores)
        assert set(scores) == {"not_spam", *TYPES}
        assert sum(scores.values()) == pytest.approx(1.0, abs=1e-5)
        assert DET.flagged([variant]) == [reported]
        comment = CommentView(key="c:1", post_key="p", author="a", text=variant)
        assert bool(list(DET.detect(comment, {}))) == reported


def test_labels_keep_vispamreviews_taxonomy_findings_follow_the_comment_section():
    """As a product review, "only about the shop" is spam (ViSpamReviews' brand_only) and the label
    says so; under a post the same words are a real buyer, so no finding leaves them out."""
    text = "giao hàng nhanh, đóng gói cẩn thận, shop nhiệt tình"
    (label, scores), = DET.classify_reviews([text])
    assert label == "brand_only" and label == max(scores, key=scores.get)
    assert DET.classify([text]) == [(label, scores)]
    assert DET.flagged([text]) == [False]


def _probas(section_spam: float, review: dict[str, float]) -> dict[str, list[float]]:
    rest = (1.0 - sum(review.values())) / (4 - len(review))
    return {"comment_section_spam": [section_spam if c == "spam" else 1 - section_spam
                                     for c in DET.classes("comment_section_spam")],
            "comment_spam_type": [review.get(c, rest) for c in DET.classes("comment_spam_type")]}


def test_review_head_irrelevant_needs_some_comment_section_support():
    """A joke or a tagged friend is "not a review" to the review head; under a post the label
    stays not_spam unless the comment-section head gives at least the floor stored with its weights
    (half its threshold), and only the comment-section head's threshold makes a finding."""
    floor = DET.irrelevant_floor
    assert floor == pytest.approx(DET.threshold / 2)
    low, mid = _probas(floor - 0.01, {"irrelevant": 0.8}), _probas(floor, {"irrelevant": 0.8})
    assert DET.decide(low)[0] == "not_spam"
    assert DET.decide(mid)[0] == "irrelevant" and not DET.flags("irrelevant", {}, mid)
    high = _probas(DET.threshold, {"not_spam": 0.7, "brand_only": 0.2})
    assert DET.decide(high)[0] == "brand_only" and DET.flags("brand_only", {}, high)


def test_batch_equals_single():
    assert_batch_equals_single(DET, [(text, label) for text, label, _ in CASES])


def test_finding_for_spam_only():
    spam = CommentView(key="c:1", post_key="p", author="a", text=CASES[3][0])
    ok = CommentView(key="c:2", post_key="p", author="a", text=CASES[2][0])
    (f,) = list(DET.detect(spam, {}))
    assert f.data["label"] in TYPES and f.severity == "info"
    assert f.confidence == pytest.approx(f.data["comment_section_spam"], abs=1e-3)
    assert f.confidence >= DET.threshold and f"{f.confidence:.2f}" in f.message
    assert list(DET.detect(ok, {})) == []


def test_spam_sets_are_well_formed_and_split_by_id():
    dev, test = spam_comments("dev"), spam_comments("test")
    assert len(dev) == len(test) == 900  # 300 of the spam sets + 600 of the comment sets each
    assert {r["spam"] for r in dev + test} == {"none", "promo", "bot", "seeding"}
    assert {r["id"] for r in dev}.isdisjoint(r["id"] for r in test)


def test_spam_in_creator_comment_sections_test_half():
    """The test half (even ids) of the written sets is never trained on: the findings separate spam
    from real viewers there (measured 0.92 / 0.92 as written / without diacritics, 0.90 before the spam rules; the review head
    alone, which flagged one in five real viewers, 0.65)."""
    rows = spam_comments("test")
    gold = ["not_spam" if r["spam"] == "none" else "spam" for r in rows]
    for view in (lambda t: t, fold):
        got = ["spam" if hit else "not_spam" for hit in DET.flagged([view(r["text"]) for r in rows])]
        assert macro_f1(gold, got) >= 0.87
        real = [g == "not_spam" for g in gold]
        flagged_real = sum(r and g == "spam" for r, g in zip(real, got))
        assert flagged_real / sum(real) <= 0.04  # real viewers left out (measured 6 of 445)


def test_spam_judge_sets_of_other_writers():
    """Written afterwards by other sessions, never trained on (C, D and E pooled: findings measured
    0.872 as written; C and D were read to write the spam rules, E was written after them):
    real viewers stay in."""
    rows = judge_comments("spam")
    gold = ["not_spam" if r["spam"] == "none" else "spam" for r in rows]
    got = ["spam" if hit else "not_spam" for hit in DET.flagged([r["text"] for r in rows])]
    assert len(rows) == 600 and macro_f1(gold, got) >= 0.84
    assert sum(g == "not_spam" and p == "spam" for g, p in zip(gold, got)) <= 20  # measured 13 of 303
    labels = ["not_spam" if label == "not_spam" else "spam" for label, _ in DET.classify([r["text"] for r in rows])]
    assert macro_f1(gold, labels) >= 0.81  # measured 0.843


def test_promotions_the_head_misses_are_reported_by_the_rule():
    """A promotion written like a remark (the comment-section head gives it less than its
    threshold) is still reported, with the phrases that make it one and the rule's confidence."""
    text = "Bên mình bán bún bò Huế đóng gói, ship toàn quốc, ghé tcn đặt hàng nha 🍜"
    assert DET.flagged([text]) == [True]
    label, _ = DET.classify([text])[0]
    assert label in TYPES
    (f,) = list(DET.detect(CommentView(key="c:1", post_key="p", author="a", text=text), {}))
    assert f.data["comment_section_spam"] < DET.threshold  # (the head alone would not report it)
    assert f.confidence == RULE_CONFIDENCE and "quy tắc" in f.message and "rule" in f.message_en
    assert f.data["promotion"] == ["bán", "ship toàn quốc", "tcn", "đặt hàng"]


def test_promotion_rule_reads_disguised_and_unaccented_text():
    for text in ("Bên mình bán bún bò Huế đóng gói, ship toàn quốc, ghé t.c.n đặt hàng nha",
                 "ben minh ban bun bo hue dong goi, ship toan quoc, ghe trangcanhan dat hang nha",
                 "Ai muốn xem full phim ma không cắt thì vào phimmaxyz.click nha"):
        assert promotion(text), text


def test_engagement_bait_is_reported_by_the_rule():
    for text in ("ai đọc được dòng này thì 3 ngày sau sẽ nhận tin vui, copy dán vào 3 video khác",
                 "mình mới lập kênh, ai đi ngang qua ghé thăm kênh mình với ạ",
                 "sub cheo khong mn, minh sub lai 100%"):
        assert spam_rule(text)[0] == "engagement_bait", text
        assert DET.flagged([text]) == [True]
    (f,) = list(DET.detect(CommentView(key="c:1", post_key="p", author="a",
                                       text="tương tác qua lại không mọi người ơi, thả tim video mình mình thả lại"), {}))
    assert f.data["engagement_bait"] == ["tương tác qua lại", "thả lại"]
    assert spam_rule("follow rồi nha chị, video nào cũng hay") is None  # a fan, not bait


@pytest.mark.parametrize("text", [
    "Cho em xin link nhóm Zalo khóa học với ạ",  # a viewer asking for the contact
    "ib em bảng giá căn 2PN với ạ",
    "Vào nhóm zalo theo kèo coin của ad, mất tiền oan, mọi người tránh xa",  # a victim warning
    "Bạn mình bán hàng online cũng hay bị bom hàng lắm",  # an offer word, no elsewhere
    "Mình theo dõi trang cá nhân của chị lâu rồi, video nào cũng hay",  # an elsewhere, no offer
])
def test_promotion_rule_leaves_viewers_alone(text):
    assert promotion(text) == ()


def test_spam_rules_gate_never_hides_a_phrase():
    """The Hyperscan gate of the spam rules only skips texts in which the phrase search finds
    nothing (both rules' phrases, addresses)."""
    from tinnhiem.detectors import _spam_rules as R

    texts = [r["text"] for r in spam_comments("dev") + judge_comments("spam")]
    texts += [fold(t) for t in texts] + ["xem ở t i ể u s ử", "#trangcanhan", "abc(.)com", "zalo: 09xx",
                                         "#subcheo", "s.u.b c.h.é.o", ""]

    plain, gated = without_and_with_gates(
        [R._GATE], lambda: [(R._elsewhere(R._renderings(t)), R.engagement_bait(t)) for t in texts])
    assert gated == plain
    assert sum(bool(e) for e, _ in plain) > 100 and sum(bool(b) for _, b in plain) > 30
