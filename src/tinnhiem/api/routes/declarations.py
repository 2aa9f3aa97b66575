"""``/declarations``: brands and creators declare paid collaborations; each sees only their own."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from tinnhiem.api.deps import Principal, Role, get_factory, require
from tinnhiem.api.routes._web import service_errors
from tinnhiem.api.security import client_address
from tinnhiem.services import declarations

router = APIRouter(prefix="/declarations", tags=["declarations"])
declarers = require(Role.brand, Role.creator, Role.operator)
readers = require(Role.brand, Role.creator, Role.reviewer, Role.operator)


class DeclarationIn(BaseModel):
    influencer_key: str | None = Field(None, max_length=200, description="The creator (creators: themselves, may be omitted).")
    brand: str | None = Field(None, max_length=300, description="The brand (brands: themselves, may be omitted).")
    start_on: date
    end_on: date | None = None
    compensation: Literal["paid", "gifted", "affiliate", "other"] | None = None
    disclosure_text: str = Field("", max_length=2000, description="The disclosure the audience sees, e.g. #hợptác.")
    post_links: list[str] = Field(default_factory=list, max_length=20,
                                  description="Post URLs or <platform>:<post id> of the creator's posts.")


class DeclarationOut(BaseModel):
    id: int | None = Field(description="Declaration id (null for collaborations that came by import).")
    key: str
    influencer_key: str
    influencer_name: str
    brand: str
    declared_by: str
    declared_by_user: str | None
    compensation: str | None
    start_on: date
    end_on: date | None
    disclosure_text: str
    post_links: list[str]
    posts_linked: int
    source: str


@router.post("", response_model=DeclarationOut, status_code=201)
def declare(body: DeclarationIn, request: Request, principal: Principal = Depends(declarers)) -> DeclarationOut:
    influencer = principal.influencer_key if principal.role is Role.creator else body.influencer_key
    with service_errors():
        if not influencer:
            raise ValueError("influencer_key is required")
        row = declarations.declare_collaboration(
            get_factory(request), principal=principal, influencer_key=influencer, brand=body.brand or "",
            start_on=body.start_on, end_on=body.end_on, disclosure_text=body.disclosure_text,
            post_links=body.post_links, compensation=body.compensation, client=client_address(request))
    return DeclarationOut(**row)


@router.get("", response_model=list[DeclarationOut])
def list_(request: Request, principal: Principal = Depends(readers)) -> list[DeclarationOut]:
    """Brands: their brand's declarations; creators: their own; reviewers and operators: all."""
    return [DeclarationOut(**row) for row in declarations.list_declarations(get_factory(request), principal=principal)]
