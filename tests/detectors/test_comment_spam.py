"""comment_spam: comment-section and review rules, with/without diacritics, probabilities, batch API."""

from __future__ import annotations

from importlib import resources

import pytest

from tinnhiem.detectors.comment_spam import TYPES
from tinnhiem.detectors.registry import get
from tinnhiem.model import CommentView
from tinnhiem.text import fold
from comment_model_checks import assert_batch_equals_single, judge_comments, macro_f1, spam_comments

DET = get("comment_spam")
CASES = [
    ("Áo đẹp, vải mát, mặc vừa vặn, đúng như mô tả", "not_spam"),
    ("Chất lượng sản phẩm tốt, đóng gói cẩn thận, sẽ ủng hộ tiếp", "not_spam"),
    ("Giá đã gồm VAT chưa shop", "not_spam"),  # a question to the shop: a real viewer
    ("asdfghjkl qwertyuiop zxcvbnm", "irrelevant"),
]


def test_weights_are_package_data():
    base = resources.files("tinnhiem.detectors.models")
    for head in ("comment_spam_type", "comment_section_spam"):
        assert (base / f"{head}.npz").is_file() and (base / f"{head}.json").is_file()


@pytest.mark.parametrize("text,label", CASES)
def test_clear_examples_with_and_without_diacritics(text, label):
    for variant in (text, fold(text)):
        got, scores = DET.classify([variant])[0]
        assert got == label, (variant, scores)
        assert set(scores) == {"not_spam", *TYPES}
        assert sum(scores.values()) == pytest.approx(1.0, abs=1e-5)
        assert (got == "not_spam") == (scores["not_spam"] > 1 - DET.threshold)


def test_review_rule_keeps_vispamreviews_semantics():
    """As a product review, "only about the shop" is spam (ViSpamReviews' brand_only); under a
    post the same words are a real buyer."""
    text = "giao hàng nhanh, đóng gói cẩn thận, shop nhiệt tình"
    (label, scores), = DET.classify_reviews([text])
    assert label == "brand_only" and label == max(scores, key=scores.get)
    assert DET.classify([text])[0][0] == "not_spam"


def test_batch_equals_single():
    assert_batch_equals_single(DET, CASES)


def test_finding_for_spam_only():
    spam = CommentView(key="c:1", post_key="p", author="a", text=CASES[3][0])
    ok = CommentView(key="c:2", post_key="p", author="a", text=CASES[2][0])
    (f,) = list(DET.detect(spam, {}))
    assert f.data["label"] in TYPES and f.severity == "info"
    assert f.confidence == pytest.approx(1 - f.data["scores"]["not_spam"], abs=1e-3)
    assert list(DET.detect(ok, {})) == []


def test_spam_sets_are_well_formed_and_split_by_id():
    dev, test = spam_comments("dev"), spam_comments("test")
    assert len(dev) == len(test) == 600  # 300 of the spam sets + 300 of the comment sets each
    assert {r["spam"] for r in dev + test} == {"none", "promo", "bot", "seeding"}
    assert {r["id"] for r in dev}.isdisjoint(r["id"] for r in test)


def test_spam_in_creator_comment_sections_test_half():
    """The test half (even ids) of the written sets is never trained on: the comment-section rule
    separates spam from real viewers there (measured 0.90 / 0.90 as written / without
    diacritics; the review rule, which flagged one in five real viewers, 0.65)."""
    rows = spam_comments("test")
    gold = ["not_spam" if r["spam"] == "none" else "spam" for r in rows]
    for view in (lambda t: t, fold):
        got = ["not_spam" if label == "not_spam" else "spam"
               for label, _ in DET.classify([view(r["text"]) for r in rows])]
        assert macro_f1(gold, got) >= 0.87
        real = [g == "not_spam" for g in gold]
        flagged_real = sum(r and g == "spam" for r, g in zip(real, got))
        assert flagged_real / sum(real) <= 0.04  # real viewers left out (measured 6 of 445)


def test_spam_judge_set_of_other_writers():
    """Written afterwards by another session, never trained on (measured 0.706 / 0.736; the review
    rule 0.616 / 0.604): the comment-section rule keeps real viewers in."""
    rows = judge_comments("spam")
    gold = ["not_spam" if r["spam"] == "none" else "spam" for r in rows]
    got = ["not_spam" if label == "not_spam" else "spam" for label, _ in DET.classify([r["text"] for r in rows])]
    assert len(rows) == 200 and macro_f1(gold, got) >= 0.68
    assert sum(g == "not_spam" and p == "spam" for g, p in zip(gold, got)) <= 8
