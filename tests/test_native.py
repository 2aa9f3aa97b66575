"""The compiled text kernels (``tinnhiem._ctext``) give exactly the pure-Python results."""

from __future__ import annotations

import os

import pytest
from hypothesis import example, given, settings
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
    patterns = [T.compile_phrases(phrases) for phrases in (
        ["tốt nhất", "không tốt", "mua ngay", "% off"], ["không", "có một không hai"],
        ["mua", "hàng", "sp", "mọi người"])]
    keys = [p._key for p in patterns] + [p._key for p in PHRASE_PATTERNS if p._key is not None]
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
        assert compiled.present == plain.present
        for key in keys:
            assert compiled.starts(key) == plain.starts(key)


def test_classes_follow_the_regex_module():
    flags = _native.classify_block(0x1E)  # Latin Extended Additional: Vietnamese letters
    assert flags[ord("ạ") & 0xFF] == _native.LETTER | _native.MARKED
    assert _native.classify_block(0)[ord("a")] == _native.LETTER
    assert _native.classify_block(0)[ord("7")] == _native.DIGIT
    assert _native.classify_block(0)[ord("_")] == _native.SEP
    assert _native.classify_block(0x30)[0] == _native.SEP  # U+3000 ideographic space (Zs)
    assert _native.ctext.syllable_counts("Sản phẩm tốt, ok") == (4, 3)
    assert _native.ctext.teencode_runs("ko biết #ko 1ko ko1 k", frozenset({"ko", "k"}), 2) == [
        (0, 2, "ko"), (20, 21, "k")]


def test_kernels_reject_wrong_arguments():
    with pytest.raises(TypeError):
        _native.ctext.teencode_runs("ko", ["ko"], 2)
    with pytest.raises(TypeError):
        _native.ctext.anchor_grams({}, {"ko": []}, 2)  # a pair's next runs: a dict
    with pytest.raises(TypeError):
        _native.ctext.anchor_grams({"ko": [(1,)]}, {}, 2)  # entries: (key, skip)
    with pytest.raises(ValueError):
        _native.ctext.anchor_grams({"ko": [(-1, 0)]}, {}, 2)
    grams = _native.ctext.anchor_grams({"a": [(1, 0)], "b": [(1, 3), (2, 2)]}, {"a": {"b": [(5, 0)]}}, 1)
    assert _native.ctext.anchor_scan(grams, "ko K") is None  # "K": not case-safe
    keys, packed = _native.ctext.anchor_scan(grams, "a b a b")
    # "b" at 2 gives key 2 position 0 (key 1: 2 < skip 3); "b" at 6 gives key 1 position 3, key 2
    # position 4; the pair "a b" gives key 5 at 0 and 4
    assert keys == {1, 2, 5}
    assert [_native.ctext.anchor_starts(packed, k) for k in (1, 2, 5, 7)] == [[0, 3, 4], [0, 4], [0, 4], []]
    keys, packed = _native.ctext.anchor_scan(grams, "a aa b")
    # "aa" is longer than the longest gram run: never looked up, and no pair reaches across it
    assert keys == {1, 2} and _native.ctext.anchor_starts(packed, 5) == []
    with pytest.raises(ValueError):  # not the grams' capsule
        _native.ctext.anchor_scan(object(), "a")
    with pytest.raises(TypeError):
        _native.ctext.syllable_counts(b"ko")
    alts = PHRASE_PATTERNS[0]._alts
    with pytest.raises(ValueError):  # a view's folded text and source have one length
        _native.ctext.phrase_spans("tot", "tốt!", [0], alts, {}, lambda q, r: True, T.diacritic_rich)
    with pytest.raises(ZeroDivisionError):  # an error of the compatibility callback propagates
        _native.ctext.phrase_spans("tot", "tốt", [0], alts, {}, lambda q, r: 1 / 0, T.diacritic_rich)


SEP_PIECES = ["tot", "nhat", "tốt", "nhất", "mua", "ngay", "x", "-", "_", " ", "  ", "\t", "\u00a0", "\u3000",
              "\n", "ok", "1", "2", "%", "off", "a", "ab", "-cd", "cd", "#", ".", "é", "🙂"]
seps = st.lists(st.sampled_from(SEP_PIECES), max_size=14).map("".join)
PHRASE_SETS = [["tốt nhất", "tốt", "nhất quán"], ["mua ngay", "mua", "ngay"], ["ab -cd", "ab cd", "ab"],
               ["x-men ok", "x", "1 2", "% off"], ["a a a", "a a", "a"]]
PHRASE_PATTERNS = [T.PhrasePattern(phrases) for phrases in PHRASE_SETS]


@given(seps, st.integers(0, 20), st.integers(0, 25))
@settings(max_examples=400, deadline=None)
def test_phrase_match_equals_the_regex(s, pos, endpos):
    folded = T.fold(s)
    if not T.case_safe(folded):
        return  # the compiled matcher is only used on case-safe text
    for pattern in PHRASE_PATTERNS:
        assert pattern._alts is not None
        m = pattern.pattern.match(folded, pos, endpos)
        expected = m.end() if m is not None and pos <= min(endpos, len(folded)) else -1
        assert _native.ctext.phrase_match(folded, pos, endpos, pattern._alts) == expected


MARKED_PIECES = SEP_PIECES + ["tốt", "tớt", "nhất", "nhật", "nhát", "mùa", "mưa", "mua", "ngày", "ngáy",
                               "x-mén", "óff", "TỐT", "#", "#tốt", "Nhất"]
marked = st.lists(st.sampled_from(MARKED_PIECES), max_size=14).map("".join)


@given(marked)
@example("tốt nhất mùa ngày #tot")  # a hashtag in diacritic-rich text: typed bare, accepted
@example("Mưa ngày tớt nhất, tot")  # rejected longest match, then a shorter alternative
@settings(max_examples=400, deadline=None)
def test_phrase_spans_equals_the_python_loop(s):
    for pattern in PHRASE_PATTERNS:
        for view in T.views(s):
            starts = pattern._starts(view.folded)
            if starts is None:
                continue  # (not case-safe: the compiled path is not taken)
            saved, pattern._alts = pattern._alts, None
            try:
                expected = pattern.spans(view)
            finally:
                pattern._alts = saved
            assert pattern.spans(view) == expected, (s, pattern.phrases)


def test_phrase_spans_compiled_and_regex_agree():
    texts = ["Sản phẩm tốt nhất thị trường", "tot_nhat", "mua  ngay!", "màu số 1", "mẫu số 1 nè",
             "nhất quán", "#TotNhat", "x-men ok"]
    for phrases in (["tốt nhất", "mẫu số 1", "mẫu số", "màu số"], ["mua ngay", "nhất"], ["x-men ok"]):
        compiled = T.PhrasePattern(phrases)
        plain = T.PhrasePattern(phrases)
        plain._alts = None  # the regex path
        for s in texts:
            for view in T.views(s):
                assert compiled.spans(view) == plain.spans(view), (phrases, s)


@given(texts)
@settings(max_examples=400, deadline=None)
def test_fold_and_lower_mappings(s):
    assert _native.ctext.map_text(s, 0) == s.translate(T._FOLD)
    assert _native.ctext.map_text(s, 1) == s.translate(T._LOWER)


def test_mappings_cover_every_plane():
    sample = "".join(chr(cp) for cp in range(0, 0x110000, 97) if not 0xD800 <= cp < 0xE000)
    assert _native.ctext.map_text(sample, 0) == sample.translate(T._FOLD)
    assert _native.ctext.map_text(sample, 1) == sample.translate(T._LOWER)
    assert _native.ctext.map_text("Đặc Trị NÁM \ud800", 0) == "dac tri nam \ud800"


@given(texts)
@settings(max_examples=400, deadline=None)
def test_expand_tokens(s):
    saved, T._ctext = T._ctext, None
    try:
        tokens = T._teencode_tokens(s)
    finally:
        T._ctext = saved
    expanded, omap = T._expand(s, tokens)
    assert _native.ctext.expand_tokens(s, tokens) == (expanded, tuple(omap))


def test_expand_tokens_rejects_bad_tokens():
    with pytest.raises(ValueError):
        _native.ctext.expand_tokens("ko ko", [(3, 5, "không"), (0, 2, "không")])
    with pytest.raises(TypeError):
        _native.ctext.expand_tokens("ko", [(0, 2)])


@given(texts)
@settings(max_examples=400, deadline=None)
def test_case_safe_flag(s):
    from tinnhiem._textscan import _CASE_TRAPS

    assert _native.ctext.has_flag(s, _native.TRAP) == (_CASE_TRAPS.search(s) is not None)


@given(st.lists(texts, min_size=1, max_size=6))
@settings(max_examples=150, deadline=None)
@example(["", "x\x00y z", "\x00", "𝐕𝐀𝐏𝐄 z a l o", "   ", "hàng đẹp lắm, giao nhanh 👍"])
@example(["a", "ab", "abc", "abcd", "abcdef", "hàng đẹp " * 60])  # fewer and more rows than the read-ahead
def test_comment_feature_sums(batch):
    """The comment classifiers' feature sums: C (char n-grams hashed, rows gathered; rows read
    ahead, added in order) = numpy."""
    import numpy as np

    from tinnhiem.detectors.models import textclf

    table = textclf._stack().table
    compiled = textclf._sums_compiled(table, batch)
    reference = textclf._sums_numpy(table, batch)
    assert compiled.shape == reference.shape == (len(batch), table.shape[1])
    assert np.allclose(compiled, reference, rtol=1e-12, atol=1e-9)


def test_comment_feature_sums_reject_bad_buffers():
    import numpy as np

    from tinnhiem.detectors.models import textclf

    table = textclf._stack().table
    k = table.shape[1]
    with pytest.raises(IndexError):
        _native.ctext.gather_add(table, k, np.array([1], np.int64), np.array([0], np.int64), np.zeros((1, k)))
    with pytest.raises(IndexError):
        _native.ctext.gather_add(table, k, np.array([0], np.int64), np.array([len(table)], np.int64),
                                 np.zeros((1, k)))
    with pytest.raises(ValueError):  # the total is too small for two documents
        _native.ctext.char_ngrams_add(table, k, ["a", "a", "b", "b"], np.zeros((1, k)), textclf._C_CONSTS)
    with pytest.raises(TypeError):
        _native.ctext.char_ngrams_add(table, k, ["a", 1], np.zeros((1, k)), textclf._C_CONSTS)
    with pytest.raises(TypeError):  # a float32 total
        _native.ctext.char_ngrams_add(table, k, ["a", "a"], np.zeros((1, k), np.float32), textclf._C_CONSTS)
    with pytest.raises(TypeError):  # int32 documents
        _native.ctext.gather_add(table, k, np.array([0], np.int32), np.array([0], np.int64), np.zeros((1, k)))


@given(st.lists(texts, min_size=1, max_size=6))
@settings(max_examples=200, deadline=None)
@example(["", "x\x00y z", "ǅa Ⅻ ½ ٣ 漢字 🙂 e\u0301 ſ", "KO ko Ko dc đc sp", "a" * 40])
def test_comment_word_hashes(batch):
    """The featuriser's word tokens (teencode expanded, hashed): C walk = ``regex`` findall."""
    import numpy as np

    from tinnhiem.detectors.models import textclf

    pairs = [textclf.normalize(t) for t in batch]
    compiled, counts = textclf._word_hashes(pairs)
    saved, textclf.ctext = textclf.ctext, None
    try:
        reference, reference_counts = textclf._word_hashes(pairs)
    finally:
        textclf.ctext = saved
    assert counts == reference_counts
    assert np.array_equal(compiled, reference)
