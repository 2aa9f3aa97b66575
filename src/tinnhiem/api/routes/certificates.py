"""``/certificates``: status by serial with the log proof, the bundle, PDF and badge, and
verification of an uploaded bundle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Body, HTTPException, Request
from fastapi.responses import Response

from tinnhiem import certdocs
from tinnhiem.api.deps import get_factory
from tinnhiem.api.routes._public import Model, Serial, http_errors
from tinnhiem.services import certify, verify

router = APIRouter(tags=["certificates"])


class LogProofOut(Model):
    seq: int
    kind: str
    entry: str
    checkpoint: dict[str, Any] | None
    inclusion_proof: list[str]
    verified: bool


class CertificateStatusOut(Model):
    serial: str
    status: str  # valid | suspended | revoked | expired | superseded
    tier: str
    influencer: str
    influencer_name: str
    issued_at: str
    valid_until: str
    certificate: dict[str, Any]
    signature: dict[str, str]
    signature_valid: bool
    log: LogProofOut


class CheckOut(Model):
    name: str
    passed: bool
    detail: str


class VerificationOut(Model):
    status: str  # valid | expired | suspended | revoked | superseded | invalid
    serial: str | None
    registry_status: str | None
    checks: list[CheckOut]


def _signing(request: Request) -> dict:
    s = request.app.state.settings
    return {"key_dir": Path(s.key_dir), "env": s.env, "origin": s.log_origin}


def status_of(request: Request, serial: str) -> dict:
    """The certificate's status; 404 when the serial is unknown."""
    found = verify.certificate_status(get_factory(request), serial=serial, **_signing(request))
    if found["status"] == "unknown":
        raise HTTPException(status_code=404, detail=f"no certificate {serial}")
    return found


@router.get("/certificates/{serial}", response_model=CertificateStatusOut, summary="Certificate status and log proof")
def get_certificate(request: Request, serial: Serial) -> dict:
    return status_of(request, serial)


@router.get("/certificates/{serial}/bundle", summary="Offline verification bundle (JSON)")
def get_bundle(request: Request, serial: Serial) -> dict[str, Any]:
    with http_errors():
        return certify.export_bundle(get_factory(request), serial=serial, **_signing(request))


@router.get("/certificates/{serial}/pdf", summary="Certificate PDF with QR code",
            responses={200: {"content": {"application/pdf": {}}}})
def get_pdf(request: Request, serial: Serial) -> Response:
    found = status_of(request, serial)
    pdf = certdocs.certificate_pdf(found["certificate"], base_url=request.app.state.settings.public_url,
                                   log_seq=found["log"]["seq"])
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{serial}.pdf"'})


@router.get("/certificates/{serial}/badge.svg", summary="Embeddable badge (SVG)",
            responses={200: {"content": {"image/svg+xml": {}}}})
def get_badge(request: Request, serial: Serial) -> Response:
    found = status_of(request, serial)
    svg = certdocs.badge_svg(found["certificate"], base_url=request.app.state.settings.public_url)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "max-age=300"})


@router.post("/certificates/verify", response_model=VerificationOut, summary="Verify an uploaded bundle")
def verify_bundle(request: Request, bundle: dict[str, Any] = Body(..., description="A certificate bundle (JSON)")) -> dict:
    return verify.verify_uploaded_bundle(get_factory(request), bundle=bundle)
