"""Brand partner area ``/doanh-nghiep``: search creators with the registry's filters, keep a
shortlist in the session, compare the shortlisted creators side by side
(``/doanh-nghiep/so-sanh``) and see the brand's own collaboration declarations.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from tinnhiem.api.deps import Principal, Role, get_factory
from tinnhiem.services import declarations, dossiers, search
from tinnhiem.web.pages import _workspace as ws
from tinnhiem.web.render import render

router = APIRouter(include_in_schema=False)
brand_only = ws.page_require(Role.brand)
HOME = "/doanh-nghiep"
SHORTLIST = "shortlist"
MAX_SHORTLIST = 6
TEXT_FILTERS = ("q", "platform", "niche", "province", "tier")
NUMBER_FILTERS = {"min_score": float, "min_followers": int, "max_followers": int}


def search_query(params) -> search.SearchQuery:
    """The registry's filters from query parameters; malformed values are ignored, not errors."""
    fields: dict = {k: params.get(k).strip()[:search.MAX_QUERY_CHARS] for k in TEXT_FILTERS if (params.get(k) or "").strip()}
    for name, kind in NUMBER_FILTERS.items():
        try:
            fields[name] = kind(params.get(name)) if params.get(name) else None
        except ValueError:
            fields[name] = None
    if params.get("certified") in ("1", "true", "on"):
        fields["certified"] = True
    if params.get("sort") in search.SORTS:
        fields["sort"] = params.get("sort")
    page = params.get("page", "1")
    fields["page"] = int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1
    return search.SearchQuery(**fields)


@router.get(HOME)
def brand_home(request: Request, principal: Principal = Depends(brand_only)):
    factory = get_factory(request)
    query = search_query(request.query_params)
    results = search.search_creators(factory, query)
    return render(request, "brand/index.html", {
        "query": query, "results": results, "facets": search.search_facets(factory),
        "shortlist": ws.session_list(request, SHORTLIST), "declarations": _my_declarations(request, principal),
        "notice": ws.notice(request), "max_shortlist": MAX_SHORTLIST, **ws.labels(),
    })


@router.post(HOME + "/danh-sach")
def update_shortlist(request: Request, key: str = Form(..., max_length=200), action: str = Form("add"),
                     principal: Principal = Depends(brand_only)):
    keys = ws.session_list(request, SHORTLIST)
    if action == "remove":
        keys = [k for k in keys if k != key]
    elif key not in keys and len(keys) < MAX_SHORTLIST and dossiers.compare_creators(get_factory(request), keys=[key]):
        keys.append(key)
    saved = ws.set_session_list(request, SHORTLIST, keys)
    if ws.is_htmx(request):
        return render(request, "brand/_shortlist.html", {"shortlist": keys, "max_shortlist": MAX_SHORTLIST})
    back = request.headers.get("referer", "")
    target = HOME if not back.startswith(str(request.base_url)) else back
    code = ("unlisted" if action == "remove" else "shortlisted") if saved else "unavailable"
    return RedirectResponse(_with_notice(target, code), status_code=303)


def _with_notice(url: str, code: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}tb={code}"


@router.get(HOME + "/so-sanh")
def compare(request: Request, principal: Principal = Depends(brand_only)):
    keys = ws.session_list(request, SHORTLIST)
    rows = dossiers.compare_creators(get_factory(request), keys=keys)
    return render(request, "brand/compare.html", {"rows": rows, **ws.labels()})


def _my_declarations(request: Request, principal: Principal) -> list[dict]:
    return declarations.list_declarations(get_factory(request), principal=principal)
