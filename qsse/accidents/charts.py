"""ECharts option dicts of the health and safety dashboard (drawn by static/js/qsse-charts.js) and
the regions of the body diagram. Each chart has a table of the same figures next to it."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format

from .choices import LesionSeat

BLUE = "#1f5f8b"
ORANGE = "#b35900"


def _value(rate: Decimal | None) -> float | str:
    # "-" leaves a month without hours out of the drawing rather than drawing it as 0.
    return "-" if rate is None else float(rate)


def rate_chart(months: Sequence[Any], key: str, label: str, rolling_label: str) -> dict[str, Any]:
    """Bars of the monthly rate ``key`` (``tf``, ``tg``…) and the line of its rolling 12 months."""
    return {
        "aria": {"enabled": True},
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [label, rolling_label], "bottom": 0},
        "grid": {"left": 48, "right": 16, "top": 24, "bottom": 56},
        "xAxis": {
            "type": "category",
            "data": [date_format(row.month, "YEAR_MONTH_FORMAT") for row in months],
        },
        "yAxis": {"type": "value", "min": 0},
        "series": [
            {
                "name": label,
                "type": "bar",
                "itemStyle": {"color": BLUE},
                "data": [_value(getattr(row.rates, key)) for row in months],
            },
            {
                "name": rolling_label,
                "type": "line",
                "symbol": "rect",
                "lineStyle": {"color": ORANGE, "type": "dashed", "width": 2},
                "itemStyle": {"color": ORANGE},
                "data": [_value(getattr(row.rolling_rates, key)) for row in months],
            },
        ],
    }


# Regions of a front-facing figure in a 200 × 400 box: (seat, shape, geometry).
BODY_REGIONS: tuple[tuple[str, str, dict[str, float]], ...] = (
    (LesionSeat.HEAD, "ellipse", {"cx": 100, "cy": 32, "rx": 24, "ry": 28}),
    (LesionSeat.EYES, "rect", {"x": 86, "y": 24, "width": 28, "height": 9}),
    (LesionSeat.NECK, "rect", {"x": 90, "y": 60, "width": 20, "height": 14}),
    (LesionSeat.SHOULDER, "rect", {"x": 52, "y": 74, "width": 96, "height": 16}),
    (LesionSeat.TRUNK, "rect", {"x": 66, "y": 90, "width": 68, "height": 70}),
    (LesionSeat.BACK, "rect", {"x": 66, "y": 160, "width": 68, "height": 22}),
    (LesionSeat.ARM, "rect", {"x": 36, "y": 90, "width": 24, "height": 96}),
    (LesionSeat.HAND, "rect", {"x": 140, "y": 186, "width": 24, "height": 26}),
    (LesionSeat.FINGERS, "rect", {"x": 36, "y": 186, "width": 24, "height": 30}),
    (LesionSeat.HIP, "rect", {"x": 66, "y": 182, "width": 68, "height": 26}),
    (LesionSeat.LEG, "rect", {"x": 68, "y": 208, "width": 64, "height": 140}),
    (LesionSeat.FOOT, "rect", {"x": 64, "y": 348, "width": 72, "height": 22}),
)


def body_regions(counts: dict[str, int]) -> list[dict[str, Any]]:
    """The drawable regions with their count and a fill whose darkness grows with the count."""
    highest = max(counts.values(), default=0)
    regions = []
    for seat, shape, geometry in BODY_REGIONS:
        count = counts.get(seat, 0)
        opacity = 0.08 if not count else round(0.25 + 0.6 * count / highest, 2)
        regions.append(
            {
                "seat": seat,
                "label": LesionSeat(seat).label,
                "shape": shape,
                "geometry": geometry,
                "count": count,
                "opacity": opacity,
                "text_x": geometry.get("cx", geometry.get("x", 0) + geometry.get("width", 0) / 2),
                "text_y": geometry.get("cy", geometry.get("y", 0) + geometry.get("height", 0) / 2) + 4,
            }
        )
    return regions
