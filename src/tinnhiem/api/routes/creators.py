"""``/creators``: search the registry, one creator's public profile, their score history."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from tinnhiem.api.deps import get_factory
from tinnhiem.api.routes._public import (AccountOut, CertificateBrief, CreatorKey, CriterionOut, HistoryPoint, Model,
                                         Page, http_errors)
from tinnhiem.services import profiles, search

router = APIRouter(tags=["creators"])


class CreatorHitOut(Model):
    key: str
    name: str
    province: str | None
    niches: list[str]
    platforms: list[str]
    handles: list[str]
    followers: int
    total: float
    tier: str
    eligible: bool
    assessed_at: str
    certificate_serial: str | None
    certificate_status: str | None


class CreatorSearchOut(Page):
    pages: int
    items: list[CreatorHitOut]


class InfluencerOut(Model):
    key: str
    name: str
    province: str | None
    niches: list[str]


class AssessmentBrief(Model):
    id: int
    created_at: str
    methodology_version: str
    total: float
    tier: str
    eligible: bool
    total_low: float | None = None
    total_high: float | None = None
    tier_label_vi: str | None = None
    tier_label_en: str | None = None
    gates: list[dict[str, Any]] = []


class CreatorProfileOut(Model):
    influencer: InfluencerOut
    accounts: list[AccountOut]
    assessment: AssessmentBrief
    criteria: list[CriterionOut]
    findings_total: int
    history: list[HistoryPoint]
    certificate: CertificateBrief | None


Text = Annotated[str | None, Query(max_length=100)]


@router.get("/creators", response_model=CreatorSearchOut, summary="Search creators (tra cứu người có ảnh hưởng)")
def list_creators(
    request: Request, q: Text = None, platform: Text = None, niche: Text = None, province: Text = None,
    tier: Annotated[str | None, Query(max_length=10)] = None,
    min_score: Annotated[float | None, Query(ge=0, le=100)] = None,
    min_followers: Annotated[int | None, Query(ge=0, le=search.MAX_FOLLOWERS)] = None,
    max_followers: Annotated[int | None, Query(ge=0, le=search.MAX_FOLLOWERS)] = None,
    certified: bool | None = None,
    sort: Literal["score", "followers", "name"] = "score", order: Literal["asc", "desc"] | None = None,
    page: Annotated[int, Query(ge=1, le=search.MAX_PAGE)] = 1,
    per_page: Annotated[int, Query(ge=1, le=search.MAX_PER_PAGE)] = 20,
) -> CreatorSearchOut:
    with http_errors():
        query = search.SearchQuery(q=q, platform=platform, niche=niche, province=province, tier=tier,
                                   min_score=min_score, min_followers=min_followers, max_followers=max_followers,
                                   certified=certified, sort=sort, order=order, page=page, per_page=per_page)
        result = search.search_creators(get_factory(request), query)
    return CreatorSearchOut(total=result.total, page=result.page, per_page=result.per_page, pages=result.pages,
                            items=[CreatorHitOut(**vars(h)) for h in result.items])


@router.get("/creators/{key}", response_model=CreatorProfileOut, summary="A creator's public profile")
def get_creator(request: Request, key: CreatorKey) -> dict:
    with http_errors():
        return profiles.creator_profile(get_factory(request), key=key)


@router.get("/creators/{key}/history", response_model=list[HistoryPoint], summary="Score history")
def get_history(request: Request, key: CreatorKey) -> list[dict]:
    with http_errors():
        return profiles.score_history(get_factory(request), key=key)
