"""Findings: a creator's findings (latest assessment) and one finding by fingerprint."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from tinnhiem.api.deps import get_factory
from tinnhiem.api.routes._public import CreatorKey, FindingOut, Fingerprint, Page, http_errors
from tinnhiem.services import profiles

router = APIRouter(tags=["findings"])


class FindingPage(Page):
    influencer: str
    assessment_id: int
    items: list[FindingOut]


class FindingDetail(FindingOut):
    influencer: str
    influencer_name: str
    assessment_id: int
    in_latest_assessment: bool


@router.get("/creators/{key}/findings", response_model=FindingPage, summary="A creator's findings with evidence")
def creator_findings(
    request: Request, key: CreatorKey,
    detector: Annotated[str | None, Query(max_length=100, pattern=r"^[a-z0-9_]+$")] = None,
    severity: Annotated[str | None, Query(max_length=20, pattern=r"^[a-z]+$")] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=profiles.MAX_PER_PAGE)] = 50,
) -> dict:
    with http_errors():
        return profiles.creator_findings(get_factory(request), key=key, detector=detector, severity=severity,
                                         page=page, per_page=per_page)


@router.get("/findings/{fingerprint}", response_model=FindingDetail, summary="One finding by fingerprint")
def get_finding(request: Request, fingerprint: Fingerprint) -> dict:
    with http_errors():
        return profiles.finding_detail(get_factory(request), fingerprint=fingerprint)
