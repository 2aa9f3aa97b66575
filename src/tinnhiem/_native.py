"""The compiled text kernels (``_ctext.c``), or ``None`` when they are not built (performance only).

``setup.py`` builds ``tinnhiem._ctext`` as an optional extension: without a C compiler the
install still succeeds and every caller runs its pure-Python loop instead, with the same
results (``tests/test_native.py`` compares the two on generated text). Set
``TINNHIEM_PURE_PYTHON=1`` to use the Python loops even when the module is built.

The kernels read character classes from ``classify_block``, asked once per block of 256 code
points: the letter, number and syllable-separator classes of the ``regex`` module (``\\p{L}``,
``\\p{N}``, ``text.SYLLABLE_SEP``'s ``[\\p{Zs}\\t_\\-]``), the "carries a diacritic" test of
``tinnhiem.text`` and the case traps of ``_textscan.case_safe`` — so C and Python agree by
construction. ``text`` installs the one-to-one ``fold``/``lower`` tables the same way.
"""

from __future__ import annotations

import os

import regex

LETTER, DIGIT, MARKED, TRAP, SEP = 1, 2, 4, 8, 16
_LETTER = regex.compile(r"\p{L}")
_DIGIT = regex.compile(r"\p{N}")
_SEP = regex.compile(r"[\p{Zs}\t_\-]")  # text.SYLLABLE_SEP's class


def classify_block(block: int) -> bytes:
    """Flags (``LETTER | DIGIT | MARKED | TRAP | SEP``) of code points ``block * 256`` … ``+ 255``."""
    from tinnhiem._textscan import _CASE_TRAPS
    from tinnhiem.text import is_marked

    out = bytearray(256)
    for i in range(256):
        cp = block * 256 + i
        if 0xD800 <= cp < 0xE000 or cp > 0x10FFFF:
            continue  # surrogates: neither letters nor digits
        ch = chr(cp)
        flags = 0
        if _LETTER.match(ch):
            flags |= LETTER
            if is_marked(ch):
                flags |= MARKED
        if _DIGIT.match(ch):
            flags |= DIGIT
        if _CASE_TRAPS is not None and _CASE_TRAPS.match(ch):
            flags |= TRAP
        if _SEP.match(ch):
            flags |= SEP
        out[i] = flags
    return bytes(out)


def _load():
    if os.environ.get("TINNHIEM_PURE_PYTHON"):
        return None
    try:
        from tinnhiem import _ctext
    except ImportError:  # not built: the pure-Python loops run
        return None
    _ctext.set_classifier(classify_block)
    return _ctext


ctext = _load()
