"""``/dang-nhap`` (log in) and ``/dang-xuat`` (log out)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from tinnhiem.api.deps import Role, current_principal, get_factory
from tinnhiem.api.security import login, logout, rate_limited
from tinnhiem.web.render import render

router = APIRouter(include_in_schema=False)

HOMES = {Role.creator: "/cua-toi", Role.brand: "/doanh-nghiep", Role.reviewer: "/tham-dinh",
         Role.operator: "/tham-dinh", Role.admin: "/tham-dinh"}


def home_of(role: Role) -> str:
    return HOMES.get(role, "/")


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site (no scheme, no host, no ``//``) may be a redirect target."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target or len(target) > 500:
        return None
    return target


@router.get("/dang-nhap")
def login_form(request: Request, next: str | None = None):
    principal = current_principal(request)
    if principal.role is not Role.public:
        return RedirectResponse(_safe_next(next) or home_of(principal.role), status_code=303)
    return render(request, "auth/login.html", {"next": _safe_next(next) or "", "error": None, "username": ""})


@router.post("/dang-nhap", dependencies=[Depends(rate_limited("login"))])
def login_submit(request: Request, username: str = Form("", max_length=100), password: str = Form("", max_length=200),
                 next: str = Form("", max_length=500)):
    principal = login(request, get_factory(request), username, password) if username and password else None
    if principal is None:
        error = ("Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong username or password.")
        return render(request, "auth/login.html", {"next": _safe_next(next) or "", "error": error,
                                                   "username": username}, status_code=401)
    return RedirectResponse(_safe_next(next) or home_of(principal.role), status_code=303)


@router.post("/dang-xuat")
def logout_submit(request: Request):
    logout(request)
    return RedirectResponse("/", status_code=303)
