"""ad_disclosure — FACT: the post discloses advertising/sponsorship, how strongly, where.

``Finding.data``: ``strength`` ("strong" | "weak"), ``position`` (char offset of the first
marker in its field; 0 for the platform flag), ``field`` (field of that marker), ``prominent``
(a strong marker in the first 125 characters of the caption and not buried after ≥ 3 hashtags
of a trailing hashtag block, or spoken in the first 30 s of the transcript, or the platform
paid-partnership flag), ``markers`` (quotes), ``kinds`` (sorted marker kinds: ad_label,
sponsorship, paid, affiliate, support_channel, gift, other — see ``_disclosure_terms.marker_kind``),
``paid_flag`` (bool).

Vietnamese and English markers (``_disclosure_terms``): "Quảng cáo", "#ad", "sponsored", "paid
partnership", "affiliate links", "I earn a commission", "as an Amazon Associate" (strong);
"Hợp tác với <Brand>" / "hợp tác cùng @brand" as a label at the start of the caption, a line
or a sentence (strong: the brand is named); "link affiliate" as the object of a call to buy
("đặt qua link affiliate của mình", "bấm link affiliate") is weak;
"#sp", "#collab", "thanks <Brand>", "support the channel by using my links" (weak/ambiguous).
Negated markers are not disclosures: fixed phrases ("không phải quảng cáo", "not an ad"), a
negator ≤ 3 words before the marker in its clause ("this video is NOT sponsored", "mình không
nhận tài trợ"), or a negated sponsorship statement up to the end of its sentence. Markers inside
URLs ("?referral_code=…") do not count. Markers are matched on the folded text WITHOUT teencode
expansion ("#sp" stays a weak tag). Measured on Mathur et al. 2018: ``benchmarks/bench_disclosure.py``.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from tinnhiem import text as T
from tinnhiem.detectors import _disclosure_terms as D
from tinnhiem.detectors._common import DISCLOSURE_LEGAL_SOURCE
from tinnhiem.detectors.base import (Detector, field_group, field_texts, flag_evidence, folded_before,
                                     make_evidence, quotes)
from tinnhiem.model import Evidence, PostView

FIELDS = ("caption", "transcript", "hashtags")
PROMINENT_CHARS = 125
PROMINENT_SECONDS = 30.0

_THANKS = regex.compile(
    r"(?<![\p{L}\p{N}])(?i:cảm ơn|cám ơn|cam on|thanks?|tks)[ \t]+(?:nhãn hàng[ \t]+|nhà[ \t]+)?"
    r"(?:@[\w.]+|(?!(?i:mọi|các|cả|bạn|anh|chị|em|mn|mấy|ae|you|for|to|everyone|everybody|all|"
    r"again|so|guys|god|again|a|the|in|very|much|u|ya)\b)\p{Lu}[\p{L}\p{N}]+)"
)

# "Hợp tác với Resort X", "hop tac cung @brand" as a label — at the start of the caption, a line
# or a sentence — names the brand whose content it is: a clear disclosure, unlike a bare
# "#collab", "hợp tác cùng các bạn" or a narrative "mình hợp tác cùng nhãn hàng X giới thiệu …"
_COLLAB_NAMED = regex.compile(
    r"(?<![\p{L}\p{N}])(?i:hợp tác|hop tac|collab)[ \t]+(?i:với|cùng|voi|cung|with)[ \t]+"
    r"(?:(?i:nhãn hàng|nhan hang|thương hiệu|thuong hieu|bên|ben|nhà|nha)[ \t]+)?"
    r"(?:@[\w.]{2,}|\p{Lu}[\p{L}\p{N}]+)"
)

_LABEL_START = regex.compile(r"(?:^|[.!?\n:|•()\[\]–—-])[^\p{L}\p{N}#@]{0,4}$")


def _label_spans(text: str) -> list[tuple[int, int]]:
    """``_COLLAB_NAMED`` spans that start the caption, a line or a sentence."""
    return [(s, e) for s, e in T.search_views(_COLLAB_NAMED, (T.View(text, text, kind="raw"),))
            if _LABEL_START.search(text[:s] if s <= 6 else "x" + text[s - 6:s])]

# a buy/click verb right before "link affiliate" (folded text)
_CTA_BEFORE = regex.compile(r"(?<![\p{L}\p{N}])(?:qua|bam|vao|an|click|nhan|mua o|mua tai|dat o)\s+$")


def _affiliate_cta(post: PostView, e: Evidence) -> bool:
    if T.fold(e.quote).strip() != "link affiliate":
        return False
    return bool(_CTA_BEFORE.search(folded_before(dict(field_texts(post, FIELDS)), e, 12)))


_WEAK_VI_ONLY_RX = T.compile_phrases(D.WEAK_VI_ONLY)  # compiled once at import


@lru_cache(maxsize=2)
def _gate(kind: str) -> T.PatternGate:
    """One prefilter test for every marker pattern of ``kind`` that ``_markers`` runs."""
    phrases, regexes = D.compiled(kind)
    folded = [p for p in (phrases, *regexes) if p is not None]
    if kind == "weak":
        folded.append(_WEAK_VI_ONLY_RX)
    return T.PatternGate({"folded": folded,
                          "raw": [_THANKS] if kind == "weak" else [_COLLAB_NAMED]})


def _markers(post: PostView, kind: str) -> list[Evidence]:
    """Non-negated marker spans of ``kind`` ("strong" | "weak") in every scanned field."""
    phrases, regexes = D.compiled(kind)
    texts = field_texts(post, FIELDS)
    gate = _gate(kind)
    if not gate.may_match_any(field_group(post, FIELDS)):
        return []  # no marker pattern can match any field
    out = []
    for field, text in texts:
        if not gate.may_match(text):
            continue  # no marker pattern can match this field
        plain = T.views(text)[:1]  # the cached folded view
        spans = T.search_views(phrases, plain) if phrases is not None else []
        for rx in regexes:
            spans += T.search_views(rx, plain)
        if kind == "weak":
            spans += T.search_views(_THANKS, (T.View(text, text, kind="raw"),))
            if T.diacritic_rich(text):
                spans += T.search_views(_WEAK_VI_ONLY_RX, plain)
        else:
            spans += _label_spans(text)
        if not spans:
            continue
        neg = D.negated_spans(text) + D.url_spans(text)
        for span in T.merge_spans(spans):
            if any(T.overlaps(span, n) for n in neg) or D.negated(text, span[0]):
                continue
            out.append(make_evidence(post, field, text, *span))
    return out


def buried_in_hashtags(caption: str, pos: int, limit: int = 3) -> bool:
    """Is ``pos`` preceded by ≥ ``limit`` hashtags with no ordinary word in between?"""
    count = 0
    for tok, _ in reversed([t for t in T.tokens(caption[:pos])]):
        if tok.startswith("#"):
            count += 1
        elif any(ch.isalnum() for ch in tok):
            break
    return count >= limit


def is_prominent(post: PostView, e: Evidence) -> bool:
    if e.field == "flags":
        return True
    if e.field == "caption":
        return e.start < PROMINENT_CHARS and not buried_in_hashtags(post.caption, e.start)
    if e.field == "hashtags":
        return len(post.caption) + 1 + e.start < PROMINENT_CHARS and post.caption.count("#") < 3
    if e.field == "transcript":
        return e.time_s is not None and e.time_s <= PROMINENT_SECONDS
    return False


class AdDisclosure(Detector):
    """The post carries an advertising/sponsorship disclosure (strong or weak), and where."""

    id = "ad_disclosure"
    version = "1.3.0"
    scope = "post"
    title_vi = "Có ghi nhận quảng cáo/tài trợ"
    title_en = "Advertising disclosure present"
    severity = "info"
    legal_source = DISCLOSURE_LEGAL_SOURCE
    rule_confidence = "V"
    catalog_id = "VN-DISC-AD-LABEL"

    def available(self, subject: PostView) -> bool:
        return isinstance(subject, PostView)

    def _collect(self, post: PostView) -> tuple[list[Evidence], list[Evidence]]:
        strong = _markers(post, "strong")
        if post.paid_partnership:
            strong.insert(0, flag_evidence("paid_partnership"))
        weak = _markers(post, "weak")
        # "đặt qua link affiliate của mình", "bấm link affiliate": the affiliate link as the call
        # to buy only hints at the relationship (ASA: "affiliate" alone is insufficient) — weak
        cta = [e for e in strong if e.field != "flags" and _affiliate_cta(post, e)]
        if cta:
            strong = [e for e in strong if e not in cta]
            weak = cta + weak
        taken = [(e.field, e.start, e.end) for e in strong]
        weak = [e for e in weak if not any(f == e.field and T.overlaps((s, t), (e.start, e.end))
                                           for f, s, t in taken if s is not None)]
        return strong, weak

    def detect(self, subject: PostView, upstream):
        strong, weak = self._collect(subject)
        if not strong and not weak:
            return
        markers = strong or weak
        textual = [e for e in markers if e.field != "flags"]
        first = min(textual, key=lambda e: (e.field != "caption", e.start)) if textual else markers[0]
        prominent = any(is_prominent(subject, e) for e in strong)
        strength = "strong" if strong else "weak"
        data = {
            "strength": strength,
            "position": first.start if first.start is not None else 0,
            "field": first.field,
            "prominent": prominent,
            "markers": [e.quote for e in strong + weak],
            "kinds": sorted({D.marker_kind(e.quote) for e in strong + weak if e.field != "flags"}
                            | ({"paid"} if subject.paid_partnership else set())),
            "paid_flag": subject.paid_partnership,
        }
        where = "nổi bật" if prominent else "không nổi bật"
        q = quotes(strong + weak)
        yield self.finding(
            subject,
            message=f"Bài đăng có ghi nhận quảng cáo ({'rõ ràng' if strong else 'mơ hồ'}, {where}): {q}",
            message_en=f"Post discloses advertising ({strength}, {'prominent' if prominent else 'not prominent'}): {q}",
            evidence=strong + weak,
            confidence=1.0 if strong else 0.7,
            data=data,
        )

for _p in (_THANKS, _COLLAB_NAMED):  # (in the shared prefilter database from the start)
    T.register_prefilter(_p, "raw")
