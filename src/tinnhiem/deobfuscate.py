r"""What a disguised word or number says: "z a l o" → "zalo", "l.i.n.k" → "link", "đ.m" → "đm",
"0 9 8 . 7 6 5 . 4 3 2 1" and "không chín tám bảy sáu năm bốn ba hai một" → "0987654321".

Spam and abuse in comment sections dodge filters by splitting a word with spaces or symbols
and by writing a phone number in words. ``revealed(text)`` returns the words such disguises
stand for, in order; text without a disguise gives ``[]``. The comment classifiers read these
words beside the text (``textclf.normalize``), so a disguised contact or insult has the
features of the plain one, and plain text is featurised exactly as before.

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

# stdlib ``re`` (these run on every comment: about twice as fast as ``regex`` here; all are
# linear — character classes and bounded alternations, nothing nested)
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
# a run of digits and digit words with separators between them
_DIGIT_WORDS = {"không": "0", "khong": "0", "hông": "0", "hong": "0", "một": "1", "mot": "1",
                "hai": "2", "ba": "3", "bốn": "4", "bon": "4", "tư": "4", "tu": "4", "năm": "5",
                "nam": "5", "lăm": "5", "lam": "5", "sáu": "6", "sau": "6", "bảy": "7", "bẩy": "7",
                "bay": "7", "tám": "8", "tam": "8", "chín": "9", "chin": "9"}
_DIGIT_TOKEN = r"(?:" + "|".join(sorted(_DIGIT_WORDS, key=len, reverse=True)) + r"|\d+)(?!\w)"
_DIGIT_RUN = re.compile(r"(?<!\w)" + _DIGIT_TOKEN + r"(?:[\s.*\-~^]+" + _DIGIT_TOKEN + r")+")
_WORD = re.compile(r"\w+")
_PHONE = re.compile(r"0\d{9,10}|84\d{9,10}")  # a Vietnamese phone number (not "10.000.000.000")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# "𝐕𝐀𝐏𝐄", "ｚａｌｏ": mathematical alphanumerics and full-width forms stand for plain letters
_STYLED_CHAR = re.compile("[\U0001D400-\U0001D7FF\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]")
_STYLED = re.compile(r"[\w\u0300-\u036f]*" + _STYLED_CHAR.pattern + r"[\w\u0300-\u036f]*")
_DIGIT_WORD_SET = frozenset(_DIGIT_WORDS)
_MIN_DIGIT_WORDS = 4  # a spelled number: this many different digit words (then the run decides)

# Cheap first look on a class string, one byte per character (UTF-8 continuation bytes
# dropped): "a" a letter or any non-ASCII character, "0" a digit, "." one of the splitting
# symbols, " " whitespace, "#" anything else. Only texts it cannot rule out are searched.
_CLASS = bytes(
    ord("a") if chr(b).isalpha() or b >= 0xC0 else ord("0") if chr(b).isdigit()
    else ord(".") if chr(b) in ".*-~^" else ord(" ") if chr(b).isspace() else ord("#")
    for b in range(256))
_CONTINUATION = bytes(range(0x80, 0xC0))
_SPLIT_HINT = re.compile(rb"a\.+a")
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


def _numbers(low: str, classes: bytes) -> list[tuple[int, str]]:
    """``(start, digits)`` of disguised phone numbers in lower-cased ``low`` (a plain digit run
    is not one); ``classes`` is its class string."""
    if not _NUMBER_HINT.search(classes) and (
            ("hông" not in low and "hong" not in low and "0" not in low)  # it starts with 0
            or len(_DIGIT_WORD_SET.intersection(low.split())) < _MIN_DIGIT_WORDS):
        return []
    out = []
    for m in _DIGIT_RUN.finditer(low):
        digits = "".join(t if t.isdigit() else _DIGIT_WORDS[t] for t in _WORD.findall(m.group()))
        if _PHONE.fullmatch(digits):
            out.append((m.start(), digits))
    return out


def revealed(text: str) -> list[str]:
    """The words and numbers disguises in ``text`` stand for, in text order (often ``[]``)."""
    if not isinstance(text, str) or not text:
        return []
    found: list[tuple[int, str]] = []
    if _STYLED_CHAR.search(text):
        found.extend((m.start(), word) for m in _STYLED.finditer(text)
                     if len(word := unicodedata.normalize("NFKC", m.group())) >= 2)
        text = _STYLED_CHAR.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)  # (offsets
        # after a styled character may shift: they only order the words found)
    if "://" in text or "www." in text.lower():
        text = _URL.sub(lambda m: " " * len(m.group()), text)  # a link's digits and dots are no disguise
    classes = text.encode("utf-8", "replace").translate(_CLASS, _CONTINUATION)
    taken: list[tuple[int, int]] = []
    if _SPACED_HINT.search(classes):
        for m in _SPACED_LETTERS.finditer(text):
            found.append((m.start(), "".join(_PIECE.findall(m.group()))))
            taken.append(m.span())
    if _SPLIT_HINT.search(classes):
        for m in _SPLIT_WORD.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            word = _split_word(m.group())
            if word is not None:
                found.append((m.start(), word))
    found.extend(_numbers(text.lower(), classes))
    return [w for _, w in sorted(found)]
