"""Helpers shared by the authenticated API routes (not a router: the leading underscore keeps
it from being mounted): service errors as HTTP errors, and the audit record of a write."""

from __future__ import annotations

import contextlib
from typing import Any

from fastapi import HTTPException, Request

from tinnhiem.api.deps import Principal, get_factory
from tinnhiem.api.security import client_address
from tinnhiem.services.audit import record_event

NOT_FOUND = "Không tìm thấy (not found)"
INVALID = "Yêu cầu không hợp lệ (invalid request)"
FORBIDDEN = "Không có quyền (forbidden)"


@contextlib.contextmanager
def service_errors():
    """LookupError → 404, ValueError → 422, PermissionError → 403, each with the service's reason."""
    try:
        yield
    except LookupError as exc:
        raise HTTPException(status_code=404, detail=f"{NOT_FOUND}: {exc}") from None
    except PermissionError as exc:
        raise HTTPException(status_code=403, detail=f"{FORBIDDEN}: {exc}") from None
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=f"{INVALID}: {exc}") from None


def audit(request: Request, principal: Principal, action: str, target_kind: str, target_id: Any,
          detail: dict[str, Any] | None = None) -> None:
    """Record a write a service made in its own transaction (right after it)."""
    record_event(get_factory(request), actor=principal.actor, role=principal.role.value, action=action,
                 target_kind=target_kind, target_id=str(target_id), detail=detail or {},
                 client=client_address(request))


def own_influencer(principal: Principal) -> str:
    """A creator's influencer key (a creator login without one can do nothing)."""
    if not principal.influencer_key:
        raise HTTPException(status_code=403, detail=f"{FORBIDDEN}: this login is not bound to a creator")
    return principal.influencer_key
