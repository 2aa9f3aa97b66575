"""``/auth``: who am I, and my API keys (issued once, stored hashed, revocable)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from tinnhiem.api.deps import get_factory, Principal, require, Role, RowId
from tinnhiem.api.routes._web import service_errors
from tinnhiem.api.security import client_address
from tinnhiem.services import accounts

router = APIRouter(prefix="/auth", tags=["auth"])
logged_in = require(Role.creator, Role.brand, Role.reviewer, Role.operator)


class MeOut(BaseModel):
    username: str
    role: str
    influencer_key: str | None
    brand: str | None
    via: str
    csrf_token: str = Field("", description="Browser sessions: the X-CSRF-Token for unsafe requests.")


class KeyIn(BaseModel):
    label: str = Field("", max_length=200)


class KeyOut(BaseModel):
    id: int
    prefix: str
    label: str
    created_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None


class IssuedKeyOut(KeyOut):
    key: str = Field(description="The API key. Shown only now: store it, it cannot be shown again.")


@router.get("/me", response_model=MeOut)
def me(request: Request, principal: Principal = Depends(logged_in)) -> MeOut:
    token = getattr(request.state, "csrf_token", "") if principal.via == "session" else ""
    return MeOut(username=principal.username or "", role=principal.role.value, influencer_key=principal.influencer_key,
                 brand=principal.brand, via=principal.via, csrf_token=token)


@router.get("/api-keys", response_model=list[KeyOut])
def my_keys(request: Request, principal: Principal = Depends(logged_in)) -> list[KeyOut]:
    with get_factory(request)() as session:
        return [KeyOut(**k.__dict__) for k in accounts.list_api_keys(session, user_id=principal.user_id)]


@router.post("/api-keys", response_model=IssuedKeyOut, status_code=201)
def issue_key(body: KeyIn, request: Request, principal: Principal = Depends(logged_in)) -> IssuedKeyOut:
    with service_errors():
        issued = accounts.issue_api_key(get_factory(request), user_id=principal.user_id, label=body.label,
                                        actor=principal.actor, client=client_address(request))
    return IssuedKeyOut(**issued.__dict__)


@router.delete("/api-keys/{key_id}", response_model=KeyOut)
def revoke_key(key_id: RowId, request: Request, principal: Principal = Depends(logged_in)) -> KeyOut:
    """Revoke one of my keys (an admin may revoke anyone's)."""
    owner = None if principal.role is Role.admin else principal.user_id
    with service_errors():
        info = accounts.revoke_api_key(get_factory(request), key_id=key_id, owner_id=owner, actor=principal.actor,
                                       client=client_address(request))
    return KeyOut(**info.__dict__)
