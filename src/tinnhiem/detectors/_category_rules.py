"""Category-specific YAML rules (private helper): a rule-pack entry that only applies to posts
about given product categories, and says which category triggered it.

A pack file ``rules/<pack>.yaml`` may carry, next to (or instead of) ``rules:``, a list
``category_rules:`` whose entries have every ordinary rule key (see ``rulepack.py``) plus:

    categories:         [cosmetics, ...]   the rule applies when the post is about one of them
                                           (``_category.post_categories``: declared, else inferred)
    unless_categories:  [drug, ...]        ... and about none of these (e.g. a real drug may
                                           state its indication)
    by_category:        {health_supplement: {legal_source: ..., confidence: S}, ...}
                                           per-category legal source / catalog tag overrides
    primary_only:       true               apply only when the post's highest-priority category
                                           (``_category.PRIORITY``) is one of ``categories``
    uncategorised:      true               also apply (``category`` None) to posts with no
                                           declared or inferred category at all
    fire_on_declared:   true               "missing mandatory content" rules: a declared product
                                           of the category fires even when the text never names
                                           it (evidence: the ``product_categories:<cat>`` flag)

``rulepack.load_rules`` ignores ``category_rules:`` (it reads ``rules:`` only); each category
rule is exposed by a one-line code module ``detectors/<id>.py`` subclassing ``CategoryRule``
(so the registry discovers it and the id equals the module name). Findings carry
``Finding.category`` = the triggering category, ``data["category_cues"]`` (the words or the
declared-product flag that put the post in that category) and ``data["category_declared"]``.
When the finding's catalog tag is D or M the messages say that the legal basis is unconfirmed.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import Any

from tinnhiem.detectors import _category
from tinnhiem.detectors.base import field_group, field_texts, flag_evidence
from tinnhiem.detectors._packs import RULES_DIR, read_entries
from tinnhiem.detectors.models import claim_model
from tinnhiem.detectors.rulepack import RuleDetector, _ref_year
from tinnhiem.model import PostView

UNCONFIRMED_VI = " (căn cứ pháp lý chưa được xác nhận)"
UNCONFIRMED_EN = " (legal basis not confirmed)"


@lru_cache(maxsize=32)
def _pack(name: str) -> tuple[dict, ...]:
    return tuple(read_entries(RULES_DIR / name, "category_rules"))


def category_specs() -> dict[str, tuple[str, dict]]:
    """``{id: (pack file name, spec)}`` for every category rule of every pack."""
    out: dict[str, tuple[str, dict]] = {}
    for path in sorted(RULES_DIR.glob("*.yaml")):
        for spec in _pack(path.name):
            out[spec["id"]] = (path.name, spec)
    return out


def with_unconfirmed_note(message: str, confidence: str, note: str) -> str:
    if confidence in ("D", "M") and note.strip(" ()") not in message:
        return message + note
    return message


class CategoryRule(RuleDetector):
    """A ``category_rules:`` entry; subclasses set ``id`` and ``pack``."""

    pack: str = ""

    def __init__(self) -> None:
        spec = next((s for s in _pack(self.pack) if s.get("id") == self.id), None)
        if spec is None:
            raise ValueError(f"{self.pack}: no category rule {self.id!r}")
        super().__init__(spec, source=self.pack)
        self.categories = tuple(spec.get("categories") or ())
        if not self.categories:
            raise ValueError(f"{self.pack}: category rule {self.id!r} lacks categories")
        self.unless = tuple(spec.get("unless_categories") or ())
        self.by_category: dict[str, dict] = dict(spec.get("by_category") or {})
        self.fire_on_declared = bool(spec.get("fire_on_declared"))
        self.primary_only = bool(spec.get("primary_only"))
        self.uncategorised = bool(spec.get("uncategorised"))

    def _declared_finding(self, subject: Any, cat: str) -> list:
        """A "missing mandatory content" rule fires on a declared product even when the text
        never names it: evidence is the declared-product flag."""
        texts = field_texts(subject, self.fields)
        if any(p.holds(texts, _ref_year(subject)) for p in self.pass_if):
            return []
        if not any(all(c(subject, texts) for c in v.requires) for v in self.variants):
            return []
        ev = [flag_evidence(f"product_categories:{cat}")]
        return [self._finding(subject, ev, 0.95)]

    def metadata(self) -> dict:
        meta = super().metadata()
        meta.update(categories=list(self.categories), unless_categories=list(self.unless),
                    by_category=self.by_category)
        return meta

    def product_categories(self, subject: Any) -> dict[str, list]:
        """``{category: evidence}`` in priority order, as this rule sees the subject (a rule
        may refine the shared inference; declared categories stay authoritative)."""
        return _category.post_categories(subject)

    def _may_fire(self, subject: Any) -> bool:
        """False only if ``detect`` certainly yields nothing, whatever the categories: no
        pattern of the rule can match (its variants' prefilter gates), the statement classifier
        would not stand in for the wording (``model_assist``: ``claim_model.candidate``) and no
        declared product makes it fire (``fire_on_declared``). Asked before the categories,
        which cost more to infer (performance only)."""
        if self.fire_on_declared and _category.is_declared(subject):
            return True
        group = field_group(subject, self.fields)
        if any(v.gate.may_match_any(group) for v in self.variants):
            return True
        if not (self.model_assist and isinstance(subject, PostView)):
            return False
        caption = dict(field_texts(subject, self.fields)).get("caption", "")
        return claim_model.candidate(caption, self.id) is not None

    def detect(self, subject: Any, upstream):
        if not self._may_fire(subject):
            return
        cats = self.product_categories(subject)
        if any(c in cats for c in self.unless):
            return
        if self.primary_only and cats and next(iter(cats)) not in self.categories:
            return
        match = next(((c, ev) for c, ev in cats.items() if c in self.categories), None)
        if match is None and self.uncategorised and not cats:
            match = (None, [])
        if match is None:
            return
        cat, cues = match
        override = self.by_category.get(cat, {}) if cat else {}
        found = list(super().detect(subject, upstream))
        if not found and self.fire_on_declared and _category.is_declared(subject):
            found = self._declared_finding(subject, cat)
        for f in found:
            conf = override.get("confidence", f.rule_confidence)
            yield dataclasses.replace(
                f,
                category=cat,
                legal_source=" ".join(str(override.get("legal_source", f.legal_source)).split()),
                rule_confidence=conf,
                message=with_unconfirmed_note(f.message, conf, UNCONFIRMED_VI),
                message_en=with_unconfirmed_note(f.message_en, conf, UNCONFIRMED_EN),
                data={**f.data, "category_cues": [e.quote for e in cues[:3]],
                      "category_declared": _category.is_declared(subject)},
            )
