"""comment_spam: spam / type decisions with/without diacritics, probabilities, batch API."""

from __future__ import annotations

from importlib import resources

import pytest

from tinnhiem.detectors.comment_spam import TYPES
from tinnhiem.detectors.registry import get
from tinnhiem.model import CommentView
from tinnhiem.text import fold
from comment_model_checks import assert_batch_equals_single

DET = get("comment_spam")
CASES = [
    ("Áo đẹp, vải mát, mặc vừa vặn, đúng như mô tả", "not_spam"),
    ("Chất lượng sản phẩm tốt, đóng gói cẩn thận, sẽ ủng hộ tiếp", "not_spam"),
    ("asdfghjkl qwertyuiop zxcvbnm", "irrelevant"),
]


def test_weights_are_package_data():
    base = resources.files("tinnhiem.detectors.models")
    assert (base / "comment_spam_type.npz").is_file() and (base / "comment_spam_type.json").is_file()


@pytest.mark.parametrize("text,label", CASES)
def test_clear_examples_with_and_without_diacritics(text, label):
    for variant in (text, fold(text)):
        got, scores = DET.classify([variant])[0]
        assert got == label, (variant, scores)
        assert set(scores) == {"not_spam", *TYPES}
        assert sum(scores.values()) == pytest.approx(1.0, abs=1e-5)
        assert got == max(scores, key=scores.get)


def test_batch_equals_single():
    assert_batch_equals_single(DET, CASES)


def test_finding_for_spam_only():
    spam = CommentView(key="c:1", post_key="p", author="a", text=CASES[2][0])
    ok = CommentView(key="c:2", post_key="p", author="a", text=CASES[0][0])
    (f,) = list(DET.detect(spam, {}))
    assert f.data["label"] in TYPES and f.severity == "info"
    assert list(DET.detect(ok, {})) == []
