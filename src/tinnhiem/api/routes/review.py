"""``/review``: the queue of serious automated findings, and reviewers' decisions on them."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from tinnhiem.api.deps import Principal, Role, get_factory, require
from tinnhiem.api.routes._web import audit, service_errors
from tinnhiem.services import review

router = APIRouter(prefix="/review", tags=["review"])
reviewers = require(Role.reviewer, Role.operator)


class DecisionIn(BaseModel):
    fingerprint: str = Field(..., min_length=6, max_length=64, description="Finding id (a unique prefix is enough).")
    decision: Literal["confirmed", "dismissed"]
    reason: str = Field(..., min_length=1, max_length=2000)


class DecisionOut(BaseModel):
    influencer_key: str
    assessment_id: int
    total: float
    tier: str
    eligible: bool


@router.get("/queue", response_model=list[review.QueueItem])
def queue(request: Request, _: Principal = Depends(reviewers)) -> list[review.QueueItem]:
    with get_factory(request)() as session:
        return review.review_queue(session)


@router.post("/decisions", response_model=DecisionOut, status_code=201)
def decide(body: DecisionIn, request: Request, principal: Principal = Depends(reviewers)) -> DecisionOut:
    """Confirm or dismiss a finding; the creator is re-scored at once (a confirmed critical
    finding suspends an active certificate)."""
    with service_errors():
        summary = review.decide_finding(get_factory(request), fingerprint=body.fingerprint, decision=body.decision,
                                        reason=body.reason, reviewer=principal.actor)
    audit(request, principal, f"finding.{body.decision}", "finding", body.fingerprint,
          {"influencer": summary.influencer_key, "reason": body.reason, "assessment": summary.assessment_id})
    return DecisionOut(influencer_key=summary.influencer_key, assessment_id=summary.assessment_id,
                       total=summary.total, tier=summary.tier, eligible=summary.eligible)
