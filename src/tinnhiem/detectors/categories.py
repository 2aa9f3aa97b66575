"""A post's product categories, for readers outside the detectors (``tinnhiem detect``, the
generated rules page). The inference itself is ``_category``, which the category rules share."""

from __future__ import annotations

from tinnhiem.detectors._category import EXCLUDE, LEXICON, PRIORITY, is_declared, post_categories
from tinnhiem.model import PostView

__all__ = ["EXCLUDE", "LEXICON", "PRIORITY", "describe"]


def describe(post: PostView) -> list[dict]:
    """The post's product categories in the rules' priority order, each with where it comes from
    (``declared`` product data, or the ``text``) and up to three words it was inferred from."""
    source = "declared" if is_declared(post) else "text"
    return [{"category": cat, "from": source,
             "cues": [] if source == "declared" else list(dict.fromkeys(e.quote for e in evidence))[:3]}
            for cat, evidence in post_categories(post).items()]
