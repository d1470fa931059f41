"""Small SVG charts (bar, line, pie) drawn on the server for the PDF: no JavaScript, no
HTML built from data in a browser. Every label goes through ``escape`` and every number
through ``float`` formatting, so a game or series named ``<script>`` stays text.

The SVG is handed to WeasyPrint as a ``data:`` URL (``svg_data_url``), the only kind of
resource core.pdf lets a document load."""

from __future__ import annotations

import base64
import math

from django.utils.html import escape

from .content import Chart

WIDTH, HEIGHT = 640, 260
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 56, 16, 28, 44
COLOURS = ("#206bc4", "#f59f00", "#2fb344", "#d63939", "#ae3ec9", "#17a2b8", "#74b816", "#667382")
FONT = "Noto Sans CJK SC, sans-serif"


def _num(value) -> str:
    return f"{float(value):.1f}"


def _text(x, y, label, *, size=11, anchor="middle", colour="#1d273b") -> str:
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{colour}">{escape(str(label))}</text>'
    )


def _scale_max(values) -> float:
    top = max([float(v or 0) for v in values] + [0])
    if top <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(top))
    for step in (1, 2, 2.5, 5, 10):
        if top <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _axes(top: float) -> list[str]:
    parts = []
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    for i in range(5):
        value = top * i / 4
        y = HEIGHT - PAD_BOTTOM - plot_h * i / 4
        parts.append(
            f'<line x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" y1="{_num(y)}" y2="{_num(y)}" '
            f'stroke="#e6e7e9" stroke-width="1"/>'
        )
        shown = f"{value:,.0f}" if top >= 10 else f"{value:,.2f}"
        parts.append(_text(PAD_LEFT - 6, y + 4, shown, size=10, anchor="end", colour="#667382"))
    return parts


def _legend(series) -> list[str]:
    parts = []
    x = PAD_LEFT
    for index, (name, _values) in enumerate(series):
        if not name:
            continue
        colour = COLOURS[index % len(COLOURS)]
        parts.append(f'<rect x="{x}" y="8" width="10" height="10" fill="{colour}"/>')
        parts.append(_text(x + 14, 17, name, size=10, anchor="start"))
        x += 24 + 11 * len(str(name))
    return parts


def _wrap(body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FONT}" role="img">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def bar_chart(chart: Chart) -> str:
    values = [v for _name, series in chart.series for v in series]
    top = _scale_max(values)
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    body = _axes(top) + _legend(chart.series)
    groups = max(len(chart.labels), 1)
    slot = plot_w / groups
    width = slot * 0.8 / max(len(chart.series), 1)
    for g, label in enumerate(chart.labels):
        x0 = PAD_LEFT + slot * g + slot * 0.1
        for s, (_name, series) in enumerate(chart.series):
            value = float(series[g] or 0) if g < len(series) else 0.0
            h = plot_h * max(value, 0) / top
            body.append(
                f'<rect x="{_num(x0 + s * width)}" y="{_num(HEIGHT - PAD_BOTTOM - h)}" '
                f'width="{_num(width * 0.92)}" height="{_num(h)}" '
                f'fill="{COLOURS[s % len(COLOURS)]}"/>'
            )
        body.append(_text(PAD_LEFT + slot * (g + 0.5), HEIGHT - PAD_BOTTOM + 16, label, size=10))
    return _wrap(body, chart.title)


def line_chart(chart: Chart) -> str:
    values = [v for _name, series in chart.series for v in series]
    top = _scale_max(values)
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    body = _axes(top) + _legend(chart.series)
    count = max(len(chart.labels), 1)
    step = plot_w / max(count - 1, 1) if count > 1 else 0

    def x_of(i: int) -> float:
        return PAD_LEFT + (step * i if count > 1 else plot_w / 2)

    for s, (_name, series) in enumerate(chart.series):
        colour = COLOURS[s % len(COLOURS)]
        points = [
            (x_of(i), HEIGHT - PAD_BOTTOM - plot_h * max(float(v or 0), 0) / top)
            for i, v in enumerate(series)
        ]
        path = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for (x, y), v in zip(points, series, strict=False):
            body.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3" fill="{colour}"/>')
            body.append(_text(x, y - 6, f"{float(v or 0):,.2f}", size=10))
    for i, label in enumerate(chart.labels):
        body.append(_text(x_of(i), HEIGHT - PAD_BOTTOM + 16, label, size=10))
    return _wrap(body, chart.title)


def pie_chart(chart: Chart) -> str:
    values = [max(float(v or 0), 0) for v in (chart.series[0][1] if chart.series else [])]
    total = sum(values)
    cx, cy, r = 130, HEIGHT / 2 + 6, 100
    body: list[str] = []
    if total <= 0:
        body.append(f'<circle cx="{cx}" cy="{_num(cy)}" r="{r}" fill="#e6e7e9"/>')
    angle = -math.pi / 2
    for i, value in enumerate(values):
        colour = COLOURS[i % len(COLOURS)]
        if total and value == total:
            body.append(f'<circle cx="{cx}" cy="{_num(cy)}" r="{r}" fill="{colour}"/>')
            break
        sweep = 2 * math.pi * value / total if total else 0
        if sweep <= 0:
            continue
        x1, y1 = cx + r * math.cos(angle), cy + r * math.sin(angle)
        angle += sweep
        x2, y2 = cx + r * math.cos(angle), cy + r * math.sin(angle)
        large = 1 if sweep > math.pi else 0
        body.append(
            f'<path d="M{cx},{_num(cy)} L{_num(x1)},{_num(y1)} '
            f'A{r},{r} 0 {large} 1 {_num(x2)},{_num(y2)} Z" fill="{colour}"/>'
        )
    for i, label in enumerate(chart.labels):
        y = 40 + i * 20
        share = f"{values[i] * 100 / total:.1f}%" if total and i < len(values) else "—"
        body.append(
            f'<rect x="270" y="{y - 10}" width="10" height="10" '
            f'fill="{COLOURS[i % len(COLOURS)]}"/>'
        )
        body.append(_text(286, y, f"{label}  {share}", size=11, anchor="start"))
    return _wrap(body, chart.title)


RENDERERS = {"bar": bar_chart, "line": line_chart, "pie": pie_chart}


def render_svg(chart: Chart) -> str:
    return RENDERERS[chart.kind](chart)


def svg_data_url(chart: Chart) -> str:
    encoded = base64.b64encode(render_svg(chart).encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"
