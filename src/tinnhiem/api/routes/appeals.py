"""``/appeals``: creators appeal their findings, assessments and certificate decisions; a
reviewer other than the one who decided rules on them."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from tinnhiem.api.deps import get_factory, Principal, require, Role, RowId
from tinnhiem.api.routes._web import audit, own_influencer, service_errors
from tinnhiem.services import appeals, dossiers

router = APIRouter(prefix="/appeals", tags=["appeals"])
filers = require(Role.creator)
readers = require(Role.creator, Role.reviewer, Role.operator)
deciders = require(Role.reviewer, Role.operator)


class AppealIn(BaseModel):
    target_kind: Literal["finding", "assessment", "certificate"]
    target_id: str = Field(..., min_length=1, max_length=100, description="Finding id (prefix), assessment id or serial.")
    statement: str = Field(..., min_length=1, max_length=5000)
    evidence: list[str] = Field(default_factory=list, max_length=20)
    influencer_key: str | None = Field(None, max_length=200, description="Admins only: the creator appealing.")


class AppealOut(BaseModel):
    id: int
    influencer_key: str
    influencer_name: str
    target_kind: str
    target_id: str
    statement: str
    evidence: list[str]
    filed_by: str
    filed_at: datetime
    status: str
    decided_by: str | None
    decided_at: datetime | None
    decision_reason: str | None


class RulingIn(BaseModel):
    outcome: Literal["upheld", "rejected"]
    reason: str = Field(..., min_length=1, max_length=2000)


class RulingOut(BaseModel):
    id: int
    status: str
    target_kind: str
    target_id: str
    decided_by: str
    decided_at: datetime
    decision_reason: str


class FiledOut(BaseModel):
    id: int
    status: str = "open"


@router.post("", response_model=FiledOut, status_code=201)
def file(body: AppealIn, request: Request, principal: Principal = Depends(filers)) -> FiledOut:
    key = body.influencer_key if principal.role is Role.admin and body.influencer_key else own_influencer(principal)
    if any(len(e) > 2000 for e in body.evidence):
        raise HTTPException(status_code=422, detail="Bằng chứng quá dài (evidence item too long)")
    with service_errors():
        appeal_id = appeals.file_appeal(get_factory(request), influencer_key=key, target_kind=body.target_kind,
                                        target_id=body.target_id, statement=body.statement, evidence=body.evidence,
                                        filed_by=principal.actor)
    audit(request, principal, "appeal.filed", "appeal", appeal_id,
          {"influencer": key, "target_kind": body.target_kind, "target_id": body.target_id})
    return FiledOut(id=appeal_id)


@router.get("", response_model=list[AppealOut])
def list_(request: Request, status: Literal["open", "upheld", "rejected"] | None = Query(None),
          principal: Principal = Depends(readers)) -> list[AppealOut]:
    """A creator sees their own appeals; reviewers and operators see every appeal."""
    if principal.role is Role.creator:
        with service_errors():
            rows = dossiers.creator_dossier(get_factory(request), influencer_key=own_influencer(principal))["appeals"]
        rows = [r for r in rows if status is None or r["status"] == status]
    else:
        rows = dossiers.list_appeals(get_factory(request), status=status, limit=1000)
    return [AppealOut(**r) for r in rows]


@router.post("/{appeal_id}/decision", response_model=RulingOut)
def decide(appeal_id: RowId, body: RulingIn, request: Request, principal: Principal = Depends(deciders)) -> RulingOut:
    """Rule on an appeal; the reviewer who made the decision under appeal may not (403)."""
    with service_errors():
        a = appeals.decide_appeal(get_factory(request), appeal_id=appeal_id, outcome=body.outcome,
                                  reason=body.reason, reviewer=principal.actor)
    audit(request, principal, "appeal.decided", "appeal", appeal_id, {"outcome": body.outcome, "reason": body.reason})
    return RulingOut(id=a.id, status=a.status, target_kind=a.target_kind, target_id=a.target_id,
                     decided_by=a.decided_by, decided_at=a.decided_at, decision_reason=a.decision_reason)
