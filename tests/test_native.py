"""The compiled text kernels (``tinnhiem._ctext``) give exactly the pure-Python results."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tinnhiem import _native
from tinnhiem import _textindex as X
from tinnhiem import text as T

# Under CI the extension must be built (gcc is installed by .ci/run): a failed build fails here.
pytestmark = pytest.mark.skipif(
    _native.ctext is None and (os.environ.get("TINNHIEM_PURE_PYTHON") or not os.environ.get("CI")),
    reason="tinnhiem._ctext is not built (or TINNHIEM_PURE_PYTHON is set)")


def test_extension_is_built():
    assert _native.ctext is not None, "tinnhiem._ctext was not built: reinstall with a C compiler"

PIECES = ["không", "ko", "Ko", "k", "hông", "hồng", "mn", "sp", "SP", "#sp", "@mn", "_ko", "ko_", "ko1",
          "1ko", "tốt", "nhất", "tot nhat", "mua", "ngay", "giỏ", "hàng", "có", "một", "hai", "%", "off",
          "ſ", "K", "²", "½", "Ⅻ", "٣", "ǅ", "ʰ", "漢字", "🙂", "e\u0301", "\u0301", " ", "\n", "\t", ",", "-",
          "x", "THANKS", "tks", "Cảm", "ơn", "đc", "Đc", "mọi ng", "a" * 40]
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=20).map(lambda xs: "".join(xs)),
    st.lists(st.sampled_from(PIECES), max_size=20).map(" ".join),
    st.text(max_size=40),
)


@given(texts)
@settings(max_examples=400, deadline=None)
def test_teencode_tokens(s):
    compiled = T._teencode_tokens(s)
    saved, T._ctext = T._ctext, None
    try:
        assert compiled == T._teencode_tokens(s)
    finally:
        T._ctext = saved


@given(texts)
@settings(max_examples=400, deadline=None)
def test_syllable_counts(s):
    assert T._rich_native(s) == T._rich_fast(s) == T._rich(s)


@given(texts)
@settings(max_examples=400, deadline=None)
def test_anchor_hits(s):
    for phrases in (["tốt nhất", "không tốt", "mua ngay", "% off"], ["không", "có một không hai"],
                    ["mua", "hàng", "sp", "mọi người"]):
        T.compile_phrases(phrases)
    for view in T.views(s):
        compiled = X.INDEX._compute(view.folded)
        saved, X.ctext = X.ctext, None
        try:
            plain = X.INDEX._compute(view.folded)
        finally:
            X.ctext = saved
        if plain is None:
            assert compiled is None
            continue
        assert {k: sorted(v) for k, v in compiled.items() if v} == {k: sorted(v) for k, v in plain.items() if v}


def test_classes_follow_the_regex_module():
    flags = _native.classify_block(0x1E)  # Latin Extended Additional: Vietnamese letters
    assert flags[ord("ạ") & 0xFF] == _native.LETTER | _native.MARKED
    assert _native.classify_block(0)[ord("a")] == _native.LETTER
    assert _native.classify_block(0)[ord("7")] == _native.DIGIT
    assert _native.classify_block(0)[ord("_")] == 0
    assert _native.ctext.syllable_counts("Sản phẩm tốt, ok") == (4, 3)
    assert _native.ctext.teencode_runs("ko biết #ko 1ko ko1 k", frozenset({"ko", "k"}), 2) == [
        (0, 2, "ko"), (20, 21, "k")]


def test_kernels_reject_wrong_arguments():
    with pytest.raises(TypeError):
        _native.ctext.teencode_runs("ko", ["ko"], 2)
    with pytest.raises(TypeError):
        _native.ctext.anchor_hits("ko", {}, {"ko": []}, 2, {})
    assert _native.ctext.anchor_hits("ko K", {}, {}, 2, {}) is False  # "K": not case-safe
    with pytest.raises(TypeError):
        _native.ctext.syllable_counts(b"ko")
