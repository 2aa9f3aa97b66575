"""``/admin`` (admins only): logins and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from tinnhiem.api.deps import get_factory, Principal, require, Role, RowId
from tinnhiem.api.routes._web import service_errors
from tinnhiem.api.security import client_address
from tinnhiem.services import accounts, audit

router = APIRouter(prefix="/admin", tags=["admin"])
admins = require(Role.admin)


class UserIn(BaseModel):
    username: str = Field(..., min_length=3, max_length=100)
    password: str = Field(..., min_length=accounts.MIN_PASSWORD, max_length=200)
    role: Literal["creator", "brand", "reviewer", "operator", "admin"]
    influencer_key: str | None = Field(None, max_length=200)
    brand: str | None = Field(None, max_length=300)


class UserOut(BaseModel):
    id: int
    username: str
    role: str
    influencer_key: str | None
    brand: str | None
    created_at: datetime
    disabled_at: datetime | None


# The audit trail is served as the service's own records (``audit.AuditRecord``, a dataclass).


@router.get("/users", response_model=list[UserOut])
def users(request: Request, _: Principal = Depends(admins)) -> list[UserOut]:
    with get_factory(request)() as session:
        return [UserOut(**u.__dict__) for u in accounts.list_users(session)]


@router.post("/users", response_model=UserOut, status_code=201)
def create(body: UserIn, request: Request, principal: Principal = Depends(admins)) -> UserOut:
    with service_errors():
        user = accounts.create_user(get_factory(request), username=body.username, password=body.password,
                                    role=body.role, influencer_key=body.influencer_key, brand=body.brand,
                                    actor=principal.actor, client=client_address(request))
    return UserOut(**user.__dict__)


@router.post("/users/{user_id}/disable", response_model=UserOut)
def disable(user_id: RowId, request: Request, principal: Principal = Depends(admins)) -> UserOut:
    with service_errors():
        user = accounts.disable_user(get_factory(request), user_id=user_id, actor=principal.actor,
                                     client=client_address(request))
    return UserOut(**user.__dict__)


@router.get("/audit", response_model=list[audit.AuditRecord])
def events(request: Request, action: str | None = Query(None, max_length=100), actor: str | None = Query(None, max_length=200),
           limit: int = Query(100, ge=1, le=1000), before_id: int | None = Query(None, ge=1),
           _: Principal = Depends(admins)) -> list[audit.AuditRecord]:
    """Audit events, newest first; page backwards with ``before_id``."""
    with get_factory(request)() as session:
        return audit.list_events(session, action=action, actor=actor, limit=limit, before_id=before_id)
