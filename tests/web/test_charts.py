"""Server-side SVG charts: geometry follows the data, labels are escaped."""

from __future__ import annotations

import re

from tinnhiem.web import charts

EVIL = '<script>alert(1)</script>" onmouseover="x'


def test_bar_widths_follow_the_values():
    svg = str(charts.bar_chart([("a", 25, 25), ("b", 12.5, 25), ("c", None, 25)], title="t"))
    widths = [float(w) for w in re.findall(r'<rect x="190" y="\d+" width="([\d.]+)" height="18" fill="#(?:0b6e4f|b35c00)"', svg)]
    assert widths[0] == 2 * widths[1] and len(widths) == 2
    assert "—" in svg and svg.startswith("<svg") and 'viewBox="0 0 560' in svg


def test_line_chart_places_higher_scores_higher():
    svg = str(charts.line_chart([("2026-01", 50.0), ("2026-02", 100.0)], title="t"))
    ys = [float(y) for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)"', svg)]
    assert ys[0] > ys[1] and "<polyline" in svg


def test_rate_chart_draws_the_interval():
    svg = str(charts.rate_chart([("x", 0.5, 0.25, 0.75, 10)], title="t"))
    assert "50%" in svg and "n=10" in svg
    x1, x2 = map(float, re.search(r'<line x1="([\d.]+)" x2="([\d.]+)"', svg).groups())
    assert x2 > x1


def test_labels_and_titles_are_escaped():
    for svg in (charts.bar_chart([(EVIL, 1, 2)], title=EVIL), charts.line_chart([(EVIL, 1)], title=EVIL),
                charts.rate_chart([(EVIL, 0.1, 0, 0.2, 3)], title=EVIL)):
        assert "<script>" not in str(svg) and '" onmouseover' not in str(svg)
        assert "&lt;script&gt;" in str(svg)
