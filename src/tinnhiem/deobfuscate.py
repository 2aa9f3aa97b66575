r"""What a disguised word or number says: "z a l o" → "zalo", "l.i.n.k" → "link", "đ.m" → "đm",
"0 9 8 . 7 6 5 . 4 3 2 1" and "không chín tám bảy sáu năm bốn ba hai một" → "0987654321".

Spam and abuse in comment sections dodge filters by splitting a word with spaces or symbols
and by writing a phone number in words. ``revealed(text)`` returns the words such disguises
stand for, in order; text without a disguise gives ``[]``. The comment classifiers read these
words beside the text (``textclf.normalize``), so a disguised contact or insult has the
features of the plain one, and plain text is featurised exactly as before. ``unmasked(text)``
replaces each disguise in place, with a map back to the original offsets: ``text.views`` adds
it as one more view, so every rule matches "v.a.p.e" as "vape" and quotes "v.a.p.e".

What counts as a disguise (conservative: ordinary writing must give nothing):

* letters split by symbols inside a word, no space, pieces of at most four letters: masked by
  ``*``, ``^`` or ``~`` ("v*l", "đ*t", telex "to^i"); three or more pieces of at most three
  letters joined by ``.`` or ``-`` ("z.a.l.o", "sh.op.ee", "P.O.D"); two single letters
  ("đ.m", "v.l"). Not "tp.hcm", "bit.ly", "covid-19", "me-o", and not a missing space after a
  full stop ("tệ.ko", "ạ.Rất"); ``_`` and ``+`` join words ("trà_sữa", "pin+xạc"), they
  do not disguise them;
* single letters split by spaces (or by a symbol with spaces around it), three or more
  ("z a l o", "l i n k", "z . a . l . o");
* a Vietnamese phone number (0 or 84 and nine or ten digits) split by spaces or symbols, or
  spelled out (digit words, digits and separators mixed: "không 9 tám ..."); not an amount
  such as "10.000.000.000";
* mathematical and full-width letters ("𝐕𝐀𝐏𝐄", "ｚａｌｏ"), read as plain letters.

Links are left alone (their digits and dots are not a disguise).
"""

from __future__ import annotations

import re
import unicodedata

from tinnhiem._textscan import two_level_cache

# stdlib ``re`` (these run on every comment: 1.3–2× faster than ``regex`` here). Each
# repetition ends on a letter that the next cannot start with, so no input makes them
# backtrack far: 50,000 random characters of letters, spaces and symbols take < 40 ms.
_L = r"[^\W\d_]"  # a letter
_SYMBOLS = r"[.*\-~^]"
_NOT_AFTER = r"(?<![\w.*\-~^])"
_NOT_BEFORE = r"(?!\w|" + _SYMBOLS + r"\w)"
# pieces of letters joined by symbols, no spaces: "l.i.n.k", "đ.m", "v*l"
_SPLIT_WORD = re.compile(_NOT_AFTER + _L + r"+(?:" + _SYMBOLS + r"+" + _L + r"+)+" + _NOT_BEFORE)
_PIECE = re.compile(_L + r"+")
_MASKS = re.compile(r"[*~^]")
# single letters split by spaces or spaced symbols: "z a l o", "z . a . l . o"
_SPACED_LETTERS = re.compile(_NOT_AFTER + _L + r"(?:(?:\s*" + _SYMBOLS + r"+\s+|\s+(?:" + _SYMBOLS + r"+\s*)?)"
                             + _L + _NOT_BEFORE + r"){2,}")
# a digit written as a word (with and without diacritics); a run of digits and digit words
# with separators between them
DIGIT_WORDS = {"không": "0", "khong": "0", "hông": "0", "hong": "0", "một": "1", "mot": "1",
                "hai": "2", "ba": "3", "bốn": "4", "bon": "4", "tư": "4", "tu": "4", "năm": "5",
                "nam": "5", "lăm": "5", "lam": "5", "sáu": "6", "sau": "6", "bảy": "7", "bẩy": "7",
                "bay": "7", "tám": "8", "tam": "8", "chín": "9", "chin": "9"}
_DIGIT_TOKEN = r"(?:" + "|".join(sorted(DIGIT_WORDS, key=len, reverse=True)) + r"|\d+)(?!\w)"
_DIGIT_RUN = re.compile(r"(?<!\w)" + _DIGIT_TOKEN + r"(?:[\s.*\-~^]+" + _DIGIT_TOKEN + r")+")
_WORD = re.compile(r"\w+")
_PHONE = re.compile(r"0\d{9,10}|84\d{9,10}")  # a Vietnamese phone number (not "10.000.000.000")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# "𝐕𝐀𝐏𝐄", "ｚａｌｏ": mathematical alphanumerics and full-width forms stand for plain letters
_STYLED_CHAR = re.compile("[\U0001D400-\U0001D7FF\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]")
_STYLED = re.compile(r"[\w\u0300-\u036f]*" + _STYLED_CHAR.pattern + r"[\w\u0300-\u036f]*")
_DIGIT_WORD_SET = frozenset(DIGIT_WORDS)
_MIN_DIGIT_WORDS = 4  # a spelled number: this many different digit words (then the run decides)

# Cheap first look on a class string, one byte per character (UTF-8 continuation bytes
# dropped): "a" a letter or any non-ASCII character, "0" a digit, "." one of the splitting
# symbols, " " whitespace, "#" anything else. Only texts it cannot rule out are searched.
_CLASS = bytes(
    ord("a") if chr(b).isalpha() or b >= 0xC0 else ord("0") if chr(b).isdigit()
    else ord(".") if chr(b) in ".*-~^" else ord(" ") if chr(b).isspace() else ord("#")
    for b in range(256))
_CONTINUATION = bytes(range(0x80, 0xC0))
_SPLIT_HINT = re.compile(rb"a\.+a")  # then only the whitespace-delimited token around it is searched
_SPACED_HINT = re.compile(rb"a(?:\s+\.*\s*|\.+\s+)a(?:\s+\.*\s*|\.+\s+)a")
_NUMBER_HINT = re.compile(rb"0[\s.]+0")


def _split_word(piece_text: str) -> str | None:
    pieces = _PIECE.findall(piece_text)
    longest = max(map(len, pieces), default=0)
    if len(pieces) < 2 or longest > 4:
        return None
    if _MASKS.search(piece_text):  # "v*l", "đ~m": no writing puts these inside a word
        return "".join(pieces)
    if len(pieces) >= 3 and longest <= 3:  # "z.a.l.o", "sh.op.ee"
        return "".join(pieces)
    if longest == 1:  # "đ.m", "v.l" — not "ạ.rất", "tệ.ko", "kém.k", "me-o" (a missing space
        return "".join(pieces)  # after a full stop, a hyphenated name)
    return None


def _numbers(low: str, classes: bytes) -> list[tuple[int, int, str]]:
    """``(start, end, digits)`` of disguised phone numbers in lower-cased ``low`` (a plain digit
    run is not one); ``classes`` is its class string."""
    if not _NUMBER_HINT.search(classes) and (
            ("hông" not in low and "hong" not in low and "0" not in low)  # it starts with 0
            or len(_DIGIT_WORD_SET.intersection(low.split())) < _MIN_DIGIT_WORDS):
        return []
    out = []
    for m in _DIGIT_RUN.finditer(low):
        digits = "".join(t if t.isdigit() else DIGIT_WORDS[t] for t in _WORD.findall(m.group()))
        if _PHONE.fullmatch(digits):
            out.append((m.start(), m.end(), digits))
    return out


# Two readers ask for every comment: the classifiers' featuriser (``revealed``, all of a
# creator's comments in one batch) and then the rule packs' views (``unmasked``, comment by
# comment): the cache holds a large creator's comment section between the two.
@two_level_cache(short_entries=65_536)
def _found(text: str) -> tuple[tuple[tuple[int, str], ...], tuple[tuple[int, int, str], ...], str]:
    """``(words of styled runs with their starts, disguises (start, end, word), the text with
    styled letters made plain)`` — one search serves ``revealed`` and ``unmasked`` (cached)."""
    styled: list[tuple[int, str]] = []
    if _STYLED_CHAR.search(text):
        styled = [(m.start(), word) for m in _STYLED.finditer(text)
                  if len(word := unicodedata.normalize("NFKC", m.group())) >= 2]
        text = _STYLED_CHAR.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    plain = text  # (a styled letter is one plain character: offsets are kept)
    if "://" in text or "www." in text.lower():
        text = _URL.sub(lambda m: " " * len(m.group()), text)  # a link's digits and dots are no disguise
    classes = text.encode("utf-8", "replace").translate(_CLASS, _CONTINUATION)
    spans: list[tuple[int, int, str]] = []
    if _SPACED_HINT.search(classes):
        spans.extend((m.start(), m.end(), "".join(_PIECE.findall(m.group())))
                     for m in _SPACED_LETTERS.finditer(text))
    taken = list(spans)
    end = 0
    for hint in _SPLIT_HINT.finditer(classes):  # (one class byte per character: same offsets)
        if hint.start() < end:
            continue  # in the token searched already
        start = max(classes.rfind(b" ", 0, hint.start()) + 1, 0)
        end = classes.find(b" ", hint.end())
        end = len(classes) if end < 0 else end
        for m in _SPLIT_WORD.finditer(text, start, end):  # (whitespace on both sides: as in the text)
            if any(s <= m.start() < e for s, e, _ in taken):
                continue
            word = _split_word(m.group())
            if word is not None:
                spans.append((m.start(), m.end(), word))
    spans.extend(_numbers(text.lower(), classes))
    return tuple(styled), tuple(sorted(spans)), plain


def revealed(text: str) -> list[str]:
    """The words and numbers disguises in ``text`` stand for, in text order (often ``[]``)."""
    if not isinstance(text, str) or not text:
        return []
    styled, spans, _ = _found(text)
    return [w for _, w in sorted([*styled, *((s, w) for s, _, w in spans)])]


def unmasked(text: str) -> tuple[str, tuple[int, ...]] | None:
    """``text`` with every disguise replaced by the word it stands for and styled letters made
    plain, and the offset in ``text`` of each of its characters (a replaced span maps its first
    and last characters to the disguise's first and last: a match on the word quotes the whole
    disguise); ``None`` if ``text`` has no disguise."""
    if not isinstance(text, str) or not text:
        return None
    styled, spans, plain = _found(text)
    if not spans and not styled:
        return None
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for start, end, word in spans:
        if start < pos:
            continue  # overlaps the one before
        parts.append(plain[pos:start])
        offsets.extend(range(pos, start))
        parts.append(word)
        last = len(word) - 1
        offsets.extend(start + (i * (end - 1 - start) // last if last else 0) for i in range(len(word)))
        pos = end
    parts.append(plain[pos:])
    offsets.extend(range(pos, len(plain)))
    return "".join(parts), tuple(offsets)
