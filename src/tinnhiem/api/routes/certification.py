"""Certificate decisions by operators: issue, suspend, revoke, reinstate (each logged)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from tinnhiem.api.deps import Principal, Role, get_factory, require
from tinnhiem.api.routes._web import audit, service_errors
from tinnhiem.services import certify, lifecycle

router = APIRouter(tags=["certification"])
operators = require(Role.operator)


class ReasonIn(BaseModel):
    reason: str = Field(..., min_length=1, max_length=2000)


class StatusOut(BaseModel):
    serial: str
    status: str
    reason: str
    actor: str


class IssueIn(BaseModel):
    keys: list[str] | None = Field(None, max_length=10_000, description="Influencer ids; default: every eligible one.")


class IssueOut(BaseModel):
    influencer_key: str
    outcome: str
    serial: str | None
    detail: str


@router.post("/certificates/{serial}/{action}", response_model=StatusOut)
def change(serial: str, action: Literal["suspend", "revoke", "reinstate"], body: ReasonIn, request: Request,
           principal: Principal = Depends(operators)) -> StatusOut:
    """Suspend an active certificate, revoke one (only an appeal reverses that) or lift a suspension."""
    with service_errors():
        result = lifecycle.decide(get_factory(request), serial=serial, action=action, reason=body.reason,
                                  actor=principal.actor)
    audit(request, principal, f"certificate.{action}", "certificate", serial, {"reason": body.reason})
    return StatusOut(**result.__dict__)


@router.post("/certification/issue", response_model=list[IssueOut])
def issue(body: IssueIn, request: Request, principal: Principal = Depends(operators)) -> list[IssueOut]:
    """Issue certificates to eligible creators with a verified account (signed, logged)."""
    settings = request.app.state.settings
    with service_errors():
        results = certify.certify(get_factory(request), key_dir=Path(settings.key_dir), env=settings.env,
                                  origin=settings.log_origin, keys=body.keys)
    issued = [r.serial for r in results if r.outcome == "issued"]
    audit(request, principal, "certificate.issue", "certification", "batch",
          {"asked": body.keys, "issued": issued})
    return [IssueOut(**r.__dict__) for r in results]
