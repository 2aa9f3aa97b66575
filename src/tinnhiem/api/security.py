"""Who is calling, and what they may send (the full version is under construction).

``install(app, settings)`` adds the middleware that puts a :class:`~tinnhiem.api.deps.Principal`
on ``request.state.principal`` and a CSRF token on ``request.state.csrf_token``.
"""

from __future__ import annotations

from fastapi import FastAPI, Request

from tinnhiem.api.deps import ANONYMOUS
from tinnhiem.settings import Settings


def install(app: FastAPI, settings: Settings) -> None:
    @app.middleware("http")
    async def identify(request: Request, call_next):
        request.state.principal = ANONYMOUS
        request.state.csrf_token = ""
        return await call_next(request)
