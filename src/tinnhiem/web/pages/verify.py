"""Certificate verification: ``/xac-minh/{serial}`` (the QR code's target) shows the status
prominently with the transparency-log proof checked server-side; ``/xac-minh`` lets anyone
type a serial or upload a bundle file to verify it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import RedirectResponse

from tinnhiem.api.deps import get_factory
from tinnhiem.services import verify
from tinnhiem.web.pages import _public
from tinnhiem.web.render import render

router = APIRouter(include_in_schema=False)
SERIAL = re.compile(r"^[A-Za-z0-9._-]{1,40}$")
MAX_BUNDLE_BYTES = 512 * 1024


@router.get("/xac-minh")
def verify_home(request: Request):
    serial = (request.query_params.get("serial") or "").strip()
    if serial and SERIAL.match(serial):
        return RedirectResponse(f"/xac-minh/{serial}", status_code=303)
    return render(request, "public/verify_home.html", {"result": None, "bad_serial": bool(serial), **_public.labels()})


@router.get("/xac-minh/{serial}")
def verify_serial(request: Request, serial: str):
    if not SERIAL.match(serial):
        found = {"serial": serial[:40], "status": "unknown"}
    else:
        s = request.app.state.settings
        found = verify.certificate_status(get_factory(request), serial=serial, key_dir=Path(s.key_dir), env=s.env,
                                          origin=s.log_origin)
    return render(request, "public/verify.html", {"c": found, **_public.labels()},
                  status_code=404 if found["status"] == "unknown" else 200)


@router.post("/xac-minh")
async def verify_upload(request: Request, bundle: UploadFile = File(...)):
    raw = await bundle.read(MAX_BUNDLE_BYTES + 1)
    try:
        if len(raw) > MAX_BUNDLE_BYTES:
            raise ValueError("too large")
        document = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        document = None
    result = verify.verify_uploaded_bundle(get_factory(request), bundle=document)
    return render(request, "public/verify_home.html", {"result": result, "bad_serial": False, **_public.labels()})
