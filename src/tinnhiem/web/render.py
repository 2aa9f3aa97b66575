"""Page rendering: Jinja2 templates with autoescaping, the page language and the CSRF token.

Vietnamese is the default language; ``?lang=en`` switches to English and is remembered in a
cookie. Templates write both languages with ``t("Tiếng Việt", "English")``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

LANGS = ("vi", "en")
LANG_COOKIE = "lang"


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    folder = resources.files("tinnhiem.web") / "templates"
    env = Jinja2Templates(directory=str(folder))
    env.env.autoescape = True  # every template, whatever its extension
    return env


def page_lang(request: Request) -> str:
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    return asked if asked in LANGS else "vi"


def render(request: Request, template: str, context: dict[str, Any] | None = None,
           *, status_code: int = 200) -> HTMLResponse:
    """Render ``template`` with the language helpers, the caller and the CSRF token."""
    lang = page_lang(request)

    def t(vi: str, en: str | None = None) -> str:
        return en if lang == "en" and en else vi

    ctx = {
        "request": request,
        "lang": lang,
        "t": t,
        "principal": getattr(request.state, "principal", None),
        "csrf_token": getattr(request.state, "csrf_token", ""),
        **(context or {}),
    }
    response = templates().TemplateResponse(request, template, ctx, status_code=status_code)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax")
    return response
