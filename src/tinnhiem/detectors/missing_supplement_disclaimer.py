"""missing_supplement_disclaimer — health-supplement promotion without the mandatory sentence.

A post promotes a health supplement when its declared ``product_categories`` contain
"health_supplement", or — when no product is declared — when the supplement lexicon (thực phẩm chức năng, viên uống, collagen,
men vi sinh, đông trùng hạ thảo …) appears together with commercial intent. It passes when
the caption, hashtags or transcript contains "Thực phẩm này không phải là thuốc và không có
tác dụng thay thế thuốc chữa bệnh" (folded, punctuation-insensitive, "," or nothing instead of
"và", "là" optional, teencode "ko" accepted). Evidence: the supplement cue(s).
``Finding.category = "health_supplement"``; ``data = {"cues": [...], "declared": bool}``.
"""

from __future__ import annotations

import regex

from tinnhiem import text as T
from tinnhiem.detectors._common import SUPPLEMENT, has_commercial_intent, scan
from tinnhiem.detectors.base import Detector, field_texts, flag_evidence, quotes
from tinnhiem.model import PostView

FIELDS = ("caption", "transcript", "hashtags")
_DISCLAIMER = regex.compile(
    r"(?:thuc pham|san pham|tpcn|tpbvsk)(?:\s+nay)?\W+(?:khong|ko|k)\W+(?:phai\W+)?(?:la\W+)?thuoc"
    r"\W*(?:va\W+|,\W*|-\W*|;\W*)?(?:khong|ko|k)\W+(?:co\W+)?(?:tac\W+dung\W+)?thay\W+the\W+thuoc"
    r"(?:\W+chua\W+benh)?"
)


def has_disclaimer(post: PostView) -> bool:
    """Mandatory sentence present in any scanned field (fuzzy, see module docstring)."""
    for _, text in field_texts(post, FIELDS):
        for view in T.views(text):
            if not T.may_match(_DISCLAIMER, view.folded):
                continue  # (the shared prefilter: no match possible)
            if _DISCLAIMER.search(view.folded, timeout=T.REGEX_TIMEOUT):
                return True
    return False


class MissingSupplementDisclaimer(Detector):
    """Health-supplement promotion lacks "Thực phẩm này không phải là thuốc …"."""

    id = "missing_supplement_disclaimer"
    version = "1.0.0"
    scope = "post"
    title_vi = "Thiếu câu khuyến cáo bắt buộc cho thực phẩm bảo vệ sức khỏe"
    title_en = "Missing mandatory health-supplement disclaimer"
    severity = "major"
    legal_source = (
        "Nghị định 15/2018/NĐ-CP Điều 27 khoản 3; Nghị định 342/2025/NĐ-CP Điều 5 khoản 2–3"
    )
    rule_confidence = "V"
    catalog_id = "VN-HS-MANDATORY-DISCLAIMER"

    def available(self, subject: PostView) -> bool:
        return isinstance(subject, PostView) and bool(field_texts(subject, FIELDS))

    def detect(self, subject: PostView, upstream):
        declared = "health_supplement" in subject.product_categories
        if subject.product_categories and not declared:
            return  # declared products are authoritative: none is a health supplement
        cues = scan(subject, FIELDS, T.compile_phrases(SUPPLEMENT))
        if not declared and not (cues and has_commercial_intent(subject)):
            return
        if has_disclaimer(subject):
            return
        evidence = cues or [flag_evidence("product_categories:health_supplement")]
        q = quotes(evidence, 2)
        yield self.finding(
            subject,
            message=(f"Quảng cáo thực phẩm bảo vệ sức khỏe ({q}) thiếu câu \"Thực phẩm này không "
                     "phải là thuốc và không có tác dụng thay thế thuốc chữa bệnh\""),
            message_en=(f"Health-supplement promotion ({q}) lacks the mandatory sentence \"This "
                        "food is not a medicine and does not replace medicines\""),
            evidence=evidence,
            confidence=0.95 if declared else 0.8,
            remediation=(
                "Ghi rõ (và đọc rõ trong video trên 15 giây) câu: \"Thực phẩm này không phải là "
                "thuốc và không có tác dụng thay thế thuốc chữa bệnh\", cùng cụm từ \"Thực phẩm "
                "bảo vệ sức khỏe\"."
            ),
            category="health_supplement",
            data={"cues": [e.quote for e in cues], "declared": declared,
                  "remediation_en": "Show (and read aloud in videos over 15 s) the sentence "
                  "\"This food is not a medicine and does not replace medicines\"."},
        )

T.register_prefilter(_DISCLAIMER)  # (in the shared prefilter database from the start)
