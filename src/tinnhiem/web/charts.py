"""Server-side SVG charts (no JavaScript, no CDN).

Every function returns :class:`markupsafe.Markup` built from numbers and from labels passed
through :func:`html.escape`, so a chart can be placed in a template as it is and a label can
never inject markup. Charts scale with ``viewBox`` (``width: 100%`` on a phone).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

INK, MUTED, ACCENT, WARN, GRID = "#1b1f24", "#5b6570", "#0b6e4f", "#b35c00", "#d8dee4"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value == value else "0"


def _svg(width: int, height: int, title: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{_e(title)}"><title>{_e(title)}</title>{"".join(body)}</svg>')


def bar_chart(items: Sequence[tuple[str, float | None, float]], *, title: str, label_width: int = 190,
              width: int = 560, empty: str = "—") -> Markup:
    """Horizontal bars: ``(label, value, maximum)``; ``None`` values are drawn as "no data"."""
    row, bar = 30, width - label_width - 60
    body = []
    for i, (label, value, maximum) in enumerate(items):
        y = i * row + 6
        body.append(f'<text x="0" y="{y + 14}">{_e(label)}</text>')
        body.append(f'<rect x="{label_width}" y="{y}" width="{bar}" height="18" fill="{GRID}" rx="3"/>')
        if value is None or maximum <= 0:
            body.append(f'<text x="{label_width + 6}" y="{y + 14}" fill="{MUTED}">{_e(empty)}</text>')
            continue
        share = max(0.0, min(1.0, value / maximum))
        colour = ACCENT if share >= 0.6 else WARN
        body.append(f'<rect x="{label_width}" y="{y}" width="{share * bar:.1f}" height="18" fill="{colour}" rx="3"/>')
        body.append(f'<text x="{label_width + bar + 6}" y="{y + 14}">{_e(_num(value))}/{_e(_num(maximum))}</text>')
    return _svg(width, max(row, len(items) * row + 6), title, body)


def line_chart(points: Sequence[tuple[str, float]], *, title: str, y_max: float = 100.0, width: int = 560,
               height: int = 200) -> Markup:
    """A line of ``(x label, value)`` points on a 0..y_max axis, with gridlines every quarter."""
    left, right, top, bottom = 36, 12, 10, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    body = []
    for q in range(5):
        value = y_max * q / 4
        y = top + plot_h * (1 - q / 4)
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(f'<text x="0" y="{y + 4:.1f}" fill="{MUTED}">{_e(_num(value))}</text>')
    n = len(points)
    coords = []
    for i, (label, value) in enumerate(points):
        x = left + (plot_w * (i / (n - 1)) if n > 1 else plot_w / 2)
        y = top + plot_h * (1 - max(0.0, min(1.0, value / y_max)))
        coords.append((x, y))
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{ACCENT}"><title>{_e(label)}: '
                    f'{_e(_num(value))}</title></circle>')
        if n <= 8 or i in (0, n - 1):
            anchor = "start" if i == 0 and n > 1 else ("end" if i == n - 1 and n > 1 else "middle")
            body.append(f'<text x="{x:.1f}" y="{height - 8}" text-anchor="{anchor}" fill="{MUTED}">{_e(label)}</text>')
    if n > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        body.insert(10, f'<polyline points="{path}" fill="none" stroke="{ACCENT}" stroke-width="2"/>')
    return _svg(width, height, title, body)


def rate_chart(rows: Sequence[tuple[str, float | None, float, float, int]], *, title: str, width: int = 560,
               label_width: int = 170) -> Markup:
    """Proportions with their intervals: ``(label, rate, low, high, n)`` per row, 0–100%."""
    row, bar = 28, width - label_width - 80
    body = []
    for i, (label, rate, low, high, n) in enumerate(rows):
        y = i * row + 6
        body.append(f'<text x="0" y="{y + 14}">{_e(label)}</text>')
        body.append(f'<rect x="{label_width}" y="{y}" width="{bar}" height="18" fill="{GRID}" rx="3"/>')
        if rate is None:
            body.append(f'<text x="{label_width + 6}" y="{y + 14}" fill="{MUTED}">—</text>')
            continue
        body.append(f'<rect x="{label_width}" y="{y}" width="{rate * bar:.1f}" height="18" fill="{ACCENT}" rx="3"/>')
        x1, x2 = label_width + low * bar, label_width + high * bar
        body.append(f'<line x1="{x1:.1f}" x2="{x2:.1f}" y1="{y + 9}" y2="{y + 9}" stroke="{INK}" stroke-width="1.5"/>')
        body.append(f'<text x="{label_width + bar + 6}" y="{y + 14}">{_e(_num(rate * 100))}% '
                    f'<tspan fill="{MUTED}">n={n}</tspan></text>')
    return _svg(width, max(row, len(rows) * row + 6), title, body)
