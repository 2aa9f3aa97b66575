"""``/assessments/{id}``: one stored assessment (methodology, total, tier, gates, criteria)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from tinnhiem.api.deps import get_factory
from tinnhiem.api.routes._public import Model, http_errors
from tinnhiem.services import profiles

router = APIRouter(tags=["assessments"])


class DeductionBrief(Model):
    points: float
    reason_vi: str | None = None
    reason_en: str | None = None
    detector: str | None = None
    findings: int


class CriterionBrief(Model):
    criterion: str
    score: float | None
    max_points: float
    status: str
    confidence: dict[str, Any] | None = None
    deductions: list[DeductionBrief]


class AssessmentOut(Model):
    id: int
    influencer: str
    influencer_name: str
    created_at: str
    methodology_version: str
    methodology_digest: str
    total: float
    tier: str
    eligible: bool
    gates: list[dict[str, Any]]
    summary: dict[str, Any]
    criteria: list[CriterionBrief]
    findings: int
    detector_manifest: dict[str, str]


@router.get("/assessments/{assessment_id}", response_model=AssessmentOut, summary="One assessment")
def get_assessment(request: Request, assessment_id: Annotated[int, Path(ge=1, le=2**62)]) -> dict:
    with http_errors():
        return profiles.assessment_detail(get_factory(request), assessment_id=assessment_id)
