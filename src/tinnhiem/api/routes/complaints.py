"""``/complaints``: public submission (rate-limited) and, for reviewers, the list and triage."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import Field

from tinnhiem.api import security
from tinnhiem.api.deps import Principal, Role, get_factory, require
from tinnhiem.api.routes._public import Model, Page
from tinnhiem.services import complaints

router = APIRouter(tags=["complaints"])
Category = Literal["misleading_claim", "undisclosed_ad", "counterfeit", "product_harm", "no_refund",
                   "fake_engagement", "offensive", "other"]
reviewers = require(Role.reviewer, Role.operator)


class ComplaintIn(Model):
    influencer: str = Field(min_length=1, max_length=200, description="Creator key")
    category: Category
    text: str = Field(min_length=complaints.TEXT_MIN, max_length=complaints.TEXT_MAX)
    post_url: str | None = Field(default=None, max_length=complaints.URL_MAX)
    contact: str | None = Field(default=None, max_length=complaints.CONTACT_MAX,
                                description="Optional; seen by reviewers only")


class ReceiptOut(Model):
    reference: str
    influencer: str
    filed_at: str
    status: str


class ComplaintOut(Model):
    id: int
    reference: str
    influencer: str
    influencer_name: str
    category: str
    text: str
    status: str
    filed_at: str
    source: str
    post_url: str | None
    contact: str | None
    triage_reason: str | None
    triaged_by: str | None
    triaged_at: str | None


class ComplaintList(Page):
    items: list[ComplaintOut]


class TriageIn(Model):
    outcome: Literal["substantiated", "unsubstantiated", "forwarded"]
    reason: str = Field(min_length=3, max_length=complaints.REASON_MAX)


def file_complaint(request: Request, body: ComplaintIn) -> complaints.Receipt:
    """Shared by the API and the complaint page: 404 unknown creator, 422 invalid input."""
    try:
        return complaints.submit_complaint(get_factory(request), influencer_key=body.influencer,
                                           category=body.category, text=body.text, post_url=body.post_url,
                                           contact=body.contact)
    except LookupError:
        raise HTTPException(status_code=404, detail="Không tìm thấy người có ảnh hưởng (unknown creator)") from None
    except complaints.ComplaintError as exc:
        raise HTTPException(status_code=422, detail=f"{exc.field}: {exc.vi} ({exc.en})") from None


@router.post("/complaints", response_model=ReceiptOut, status_code=201, summary="File a complaint (public)",
             dependencies=[Depends(security.rate_limited("complaints"))])
def post_complaint(request: Request, body: ComplaintIn) -> ReceiptOut:
    receipt = file_complaint(request, body)
    return ReceiptOut(reference=receipt.reference, influencer=receipt.influencer_key,
                      filed_at=receipt.filed_at.isoformat(), status=receipt.status)


@router.get("/complaints", response_model=ComplaintList, summary="Complaints (reviewers)")
def list_complaints(
    request: Request, principal: Principal = Depends(reviewers),
    status: Literal["received", "substantiated", "unsubstantiated", "forwarded", "dismissed"] | None = None,
    influencer: Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=complaints.MAX_PER_PAGE)] = 50,
) -> dict:
    return complaints.list_complaints(get_factory(request), status=status, influencer_key=influencer,
                                      page=page, per_page=per_page)


@router.post("/complaints/{complaint_id}/triage", response_model=ComplaintOut, summary="Triage a complaint (reviewers)")
def triage(request: Request, complaint_id: Annotated[int, Path(ge=1, le=2**62)], body: TriageIn,
           principal: Principal = Depends(reviewers)) -> dict:
    try:
        return complaints.triage_complaint(get_factory(request), complaint_id=complaint_id, outcome=body.outcome,
                                           reason=body.reason, reviewer=principal.actor, role=principal.role.value)
    except LookupError:
        raise HTTPException(status_code=404, detail=f"no complaint {complaint_id}") from None
    except complaints.ComplaintError as exc:
        code = 409 if exc.field == "outcome" else 422
        raise HTTPException(status_code=code, detail=f"{exc.field}: {exc.vi} ({exc.en})") from None
