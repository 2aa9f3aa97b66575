"""Extra toxicity rows from ViHOS (``../shared/data/hate-spans-vihos``, MIT licence).

ViHOS was built from ViHSD comments: a comment with at least one offensive span is labelled
``offensive`` (it is at least offensive; ViHOS does not separate hate), one without spans
``clean``. Every ViHOS row whose text equals a ViHSD DEV text — exactly (normalised: NFC,
lower-case, whitespace collapsed) or after removing diacritics — is dropped, so the
evaluation split stays unseen; rows whose text is in ``exclude`` (ViHSD train) are dropped
too (their ViHSD label is already used), as are duplicates within ViHOS.
"""

from __future__ import annotations

from common import DATA, norm_key, read_csv
from tinnhiem.text import fold

FILES = ("train.csv", "dev.csv")


def _keys(text: str) -> tuple[str, str]:
    k = norm_key(text)
    return k, fold(k)


def extra_rows(exclude: list[str]) -> tuple[list[str], list[str]]:
    """``(texts, labels)`` of ViHOS rows usable as extra toxicity training data."""
    blocked: set[str] = set()
    for r in read_csv(DATA / "hate-vihsd" / "dev.csv"):
        blocked.update(_keys(r["free_text"]))
    for t in exclude:
        blocked.update(_keys(t))
    texts, labels = [], []
    for name in FILES:
        for r in read_csv(DATA / "hate-spans-vihos" / name):
            k, f = _keys(r["content"])
            if not k or k in blocked or f in blocked:
                continue
            blocked.update((k, f))
            texts.append(r["content"])
            labels.append("clean" if r["index_spans"].strip() in ("", "[]") else "offensive")
    return texts, labels
