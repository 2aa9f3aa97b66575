"""Shared helpers of the public pages (registry, verification, observatory, complaints).

Not a router module (the leading underscore keeps it from being mounted).
"""

from __future__ import annotations

from functools import lru_cache

from tinnhiem.model import PRODUCT_CATEGORY_LABELS
from tinnhiem.scoring import methodology

CERT_STATES = {  # status: (Vietnamese, English)
    "valid": ("Còn hiệu lực", "Valid"),
    "suspended": ("Đang bị đình chỉ", "Suspended"),
    "revoked": ("Đã bị thu hồi", "Revoked"),
    "expired": ("Đã hết hạn", "Expired"),
    "superseded": ("Đã được thay bằng chứng nhận mới", "Superseded by a newer certificate"),
    "unknown": ("Không tìm thấy chứng nhận", "Unknown certificate"),
    "invalid": ("Không hợp lệ", "Invalid"),
}
REVIEW_STATES = {
    "pending": ("Chờ chuyên gia xác minh", "Pending expert review"),
    "confirmed": ("Đã được xác nhận", "Confirmed by a reviewer"),
    "dismissed": ("Đã bị bác bỏ", "Dismissed by a reviewer"),
}
SEVERITIES = {
    "info": ("Thông tin", "Info"), "minor": ("Nhẹ", "Minor"), "major": ("Nghiêm trọng", "Major"),
    "critical": ("Rất nghiêm trọng", "Critical"),
}
FIELDS = {
    "caption": ("Chú thích bài đăng", "Caption"), "transcript": ("Lời nói trong video", "Transcript"),
    "comment": ("Bình luận", "Comment"), "complaint": ("Phản ánh", "Complaint"), "metrics": ("Số liệu", "Metrics"),
    "hashtags": ("Hashtag", "Hashtags"), "links": ("Liên kết", "Links"), "flags": ("Nhãn nền tảng", "Platform flag"),
}


@lru_cache(maxsize=4)
def criteria_titles(version: str | None = None) -> dict[str, tuple[str, str]]:
    """criterion id → (Vietnamese, English) title in the methodology."""
    try:
        meth, _ = methodology.load(version)
    except (FileNotFoundError, KeyError, ValueError):
        meth, _ = methodology.load(None)
    return {c.id: (c.title_vi, c.title_en) for c in meth.criteria}


def labels() -> dict:
    return {"CERT_STATES": CERT_STATES, "REVIEW_STATES": REVIEW_STATES, "SEVERITY_LABELS": SEVERITIES,
            "FIELD_LABELS": FIELDS, "CRITERIA_TITLES": criteria_titles(),
            "PRODUCT_CATEGORY_LABELS": PRODUCT_CATEGORY_LABELS}


def pick(lang: str, pair: tuple[str, str]) -> str:
    return pair[1] if lang == "en" else pair[0]
