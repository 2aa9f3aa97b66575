"""Reviewer console ``/tham-dinh``: the review queue with keyboard-driven confirm/dismiss
(``data-key`` shortcuts: j/k move, 1–5 pick a reason, c confirm, d dismiss; htmx swaps the
current item), complaint triage, appeal decisions and certificate actions (operators).

Every decision is made in the caller's name (``principal.actor``) through a service and
audited. A confirmed finding re-scores its creator (services/review.py), and the new
assessment's certificate consequences apply at once (services/assess.py → lifecycle).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request

from tinnhiem.api.deps import Principal, Role, get_factory
from tinnhiem.services import appeals, complaints, dossiers, lifecycle, review
from tinnhiem.services.reports import detector_title
from tinnhiem.web.pages import _workspace as ws
from tinnhiem.web.render import render

router = APIRouter(include_in_schema=False)
staff_only = ws.page_require(Role.reviewer, Role.operator)
operators_only = ws.page_require(Role.operator)
HOME = "/tham-dinh"
REASONS = {  # key: (Vietnamese, English) — the reasons a reviewer picks from (keys 1–5)
    "1": ("Bằng chứng rõ ràng, vi phạm được xác nhận", "Clear evidence, violation confirmed"),
    "2": ("Đúng quy định được viện dẫn sau khi đối chiếu", "Matches the cited rule after checking"),
    "3": ("Nhận diện sai: nội dung không vi phạm", "False positive: the content does not violate"),
    "4": ("Thiếu ngữ cảnh: trích dẫn, châm biếm hoặc đã công bố ở nơi khác", "Missing context: quote, satire or disclosed elsewhere"),
    "5": ("Lý do khác (xem ghi chú)", "Other reason (see note)"),
}
CERT_ACTIONS = {"suspend": ("Đình chỉ", "Suspend"), "revoke": ("Thu hồi", "Revoke"), "reinstate": ("Khôi phục", "Reinstate")}


def _queue(request: Request) -> list[review.QueueItem]:
    with get_factory(request)() as session:
        return review.review_queue(session)


def _index(value: str | None, size: int) -> int:
    i = int(value) if value and value.isdigit() else 0
    return max(0, min(i, size - 1)) if size else 0


def _panel_context(request: Request, queue: list[review.QueueItem], i: int, **extra) -> dict:
    item = queue[i] if queue else None
    return {"queue": queue, "i": i, "item": item, "reasons": REASONS, **ws.labels(),
            "title": (lambda d, lang="vi": detector_title(d, lang)), **extra}


@router.get(HOME)
def console(request: Request, principal: Principal = Depends(staff_only)):
    queue = _queue(request)
    i = _index(request.query_params.get("i"), len(queue))
    return render(request, "console/queue.html", _panel_context(request, queue, i, notice=ws.notice(request)))


@router.get(HOME + "/muc")
def queue_item(request: Request, principal: Principal = Depends(staff_only)):
    """The current-item panel alone (htmx swaps it when moving with j/k)."""
    queue = _queue(request)
    i = _index(request.query_params.get("i"), len(queue))
    return render(request, "console/_item.html", _panel_context(request, queue, i))


@router.post(HOME + "/quyet-dinh")
def decide(request: Request, fingerprint: str = Form(..., min_length=8, max_length=64),
           decision: str = Form(...), reason: str = Form(""), note: str = Form("", max_length=1000),
           i: str = Form("0"), principal: Principal = Depends(staff_only)):
    item = next((q for q in _queue(request) if q.fingerprint == fingerprint), None)
    error = _decision_error(item, decision, reason, note)
    certificates = []
    if error is None:
        text = REASONS[reason][0] + (f" — {note.strip()}" if note.strip() else "")
        try:  # re-scores the creator; the new assessment's certificate consequences apply at once
            review.decide_finding(get_factory(request), fingerprint=fingerprint, decision=decision, reason=text,
                                  reviewer=principal.actor)
        except LookupError:  # decided by someone else meanwhile
            error = _decision_error(None, decision, reason, note)
    if error is None:
        certificates = dossiers.creator_dossier(get_factory(request), influencer_key=item.influencer_key)["certificates"]
        ws.audit(request, principal, f"finding.{decision}", "finding", fingerprint,
                 {"reason": text, "certificates": [f"{c['serial']}:{c['status']}" for c in certificates]})
    if not ws.is_htmx(request):
        return ws.done(HOME, "error" if error else "decided", i=i)
    queue = _queue(request)
    return render(request, "console/_item.html", _panel_context(
        request, queue, _index(i, len(queue)), error=error, certificates=certificates,
        decided=None if error else decision))


def _decision_error(item: review.QueueItem | None, decision: str, reason: str, note: str) -> tuple[str, str] | None:
    if item is None:
        return ("Phát hiện này không còn trong hàng chờ (đã được xử lý?).", "This finding is no longer queued.")
    if decision not in review.DECISIONS:
        return ("Quyết định không hợp lệ.", "Invalid decision.")
    if reason not in REASONS or (reason == "5" and not note.strip()):
        return ("Hãy chọn lý do (phím 1–5); lý do khác cần ghi chú.", "Pick a reason (keys 1–5); 'other' needs a note.")
    return None


@router.get(HOME + "/phan-anh")
def complaint_list(request: Request, principal: Principal = Depends(staff_only)):
    status = request.query_params.get("status") or None
    status = status if status in complaints.STATUSES else None
    listing = complaints.list_complaints(get_factory(request), status=status, per_page=100)
    return render(request, "console/complaints.html", {
        "listing": listing, "status": status, "STATUSES": complaints.STATUSES, "CATEGORIES": complaints.CATEGORIES,
        "OUTCOMES": complaints.TRIAGE_OUTCOMES, "OPEN": complaints.OPEN_STATUSES, "notice": ws.notice(request)})


@router.post(HOME + "/phan-anh/{complaint_id}")
def triage(request: Request, complaint_id: int, outcome: str = Form(...), reason: str = Form(..., max_length=2000),
           principal: Principal = Depends(staff_only)):
    try:
        complaints.triage_complaint(get_factory(request), complaint_id=complaint_id, outcome=outcome, reason=reason,
                                    reviewer=principal.actor, role=principal.role.value)
    except (LookupError, ValueError):
        return ws.done(HOME + "/phan-anh", "error")
    return ws.done(HOME + "/phan-anh", "triaged")  # the service writes the audit event


@router.get(HOME + "/khang-nghi")
def appeal_list(request: Request, principal: Principal = Depends(staff_only)):
    return render(request, "console/appeals.html", {
        "open": dossiers.list_appeals(get_factory(request), status="open"),
        "notice": ws.notice(request), **ws.labels()})


@router.post(HOME + "/khang-nghi/{appeal_id}")
def decide_appeal(request: Request, appeal_id: int, outcome: str = Form(...),
                  reason: str = Form(..., min_length=1, max_length=2000), principal: Principal = Depends(staff_only)):
    try:
        appeals.decide_appeal(get_factory(request), appeal_id=appeal_id, outcome=outcome, reason=reason,
                              reviewer=principal.actor)
    except PermissionError:
        return ws.done(HOME + "/khang-nghi", "self_review")
    except (LookupError, ValueError):
        return ws.done(HOME + "/khang-nghi", "error")
    ws.audit(request, principal, "appeal.decided", "appeal", str(appeal_id), {"outcome": outcome, "reason": reason})
    return ws.done(HOME + "/khang-nghi", "appeal_decided")


@router.get(HOME + "/chung-nhan")
def certificate_list(request: Request, principal: Principal = Depends(operators_only)):
    status = request.query_params.get("status") or None
    status = status if status in dossiers.CERTIFICATE_STATUSES else None
    return render(request, "console/certificates.html", {
        "certificates": dossiers.list_certificates(get_factory(request), status=status), "status": status,
        "actions": CERT_ACTIONS, "notice": ws.notice(request), **ws.labels()})


@router.post(HOME + "/chung-nhan/{serial}")
def certificate_action(request: Request, serial: str, action: str = Form(...),
                       reason: str = Form(..., min_length=1, max_length=2000),
                       principal: Principal = Depends(operators_only)):
    if action not in CERT_ACTIONS:
        return ws.done(HOME + "/chung-nhan", "error")
    try:
        change = lifecycle.decide(get_factory(request), serial=serial, action=action, reason=reason,
                                  actor=principal.actor)
    except (LookupError, ValueError):
        return ws.done(HOME + "/chung-nhan", "error")
    ws.audit(request, principal, f"certificate.{action}", "certificate", serial, {"reason": reason, "status": change.status})
    return ws.done(HOME + "/chung-nhan", "status_changed")
