"""Render a creator report (data from ``services.reports.creator_report``) as Markdown or HTML.

Vietnamese first; English labels follow where a reader may need them. HTML is autoescaped:
stored text (captions, names) is always shown as text.
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader

CRITERION_TITLES = {
    "authenticity": ("Tính xác thực của nội dung", "Authenticity of content"),
    "ad_compliance": ("Tuân thủ quy tắc quảng cáo", "Compliance with advertising rules"),
    "commercial_transparency": ("Minh bạch trong hợp tác thương mại", "Transparency of commercial collaborations"),
    "community_feedback": ("Phản hồi tích cực từ cộng đồng", "Positive community feedback"),
}
SEVERITY_VI = {"critical": "nghiêm trọng", "major": "lớn", "minor": "nhỏ", "info": "thông tin"}


def vn_number(value: float | int | None, digits: int = 1) -> str:
    """Vietnamese number format: 12.345,6 (dot for thousands, comma for decimals)."""
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}" if digits else f"{int(round(value)):,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def detail_vi(detail: str | None) -> str:
    """A gate's detail ("community_feedback, 60.1") in Vietnamese: criterion and detector
    titles instead of ids, Vietnamese number format."""
    from tinnhiem.services.reports import detector_title

    out = []
    for token in (detail or "").split(", "):
        if not token:
            continue
        if token in CRITERION_TITLES:
            out.append(CRITERION_TITLES[token][0])
            continue
        try:
            out.append(vn_number(float(token)))
        except ValueError:
            out.append(detector_title(token))
    return "; ".join(out)


def _env(autoescape: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("tinnhiem", "templates"),
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["vn"] = vn_number
    env.filters["detail_vi"] = detail_vi
    env.globals.update(criterion_titles=CRITERION_TITLES, severity_vi=SEVERITY_VI)
    return env


def render(report: dict, fmt: str = "md") -> str:
    if fmt not in ("md", "html"):
        raise ValueError(f"unknown report format {fmt!r}: use md or html")
    template = "report.md.j2" if fmt == "md" else "report.html.j2"
    return _env(fmt == "html").get_template(template).render(r=report)
