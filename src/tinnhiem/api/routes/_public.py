"""Shared pieces of the public API routes: path parameter types, error mapping, models.

Modules whose name starts with ``_`` are not mounted (see :func:`tinnhiem.api.app._modules`).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import HTTPException, Path
from pydantic import BaseModel, ConfigDict

#: Creator keys as imported ("kol-0001", "youtube:UC…"): printable, no slash, ≤ 200 characters.
CreatorKey = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f/]+$",
                                 description="Creator key (mã người có ảnh hưởng)")]
Serial = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9._-]+$",
                             description="Certificate serial, e.g. TN-2026-000001")]
Fingerprint = Annotated[str, Path(min_length=8, max_length=64, pattern=r"^[0-9a-f]+$",
                                  description="Finding fingerprint (hex SHA-256)")]


@contextmanager
def http_errors():
    """LookupError → 404, ValueError → 422 (messages are safe to show)."""
    try:
        yield
    except LookupError as exc:
        raise HTTPException(status_code=404, detail=str(exc).strip("'\"")) from None
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None


class Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class EvidenceOut(Model):
    field: str
    quote: str
    start: int | None = None
    end: int | None = None
    time_s: float | None = None
    content_hash: str | None = None
    before: str = ""
    after: str = ""


class FindingOut(Model):
    fingerprint: str
    detector: str
    title_vi: str
    title_en: str
    subject: str
    subject_kind: str
    severity: str
    message: str
    message_en: str
    legal_source: str
    rule_confidence: str
    remediation: str
    category: str | None = None
    review: str | None = None  # pending | confirmed | dismissed | None (no review needed)
    evidence: list[EvidenceOut]


class DeductionOut(Model):
    points: float
    reason_vi: str = ""
    reason_en: str = ""
    detector: str | None = None
    title_vi: str = ""
    title_en: str = ""
    findings_total: int = 0
    findings: list[FindingOut] = []


class CriterionOut(Model):
    criterion: str
    score: float | None
    max_points: float
    status: str
    confidence: dict[str, Any] | None = None
    deductions: list[DeductionOut]


class AccountOut(Model):
    platform: str
    handle: str
    followers: int | None = None
    ownership_verified: bool = False


class CertificateBrief(Model):
    serial: str
    status: str
    tier: str
    issued_at: str
    valid_until: str


class HistoryPoint(Model):
    assessment_id: int
    created_at: str
    total: float
    tier: str
    eligible: bool
    methodology_version: str
    criteria: dict[str, float | None]


class Page(Model):
    total: int
    page: int
    per_page: int
