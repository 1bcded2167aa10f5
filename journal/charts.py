"""Progress charts as inline SVG, drawn on the server: no script, no other origin, and no
style attributes (the look comes from CSS classes). Each chart sits beside a data table."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape

from django.utils.formats import date_format
from django.utils.translation import pgettext

WIDTH = 340
HEIGHT = 180
LEFT = 34
RIGHT = 10
TOP = 12
BOTTOM = 28


def _day(on: date) -> str:
    """A day under the chart: "Dec 6", or "6 Dic" in Spanish."""
    return date_format(on, pgettext("a day under a chart", "M j"))


@dataclass(frozen=True, slots=True)
class Point:
    on: date
    score: int | Decimal


def line_chart(
    title: str, points: Sequence[Point], highest: int | Decimal, *, baseline_label: str = "baseline"
) -> str:
    """An SVG line chart of ``points`` from 0 to ``highest``, the first point as baseline."""
    label = escape(title)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    top = float(highest) or 1.0

    def x(index: int) -> float:
        return LEFT + (plot_w * index / (len(points) - 1) if len(points) > 1 else plot_w / 2)

    def y(score: int | Decimal) -> float:
        return TOP + plot_h * (1 - float(score) / top)

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{label}" focusable="false">',
        f'<line class="chart-axis" x1="{LEFT}" y1="{TOP + plot_h}" '
        f'x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}"/>',
        f'<line class="chart-axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}"/>',
        f'<text class="chart-label" x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">'
        f"{escape(str(highest))}</text>",
        f'<text class="chart-label" x="{LEFT - 6}" y="{TOP + plot_h + 4}" '
        'text-anchor="end">0</text>',
    ]
    if points:
        base = y(points[0].score)
        parts.append(
            f'<line class="chart-baseline" x1="{LEFT}" y1="{base:.1f}" '
            f'x2="{WIDTH - RIGHT}" y2="{base:.1f}"/>'
        )
        parts.append(
            f'<text class="chart-label" x="{WIDTH - RIGHT}" y="{base - 4:.1f}" '
            f'text-anchor="end">{escape(baseline_label)}</text>'
        )
        coords = " ".join(f"{x(i):.1f},{y(p.score):.1f}" for i, p in enumerate(points))
        parts.append(f'<polyline class="chart-line" points="{coords}"/>')
        parts.extend(
            f'<circle class="chart-point" cx="{x(i):.1f}" cy="{y(p.score):.1f}" r="3.5"/>'
            for i, p in enumerate(points)
        )
        parts.append(
            f'<text class="chart-label" x="{LEFT}" y="{HEIGHT - 8}">'
            f"{escape(_day(points[0].on))}</text>"
        )
        if len(points) > 1:
            parts.append(
                f'<text class="chart-label" x="{WIDTH - RIGHT}" y="{HEIGHT - 8}" '
                f'text-anchor="end">{escape(_day(points[-1].on))}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
