"""complaint_intent: complaints beyond the rule lexicon, with/without diacritics, batch API."""

from __future__ import annotations

from importlib import resources

import pytest

from tinnhiem.detectors.registry import get
from tinnhiem.model import CommentView
from tinnhiem.text import fold
from comment_model_checks import COMMENT_SETS, assert_batch_equals_single, judge_comments, macro_f1, written_comments

DET = get("complaint_intent")
CASES = [
    ("Mua về dùng bị dị ứng nổi mẩn đỏ hết mặt, shop không trả lời tin nhắn", "complaint"),
    ("hàng giao thiếu, đòi hoàn tiền thì shop im luôn", "complaint"),
    ("Shop giao nhanh, đóng gói cẩn thận, sẽ ủng hộ tiếp", "other"),
    ("giá bao nhiêu ạ", "other"),
]


def test_weights_are_package_data():
    base = resources.files("tinnhiem.detectors.models")
    assert (base / "complaint_intent.npz").is_file() and (base / "complaint_intent.json").is_file()


@pytest.mark.parametrize("text,label", CASES)
def test_clear_examples_with_and_without_diacritics(text, label):
    for variant in (text, fold(text)):
        got, scores = DET.classify([variant])[0]
        assert got == label, (variant, scores)
        assert set(scores) == {"complaint", "other"}
        assert sum(scores.values()) == pytest.approx(1.0, abs=1e-5)


def test_batch_equals_single():
    assert_batch_equals_single(DET, CASES)


def test_finding_for_complaints_only():
    bad = CommentView(key="c:1", post_key="p", author="a", text=CASES[0][0])
    ok = CommentView(key="c:2", post_key="p", author="a", text=CASES[2][0])
    (f,) = list(DET.detect(bad, {}))
    assert f.data["label"] == "complaint" and f.severity == "minor"
    assert f.legal_source.startswith("Tiêu chí phản hồi cộng đồng")
    assert list(DET.detect(ok, {})) == []


def test_written_comment_sets_are_well_formed_and_split_by_id():
    assert len(COMMENT_SETS) >= 4
    dev, test = written_comments("dev"), written_comments("test")
    assert len(dev) == len(test) == 600
    for row in dev + test:
        assert isinstance(row["complaint"], bool) and row["sentiment"] in {"positive", "neutral", "negative"}
    assert {r["id"] for r in dev}.isdisjoint(r["id"] for r in test)


def test_complaints_in_creator_comment_sections_test_half():
    """The test half of the written creator-comment sets is never trained on (training reads the
    odd ids): the shipped model keeps a floor there, as written and without diacritics."""
    rows = written_comments("test")
    gold = ["complaint" if r["complaint"] else "other" for r in rows]
    for folded, floor in ((False, 0.81), (True, 0.79)):
        texts = [fold(r["text"]) if folded else r["text"] for r in rows]
        assert macro_f1(gold, [label for label, _ in DET.classify(texts)]) >= floor


def test_complaints_in_the_judge_set_of_other_writers():
    """The judge sets ``comments_judge_vi_{e,f}.jsonl`` (other writers, never trained on), whole
    (E 0.904 / 0.904, F 0.962 / 0.939 as written / without diacritics)."""
    rows = judge_comments("comments")
    assert len(rows) == 400
    gold = ["complaint" if r["complaint"] else "other" for r in rows]
    for folded in (False, True):
        texts = [fold(r["text"]) if folded else r["text"] for r in rows]
        assert macro_f1(gold, [label for label, _ in DET.classify(texts)]) >= 0.87
