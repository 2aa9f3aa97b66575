"""The Hyperscan prefilter never says "no" where ``regex`` finds a match (``_prefilter``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from tinnhiem import _prefilter as P
from tinnhiem import text as T
from tinnhiem.detectors import _common, _disclosure_terms
from tinnhiem.detectors.registry import all_detectors

RULES = Path(__file__).resolve().parents[1] / "src" / "tinnhiem" / "detectors" / "rules"

pytestmark = pytest.mark.skipif(P.hyperscan is None, reason="hyperscan not installed")


def _patterns(kinds: tuple[str, ...] = P.KINDS) -> list:
    """Every pattern the post detectors run on views of ``kinds``: those registered when the
    detectors load, plus the code detectors' module-level patterns (registered on first use,
    on the view kind each call chooses)."""
    all_detectors()
    from tinnhiem.detectors import ad_disclosure, missing_supplement_disclaimer

    found = {p for kind in kinds for p in P.PREFILTERS[kind]._ids}
    found |= {_common._PRICE, _common._CODE, _common._CHECK_OUT, _common._MENTION,
              _common.affiliate_link_pattern(), ad_disclosure._THANKS,
              missing_supplement_disclaimer._DISCLAIMER}
    return sorted(found, key=lambda p: p.pattern)


@pytest.fixture(scope="module")
def prefilters() -> list[tuple[P.Prefilter, list]]:
    """Databases of their own (independent of when the shared ones rebuild), each with the
    patterns it holds: one byte per character (``OneByte``, how the folded views are scanned)
    with every pattern, and UTF-8 with the patterns of the view kinds scanned in UTF-8 (the
    lower-case view and the stored text). (A UTF-8 database of every pattern, which the product
    never builds, took 190 s of the suite to compile.)"""
    out = [(P.Prefilter(P.OneByte()), _patterns()), (P.Prefilter(), _patterns(("lower", "raw")))]
    for own, patterns in out:
        for p in patterns:
            own.register(p)
        own.refresh()
    return out


@pytest.fixture(scope="module")
def prefilter(prefilters) -> P.Prefilter:
    return prefilters[0][0]


def _renderings(text: str) -> list[str]:
    """Every string the detectors scan for ``text``: views, lower-case view, the text itself."""
    return [v.folded for v in T.views(text)] + [T.lower_view(text).folded, text]


def _assert_superset(prefilters, texts) -> int:
    """Where ``regex`` finds a (non-empty) match, every prefilter holding the pattern must say
    possible."""
    renderings = [s for text in texts for s in _renderings(text)]
    checked = 0
    for pf, patterns in prefilters:
        for p in [p for p in patterns if pf.register(p) is not None]:
            for s in renderings:
                m = p.search(s, timeout=5)
                if m is not None and any(x.end() > x.start() for x in p.finditer(s, timeout=5)):
                    assert pf.possible(p, s), (pf.page, p.pattern[:120], s[:200])
                    checked += 1
    return checked


def _fixture_texts() -> list[str]:
    out = []
    for path in sorted(RULES.glob("*.fixtures.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            if line.lstrip().startswith("{"):
                item = json.loads(line)
                out += [str(v) for v in item.values() if isinstance(v, str)]
            else:
                out.append(line)
    return out


def test_detectors_register_patterns_and_most_are_prefiltered(prefilter):
    stats = prefilter.stats()
    assert stats["registered"] >= 50
    assert stats["always_run"] <= stats["registered"] // 10


def test_prefilter_never_rejects_a_fixture_match(prefilters):
    assert _assert_superset(prefilters, _fixture_texts()) > 100


def test_prefilter_never_rejects_a_sample_corpus_match(prefilters, tmp_path):
    from tinnhiem.sample import generate

    generate(42, tmp_path, creators=8)
    texts = []
    for line in (tmp_path / "03-posts.jsonl").read_text("utf-8").splitlines():
        post = json.loads(line)
        texts.append(post.get("caption") or "")
        transcript = post.get("transcript") or []
        texts.append(" ".join(seg["text"] if isinstance(seg, dict) else str(seg) for seg in transcript))
        texts.append(" ".join("#" + h for h in post.get("hashtags") or []))
        texts.append("\n".join(post.get("links") or []))
    assert _assert_superset(prefilters, [t for t in texts if t.strip()]) > 100


def test_prefilter_rejects_texts_without_the_literals():
    pattern = T.compile_regex(r"chua\s+dung\s+thu", boundaries=True)
    own = P.Prefilter()  # (a database of its own: compiled in milliseconds)
    own.register(pattern)
    own.refresh()
    assert own.possible(pattern, "minh chua dung thu dau")
    assert not own.possible(pattern, "san pham nay rat tot")
    assert not own.possible(pattern, "chua dung")


def test_untranslatable_patterns_always_run():
    pattern = regex.compile(r"(\w+) \1")  # a backreference: no superset translation
    own = P.Prefilter()
    assert own.register(pattern) is None
    own.refresh()
    assert own.possible(pattern, "no repeat here")


@pytest.mark.parametrize("source, text", [
    (r"(?i)Cảm ơn", "CẢM ƠN nhãn hàng"),  # case variants of non-ASCII letters
    (r"(?i)kem", "\u212aem"),  # KELVIN SIGN is a case variant of "k" for regex
    (r"\p{Lu}[\p{Lu}0-9]{3,}", "mã ĐẸP2024"),  # properties beyond ASCII
    (r"a\s+b", "a\u3000b"),  # non-ASCII whitespace
    (r"x.y", "x😀y"),  # an astral character for "."
    (r"(?<![\p{L}])tot(?![\p{L}])", "tot"),  # lookarounds dropped
    (r"(?i)sua", "\u017fua"),  # LONG S is a case variant of "s"
    (r"(?i)in", "\u0130N"),  # … and the dotted capital I of "i"
    (r"[^a-z ]+ tot", "😍😍 tot"),  # a negated class over astral characters
    (r"x\S+y", "x—×y"),  # … and over punctuation beyond ASCII
    (r"[àáạ]o", "áo"),  # an explicit class of non-ASCII letters
    (r"😍{2}", "wow 😍😍"),  # a non-ASCII literal, repeated
])
@pytest.mark.parametrize("page", [None, P.OneByte()], ids=["utf8", "one-byte"])
def test_unicode_semantics_are_covered(source, text, page):
    pattern = regex.compile(source)
    assert pattern.search(text)
    own = P.Prefilter(page)
    assert own.register(pattern) is not None
    own.refresh()  # (in the database now: the answer comes from the scan)
    assert own.possible(pattern, text)
    assert not own.possible(pattern, "zzz")


_WORDS = (
    _common.SHOP_CTA + _common.DISCOUNT + _common.SUPPLEMENT + _common.PRODUCT_WORDS
    + [w for v in vars(_disclosure_terms).values() if isinstance(v, list)
       for w in v if isinstance(w, str) and 0 < len(w) < 40]
    + list(T.TEENCODE) + ["chưa dùng thử", "nghe nói", "bằng", "một viên", "đĩa rau", "bác sĩ",
                          "giá 199k", "199.000đ/hộp", "#ad", "https://shope.ee/abc", "100%",
                          "\u212aem", "\u0130NBOX", "\u017fữa", "—", "×2", "🔥🔥"]
)
_SEPS = st.sampled_from([" ", "  ", "\n", "_", "-", "", ", ", "\u00a0", " 😍 "])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), _SEPS, st.booleans()), min_size=1, max_size=12))
def test_prefilter_never_rejects_a_generated_match(prefilters, parts):
    text = "".join((w.upper() if up else w) + sep for w, sep, up in parts)
    _assert_superset(prefilters, [text])


def test_one_byte_encoding_keeps_one_byte_per_character():
    """Spans of the scanned bytes are spans of the text: every character is exactly one byte."""
    text = "Kem \u212aem \u0130t \u017fữa — 😍 đẹp \x80 \ud800"
    data = P.OneByte.encode(text)
    assert len(data) == len(text)
    assert data == b"Kem kem it s\x80a \x80 \x80 \x80\x80p \x80 \x80"
    assert P.OneByte.encode("plain ascii") == b"plain ascii"


def test_the_folded_views_are_scanned_one_byte_per_character():
    assert isinstance(P.PREFILTERS["folded"].page, P.OneByte)
    assert P.PREFILTERS["lower"].page is None  # (Vietnamese letters: UTF-8 keeps them apart)


def test_threads_share_one_prefilter_safely():
    """The web server runs detectors from several threads: one database, one scratch space."""
    from concurrent.futures import ThreadPoolExecutor

    pattern = T.compile_regex(r"chua\s+dung\s+thu", boundaries=True)
    own = P.Prefilter()
    own.register(pattern)
    own.refresh()
    texts = [f"bai {i}: minh chua dung thu dau" if i % 2 else f"bai {i}: san pham tot" for i in range(4000)]

    def answers(chunk: list[str]) -> list[bool]:
        return [own.possible(pattern, t) for t in chunk]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(answers, [texts[i::8] for i in range(8)]))
    assert [r for chunk in results for r in chunk] == [
        r for i in range(8) for r in [bool(j % 2) for j in range(i, 4000, 8)]]


def test_a_pattern_hyperscan_rejects_runs_from_the_first_question(monkeypatch):
    """The first ``possible`` call builds the database; a pattern Hyperscan rejects during that
    build must be answered "may match" at once, not only from the second question on."""
    pf = P.Prefilter()
    ok = regex.compile(r"tot nhat")
    rejected = regex.compile(r"chua khoi")
    pf.register(ok)
    pf.register(rejected)
    bad = P.hyperscan_source(rejected)
    real = P._database

    def database(sources, flags, *args, **kwargs):
        if bad in sources:
            raise RuntimeError("Pattern is too large")  # what Hyperscan says of huge alternations
        return real(sources, flags, *args, **kwargs)

    monkeypatch.setattr(P, "_database", database)
    assert pf.possible(rejected, "uống 1 tháng chua khoi han")  # the question that builds
    assert pf.possible(rejected, "chua khoi")
    assert not pf.possible(ok, "chua khoi")  # the others are still filtered
    assert pf.stats()["always_run"] == 1


# --------------------------------------------------------------------------- gates


def _rule_variants():
    from tinnhiem.detectors.rulepack import RuleDetector

    return [v for d in all_detectors().values() if isinstance(d, RuleDetector) for v in d.variants]


def _gate_texts(seed: int, folder) -> list[str]:
    """The rule fixtures and the captions of a small sample world, blank ones left out."""
    from tinnhiem.sample import generate

    generate(seed, folder, creators=4)
    texts = list(_fixture_texts())
    for line in (folder / "03-posts.jsonl").read_text("utf-8").splitlines():
        texts.append(json.loads(line).get("caption") or "")
    return [t for t in texts if t.strip()]


def test_a_closed_gate_means_no_pattern_of_the_group_matches(tmp_path):
    """``PatternGate.may_match`` False ⇒ every matcher of the variant finds nothing."""
    variants = _rule_variants()
    closed = opened_with_hits = 0
    for text in _gate_texts(7, tmp_path):
        for v in variants:
            found = [m.spans(text) for m in v.patterns]
            if v.gate.may_match(text):
                opened_with_hits += any(found)
            else:
                closed += 1
                assert not any(found), text[:200]
    assert closed > 1000 and opened_with_hits > 100


def test_a_gates_possible_patterns_are_those_each_pattern_may_match(tmp_path):
    """``PatternGate.possible`` names exactly the patterns whose own prefilter question
    (``Matcher.may_match``) says "may match", over the rule variants, the fixtures and posts."""
    variants = _rule_variants()
    asked = named = 0
    for text in _gate_texts(11, tmp_path)[:1500]:
        for v in variants:
            possible = {id(v._gate_order[i]) for i in v.gate.possible((text,))}
            expected = {id(m) for m in v.patterns if m.may_match(text)}
            assert possible == expected, text[:200]
            asked += len(v.patterns)
            named += len(possible)
    assert named > 500 and asked > 50 * named


def test_a_gate_names_every_pattern_when_one_always_runs():
    untranslatable = regex.compile(r"(\w+) \1")
    patterns = [T.compile_regex("tot nhat"), untranslatable, T.compile_phrases(["chữa khỏi"])]
    gate = T.PatternGate({"folded": patterns})
    assert gate.possible(("không liên quan",)) == [0, 1, 2]


def test_a_gate_with_a_pattern_that_always_runs_stays_open():
    untranslatable = regex.compile(r"(\w+) \1")
    gate = T.PatternGate({"folded": [T.compile_regex("tot nhat"), untranslatable]})
    assert gate.may_match("không liên quan")


def test_a_gate_learns_of_a_pattern_hyperscan_rejects_while_building(monkeypatch):
    """The scan a gate asks for may build the database and mark a pattern always-run: that
    pattern's group must be answered "may match", as ``possible`` answers it."""
    pf = P.Prefilter()
    ok = regex.compile(r"tot nhat")
    rejected = regex.compile(r"chua khoi")
    bad = P.hyperscan_source(rejected)
    real = P._database

    def database(sources, flags, *args, **kwargs):
        if bad in sources:
            raise RuntimeError("Pattern is too large")
        return real(sources, flags, *args, **kwargs)

    monkeypatch.setattr(P, "_database", database)
    monkeypatch.setitem(P.PREFILTERS, "folded", pf)
    gate = T.PatternGate({"folded": [ok, rejected]})
    assert gate.may_match("uống 1 tháng chưa khỏi hẳn")  # the question that builds
    assert gate.may_match("chưa khỏi")
    assert not T.PatternGate({"folded": [ok]}).may_match("chưa khỏi")


def test_an_alternation_too_long_for_hyperscan_is_split_not_always_run():
    """Hyperscan refuses expressions over 16,000 bytes; a long phrase alternation is cut into
    groups of branches reporting one id, so it stays prefiltered and still answers exactly."""
    words = [f"tu{i:03d} cum{i:03d} dai{i:03d}" for i in range(600)]
    pattern = T.compile_regex("|".join(w.replace(" ", r"\s+") for w in words), boundaries=True)
    sources = P.hyperscan_sources(pattern)
    assert len(sources) > 1 and all(len(s) <= P.MAX_SOURCE for s in sources)
    pf = P.Prefilter()
    pf.register(pattern)
    assert pf.possible(pattern, "xin chào tu599 cum599 dai599 nhé")  # a branch of the last group
    assert pf.possible(pattern, "tu000  cum000 dai000")  # … and of the first
    assert not pf.possible(pattern, "không liên quan gì tu599 cum598")
    assert pf.stats()["always_run"] == 0


def test_translations_are_kept_between_processes(tmp_path, monkeypatch):
    """A translation read back from the cache file is the one ``hyperscan_sources`` made; an
    untranslatable pattern stays untranslatable; each page has its own entry."""
    monkeypatch.setenv("TINNHIEM_CACHE_DIR", str(tmp_path))
    page = P.OneByte()
    kept = regex.compile(r"(?i)bác\s+sĩ\s+\w+")
    never = regex.compile(r"(a)\1")  # a backreference: always run
    first = P.Translations()
    made = {"onebyte": first.sources(kept, page), "utf8": first.sources(kept)}
    assert made == {"onebyte": P.hyperscan_sources(kept, page), "utf8": P.hyperscan_sources(kept)}
    assert made["onebyte"] != made["utf8"]
    with pytest.raises(P.Untranslatable):
        first.sources(never, page)
    first.save()
    assert P.Translations.path().exists()

    def fail(*args, **kwargs):
        raise AssertionError("translated again")

    monkeypatch.setattr(P, "hyperscan_sources", fail)
    second = P.Translations()  # (a new process)
    assert {"onebyte": second.sources(kept, page), "utf8": second.sources(kept)} == made
    with pytest.raises(P.Untranslatable):
        second.sources(never, page)


def test_a_damaged_translation_file_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("TINNHIEM_CACHE_DIR", str(tmp_path))
    pattern = regex.compile(r"mua\s+ngay")
    P.Translations.path().parent.mkdir(parents=True, exist_ok=True)
    for junk in ("{not json", json.dumps({"x": 3}), json.dumps([1, 2])):
        P.Translations.path().write_text(junk, encoding="utf-8")
        assert P.Translations().sources(pattern) == P.hyperscan_sources(pattern)
    kept = P.Translations()
    kept.sources(pattern)
    kept.save()  # the damaged file is replaced by a good one
    assert json.loads(P.Translations.path().read_text(encoding="utf-8"))
