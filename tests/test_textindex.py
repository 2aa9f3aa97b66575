"""The shared phrase-start index and the folded-literal prefilter give exactly the per-pattern
answers (``_textscan.phrase_starts``, ``pattern.finditer``)."""

from __future__ import annotations

import gc

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from tinnhiem import _textindex as X
from tinnhiem import text as T
from tinnhiem._textscan import _TEXT_CACHES, phrase_starts

PIECES = ["không", "khong", "KHÔNG", "tốt", "nhất", "tot nhat", "totnhat", "mua", "ngay", "mua_ngay",
          "giỏ", "hàng", "có", "một", "hai", "sp", "#", "%", "off", "ſ", "K", " ", "  ", "\n", ",", "-",
          "1", "x", "thanks", "THANKS", "tkſ", "Cảm", "ơn", "Brand", "@brand", "🙂"]
texts_st = st.lists(st.sampled_from(PIECES), max_size=16).map(" ".join)
PHRASES = [
    ["tốt nhất", "không tốt", "mua ngay", "% off"],
    ["không", "không hai", "có một không hai", "giỏ hàng"],
    ["mua", "hàng", "sp"],
]


@given(texts_st)
@settings(max_examples=300)
def test_index_starts_equal_phrase_starts(s):
    for phrases in PHRASES:
        pattern = T.compile_phrases(phrases)
        for view in T.views(s):
            assert pattern._starts(view.folded) == phrase_starts(pattern._anchors, view.folded)


def test_pattern_registered_after_a_text_was_indexed_sees_its_starts():
    text = "ở đây có một món rất hiếm"
    folded = T.fold(text)
    T.compile_phrases(["tốt nhất"]).spans(T.views(text)[0])  # indexes the text
    late = T.PhrasePattern(["món rất hiếm"])
    start = text.index("món")
    assert late._starts(folded) == [start]
    assert late.spans(T.views(text)[0]) == [(start, len(text))]


def test_dropped_pattern_leaves_the_index():
    before = len(X.INDEX._anchors)
    pattern = T.PhrasePattern(["một cụm từ tạm thời"])
    assert len(X.INDEX._anchors) == before + 1
    del pattern
    gc.collect()
    assert len(X.INDEX._anchors) == before


def test_an_index_without_patterns_finds_no_start():
    table = X.AnchorIndex().hits(T.fold("mua ngay kẻo hết"))
    assert table.present == frozenset() and table.starts(0) == []


def test_many_registrations_are_derived_once_at_the_next_lookup(monkeypatch):
    """Loading the rule packs registers hundreds of patterns: the nested pair table is rebuilt
    once, when a text is next looked up, not after every registration."""
    index = X.AnchorIndex()
    derived = []
    real = index._derive
    monkeypatch.setattr(index, "_derive", lambda: derived.append(1) or real())
    patterns = [T.PhrasePattern([p]) for p in ("mua ngay", "giỏ hàng", "tốt nhất", "có một không hai")]
    keys = [index.register(p._anchors) for p in patterns]
    assert derived == []
    folded = T.fold("mua ngay kẻo hết, giỏ hàng có một không hai")
    hits = index.hits(folded)
    assert derived == [1] and sorted(hits.present) == [keys[0], keys[1], keys[3]]  # (no "tốt nhất")
    index.hits(T.fold("một câu khác"))
    assert derived == [1]


@given(texts_st)
@settings(max_examples=200)
def test_an_own_index_gives_its_patterns_the_same_starts_and_gates(s):
    own = [T.compile_phrases(["tốt nhất", "không tốt", "% off"]), T.compile_phrases(["mua", "hàng", "sp"])]
    group = frozenset(p._key for p in own)
    sub = X.INDEX.subset(group)
    for view in T.views(s):
        table = sub.hits(view.folded)
        assert (table is None) == (X.INDEX.hits(view.folded) is None)
        for pattern in own:
            assert sub.starts(pattern._key, view.folded) == X.INDEX.starts(pattern._key, view.folded)
        assert table is None or table.present <= group
    gate = T.PatternGate({"folded": own})
    shared = gate.may_match(s), [T.search_views(p, T.views(s)) for p in own]
    before = T._OWN_KEYS
    T.own_anchor_index(own)
    try:
        assert group <= T._group(group)  # (with the comment rules' keys, when loaded)
        assert (gate.may_match(s), [T.search_views(p, T.views(s)) for p in own]) == shared
    finally:
        T._OWN_KEYS = before


def test_an_own_index_is_made_anew_after_a_registration():
    first = T.PhrasePattern(["hàng xịn", "giá tốt"])
    sub = X.INDEX.subset(frozenset({first._key}))
    assert X.INDEX.subset(frozenset({first._key})) is sub
    second = T.PhrasePattern(["món rất hiếm"])  # any registration
    again = X.INDEX.subset(frozenset({first._key}))
    assert again is not sub and set(again._anchors) == {first._key}
    assert sub._table not in _TEXT_CACHES and again._table in _TEXT_CACHES  # (the old one is let go)
    assert again.starts(first._key, "mua hang xin gia tot") == X.INDEX.starts(first._key, "mua hang xin gia tot") == [4, 13]
    del second


def test_folded_literals_cover_case_variants():
    lits = T.required_literals(T.compile_regex(r"(?i:tks|thanks?)\s+\p{Lu}"))
    forms = X.folded_literals(lits, T.fold)
    assert {"tks", "tkſ", "thank"} <= set(forms)  # "ſ" is a case variant of "s" but folds to itself
    assert T.find_spans(T.compile_regex(r"(?i:tks|thanks?)\s+\p{Lu}"), "TKſ Brand") == [(0, 5)]
    assert T.find_spans(T.compile_regex(r"(?i:tks|thanks?)\s+\p{Lu}"), "Xin chào Brand") == []


REGEXES = [r"(?<![\p{L}\p{N}])(?i:cảm ơn|thanks?|tks)[ \t]+(?:@[\w.]+|\p{Lu}[\p{L}\p{N}]+)",
           r"(?i:code|mã)\s*\p{Lu}{3,}", r"(?i)k\s*x"]


@given(texts_st)
@settings(max_examples=300)
def test_find_spans_on_unfolded_text_equals_finditer(s):
    for src in REGEXES:
        pattern = regex.compile(src)
        naive = [m.span() for m in pattern.finditer(s) if m.end() > m.start()]
        assert T.find_spans(pattern, s) == naive
