"""Request dependencies shared by API routes and pages: the session factory and the caller.

The contract every route relies on:

- :func:`get_factory` — the ``sessionmaker`` of this application (services own sessions).
- :func:`current_principal` — who is calling: a :class:`Principal` (``Role.public`` when
  anonymous). Resolved by :mod:`tinnhiem.api.security` from an API key
  (``Authorization: Bearer <key>``) or the web session cookie.
- :func:`require` — a dependency factory: ``Depends(require(Role.reviewer, Role.operator))``
  answers 401 to anonymous callers and 403 to callers of another role. ``admin`` passes
  every check.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Callable

from fastapi import HTTPException, Path, Request
from sqlalchemy.orm import Session, sessionmaker


class Role(StrEnum):
    public = "public"
    creator = "creator"
    brand = "brand"
    reviewer = "reviewer"
    operator = "operator"
    admin = "admin"


@dataclass(frozen=True)
class Principal:
    role: Role
    user_id: int | None = None
    username: str | None = None
    influencer_key: str | None = None  # creators: the influencer they are ("youtube:UC…")
    brand: str | None = None  # brands: the brand name their declarations carry
    via: str = "anonymous"  # "anonymous" | "session" | "api_key"

    @property
    def actor(self) -> str:
        """The name written into audit records and decisions."""
        return f"{self.role.value}:{self.username}" if self.username else "public"


ANONYMOUS = Principal(role=Role.public)

#: A database row id in a path: bounded so that no input overflows a 64-bit column (422, not 500).
RowId = Annotated[int, Path(ge=1, le=2**62)]


def get_factory(request: Request) -> sessionmaker[Session]:
    return request.app.state.factory


def current_principal(request: Request) -> Principal:
    principal = getattr(request.state, "principal", None)
    return principal if principal is not None else ANONYMOUS


def require(*roles: Role) -> Callable[[Request], Principal]:
    allowed = frozenset(roles)

    def dependency(request: Request) -> Principal:
        principal = current_principal(request)
        if principal.role is Role.public:
            raise HTTPException(status_code=401, detail="Cần đăng nhập (authentication required)")
        if principal.role is not Role.admin and principal.role not in allowed:
            raise HTTPException(status_code=403, detail="Không có quyền (forbidden)")
        return principal

    return dependency
