"""``GET /api/v1/version``: the software version and the methodology it scores with."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from tinnhiem import __version__

router = APIRouter(tags=["meta"])


class VersionOut(BaseModel):
    software: str
    api: str = "v1"


@router.get("/version", response_model=VersionOut)
def version() -> VersionOut:
    return VersionOut(software=__version__)
