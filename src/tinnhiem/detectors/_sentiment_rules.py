"""Problems a comment says it did NOT have: the rule beside ``comment_sentiment``'s head.

The sentiment head learned polarity from e-commerce reviews, where "đỏ", "mụn", "hỏng", "chán"
mostly mean a complaint. Under creators' posts, praise often names the problem it did not have
or no longer has: "đi biển về da con không bị đỏ", "dùng 2 năm không hỏng hóc gì", "hết thâm
mụn sau 6 tuần", "xem hoài không chán", "chẳng có gì để phàn nàn". The head read a third of the
positive comments of the written comment sets as negative, most of them such praise. So before
the head decides, every phrase that denies or ends a problem is read as "tốt" (fine):

* ``NEGATED``: a negation, an optional verb ("bị", "thấy", "có", "còn", "hề") and a problem
  ("không bị đỏ", "ko thấy ngứa", "chưa từng bị hỏng", "không làm em thất vọng");
* ``RESOLVED``: "hết", "đỡ", "bớt" and a bodily or product problem ("hết thâm mụn", "đỡ đau
  vai gáy") — not after a negation ("không hết mụn", "chưa đỡ đau") and not in a question or a
  denial ("có hết mụn không", "có hết mụn đâu");
* ``IDIOMS``: praise by negation ("chẳng có gì để chê", "không chê vào đâu được").

Problems whose letters without diacritics are other common words ("đỏ" / "do", "ồn" / "on",
"lỗi" / "lời", "đau" / "đâu", "chán" / "chân") count only as typed with their diacritics; the
others also without ("mụn", "kich ung", "hong hoc"). Everything is matched on the lower-cased
text, whole words, with one stdlib ``re`` pattern, behind a literal Hyperscan gate
(``_phrase_gate``) that most comments, holding none of the problem words, stop at.
"""

from __future__ import annotations

import re

from tinnhiem import text as T
from tinnhiem._textscan import two_level_cache
from tinnhiem.detectors._phrase_gate import PhraseGate

READ_AS = "tốt"  # what a denied or ended problem is read as

# negations: typed with or without diacritics, teencode as typed ("hong", "chang", "cha" are
# other words without their diacritics: "hỏng", "chàng", "cha")
NEGATIONS = ("không", "khong", "ko", "k", "kh", "khg", "khum", "hok", "hông", "hổng", "chẳng", "chả",
             "không hề", "khong he", "ko he", "chẳng hề", "chả hề", "chưa hề", "chua he", "chưa từng",
             "chua tung", "chưa bao giờ", "chua bao gio", "không bao giờ", "khong bao gio", "ko bao gio")
# "chưa" (not yet) only with a verb after it: "chưa bị hỏng" (not "chưa hết mụn")
_NOT_YET = ("chưa", "chua")
VERBS = ("bị", "thấy", "thấy bị", "có", "có bị", "còn", "còn bị", "hề bị", "gặp", "bị gì", "thấy gì", "gây",
         "gây ra", "gây thêm", "bị nổi", "thấy nổi")  # (with or without diacritics)
# "không làm em thất vọng": who is not let down
_MAKE_WHO = ("mình", "em", "e", "tui", "tôi", "tớ", "mn", "mọi người", "khách", "ai")
# bodily and product problems, matched with or without diacritics
PROBLEMS = (
    "mụn", "nổi mụn", "lên mụn", "mọc mụn", "nổi hạt", "mề đay", "mụn ẩn", "mụn đầu đen", "mụn viêm",
    "mụn nước", "thâm mụn", "vết thâm", "kích ứng", "dị ứng", "nổi mẩn", "mẩn đỏ", "mẩn ngứa",
    "bong tróc", "tróc", "bết dính", "gàu", "rụng tóc", "gãy rụng",
    "nhức mỏi", "nhức đầu", "buồn nôn", "đau bụng", "tiêu chảy", "táo bón", "đầy bụng", "đầy hơi",
    "mất ngủ", "ê buốt", "châm chích", "cay mắt", "bỏng rát", "nóng rát", "đỏ rát", "khô căng",
    "mùi hôi", "hôi nách", "hôi miệng", "mùi lạ", "mùi hắc", "mùi khó chịu", "mùi ẩm", "ẩm mốc",
    "nấm mốc", "hỏng hóc", "giật lag", "lag", "treo máy", "nóng máy", "sập nguồn", "chai pin",
    "phồng pin", "rò rỉ", "rỉ nước", "trầy xước", "xước", "móp méo", "móp", "phai màu", "bạc màu",
    "ra màu", "xù lông", "co rút", "tanh",
)
# … only as typed with their diacritics (without them they are other words)
PROBLEMS_EXACT = (
    "đỏ", "ồn", "nhăn", "thâm", "nám", "rò", "lỗi", "bể", "bí", "hư", "ẩm", "mốc", "hôi", "rát", "đau",
    "nhức", "mỏi", "mệt", "sưng", "vỡ", "nứt", "lem", "rụng", "bết", "ngứa", "hỏng", "đơ",
)  # (not "khô", "nóng", "trôi": "phơi không khô", "cà phê không nóng", "nuốt không trôi")
# disappointments a negation turns into praise ("không chán", "không làm em thất vọng")
LETDOWNS = ("thất vọng", "hối hận", "phí tiền", "uổng tiền", "tiếc tiền", "lừa đảo", "chém gió", "toxic",
            "nhàm chán")  # (with or without diacritics)
LETDOWNS_EXACT = ("chán", "lừa", "xạo", "điêu", "tệ", "dở", "kém")
RESOLVERS = ("hết", "hết hẳn", "hết sạch", "giảm hẳn")  # (with or without diacritics)
RESOLVERS_EXACT = ("đỡ", "bớt")
# praise by negation: one of these negations, then one of the tails
_IDIOM_NEGATIONS = ("không", "khong", "ko", "k", "chẳng", "chả", "chang")
_IDIOM_TAILS = ("có gì để chê", "có gì phải chê", "có gì để phàn nàn", "có gì phải phàn nàn", "có gì mà chê",
                "còn gì để chê", "chê vào đâu được", "chê được", "thể chê", "có điểm gì để chê")


def _words(items) -> str:
    """A whole-word alternation of ``items`` (longest first; spaces: one or more blanks)."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(items), key=lambda w: (-len(w), w)))


def _foldable(words) -> tuple[str, ...]:
    """``words`` as typed and without their diacritics."""
    return tuple(words) + tuple(T.fold(w) for w in words)


IDIOMS = tuple(f"{neg} {tail}" for neg in _IDIOM_NEGATIONS for tail in _foldable(_IDIOM_TAILS)) + _foldable(
    ("hết nước chấm",))
_ONE_PROBLEM = _words(_foldable(PROBLEMS) + PROBLEMS_EXACT)
_PROBLEM = rf"(?:{_ONE_PROBLEM})(?:\s+(?:{_ONE_PROBLEM}))*"  # "thâm mụn", "mùi ẩm mốc"
_VERB = _words(_foldable(VERBS))
_LETDOWN = _words(_foldable(LETDOWNS) + LETDOWNS_EXACT)
_NEGATED = (rf"(?:{_words(NEGATIONS)})(?:\s+(?:{_VERB}))?\s+(?:{_PROBLEM}|{_LETDOWN})"
            rf"|(?:{_words(_NOT_YET)})\s+(?:{_VERB})\s+(?:{_PROBLEM})"
            rf"|(?:{_words(NEGATIONS)})\s+(?:làm|lam)(?:\s+(?:{_words(_foldable(_MAKE_WHO))}))?\s+(?:{_LETDOWN})")
_RESOLVED = rf"(?:{_words(_foldable(RESOLVERS) + RESOLVERS_EXACT)})(?:\s+(?:bị|bi))?\s+(?:{_PROBLEM})"
_PATTERN = re.compile(rf"(?<!\w)(?:{_words(IDIOMS)}|{_NEGATED}|(?P<resolved>{_RESOLVED}))(?!\w)")
# a negation among the two words before "hết", "đỡ", "bớt" ("không hết mụn", "vẫn chưa đỡ đau")
_NEGATION_BEFORE = re.compile(rf"(?:^|\s)(?:{_words(NEGATIONS + _NOT_YET + ('vẫn', 'van', 'mãi', 'mai'))})"
                              r"(?:\s+\w+)?\s*$")
# a question right after the phrase ("dùng có bị đỏ không ạ?"), or a denial ("có hết mụn đâu mà khen")
_QUESTION = re.compile(r"(?:\s+(?:gì|gi|nào|nao))?\s*(?:không|khong|ko|k|hông|hok|khum|chưa|chua|đâu|dau"
                       r"|hả|ha|à|chứ|chu)(?:\s+\w+)?\s*(?:\?|$)")
_DENIAL_AFTER = re.compile(r"(?:\s+(?:gì|gi|nào|nao|cả|ca))*\s*(?:đâu|dau)(?!\w)")
# every match begins with a negation, "hết", "đỡ", "bớt" or "giảm": a cheap check before the pattern
_QUICK = re.compile(r"kh|ko|\bk\b|hok|khum|hông|hổng|chẳng|chả|chưa|chua|chang|het|hết|đỡ|bớt|giảm|giam")
# every problem, letdown and idiom word, as literal bytes of the lower-cased text: most comments
# hold none, and one Hyperscan scan tells (performance only; a superset of the pattern's words)
_GATE = PhraseGate({0: _foldable(PROBLEMS) + PROBLEMS_EXACT + _foldable(LETDOWNS) + LETDOWNS_EXACT
                    + _foldable(("chê", "phàn nàn", "nước chấm"))},
                   literal=True, whole_words=True)


@two_level_cache(short_entries=65_536)
def sentiment_rule(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of ``text`` (NFC) that deny or end a problem (module docstring); ``()`` if none."""
    low = T.lower_once(text)  # (1:1: the offsets are the text's)
    if not _GATE.groups(low) or not _QUICK.search(low):
        return ()
    spans = []
    for m in _PATTERN.finditer(low):
        if m.group("resolved") and _NEGATION_BEFORE.search(low, 0, m.start()):
            continue  # "không hết mụn", "vẫn chưa đỡ đau"
        if _QUESTION.match(low, m.end()) or _DENIAL_AFTER.match(low, m.end()):
            continue  # "dùng có bị đỏ không", "có hết mụn đâu mà khen"
        spans.append(m.span())
    return tuple(spans)


def read_as_fine(text: str, spans) -> str:
    """``text`` with every span of ``spans`` read as ``READ_AS``."""
    out, at = [], 0
    for start, end in spans:
        out.append(text[at:start])
        out.append(READ_AS)
        at = end
    out.append(text[at:])
    return "".join(out)
