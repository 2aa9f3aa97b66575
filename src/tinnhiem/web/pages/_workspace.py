"""Shared helpers of the authenticated pages (creator portal, brand area, reviewer console).

Not a router module (the leading underscore keeps it from being mounted). Writes go through a
service and then :func:`audit`; outcomes come back to the page as a fixed message code in the
redirect (``?tb=<code>``), so no user text is ever reflected from the query string.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import HTTPException, Request
from fastapi.responses import RedirectResponse

from tinnhiem.api.deps import Principal, Role, current_principal, get_factory, require
from tinnhiem.model import PRODUCT_CATEGORY_LABELS

MESSAGES = {  # code: (Vietnamese, English)
    "appeal_filed": ("Đã gửi kháng nghị. Một thẩm định viên khác sẽ xem xét.",
                     "Appeal filed. A different reviewer will rule on it."),
    "code_started": ("Đã tạo mã xác minh: đặt mã vào tiểu sử hoặc một bài đăng rồi bấm kiểm tra.",
                     "Verification code created: put it in the bio or a post, then check."),
    "code_found": ("Đã xác minh quyền sở hữu tài khoản.", "Account ownership verified."),
    "code_missing": ("Chưa thấy mã trong nội dung đã nhập của tài khoản.",
                     "The code was not found in the account's imported content yet."),
    "declared": ("Đã ghi nhận khai báo hợp tác.", "Collaboration declaration recorded."),
    "decided": ("Đã ghi nhận quyết định.", "Decision recorded."),
    "triaged": ("Đã phân loại phản ánh.", "Complaint triaged."),
    "appeal_decided": ("Đã ra quyết định kháng nghị.", "Appeal decided."),
    "status_changed": ("Đã cập nhật trạng thái chứng nhận.", "Certificate status updated."),
    "shortlisted": ("Đã thêm vào danh sách chọn.", "Added to the shortlist."),
    "unlisted": ("Đã bỏ khỏi danh sách chọn.", "Removed from the shortlist."),
    "self_review": ("Bạn đã ra quyết định bị kháng nghị: một thẩm định viên khác phải xem xét.",
                    "You made the decision under appeal: another reviewer must rule."),
    "error": ("Không thực hiện được yêu cầu.", "The request could not be carried out."),
    "unavailable": ("Không lưu được: cần phiên đăng nhập.", "Could not save: a login session is needed."),
}


def page_require(*roles: Role):
    """``require(*roles)`` for pages: an anonymous visitor asking for a page is sent to the
    login page (303) instead of getting a bare 401; other roles still get 403."""
    check = require(*roles)

    def dependency(request: Request) -> Principal:
        if request.method == "GET" and current_principal(request).role is Role.public:
            target = urlencode({"next": request.url.path})
            raise HTTPException(status_code=303, detail="Cần đăng nhập (authentication required)",
                                headers={"Location": f"/dang-nhap?{target}"})
        return check(request)

    return dependency


def notice(request: Request) -> tuple[str, str] | None:
    """The message named by ``?tb=`` (a fixed code, never free text)."""
    return MESSAGES.get(request.query_params.get("tb", ""))


def done(path: str, code: str, **params: str) -> RedirectResponse:
    """Post/redirect/get: back to ``path`` with a message code."""
    query = urlencode({"tb": code, **params})
    return RedirectResponse(f"{path}?{query}", status_code=303)


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


def audit(request: Request, principal: Principal, action: str, target_kind: str, target_id: str,
          detail: dict[str, Any] | None = None) -> None:
    """Record a write made through these pages (services/audit.py)."""
    from tinnhiem.services import audit as audit_service

    audit_service.record_event(
        get_factory(request), actor=principal.actor, role=principal.role.value, action=action,
        target_kind=target_kind, target_id=str(target_id), detail=detail or {}, client=client_address(request),
    )


def session_list(request: Request, name: str) -> list[str]:
    """A list kept in the signed session cookie (empty when sessions are not installed)."""
    if "session" not in request.scope:
        return []
    value = request.session.get(name, [])
    return [str(v) for v in value] if isinstance(value, list) else []


def set_session_list(request: Request, name: str, values: list[str]) -> bool:
    if "session" not in request.scope:
        return False
    request.session[name] = values
    return True


CRITERIA = {  # id: (Vietnamese, English) — the four criteria of the programme
    "authenticity": ("Tính xác thực của nội dung", "Content authenticity"),
    "ad_compliance": ("Tuân thủ quy tắc quảng cáo", "Advertising compliance"),
    "commercial_transparency": ("Minh bạch trong hợp tác thương mại", "Commercial transparency"),
    "community_feedback": ("Phản hồi tích cực từ cộng đồng", "Community feedback"),
}
CERT_STATUS = {  # certificate status: (Vietnamese, English, css class)
    "active": ("Còn hiệu lực", "Valid", "status-valid"),
    "suspended": ("Đang bị đình chỉ", "Suspended", "status-suspended"),
    "revoked": ("Đã bị thu hồi", "Revoked", "status-revoked"),
    "expired": ("Đã hết hạn", "Expired", "status-revoked"),
}
SEVERITY = {"critical": ("Nghiêm trọng", "Critical"), "major": ("Đáng kể", "Major"),
            "minor": ("Nhẹ", "Minor"), "info": ("Thông tin", "Info")}
APPEAL_STATUS = {"open": ("Đang xem xét", "Open"), "upheld": ("Được chấp nhận", "Upheld"),
                 "rejected": ("Bị bác", "Rejected")}


def labels() -> dict[str, Any]:
    """Label tables every workspace template gets."""
    return {"CRITERIA": CRITERIA, "CERT_STATUS": CERT_STATUS, "SEVERITY": SEVERITY, "APPEAL_STATUS": APPEAL_STATUS,
            "PRODUCT_CATEGORY_LABELS": PRODUCT_CATEGORY_LABELS}
