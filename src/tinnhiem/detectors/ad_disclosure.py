"""ad_disclosure — FACT: the post discloses advertising/sponsorship, how strongly, where.

``Finding.data``: ``strength`` ("strong" | "weak"), ``position`` (char offset of the first
marker in its field; 0 for the platform flag), ``field`` (field of that marker), ``prominent``
(a strong marker in the first 125 characters of the caption and not buried after ≥ 3 hashtags
of a trailing hashtag block, or spoken in the first 30 s of the transcript, or the platform
paid-partnership flag), ``markers`` (quotes), ``paid_flag`` (bool).
Negated phrases ("không phải quảng cáo", "ko phải qc", "not sponsored") are not disclosures.
Markers are matched on the folded text WITHOUT teencode expansion ("#sp" stays a weak tag).
"""

from __future__ import annotations

import regex

from tinnhiem import text as T
from tinnhiem.detectors.base import Detector, field_texts, flag_evidence, make_evidence, quotes
from tinnhiem.model import Evidence, PostView

FIELDS = ("caption", "transcript", "hashtags")
PROMINENT_CHARS = 125
PROMINENT_SECONDS = 30.0

STRONG = [
    "quảng cáo", "nội dung quảng cáo", "bài viết quảng cáo", "video quảng cáo", "được tài trợ",
    "tài trợ", "nhà tài trợ", "hợp tác có trả phí", "hợp tác quảng cáo", "quan hệ đối tác có trả phí",
    "bao gồm quảng cáo trả phí", "chứa quảng cáo trả phí", "nhận thù lao", "được trả phí",
    "có nhận tiền", "nhận tiền từ nhãn hàng", "tiếp thị liên kết", "nhận hoa hồng", "có hoa hồng",
    "hoa hồng khi", "hoa hồng từ", "link affiliate", "#ad", "#ads", "advertisement", "#advertisement",
    "sponsored", "#sponsored", "paid partnership", "#paidpartnership", "paid promotion",
    "publicité", "collaboration commerciale", "[ad]", "[qc]",
]
STRONG_RE = [r"(?m)(?:^|(?<=[\s(\[|]))ad\s*[:|\-]\s"]
WEAK = [
    "#spon", "#sp", "#pr", "#collab", "#collaboration", "#partner", "#partnership", "#gifted",
    "#gift", "được tặng", "quà tặng từ", "hợp tác cùng", "hợp tác với", "#ambassador",
    "đại sứ thương hiệu", "brand ambassador", "#affiliate", "#aff", "#qc", "qc", "#review", "booking",
    "nhãn hàng gửi", "được gửi tặng",
]
_THANKS = regex.compile(
    r"(?<![\p{L}\p{N}])(?i:cảm ơn|cám ơn|cam on|thanks?|tks)\s+(?:nhãn hàng\s+|nhà\s+)?"
    r"(?:@[\w.]+|(?!(?:Mọi|Các|Cả|Bạn|Anh|Chị|Em|Mn|Mấy|Ae)\b)\p{Lu}[\p{L}\p{N}]+)"
)
NEGATION = [
    "không phải quảng cáo", "không phải là quảng cáo", "chẳng phải quảng cáo", "không quảng cáo",
    "không hề quảng cáo", "ko phải qc", "k phải qc", "không phải qc", "không được tài trợ",
    "không có tài trợ", "không tài trợ", "không nhận tài trợ", "chưa nhận tài trợ",
    "không ai tài trợ", "không được trả phí", "không nhận tiền", "không nhận thù lao",
    "không có hoa hồng", "not an ad", "not sponsored", "#notsponsored", "#notanad", "no sponsor",
    "non sponsored", "không booking",
]


def _markers(post: PostView, pattern, *, exact=False) -> list[Evidence]:
    negated = T.compile_phrases(NEGATION)
    out = []
    for field, text in field_texts(post, FIELDS):
        plain = (T.View(text, T.lower(text)) if exact else T.View(text, T.fold(text)),)
        neg = T.search_views(negated, T.views(text))
        for span in T.merge_spans(T.search_views(pattern, plain)):
            if not any(T.overlaps(span, n) for n in neg):
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
    version = "1.0.0"
    scope = "post"
    title_vi = "Có ghi nhận quảng cáo/tài trợ"
    title_en = "Advertising disclosure present"
    severity = "info"
    legal_source = (
        "Luật Quảng cáo 16/2012/QH13 Điều 23 khoản 2 điểm đ và Điều 15a (sửa đổi bởi Luật "
        "75/2025/QH15); Luật Bảo vệ quyền lợi người tiêu dùng 19/2023/QH15 Điều 22 khoản 3"
    )
    rule_confidence = "V"
    catalog_id = "VN-DISC-AD-LABEL"

    def available(self, subject: PostView) -> bool:
        return isinstance(subject, PostView)

    def _collect(self, post: PostView) -> tuple[list[Evidence], list[Evidence]]:
        strong = _markers(post, T.compile_phrases(STRONG))
        for src in STRONG_RE:
            strong += _markers(post, T.compile_regex(src), exact=True)
        if post.paid_partnership:
            strong.insert(0, flag_evidence("paid_partnership"))
        weak = _markers(post, T.compile_phrases(WEAK)) + _markers(post, _THANKS, exact=True)
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
