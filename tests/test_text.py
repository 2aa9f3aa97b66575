"""Vietnamese text layer: folding, teencode, phrase patterns (the offsets contract)."""

from __future__ import annotations

import unicodedata

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from tinnhiem import _prefilter
from tinnhiem import text as T


@pytest.fixture(autouse=True, scope="module")
def _prefilter_built():
    """Compile the shared prefilter databases before the timed (hypothesis) tests run."""
    _prefilter.refresh_all()


@pytest.mark.parametrize(
    "raw, folded",
    [
        ("Tốt nhất", "tot nhat"),
        ("ĐẸP", "dep"),
        ("đường", "duong"),
        ("Nhật Bản", "nhat ban"),
        ("Ưu đãi", "uu dai"),
        ("Thực phẩm bảo vệ sức khỏe", "thuc pham bao ve suc khoe"),
        ("SỮA MẸ", "sua me"),
        ("İstanbul", "istanbul"),
        ("#QuảngCáo 😍", "#quangcao 😍"),
        ("Ñandú ÀÉÎÕÜ", "nandu aeiou"),
        ("", ""),
    ],
)
def test_fold(raw, folded):
    assert T.fold(raw) == folded
    assert len(T.fold(raw)) == len(raw)


@given(st.text())
@settings(max_examples=300)
def test_fold_preserves_length(s):
    assert len(T.fold(s)) == len(s)
    assert len(T.lower(s)) == len(s)


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x1EFF)))
def test_fold_of_nfc_vietnamese_is_ascii_like_for_latin(s):
    s = T.nfc(s)
    folded = T.fold(s)
    for a, b in zip(s, folded):
        if a in "đĐ":
            assert b == "d"


def test_lower_keeps_diacritics():
    assert T.lower("NHẤT Nhật") == "nhất nhật"


def test_nfc():
    decomposed = unicodedata.normalize("NFD", "Tiếng Việt")
    assert T.nfc(decomposed) == "Tiếng Việt"


@pytest.mark.parametrize(
    "raw, expanded",
    [
        ("ko giống qc", "không giống quảng cáo"),
        ("sp này dc lắm mn", "sản phẩm này được lắm mọi người"),
        ("j vs ai", "gì với ai"),
        ("tks shop", "cảm ơn shop"),
        ("hoa hồng", "hoa hồng"),  # "hồng" is not "hông"
        ("giá 50k", "giá 50k"),  # "k" inside a number token is not "không"
        ("#sp", "#sp"),  # hashtags are not expanded
        ("KO", "không"),
    ],
)
def test_expand_teencode(raw, expanded):
    assert T.expand_teencode(raw)[0] == expanded


def test_expand_teencode_offset_map_points_into_original():
    raw = "hàng ko giống qc đâu"
    expanded, omap = T.expand_teencode(raw)
    assert len(omap) == len(expanded)
    assert all(0 <= i < len(raw) for i in omap)
    start = expanded.index("quảng cáo")
    end = start + len("quảng cáo")
    view = T.View(raw, T.fold(expanded), omap)
    s, e = view.span(start, end)
    assert raw[s:e] == "qc"


@pytest.mark.parametrize(
    "phrase, text, hit",
    [
        ("tốt nhất", "Serum tốt nhất", "tốt nhất"),
        ("tốt nhất", "serum TOT NHAT", "TOT NHAT"),
        ("tốt nhất", "tốt   nhất", "tốt   nhất"),
        ("tốt nhất", "#totnhat", "#totnhat"),
        ("tốt nhất", "#tot_nhat", "#tot_nhat"),
        ("tốt nhất", "tot-nhat", "tot-nhat"),
        ("quảng cáo", "#QuangCao", "#QuangCao"),
        ("quảng cáo", "#Quảng_cáo", "#Quảng_cáo"),
        ("nhất", "thongnhat", None),
        ("nhất", "nhatban", None),
        ("nhất", "Nhất", "Nhất"),
        ("số 1", "số 10", None),
        ("số 1", "số 1 Việt Nam", "số 1"),
        ("#ad", "#adidas", None),
        ("#ad", "xin chào #ad", "#ad"),
        ("tốt nhất", "tốt, nhất", None),
    ],
)
def test_compile_phrases_boundaries(phrase, text, hit):
    spans = T.search_views(T.compile_phrases([phrase]), T.views(text))
    if hit is None:
        assert spans == []
    else:
        assert [text[s:e] for s, e in spans] == [hit]


def test_search_views_reports_original_spans_for_teencode():
    text = "hàng ko giống qc luôn"
    pattern = T.compile_phrases(["không giống quảng cáo"])
    (span,) = T.search_views(pattern, T.views(text))
    assert text[span[0]:span[1]] == "ko giống qc"


def test_spoken_text_has_no_teencode_view():
    """Speech recognition and subtitles write words out: a transcript's "ko" is not expanded."""
    T.clear_text_caches()
    pattern = T.compile_phrases(["không giống quảng cáo"])
    spoken = T.SpokenText("hàng ko giống qc luôn nha")
    assert len(T.views(spoken)) == 1 and T.views(spoken)[0].folded == T.fold(spoken)
    assert T.search_views(pattern, T.views(spoken)) == []
    typed = "hàng ko giống qc luôn"
    assert len(T.views(typed)) == 2 and T.search_views(pattern, T.views(typed))
    assert spoken == "hàng ko giống qc luôn nha" and isinstance(spoken, str)


def test_transcript_field_is_spoken_text():
    from tinnhiem.detectors.base import post_field_text
    from tinnhiem.model import PostView, TranscriptSegment

    post = PostView(key="youtube:x", platform="youtube", caption="mn ơi",
                    transcript=(TranscriptSegment(0.0, 2.0, "chào mn"),))
    assert isinstance(post_field_text(post, "transcript"), T.SpokenText)
    assert not isinstance(post_field_text(post, "caption"), T.SpokenText)


def test_gate_merges_the_scans_of_every_text(monkeypatch):
    """One prefilter answer for a group of texts: possible if any scanned text reports the
    pattern or was scanned before the pattern was in the database."""
    pattern = regex.compile("x")

    class Scans:
        _ids = {pattern: 3}
        answers = {"hit": (10, frozenset({3})), "miss": (10, frozenset({1})), "old": (2, frozenset())}

        def hits(self, text):
            return self.answers[text]

    monkeypatch.setitem(T._PREFILTERS, "raw", Scans())
    T.clear_text_caches()
    try:
        assert T.may_match_any(pattern, ("miss", "hit"), "raw")
        assert not T.may_match_any(pattern, ("miss", "miss"), "raw")
        assert T.may_match_any(pattern, ("miss", "old"), "raw")  # id 3 was not compiled then
        assert not T.may_match_any(pattern, (), "raw")
    finally:
        T.clear_text_caches()


def test_compile_phrases_empty():
    assert T.compile_phrases([]) is None
    with pytest.raises(ValueError):
        T.phrase_regex("   ")


@pytest.mark.parametrize(
    "spans, merged",
    [([(0, 2), (1, 3), (5, 6)], [(0, 3), (5, 6)]), ([], []), ([(3, 4), (0, 1)], [(0, 1), (3, 4)])],
)
def test_merge_spans(spans, merged):
    assert T.merge_spans(spans) == merged


def test_hashtags_and_tokens():
    s = "Đẹp quá 😍 #QuảngCáo #skin_care"
    assert T.hashtags(s) == [("QuảngCáo", 10), ("skin_care", 20)]
    toks = [t for t, _ in T.tokens(s)]
    assert toks == ["Đẹp", "quá", "😍", "#QuảngCáo", "#skin_care"]


def test_trim_quote():
    s = "  " + "a" * 300
    start, end = T.trim_quote(s, 0, len(s))
    assert (start, end) == (2, 202)


@pytest.mark.parametrize(
    "phrase, text, hit",
    [
        ("mua ở", "Trời mưa ở nhà cả ngày", None),
        ("mua ở", "Mua ở shop chính hãng nha", "Mua ở"),
        ("mua ở", "mua o shop chinh hang", "mua o"),
        ("nhất", "Hàng Nhật nội địa", None),
        ("thuốc", "mình học mãi chưa thuộc bài", None),
        ("thuốc", "chua thuoc bai", "thuoc"),
        ("sức khỏe", "tốt cho sức khoẻ", "sức khoẻ"),  # old tone placement
        ("giá", "Cả gia đình mình đều thích", None),  # one syllable, accented text
        ("giá", "ca gia dinh deu thich", "gia"),
        ("tốt nhất", "Sản phẩm này tot nhat luôn", "tot nhat"),  # lazy partial typing
        ("quảng cáo", "Đây là nội dung #quangcao nhé", "#quangcao"),
    ],
)
def test_phrases_respect_written_diacritics(phrase, text, hit):
    spans = T.search_views(T.compile_phrases([phrase]), T.views(text))
    assert [text[s:e] for s, e in spans] == ([hit] if hit else [])


def test_diacritic_rich():
    assert T.diacritic_rich("Trời mưa ở nhà đọc sách")
    assert not T.diacritic_rich("troi mua o nha doc sach")


def test_shorter_alternative_is_tried_when_longest_folded_match_is_rejected():
    pattern = T.compile_phrases(["mẫu số 1", "màu số"])
    text = "son màu số 1 đẹp"
    assert [text[s:e] for s, e in T.search_views(pattern, T.views(text))] == ["màu số"]
    text2 = "điền mẫu số 1"
    assert [text2[s:e] for s, e in T.search_views(pattern, T.views(text2))] == ["mẫu số 1"]


@given(st.text(alphabet=st.sampled_from(list("ko sp dc qc mn tốt nhất #_-\nĐđ😍aăâ")), max_size=60))
@settings(max_examples=200)
def test_teencode_offsets_and_spans_stay_in_bounds(s):
    expanded, omap = T.expand_teencode(s)
    assert len(omap) == len(expanded)
    assert omap == sorted(omap) and all(0 <= i < len(s) for i in omap)
    pattern = T.compile_phrases(["tốt nhất", "không", "sản phẩm", "quảng cáo"])
    for start, end in T.search_views(pattern, T.views(s)):
        assert 0 <= start < end <= len(s)


# --------------------------------------------------------------------------- fast paths
# Each fast path must give exactly what the straightforward implementation gives.

PIECES = ["ko", "KO", "k", "sp", "SP", "dc", "đc", "qc", "mn", "İb", "ſp", "Ko", "hông", "hồng",
          "tốt", "tot", "nhất", "nhat", "Nhật", "số", "so", "1", "10", "#", "@", "_", "-", " ", "  ",
          "\n", ",", ".", "%", "[", "]", "ad", "off", "giỏ", "hàng", "gio", "hang", "😍", "x", "/",
          "shopee.vn", "ti.ki/", "https://", "a1", "quảng", "cáo", "quang", "cao", "mua", "ngay"]
texts_st = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)


def _naive_expand(s):
    out, omap, pos = [], [], 0
    for m in T._TOKEN.finditer(s):
        repl = T.TEENCODE.get(T.lower(m.group()))
        if repl is None:
            continue
        out.append(s[pos:m.start()])
        omap.extend(range(pos, m.start()))
        n = m.end() - m.start()
        out.append(repl)
        omap.extend(m.start() + min(i, n - 1) for i in range(len(repl)))
        pos = m.end()
    out.append(s[pos:])
    omap.extend(range(pos, len(s)))
    return "".join(out), omap


@given(texts_st)
@settings(max_examples=400)
def test_expand_teencode_equals_token_loop(s):
    assert T.expand_teencode(s) == _naive_expand(s)


def test_lower_and_fold_keep_word_classes():
    """What the teencode fast path relies on: lower() never changes these classes."""
    chars = "".join(chr(c) for c in range(0x3000) if not 0xD800 <= c < 0xE000)
    for cls in (r"[\p{L}\p{N}_#@]", r"[\p{L}\p{N}_]", r"\p{L}", r"[\p{L}\p{N}]"):
        where = [m.start() for m in regex.finditer(cls, chars)]
        assert [m.start() for m in regex.finditer(cls, T.lower(chars))] == where
        assert [m.start() for m in regex.finditer(cls, T.fold(chars))] == where


PHRASE_SETS = [
    ["tốt nhất", "số 1", "giỏ hàng", "quảng cáo"],
    ["#ad", "[ad]", "% off", "100%", "mua ngay", "nhất"],
    ["có một không hai", "ko", "sp"],
]


def _naive_spans(pattern, view):
    rich = T.diacritic_rich(view.source)
    out = []
    for m in pattern.pattern.finditer(view.folded, overlapped=True):
        end = pattern._accept(view.folded, view.source, m.start(), m.end(), rich)
        if end is not None:
            out.append((m.start(), end))
    return out


@given(texts_st)
@settings(max_examples=300)
def test_phrase_spans_equal_overlapped_scan(s):
    for phrases in PHRASE_SETS:
        pattern = T.compile_phrases(phrases)
        for view in (*T.views(s), T.lower_view(s), T.View(s, s)):
            assert pattern.spans(view) == _naive_spans(pattern, view)


REGEXES = [
    r"(?<![\w.])(?:(?:https?://)?(?:[\w-]+\.)*shopee\.vn/|ti\.ki/)(?:[^\s]*[^\s.,])?",
    r"no\.?\s?1",
    r"#1",
    r"(?:giá|gia)\s*\d+k",
    r"(?i:code|mã)\s*[A-Z]{3,}",
    r"nhật",
    r"x|",
]


# compiled at import: in the prefilter databases the module fixture builds, so the test also
# checks the Hyperscan prefilter (a pattern compiled later would run unfiltered)
_COMPILED = [T.compile_regex(src, boundaries=b) for src in REGEXES for b in (False, True)]


@given(texts_st)
@settings(max_examples=300)
def test_find_spans_equals_finditer(s):
    for src in REGEXES:
        for bounded in (False, True):
            pattern = T.compile_regex(src, boundaries=bounded)
            for text in (s, T.fold(s), T.lower(s)):
                naive = [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
                assert T.find_spans(pattern, text) == naive


def test_find_spans_remembered_per_text_returns_a_fresh_list(monkeypatch):
    """The spans of a (pattern, text) are computed once, for a short text and for a long one;
    every caller gets a list of its own."""
    pattern = T.compile_regex(r"(?:giá|gia)\s*\d+k")
    runs = []
    real = T._run_spans
    monkeypatch.setattr(T, "_run_spans", lambda p, t: runs.append(len(t)) or real(p, t))
    long_text = "giá 120k, giá 99k" + " nói chuyện tiếp" * (T.CACHE_MAX_CHARS // 16)
    T.clear_text_caches()
    for text in ("giá 120k, giá 99k", long_text):
        first = T.find_spans(pattern, text)
        first.append((0, 1))
        assert T.find_spans(pattern, text) == [(0, 8), (10, 17)]
    assert runs == [17, len(long_text)]


@given(st.text(alphabet=st.sampled_from(list("aăâeêoôơuưyđ ÁẤẦỆỘ123-_#😍ſKİ\n")), max_size=40))
def test_diacritic_rich_fast_equals_per_syllable(s):
    assert T.diacritic_rich(s) == T._rich(s)


def test_required_literals():
    lits = T.required_literals(T.compile_regex(REGEXES[0]))
    assert set(lits.strings) == {"shopee.vn/", "ti.ki/"} and lits.local and lits.nocase
    assert T.required_literals(T.compile_regex(r"\d+\s*[km]")) is None
    assert T.required_literals(T.compile_regex(r"x|")) is None  # an empty match needs nothing
    assert not T.required_literals(T.compile_regex(r"giam\s+gia")).local
    assert T.required_literals(T.compile_regex(r"giam\s+gia")).possible("giam  gia") is True
    assert T.required_literals(T.compile_regex(r"giam\s+gia")).possible("gia ca") is False
    assert T.required_literals(T.compile_regex(r"giam")).possible("GIAM") is True  # case variant


def test_long_texts_are_cached_and_caches_clear():
    long_text = "sp tốt nhất " * 1000
    assert T.views(long_text) is T.views(long_text)
    T.clear_text_caches()
    assert T.views(long_text) == T.views(long_text)


def test_phrase_regex_is_compiled_on_first_use():
    """An anchored phrase pattern matches through the phrase-start index and the compiled
    matcher; its regex (the fallback) is compiled only when something asks for it."""
    p = T.compile_phrases(["cụm từ chỉ dùng trong phép thử này"])
    assert p._key is not None and p._pattern is None
    assert [v.folded[s:e] for v in T.views("Đây là cụm từ chỉ dùng trong phép thử này.")
            for s, e in p.spans(v)] == ["cum tu chi dung trong phep thu nay"]
    assert p._pattern is None  # (a case-safe text: the compiled matcher did the work)
    assert p.pattern.search("cum tu chi dung trong phep thu nay") and p._pattern is p.pattern


def test_a_phrase_pattern_compiled_after_a_lookup_is_found_in_that_text():
    """The union of phrase keys found in a text is forgotten when a pattern is registered: a
    rule built later (a test's, a reloaded pack's) still finds its wording in a text asked about
    before it existed."""
    text = "Kem Hạ Vy zyxquet đặc trị nám, dùng 7 ngày là sạch."
    before = T.compile_phrases(["đặc trị nám"])
    assert T.may_match_any(before, (text,))
    later = T.compile_phrases(["zyxquet đặc trị"])  # (a phrase no pack has)
    assert T.may_match_any(later, (text,))
    assert T.search_views(later, T.views(text)) == [(10, 25)]
