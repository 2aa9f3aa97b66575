"""``/observatory``: disclosure and compliance rates of commercial posts, overall and by
platform, niche, follower tier, province, month, and certified vs. not certified."""

from __future__ import annotations

from fastapi import APIRouter, Request

from tinnhiem.api.deps import get_factory
from tinnhiem.api.routes._public import Model
from tinnhiem.services import stats

router = APIRouter(tags=["observatory"])


class RateOut(Model):
    posts: int
    disclosed: int
    compliant: int
    disclosure_rate: float | None
    disclosure_interval: list[float]
    compliance_rate: float | None
    compliance_interval: list[float]


class GroupOut(RateOut):
    value: str


class ObservatoryOut(Model):
    unit: str
    overall: RateOut
    creators: int
    certified_creators: int
    compliance_detectors: list[str]
    by: dict[str, list[GroupOut]]


@router.get("/observatory", response_model=ObservatoryOut, summary="Observatory statistics")
def observatory(request: Request) -> dict:
    return stats.observatory(get_factory(request))
