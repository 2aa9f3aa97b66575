"""Use cases of consumer complaints: public submission, the reviewers' list, and triage.

A complaint filed on the web lands in the same ``complaint`` table as imported ones
(``source = "web"``), with status ``received``. A reviewer triages it: ``substantiated``,
``unsubstantiated`` or ``forwarded`` (to an authority), always with a reason; the decision is
kept on the row (who, when, why) and written to the audit trail. A substantiated complaint
counts against the creator (detector ``complaint_record``), so the creator is re-assessed.

The complainant's contact is private: only :func:`list_complaints` (reviewers) returns it.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from tinnhiem import text as textlib
from tinnhiem.services import audit
from tinnhiem.store import tables

CATEGORIES = {
    "misleading_claim": ("Quảng cáo sai sự thật, gây hiểu lầm", "Misleading claim"),
    "undisclosed_ad": ("Quảng cáo không ghi rõ là quảng cáo", "Undisclosed advertising"),
    "counterfeit": ("Hàng giả, hàng nhái", "Counterfeit goods"),
    "product_harm": ("Sản phẩm gây hại", "Harmful product"),
    "no_refund": ("Không đổi trả, không hoàn tiền", "No refund or return"),
    "fake_engagement": ("Tương tác, người theo dõi ảo", "Fake engagement"),
    "offensive": ("Nội dung phản cảm", "Offensive content"),
    "other": ("Khác", "Other"),
}
STATUSES = {
    "received": ("Đã tiếp nhận", "Received"),
    "substantiated": ("Có cơ sở", "Substantiated"),
    "unsubstantiated": ("Không có cơ sở", "Unsubstantiated"),
    "dismissed": ("Không có cơ sở", "Dismissed"),  # the imported (canonical) name of "unsubstantiated"
    "forwarded": ("Đã chuyển cơ quan chức năng", "Forwarded to an authority"),
}
TRIAGE_OUTCOMES = ("substantiated", "unsubstantiated", "forwarded")
OPEN_STATUSES = ("received", "forwarded")
TEXT_MIN, TEXT_MAX, CONTACT_MAX, URL_MAX, REASON_MAX = 20, 2000, 200, 2000, 2000
MAX_PER_PAGE = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


class ComplaintError(ValueError):
    """Invalid input, with a Vietnamese and an English message."""

    def __init__(self, field: str, vi: str, en: str) -> None:
        super().__init__(f"{field}: {en}")
        self.field, self.vi, self.en = field, vi, en


@dataclass(frozen=True)
class Receipt:
    reference: str
    influencer_key: str
    filed_at: datetime
    status: str = "received"


def _clean(value: str | None, field: str, *, limit: int, minimum: int = 0, multiline: bool = True) -> str:
    value = textlib.nfc(value or "").strip()
    if _CONTROL.search(value) or (not multiline and ("\n" in value or "\r" in value)):
        raise ComplaintError(field, "chứa ký tự không hợp lệ", "contains invalid characters")
    if len(value) > limit:
        raise ComplaintError(field, f"dài quá {limit} ký tự", f"longer than {limit} characters")
    if len(value) < minimum:
        raise ComplaintError(field, f"cần ít nhất {minimum} ký tự", f"needs at least {minimum} characters")
    return value


def validate_submission(*, category: str, text: str, post_url: str | None, contact: str | None) -> dict[str, Any]:
    """The cleaned fields (NFC, stripped, length-checked) or :class:`ComplaintError`."""
    if category not in CATEGORIES:
        raise ComplaintError("category", "loại phản ánh không hợp lệ", "unknown category")
    url = _clean(post_url, "post_url", limit=URL_MAX, multiline=False) or None
    if url is not None and not _URL.match(url):
        raise ComplaintError("post_url", "đường dẫn phải bắt đầu bằng http:// hoặc https://",
                             "the link must start with http:// or https://")
    return {"category": category, "text": _clean(text, "text", limit=TEXT_MAX, minimum=TEXT_MIN),
            "post_url": url, "contact": _clean(contact, "contact", limit=CONTACT_MAX, multiline=False) or None}


def _new_reference(session: Session, at: datetime) -> str:
    while True:
        ref = f"KN-{at:%Y%m%d}-{secrets.token_hex(3).upper()}"
        if session.scalar(select(tables.Complaint.id).filter_by(key=ref)) is None:
            return ref


def submit_complaint(factory: sessionmaker[Session], *, influencer_key: str, category: str, text: str,
                     post_url: str | None = None, contact: str | None = None, at: datetime | None = None) -> Receipt:
    """File a consumer complaint; LookupError for an unknown creator, ComplaintError for bad input."""
    fields = validate_submission(category=category, text=text, post_url=post_url, contact=contact)
    at = at or datetime.now(timezone.utc)
    with factory() as session, session.begin():
        inf = session.scalars(select(tables.Influencer).filter_by(key=influencer_key)).one_or_none()
        if inf is None:
            raise LookupError(f"no creator {influencer_key!r}")
        reference = _new_reference(session, at)
        post_id = _post_of(session, inf.id, fields["post_url"]) if fields["post_url"] else None
        record = {"id": reference, "influencer_id": inf.key, "filed_at": at.isoformat(), **fields}
        session.add(tables.Complaint(
            key=reference, influencer_id=inf.id, post_id=post_id, filed_at=at, category=fields["category"],
            text=fields["text"], status="received", source="web", post_url=fields["post_url"],
            contact=fields["contact"], content_hash=hashlib.sha256(
                json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()))
    return Receipt(reference=reference, influencer_key=influencer_key, filed_at=at)


def _post_of(session: Session, influencer_id: int, url: str) -> int | None:
    stmt = (select(tables.Post.id).join(tables.Account, tables.Account.id == tables.Post.account_id)
            .where(tables.Account.influencer_id == influencer_id, tables.Post.url == url).limit(1))
    return session.scalar(stmt)


def _row(c: tables.Complaint, key: str, name: str) -> dict[str, Any]:
    return {"id": c.id, "reference": c.key, "influencer": key, "influencer_name": name, "category": c.category,
            "text": c.text, "status": c.status, "filed_at": c.filed_at.isoformat(), "source": c.source or "import",
            "post_url": c.post_url, "contact": c.contact, "triage_reason": c.triage_reason,
            "triaged_by": c.triaged_by, "triaged_at": c.triaged_at.isoformat() if c.triaged_at else None}


def list_complaints(factory: sessionmaker[Session], *, status: str | None = None, influencer_key: str | None = None,
                    page: int = 1, per_page: int = 50) -> dict[str, Any]:
    """Complaints for reviewers, open ones first then newest first (includes contacts)."""
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise ValueError(f"page ≥ 1 and 1 ≤ per_page ≤ {MAX_PER_PAGE}")
    c, inf = tables.Complaint, tables.Influencer
    stmt = select(c, inf.key, inf.name).join(inf, inf.id == c.influencer_id)
    if status:
        stmt = stmt.where(c.status == status)
    if influencer_key:
        stmt = stmt.where(inf.key == influencer_key)
    with factory() as session:
        total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        opened = c.status.in_(OPEN_STATUSES)
        rows = session.execute(stmt.order_by(opened.desc(), c.filed_at.desc(), c.id.desc())
                               .limit(per_page).offset((page - 1) * per_page)).all()
        items = [_row(row, key, name) for row, key, name in rows]
    return {"items": items, "total": total, "page": page, "per_page": per_page}


def triage_complaint(factory: sessionmaker[Session], *, complaint_id: int, outcome: str, reason: str, reviewer: str,
                     role: str = "reviewer", at: datetime | None = None, reassess: bool = True) -> dict[str, Any]:
    """Record a reviewer's triage of an open complaint; re-assess the creator when it changes
    what counts (a complaint becomes substantiated)."""
    if outcome not in TRIAGE_OUTCOMES:
        raise ComplaintError("outcome", "kết quả không hợp lệ", f"outcome must be one of {', '.join(TRIAGE_OUTCOMES)}")
    reason = _clean(reason, "reason", limit=REASON_MAX, minimum=3)
    if not reviewer.strip():
        raise ComplaintError("reviewer", "thiếu người thẩm định", "the reviewer is required")
    at = at or datetime.now(timezone.utc)
    with factory() as session, session.begin():
        c = session.get(tables.Complaint, complaint_id)
        if c is None:
            raise LookupError(f"no complaint {complaint_id}")
        if c.status not in OPEN_STATUSES or c.status == outcome:
            raise ComplaintError("outcome", f"khiếu nại đã ở trạng thái {c.status}", f"the complaint is already {c.status}")
        previous = c.status
        c.status, c.triage_reason, c.triaged_by, c.triaged_at = outcome, reason, reviewer.strip(), at
        audit.record_event(session, actor=reviewer.strip(), role=role, action="complaint.triaged",
                           target_kind="complaint", target_id=c.key, at=at,
                           detail={"from": previous, "to": outcome, "reason": reason})
        key = session.get(tables.Influencer, c.influencer_id).key
        name = session.get(tables.Influencer, c.influencer_id).name
        out = _row(c, key, name)
    if reassess and outcome == "substantiated":
        from tinnhiem.services.assess import assess_creators

        assess_creators(factory, keys=[key], now=at)
    return out
