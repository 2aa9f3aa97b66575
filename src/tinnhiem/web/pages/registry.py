"""The public registry: ``/`` (search with filters; htmx swaps the results table, plain GET
works without JavaScript) and ``/nguoi-anh-huong/{key}`` (a creator's public profile)."""

from __future__ import annotations

import math

from fastapi import APIRouter, HTTPException, Request
from starlette.datastructures import QueryParams

from tinnhiem.api.deps import get_factory
from tinnhiem.services import profiles, search
from tinnhiem.web import charts
from tinnhiem.web.pages import _public
from tinnhiem.web.render import page_lang, render

router = APIRouter(include_in_schema=False)
TEXT_FILTERS = ("q", "platform", "niche", "province", "tier")
NUMBER_FILTERS = {"min_score": (float, 0, 100), "min_followers": (int, 0, search.MAX_FOLLOWERS),
                  "max_followers": (int, 0, search.MAX_FOLLOWERS)}


def _number(raw: str | None, kind, low, high):
    try:
        value = kind(raw) if raw not in (None, "") else None
    except ValueError:
        return None
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return min(max(value, low), high)


def query_from(params: QueryParams) -> search.SearchQuery:
    """The filters from query parameters; malformed values are dropped, not errors."""
    fields: dict = {k: params.get(k, "").strip()[:search.MAX_QUERY_CHARS] or None for k in TEXT_FILTERS}
    for name, (kind, low, high) in NUMBER_FILTERS.items():
        fields[name] = _number(params.get(name), kind, low, high)
    if params.get("certified") in ("1", "true", "on"):
        fields["certified"] = True
    fields["sort"] = params.get("sort") if params.get("sort") in search.SORTS else "score"
    page = params.get("page", "1")
    fields["page"] = int(page) if page.isdigit() and 0 < int(page) <= search.MAX_PAGE else 1
    return search.SearchQuery(**fields)


def _page_link(params: QueryParams, page: int) -> str:
    items = [(k, v) for k, v in params.multi_items() if k != "page"] + [("page", str(page))]
    return "/?" + str(QueryParams(items))


@router.get("/")
def registry(request: Request):
    factory = get_factory(request)
    query = query_from(request.query_params)
    results = search.search_creators(factory, query)
    context = {"query": query, "results": results, "prev_link": _page_link(request.query_params, query.page - 1),
               "next_link": _page_link(request.query_params, query.page + 1), **_public.labels()}
    if request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == "results":
        return render(request, "public/_results.html", context)
    return render(request, "public/registry.html", {**context, "facets": search.search_facets(factory)})


@router.get("/nguoi-anh-huong/{key}")
def profile(request: Request, key: str):
    if len(key) > 200:
        raise HTTPException(status_code=404)
    try:
        data = profiles.creator_profile(get_factory(request), key=key)
    except LookupError:
        return render(request, "public/not_found.html", {"key": key}, status_code=404)
    lang = page_lang(request)
    titles = _public.criteria_titles(data["assessment"]["methodology_version"])
    bars = [(_public.pick(lang, titles.get(c["criterion"], (c["criterion"], c["criterion"]))), c["score"],
             c["max_points"]) for c in data["criteria"]]
    history = [(h["created_at"][:10], h["total"]) for h in data["history"]]
    return render(request, "public/profile.html", {
        "p": data, "titles": titles,
        "criteria_chart": charts.bar_chart(bars, title=_public.pick(lang, ("Bốn tiêu chí", "The four criteria")),
                                           empty=_public.pick(lang, ("chưa đủ dữ liệu", "not enough data"))),
        "history_chart": charts.line_chart(history, title=_public.pick(lang, ("Lịch sử điểm", "Score history"))),
        **_public.labels()})
