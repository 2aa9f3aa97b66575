"""Phrase banks (YAML under ``data/``) and the small text transforms that make them read like
real Vietnamese social-media writing: no-diacritics typing, teencode, emojis, price formats."""

from __future__ import annotations

import functools
import random
import re
import unicodedata
from importlib import resources
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=None)
def bank(name: str) -> Any:
    """Load ``data/<name>.yaml`` once."""
    text = resources.files("tinnhiem.sample").joinpath("data", f"{name}.yaml").read_text("utf-8")
    return yaml.load(text, Loader=_Loader)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def strip_diacritics(text: str) -> str:
    """How people type without a Vietnamese keyboard: 'Quảng cáo' -> 'Quang cao' (case kept)."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return nfc(kept.replace("đ", "d").replace("Đ", "D"))


def has_diacritics(text: str) -> bool:
    return strip_diacritics(text) != text


# whole-word replacements; each applied with the creator's teencode propensity
_TEENCODE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("không", ("ko", "k", "hông", "khum")),
    ("được", ("đc", "dc", "đượt")),
    ("gì", ("j", "gì")),
    ("với", ("vs", "với")),
    ("mọi người", ("mn", "mng")),
    ("sản phẩm", ("sp",)),
    ("rồi", ("r", "rùi")),
    ("bình thường", ("bt",)),
    ("inbox", ("ib",)),
    ("vậy", ("v", "zậy")),
    ("biết", ("bít", "bt")),
    ("thật", ("thiệt", "thật")),
    ("quá", ("qá", "quá")),
    ("chị", ("c",)),
    ("anh", ("a",)),
    ("em", ("e",)),
)
_WORD_RE = {src: re.compile(rf"(?<!\w){re.escape(src)}(?!\w)") for src, _ in _TEENCODE}


def teencode(text: str, rng: random.Random, strength: float) -> str:
    """Replace common words by their chat spellings with probability ``strength`` each."""
    if strength <= 0:
        return text
    for src, options in _TEENCODE:
        pattern = _WORD_RE[src]

        def swap(m: re.Match[str]) -> str:
            return rng.choice(options) if rng.random() < strength else m.group(0)

        text = pattern.sub(swap, text)
    return text


def sprinkle_emojis(text: str, rng: random.Random, rate: float) -> str:
    emojis = bank("captions")["emojis"]
    if rng.random() < rate:
        text = f"{text} {rng.choice(emojis)}"
        if rng.random() < 0.3:
            text += rng.choice(emojis)
    return text


def fmt_price(value: int, rng: random.Random) -> str:
    """Vietnamese price spellings: 199k, 1.290.000đ, 2tr5, 350.000 đồng, 1tr290."""
    if value <= 0:
        return "0đ"
    style = rng.random()
    if value < 1_000_000:
        if style < 0.55:
            return f"{value // 1000}k"
        if style < 0.85:
            return f"{value:,}đ".replace(",", ".")
        return f"{value:,} đồng".replace(",", ".")
    millions, rest = divmod(value, 1_000_000)
    if style < 0.4:
        return f"{value:,}đ".replace(",", ".")
    if style < 0.7 and rest % 100_000 == 0:
        return f"{millions}tr{rest // 100_000}" if rest else f"{millions}tr"
    if style < 0.85:
        return f"{millions}tr{rest // 1000:03d}" if rest else f"{millions} triệu"
    return f"{value:,} VNĐ".replace(",", ".")


def round_price(lo: int, hi: int, rng: random.Random) -> int:
    """A shop-looking price in [lo, hi]: 199.000, 289.000, 1.290.000."""
    if hi <= 0:
        return 0
    raw = rng.randint(lo, hi)
    step = 10_000 if raw < 1_000_000 else 100_000
    return max(step, (raw // step) * step - (1000 if rng.random() < 0.6 and raw < 1_000_000 else 0))


def fill(template: str, slots: dict[str, str]) -> str:
    """str.format_map that leaves unknown placeholders visible instead of failing."""

    class _Keep(dict):  # type: ignore[type-arg]
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    return template.format_map(_Keep(slots))


def sentence(text: str) -> str:
    """Capitalise the first letter and end with light punctuation if there is none."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…)" or not text[-1].isalnum() else text + "."
