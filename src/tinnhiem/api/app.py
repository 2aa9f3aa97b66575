"""Application factory: ``create_app(settings)`` wires settings, database, security and routes."""

from __future__ import annotations

import importlib
import pkgutil
from importlib import resources
from types import ModuleType

from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from tinnhiem import __version__
from tinnhiem.settings import Settings, get_settings
from tinnhiem.store import db

API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None, *, migrate: bool = True) -> FastAPI:
    """Build the application. ``migrate`` upgrades the schema to head first (idempotent)."""
    settings = settings or get_settings()
    engine = db.init_db(settings.database_url) if migrate else db.make_engine(settings.database_url)
    app = FastAPI(
        title="tinnhiem",
        version=__version__,
        description="Tín nhiệm người có ảnh hưởng — API công khai và nghiệp vụ (Influencer credibility API).",
        openapi_url="/openapi.json",
        docs_url=None,  # Swagger UI would load from a CDN; the OpenAPI document is the reference
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.factory = db.session_factory(engine)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    _install_security(app, settings)
    for module in _modules("tinnhiem.api.routes"):
        app.include_router(module.router, prefix=API_PREFIX)
    for module in _modules("tinnhiem.web.pages"):
        app.include_router(module.router)
    static = resources.files("tinnhiem.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app


async def _invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's own 422 answer, ``{"detail": [errors]}``, with every string made encodable: a
    JSON body may carry an unpaired surrogate ("\\ud83d" alone, half an emoji), which the errors
    echo back and the default answer failed to write as UTF-8 (a 500 instead of the 422)."""
    return JSONResponse(status_code=422, content={"detail": _encodable(jsonable_encoder(exc.errors()))})


def _encodable(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, list):
        return [_encodable(v) for v in value]
    if isinstance(value, dict):
        return {k: _encodable(v) for k, v in value.items()}
    return value


def _install_security(app: FastAPI, settings: Settings) -> None:
    from tinnhiem.api import security

    security.install(app, settings)


def _modules(package: str) -> list[ModuleType]:
    """Every module of ``package`` that defines ``router``, in name order."""
    pkg = importlib.import_module(package)
    found = []
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        if hasattr(module, "router"):
            found.append(module)
    return found
