"""comment_toxicity: clear examples with/without diacritics, probabilities, batch API."""

from __future__ import annotations

from importlib import resources

import pytest

from tinnhiem.detectors.registry import get
from tinnhiem.model import CommentView
from tinnhiem.text import fold
from comment_model_checks import assert_batch_equals_single, judge_comments, macro_f1, toxicity_comments

DET = get("comment_toxicity")
CASES = [
    ("Video hay quá, cảm ơn chị đã chia sẻ", "clean"),
    ("Chúc mừng năm mới cả nhà nhé", "clean"),
    ("thằng này ngu như chó, óc lợn", "toxic"),  # ViHSD itself mixes offensive/hate for insults
]


def test_weights_are_package_data():
    base = resources.files("tinnhiem.detectors.models")
    assert (base / "comment_toxicity.npz").is_file() and (base / "comment_toxicity.json").is_file()


@pytest.mark.parametrize("text,label", CASES)
def test_clear_examples_with_and_without_diacritics(text, label):
    for variant in (text, fold(text)):
        got, scores = DET.classify([variant])[0]
        assert (got != "clean" if label == "toxic" else got == label), (variant, scores)
        assert got == max(scores, key=scores.get)
        assert set(scores) == {"clean", "offensive", "hate"}
        assert sum(scores.values()) == pytest.approx(1.0, abs=1e-5)


def test_batch_equals_single():
    assert_batch_equals_single(DET, CASES)


def test_finding_for_toxic_comment_only():
    bad = CommentView(key="c:1", post_key="p", author="a", text=CASES[2][0])
    ok = CommentView(key="c:2", post_key="p", author="a", text=CASES[0][0])
    (f,) = list(DET.detect(bad, {}))
    assert f.data["label"] in ("offensive", "hate") and f.severity in ("minor", "major")
    assert list(DET.detect(ok, {})) == []


def test_toxicity_sets_are_well_formed_and_split_by_id():
    dev, test = toxicity_comments("dev"), toxicity_comments("test")
    assert len(dev) == len(test) == 300
    assert {r["toxicity"] for r in dev + test} == {"clean", "offensive", "hate"}
    assert {r["id"] for r in dev}.isdisjoint(r["id"] for r in test)


def test_toxicity_in_creator_comment_sections_test_half():
    """The test half (even ids) of the written toxicity sets is never trained on (measured 0.728 /
    0.699 as written / without diacritics; the model before they were used: 0.585 / 0.579)."""
    rows = toxicity_comments("test")
    gold = [r["toxicity"] for r in rows]
    assert macro_f1(gold, [label for label, _ in DET.classify([r["text"] for r in rows])]) >= 0.70
    assert macro_f1(gold, [label for label, _ in DET.classify([fold(r["text"]) for r in rows])]) >= 0.67


def test_toxicity_judge_set_of_other_writers():
    """Written afterwards by another session, never trained on (measured 0.656 / 0.658; the model
    before the written comments 0.594 / 0.570)."""
    rows = judge_comments("toxicity")
    gold = [r["toxicity"] for r in rows]
    assert len(rows) == 200
    assert macro_f1(gold, [label for label, _ in DET.classify([r["text"] for r in rows])]) >= 0.63
    assert macro_f1(gold, [label for label, _ in DET.classify([fold(r["text"]) for r in rows])]) >= 0.63
