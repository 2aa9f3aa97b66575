"""complaint_record — one finding per substantiated complaint against the creator.

Complaints with status "received" or "dismissed" produce nothing (the creator still counts
as examined). This detector deliberately emits one finding PER substantiated complaint (not
one per creator), so scoring can count them. Evidence: field "complaint", the complaint text
trimmed to ≤ 200 characters with its offsets. ``data = {"complaint": key, "category": ...,
"post": post key or None}``.
"""

from __future__ import annotations

from tinnhiem.detectors.base import Detector
from tinnhiem.model import CreatorView, Evidence, content_hash
from tinnhiem.text import trim_quote


class ComplaintRecord(Detector):
    """A complaint about the creator was substantiated by a reviewer."""

    id = "complaint_record"
    version = "1.0.0"
    scope = "creator"
    title_vi = "Khiếu nại đã được xác minh"
    title_en = "Substantiated complaint"
    severity = "major"
    legal_source = (
        "Tiêu chí phản hồi cộng đồng (chương trình Tín nhiệm người có ảnh hưởng, trụ cột 3); "
        "Luật Bảo vệ quyền lợi người tiêu dùng 19/2023/QH15 Điều 22 khoản 3"
    )
    rule_confidence = "M"
    catalog_id = "VN-TRUST-COMMUNITY-SIGNALS"

    def available(self, subject: CreatorView) -> bool:
        return isinstance(subject, CreatorView)

    def detect(self, subject: CreatorView, upstream):
        for complaint in sorted(subject.complaints, key=lambda c: c.key):
            if complaint.status != "substantiated":
                continue
            start, end = trim_quote(complaint.text, 0, len(complaint.text))
            quote = complaint.text[start:end]
            ev = Evidence(field="complaint", quote=quote, start=start, end=end,
                          content_hash=content_hash(complaint.text))
            yield self.finding(
                subject,
                message=f"Khiếu nại đã được xác minh ({complaint.category}): \"{quote}\"",
                message_en=f"Substantiated complaint ({complaint.category}): \"{quote}\"",
                evidence=[ev],
                confidence=1.0,
                remediation="Khắc phục hậu quả, phản hồi công khai và đính chính nội dung liên quan.",
                data={"complaint": complaint.key, "category": complaint.category,
                      "post": complaint.post_key},
            )
