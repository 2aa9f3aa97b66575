"""``/khieu-nai``: the consumer complaint form (pre-filled creator when linked from a profile,
``?nguoi=<key>``) and the thank-you page with the reference number."""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from tinnhiem.api import security
from tinnhiem.api.deps import get_factory
from tinnhiem.services import complaints, search
from tinnhiem.web.render import render

router = APIRouter(include_in_schema=False)
REFERENCE = re.compile(r"^KN-\d{8}-[0-9A-F]{6}$")


def _creator(request: Request, key: str) -> search.CreatorHit | None:
    if not key or len(key) > 200:
        return None
    found = search.search_creators(get_factory(request), search.SearchQuery(q=key[:search.MAX_QUERY_CHARS], per_page=5))
    return next((h for h in found.items if h.key == key), None)


def _form(request: Request, values: dict, error: tuple[str, str] | None = None, status_code: int = 200):
    return render(request, "public/complaint.html", {
        "values": values, "error": error, "creator": _creator(request, values.get("influencer", "")),
        "CATEGORIES": complaints.CATEGORIES, "limits": {"text_min": complaints.TEXT_MIN, "text_max": complaints.TEXT_MAX,
                                                        "contact": complaints.CONTACT_MAX}}, status_code=status_code)


@router.get("/khieu-nai")
def complaint_form(request: Request):
    key = (request.query_params.get("nguoi") or "").strip()[:200]
    return _form(request, {"influencer": key})


@router.post("/khieu-nai", dependencies=[Depends(security.rate_limited("complaints"))])
def complaint_submit(request: Request, influencer: str = Form("", max_length=200), category: str = Form("", max_length=40),
                     text: str = Form("", max_length=complaints.TEXT_MAX * 2), post_url: str = Form("", max_length=4000),
                     contact: str = Form("", max_length=complaints.CONTACT_MAX * 2)):
    values = {"influencer": influencer.strip(), "category": category, "text": text, "post_url": post_url,
              "contact": contact}
    try:
        receipt = complaints.submit_complaint(get_factory(request), influencer_key=values["influencer"],
                                              category=category, text=text, post_url=post_url or None,
                                              contact=contact or None)
    except LookupError:
        return _form(request, values, ("Không tìm thấy người có ảnh hưởng với mã này.",
                                       "No creator has this key."), status_code=422)
    except complaints.ComplaintError as exc:
        return _form(request, values, (exc.vi, exc.en), status_code=422)
    return RedirectResponse(f"/khieu-nai/cam-on/{receipt.reference}", status_code=303)


@router.get("/khieu-nai/cam-on/{reference}")
def complaint_thanks(request: Request, reference: str):
    if not REFERENCE.match(reference):
        raise HTTPException(status_code=404)
    return render(request, "public/complaint_thanks.html", {"reference": reference})
