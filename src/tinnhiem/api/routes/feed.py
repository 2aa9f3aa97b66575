"""``/feed`` (public): certification changes from the transparency log; ``/webhooks``: push them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from tinnhiem.api.deps import get_factory, Principal, require, Role, RowId
from tinnhiem.api.routes._web import service_errors
from tinnhiem.api.security import client_address
from tinnhiem.services import feed

router = APIRouter(tags=["feed"])
subscribers = require(Role.operator)
EventName = Literal["certificate.issued", "certificate.renewed", "certificate.suspended", "certificate.revoked",
                    "certificate.reinstated"]


class FeedEventOut(BaseModel):
    seq: int = Field(description="Log sequence number: the cursor.")
    event: str
    kind: str
    at: str
    serial: str
    influencer: str | None
    status: str = Field(description="The certificate's status after this event.")
    reason: str | None
    actor: str | None
    replaces: str | None


class FeedOut(BaseModel):
    events: list[FeedEventOut]
    next_since: int = Field(description="Pass as ?since= to get what follows.")
    has_more: bool


class WebhookIn(BaseModel):
    url: str = Field(..., min_length=8, max_length=2000)
    events: list[EventName] = Field(default_factory=list, description="Empty: every certificate event.")


@dataclass(frozen=True)
class NewWebhookOut(feed.WebhookInfo):
    """A webhook as the service describes it (``feed.WebhookInfo``), plus its secret."""

    secret: Annotated[str, Field(description="HMAC-SHA256 key of the X-Tinnhiem-Signature header. Shown only now.")]


@router.get("/feed", response_model=FeedOut)
def changes(request: Request, since: int = Query(-1, ge=-1, le=2**62), limit: int = Query(100, ge=1, le=feed.MAX_LIMIT)) -> FeedOut:
    with get_factory(request)() as session:
        page = feed.certificate_feed(session, since=since, limit=limit)
    return FeedOut(events=[FeedEventOut(**feed.as_dict(e)) for e in page.events], next_since=page.next_since,
                   has_more=page.has_more)


@router.post("/webhooks", response_model=NewWebhookOut, status_code=201)
def register(body: WebhookIn, request: Request, principal: Principal = Depends(subscribers)) -> NewWebhookOut:
    with service_errors():
        info, secret = feed.register_webhook(get_factory(request), owner_id=principal.user_id, url=body.url,
                                             events=list(body.events), actor=principal.actor,
                                             client=client_address(request))
    return NewWebhookOut(**info.__dict__, secret=secret)


@router.get("/webhooks", response_model=list[feed.WebhookInfo])
def mine(request: Request, principal: Principal = Depends(subscribers)) -> list[feed.WebhookInfo]:
    """My webhooks (an admin sees every one)."""
    owner = None if principal.role is Role.admin else principal.user_id
    with get_factory(request)() as session:
        return feed.list_webhooks(session, owner_id=owner)


@router.delete("/webhooks/{webhook_id}", response_model=feed.WebhookInfo)
def disable(webhook_id: RowId, request: Request, principal: Principal = Depends(subscribers)) -> feed.WebhookInfo:
    owner = None if principal.role is Role.admin else principal.user_id
    with service_errors():
        info = feed.disable_webhook(get_factory(request), webhook_id=webhook_id, owner_id=owner,
                                    actor=principal.actor, client=client_address(request))
    return info
