"""``/quan-sat``: the observatory — disclosure and compliance rates of commercial posts by
platform, niche, follower tier, province and month; certified vs. not certified."""

from __future__ import annotations

from fastapi import APIRouter, Request

from tinnhiem.api.deps import get_factory
from tinnhiem.services import stats
from tinnhiem.web import charts
from tinnhiem.web.pages import _public
from tinnhiem.web.render import page_lang, render

router = APIRouter(include_in_schema=False)
DIMENSIONS = {  # dimension: (Vietnamese, English)
    "platform": ("Theo nền tảng", "By platform"),
    "niche": ("Theo lĩnh vực", "By niche"),
    "follower_tier": ("Theo quy mô người theo dõi", "By follower tier"),
    "province": ("Theo tỉnh/thành", "By province"),
    "month": ("Theo tháng đăng", "By month"),
    "certified": ("Đã chứng nhận và chưa chứng nhận", "Certified vs. not certified"),
}
VALUE_LABELS = {"certified": ("Đã chứng nhận", "Certified"), "not_certified": ("Chưa chứng nhận", "Not certified"),
                **{tid: (vi, en) for tid, _, vi, en in stats.FOLLOWER_TIERS}}


def _label(lang: str, value: str) -> str:
    return _public.pick(lang, VALUE_LABELS[value]) if value in VALUE_LABELS else value


@router.get("/quan-sat")
def observatory(request: Request):
    lang = page_lang(request)
    data = stats.observatory(get_factory(request))
    sections = []
    for dim, title in DIMENSIONS.items():
        rows = data["by"][dim]
        for r in rows:
            r["label"] = _label(lang, r["value"])
        disclosure = [(r["label"], r["disclosure_rate"], *r["disclosure_interval"], r["posts"]) for r in rows]
        compliance = [(r["label"], r["compliance_rate"], *r["compliance_interval"], r["posts"]) for r in rows]
        sections.append({
            "id": dim, "title": _public.pick(lang, title), "rows": rows,
            "disclosure_chart": charts.rate_chart(disclosure, title=_public.pick(lang, ("Tỷ lệ công bố quảng cáo",
                                                                                     "Disclosure rate"))),
            "compliance_chart": charts.rate_chart(compliance, title=_public.pick(lang, ("Tỷ lệ tuân thủ",
                                                                                     "Compliance rate"))),
        })
    return render(request, "public/observatory.html", {"data": data, "sections": sections})
