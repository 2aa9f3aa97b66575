"""``/ownership``: a creator proves they control an account with a one-time code."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field

from tinnhiem.api.deps import Principal, Role, get_factory, require
from tinnhiem.api.routes._web import audit, own_influencer, service_errors
from tinnhiem.services import dossiers, ownership

router = APIRouter(prefix="/ownership", tags=["ownership"])
allowed = require(Role.creator, Role.operator)


class ChallengeIn(BaseModel):
    account_key: str = Field(..., min_length=3, max_length=300, description="<platform>:<platform id>")


class ChallengeOut(BaseModel):
    account_key: str
    code: str
    expires_at: datetime
    verified_at: datetime | None = None
    verified_via: str | None = None


def _may_act_on(request: Request, principal: Principal, account_key: str) -> None:
    """Creators act only on their own accounts (an unknown or foreign account is a 404 alike)."""
    if principal.role is not Role.creator:
        return
    with service_errors():
        mine = dossiers.creator_dossier(get_factory(request), influencer_key=own_influencer(principal))["accounts"]
    if account_key not in {a["account_key"] for a in mine}:
        raise HTTPException(status_code=404, detail="Không có tài khoản này trong hồ sơ của bạn (not your account)")


@router.post("/challenges", response_model=ChallengeOut, status_code=201)
def start(body: ChallengeIn, request: Request, principal: Principal = Depends(allowed)) -> ChallengeOut:
    _may_act_on(request, principal, body.account_key)
    with service_errors():
        ch = ownership.start_challenge(get_factory(request), account_key=body.account_key)
    audit(request, principal, "ownership.challenge_started", "account", body.account_key)
    return ChallengeOut(**ch.__dict__)


@router.post("/challenges/{account_key}/check", response_model=ChallengeOut)
def check(account_key: str, request: Request, principal: Principal = Depends(allowed)) -> ChallengeOut:
    """Look for the open code in the account's imported bio and posts."""
    _may_act_on(request, principal, account_key)
    with service_errors():
        ch = ownership.check_challenge(get_factory(request), account_key=account_key)
    audit(request, principal, "ownership.challenge_checked", "account", account_key,
          {"verified": ch.verified_at is not None, "via": ch.verified_via})
    return ChallengeOut(**ch.__dict__)
