"""YAML rule packs: ``detectors/rules/<pack>.yaml`` → one ``RuleDetector`` per rule entry.

Rule entry keys (see ``rules/claims.yaml`` for worked examples)::

    id, version, title_vi, title_en, scope (post|comment), fields, severity, legal_source,
    confidence (catalog tag V/S/D/M), catalog_id, score (finding confidence, default 0.9),
    category (optional Finding.category), message_vi, message_en, remediation_vi,
    remediation_en, examples,
    patterns:  [phrase | {regex: src} | {exact: phrase} | {exact_regex: src}, ...]
    exclude:   same forms — a hit overlapping an exclusion match is cancelled
    requires:  [condition, ...]  all must hold somewhere in the subject; a condition is a
               phrase list, {phrases: [...]}, {regex: src}, {signal: commercial},
               {category: [..]} (declared), {inferred_category: [..]} (declared, else inferred
               from the text: ``_category.post_categories``), {paid: true}, or
               {any: [condition, ...]}; in a caption longer than ``LOCAL_ABOVE`` characters (an
               article, not a statement) they must hold within ``LOCAL_RADIUS`` of each hit
    pass_if:   [phrase | {regex: src with (?P<year>), max_age_years: 1}]  — no finding at all
    variants:  [{patterns, exclude, requires, score}, ...]  — alternative trigger sets; the
               top-level patterns/requires form one more variant when present.
    reported:  post rules only: ``ignore`` (default) drops pattern hits inside reported or
               warned-about speech (``_reported``: authority notices, sanction decisions,
               consumer warnings quoting the ad wording); ``match`` keeps them.
    model_assist: post rules only: when ``true`` and the patterns find nothing, the statement
               classifier (``models/claim_model``) may still report the rule on the caption —
               one lower-confidence finding quoting the sentence it found most likely, marked
               ``data.source = "model"`` (the rule's id must be one of the model's labels).
    model_veto: post rules only: when ``true``, pattern hits that lie in the caption alone are
               not reported when the statement classifier gives the caption (of at least its
               ``min_words`` words) less than its ``veto_below`` probability for the rule's
               label (``claim_model.rules_out``): the wording matched, nothing else in the
               statement reads like the violation.

Matching: phrases are written WITH diacritics and folded at load; they match the folded text
(and its teencode expansion) at word boundaries, syllables separated by whitespace, "_", "-"
or nothing (hashtags). ``exact`` forms match the lower-cased text with diacritics (use them
where folding collides: "trị"/"trí", "nhất"/"Nhật"). Raw regexes are written for folded text
and are word-bounded unless ``bounded: false``.

Findings: one finding per (rule, subject), with one evidence item per merged hit span; the
confidence is the best score among the hits. Messages are ``str.format`` templates with
``{quote}`` (first hit), ``{quotes}`` (up to three, quoted) and ``{count}``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
import dataclasses
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import regex

from tinnhiem import text as T
from tinnhiem.detectors import _category, _reported
from tinnhiem.detectors._packs import RULES_DIR, read_entries
from tinnhiem.detectors._common import has_commercial_intent
from tinnhiem.detectors.models import claim_model
from tinnhiem.detectors.base import (
    Detector,
    field_group,
    field_texts,
    first_quote,
    make_evidence,
    quotes,
    sort_evidence,
)
from tinnhiem.model import CommentView, Finding, PostView

# A caption longer than this (characters) is not one ad statement but an article or a long story
# (the statement sets the rules are measured on are at most 494 characters, the sample world's
# captions at most 549): there a variant's ``requires`` must hold within ``LOCAL_RADIUS``
# characters of each hit, not anywhere in the text — a price or "sản phẩm" three paragraphs away
# from "phòng chống dịch" makes no product claim of it (round 42, real posts of ReINTEL).
LOCAL_ABOVE = 1500
LOCAL_RADIUS = 600

REQUIRED = ("id", "version", "title_vi", "title_en", "scope", "severity", "legal_source",
            "confidence", "message_vi", "message_en")


@dataclass(frozen=True)
class Matcher:
    pattern: regex.Pattern
    exact: bool = False
    score: float = 0.9

    def spans(self, text: str) -> list[tuple[int, int]]:
        vs = (T.lower_view(text),) if self.exact else T.views(text)
        return T.search_views(self.pattern, vs)

    def may_match(self, text: str) -> bool:
        """False only if ``spans(text)`` is certainly empty (the shared prefilter, cached)."""
        return T.may_match_any(self.pattern, (text,), "lower" if self.exact else "folded")


def parse_matchers(entries: Sequence[Any] | None, score: float) -> list[Matcher]:
    """Plain phrases are compiled together; every dict entry becomes its own matcher."""
    entries = list(entries or [])
    out: list[Matcher] = []
    plain = [e for e in entries if isinstance(e, str)]
    if plain:
        out.append(Matcher(T.compile_phrases(plain), False, score))
    for e in entries:
        if isinstance(e, str):
            continue
        s = float(e.get("score", score))
        bounded = e.get("bounded", True)
        if "regex" in e:
            out.append(Matcher(T.compile_regex(e["regex"], boundaries=bounded), False, s))
        elif "exact" in e:
            src = T.bounded(regex.escape(T.lower(e["exact"])).replace(r"\ ", r"\s+"))
            out.append(_exact(T.compile_regex(src), s))
        elif "exact_regex" in e:
            out.append(_exact(T.compile_regex(e["exact_regex"], boundaries=bounded), s))
        else:
            raise ValueError(f"unknown pattern entry {e!r}")
    return out


def _exact(pattern: regex.Pattern, score: float) -> Matcher:
    T.register_prefilter(pattern, "lower")  # it runs on the lower-case view
    return Matcher(pattern, True, score)


Condition = Callable[[Any, Sequence[tuple[str, str]]], bool]


def pattern_gate(matchers: Sequence[Matcher]) -> T.PatternGate:
    """One prefilter test per text for all ``matchers`` (see ``text.PatternGate``)."""
    return T.PatternGate({"folded": [m.pattern for m in matchers if not m.exact],
                          "lower": [m.pattern for m in matchers if m.exact]})


def _text_condition(matchers: list[Matcher]) -> Condition:
    g = pattern_gate(matchers)
    return lambda subj, texts: any(g.may_match(t) and any(m.spans(t) for m in matchers)
                                   for _, t in texts)


def parse_condition(entry: Any) -> Condition:
    if isinstance(entry, list):
        return _text_condition(parse_matchers(entry, 1.0))
    if "any" in entry:
        alts = [parse_condition(e) for e in entry["any"]]
        return lambda subj, texts: any(a(subj, texts) for a in alts)
    if "phrases" in entry:
        return _text_condition(parse_matchers(entry["phrases"], 1.0))
    if "regex" in entry or "exact" in entry or "exact_regex" in entry:
        return _text_condition(parse_matchers([entry], 1.0))
    if entry.get("signal") == "commercial":
        return lambda subj, texts: has_commercial_intent(subj)
    if "category" in entry:
        cats = set(entry["category"]) if isinstance(entry["category"], list) else {entry["category"]}
        return lambda subj, texts: bool(cats & set(getattr(subj, "product_categories", ())))
    if "inferred_category" in entry:
        cats = set(entry["inferred_category"])
        return lambda subj, texts: bool(cats & set(_category.post_categories(subj)))
    if entry.get("paid"):
        return lambda subj, texts: bool(getattr(subj, "paid_partnership", False))
    raise ValueError(f"unknown condition {entry!r}")


@dataclass(frozen=True)
class Variant:
    patterns: list[Matcher]
    exclude: list[Matcher] = field(default_factory=list)
    requires: list[Condition] = field(default_factory=list)
    gate: T.PatternGate = field(init=False, compare=False)
    _gate_order: tuple[Matcher, ...] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "gate", pattern_gate(self.patterns))
        # the matchers in the order ``pattern_gate`` hands their patterns to the gate
        object.__setattr__(self, "_gate_order", tuple([m for m in self.patterns if not m.exact]
                                                      + [m for m in self.patterns if m.exact]))

    def spans(self, text: str) -> list[tuple[Matcher, list[tuple[int, int]]]]:
        """``(matcher, spans)`` of the patterns that may match in ``text`` (the others have no
        span there; empty when none can match)."""
        if not self.gate.may_match(text):
            return []
        order = self._gate_order
        return [(order[i], order[i].spans(text)) for i in self.gate.possible((text,))]


def parse_variant(spec: Mapping[str, Any], score: float) -> Variant:
    score = float(spec.get("score", score))
    return Variant(
        patterns=parse_matchers(spec.get("patterns"), score),
        exclude=parse_matchers(spec.get("exclude"), 1.0),
        requires=[parse_condition(c) for c in spec.get("requires") or []],
    )


@dataclass(frozen=True)
class PassCondition:
    matcher: Matcher
    max_age_years: int | None = None

    def holds(self, texts: Sequence[tuple[str, str]], ref_year: int) -> bool:
        pattern = self.matcher.pattern
        literals = T.required_literals(pattern) if isinstance(pattern, regex.Pattern) else None
        for _, t in texts:
            for v in T.views(t):
                if literals is not None and not literals.possible(v.folded):
                    continue  # the pattern cannot match this view
                if not T.may_match(pattern, v.folded):
                    continue  # (the shared Hyperscan prefilter says the same)
                for m in pattern.finditer(v.folded, timeout=T.REGEX_TIMEOUT):
                    year = m.groupdict().get("year")
                    if self.max_age_years is None or year is None:
                        return True
                    if ref_year - self.max_age_years <= int(year) <= ref_year:
                        return True
        return False


def parse_pass(entries: Sequence[Any] | None) -> list[PassCondition]:
    out = []
    for e in entries or []:
        if isinstance(e, str):
            out.append(PassCondition(parse_matchers([e], 1.0)[0]))
        else:
            src = {k: v for k, v in e.items() if k != "max_age_years"}
            out.append(PassCondition(parse_matchers([src], 1.0)[0], e.get("max_age_years")))
    return out


class _SafeDict(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class RuleDetector(Detector):
    """A detector defined by one YAML rule entry."""

    kind = "rule"

    def __init__(self, spec: Mapping[str, Any], source: str = ""):
        missing = [k for k in REQUIRED if not spec.get(k)]
        if missing:
            raise ValueError(f"{source}: rule {spec.get('id')!r} lacks {', '.join(missing)}")
        self.spec = dict(spec)
        self.source = source
        self.id = spec["id"]
        self.version = str(spec["version"])
        self.scope = spec["scope"]
        self.title_vi, self.title_en = spec["title_vi"], spec["title_en"]
        self.severity = spec["severity"]
        self.legal_source = spec["legal_source"]
        self.rule_confidence = spec["confidence"]
        self.catalog_id = spec.get("catalog_id", "")
        self.category = spec.get("category")
        default = ["comment"] if self.scope == "comment" else ["caption", "transcript", "hashtags"]
        self.fields = tuple(spec.get("fields") or default)
        score = float(spec.get("score", 0.9))
        self.exclude = parse_matchers(spec.get("exclude"), 1.0)
        self.variants = [parse_variant(v, score) for v in spec.get("variants") or []]
        if spec.get("patterns"):
            self.variants.append(parse_variant(spec, score))
        if not self.variants:
            raise ValueError(f"{source}: rule {self.id!r} has no patterns")
        self.pass_if = parse_pass(spec.get("pass_if"))
        reported = spec.get("reported", "ignore")
        if reported not in ("ignore", "match"):
            raise ValueError(f"{source}: rule {self.id!r}: reported must be 'ignore' or 'match'")
        # a comment reports its writer's own experience: only posts quote others' wording
        self.ignore_reported = self.scope == "post" and reported == "ignore"
        self.model_assist = bool(spec.get("model_assist"))
        self.model_veto = bool(spec.get("model_veto"))
        self._all_exclusions = self.exclude + [m for v in self.variants for m in v.exclude]
        if self.scope == "comment":  # a comment is searched by the comment rules alone
            T.own_anchor_index(m.pattern for v in self.variants for m in v.patterns)
        for key in ("model_assist", "model_veto"):
            if getattr(self, key) and (self.scope != "post" or self.id not in claim_model.labels()):
                raise ValueError(f"{source}: rule {self.id!r}: {key} needs a post rule that "
                                 f"the statement classifier has a label for")

    def metadata(self) -> dict:
        meta = super().metadata()
        meta.update(
            doc=self.spec.get("description", ""),
            fields=list(self.fields),
            remediation_vi=self.spec.get("remediation_vi", ""),
            remediation_en=self.spec.get("remediation_en", ""),
            examples=list(self.spec.get("examples") or []),
            source=self.source,
            model_assist=claim_model.version() if self.model_assist else "",
            model_veto=claim_model.version() if self.model_veto else "",
        )
        return meta

    def available(self, subject: Any) -> bool:
        return bool(field_texts(subject, self.fields))

    def prepare(self, subjects: Sequence[Any]) -> None:
        """With ``model_assist`` or ``model_veto``: classify every post's caption in one
        vectorised pass."""
        if self.model_assist or self.model_veto:
            claim_model.prepare_captions(subjects)

    def _hits(self, subject: Any, texts) -> dict[str, dict[tuple[int, int], float]]:
        """Pattern spans not cancelled by an exclusion nor lying inside reported speech (post
        rules, ``_reported``), per field, with their best score.

        Only what can change the result is computed: a variant's ``requires`` are checked
        only when its patterns hit, exclusions and reported regions only for fields with hits
        (rule-level ones once per field). All of them are pure, so the result is that of
        checking everything.
        """
        hits: dict[str, dict[tuple[int, int], float]] = {}
        rule_excluded: dict[str, list[tuple[int, int]]] = {}
        reported: dict[str, list[tuple[int, int]]] = {}
        group = field_group(subject, self.fields)
        for variant in self.variants:
            if not variant.gate.may_match_any(group):
                continue  # no pattern of the variant can match any field
            found = [variant.spans(text) for _, text in texts]
            if not any(spans for per_field in found for _, spans in per_field):
                continue
            if not all(cond(subject, texts) for cond in variant.requires):
                continue
            for (fname, text), per_field in zip(texts, found):
                if not any(spans for _, spans in per_field):
                    continue
                if fname not in rule_excluded:
                    rule_excluded[fname] = [s for m in self.exclude for s in m.spans(text)]
                    reported[fname] = _reported.reported_spans(text) if self.ignore_reported else []
                excluded = rule_excluded[fname] + [s for m in variant.exclude for s in m.spans(text)]
                regions = reported[fname]
                local = variant.requires and fname == "caption" and len(text) > LOCAL_ABOVE \
                    and isinstance(subject, PostView)
                for m, spans in per_field:
                    for span in spans:
                        if any(T.overlaps(span, x) for x in excluded):
                            continue
                        if local and not _holds_near(variant.requires, subject, text, span):
                            continue
                        if regions and _reported.inside(span, regions):
                            continue
                        bucket = hits.setdefault(fname, {})
                        bucket[span] = max(bucket.get(span, 0.0), m.score)
        return hits

    def detect(self, subject: Any, upstream: Mapping[str, Sequence[Finding]]):
        texts = field_texts(subject, self.fields)
        hits = self._hits(subject, texts)
        if hits and self.model_veto and isinstance(subject, PostView) \
                and claim_model.vetoes(subject.caption or "", hits, self.id):
            return  # (the wording matched in the caption alone; the classifier reads no violation)
        finding = None
        if not hits and self.model_assist and isinstance(subject, PostView):
            finding = self._model_finding(subject, texts)
        if not hits and finding is None:
            return  # (``pass_if`` only ever removes a finding: no need to look)
        ref_year = _ref_year(subject)
        if any(p.holds(texts, ref_year) for p in self.pass_if):
            return
        if finding is not None:
            yield finding
            return
        evidence, best = [], 0.0
        stored = dict(texts)
        for fname, spans in hits.items():
            for s, e in T.merge_spans(spans):
                best = max([best] + [sc for sp, sc in spans.items() if T.overlaps(sp, (s, e))])
                evidence.append(make_evidence(subject, fname, stored[fname], s, e))
        if evidence:
            yield self._finding(subject, evidence, best)

    def _model_finding(self, subject: PostView, texts) -> Finding | None:
        """The statement classifier's finding on the caption, or None (see ``model_assist``)."""
        caption = dict(texts).get("caption", "")
        p = claim_model.candidate(caption, self.id)
        if p is None:
            return None
        # the model stands in for the wording, not for the rule's context conditions
        if not any(all(cond(subject, texts) for cond in v.requires) for v in self.variants):
            return None
        # never a sentence that the rule's own exclusions (its near-misses) or reported speech touch
        regions = [x for m in self._all_exclusions for x in m.spans(caption)]
        if self.ignore_reported:
            regions += _reported.reported_spans(caption)
        best = claim_model.best_sentence(caption, self.id, regions)
        if best is None:
            return None
        s, e, _ = best
        evidence = [make_evidence(subject, "caption", caption, s, e)]
        return self._finding(subject, evidence, round(claim_model.confidence_factor() * p, 3),
                             extra=claim_model.finding_data(p), notes=claim_model.notes(p))

    def _finding(self, subject: Any, evidence, score: float, extra: dict | None = None,
                 notes: tuple[str, str] = ("", "")) -> Finding:
        ev = sort_evidence(evidence)
        values = _SafeDict(quote=first_quote(ev), quotes=quotes(ev), count=len(ev))
        return self.finding(
            subject,
            message=self.spec["message_vi"].format_map(values) + notes[0],
            message_en=self.spec["message_en"].format_map(values) + notes[1],
            evidence=ev,
            confidence=score,
            remediation=self.spec.get("remediation_vi", ""),
            category=self.category,
            data={"catalog_id": self.catalog_id, "hits": len(ev),
                  "remediation_en": self.spec.get("remediation_en", ""), **(extra or {})},
        )


def _holds_near(requires, subject: PostView, caption: str, span: tuple[int, int]) -> bool:
    """Do ``requires`` hold for the part of a long ``caption`` within ``LOCAL_RADIUS`` of
    ``span`` (the post's other fields — hashtags, links, flags, declared product — as they are)?"""
    start, end = max(0, span[0] - LOCAL_RADIUS), min(len(caption), span[1] + LOCAL_RADIUS)
    window = caption[start:end]
    near = dataclasses.replace(subject, caption=window, transcript=())
    texts = [("caption", window)]
    return all(cond(near, texts) for cond in requires)


def _ref_year(subject: Any) -> int:
    published = getattr(subject, "published_at", None)
    if isinstance(subject, (PostView, CommentView)) and published is not None:
        return published.year
    return datetime.now(timezone.utc).year


def load_rules(directory: Path = RULES_DIR) -> list[RuleDetector]:
    """Every rule of every ``*.yaml`` pack in ``directory`` (pack files in name order)."""
    return [rule for path in sorted(directory.glob("*.yaml")) for rule in pack_rules(path)]


def pack_rules(path: Path, only: str | None = None) -> list[RuleDetector]:
    """The rules of one pack file, or only the one whose id is ``only``."""
    return [RuleDetector(spec, source=path.name) for spec in read_entries(path, "rules")
            if only is None or spec.get("id") == only]
