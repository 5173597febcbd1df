"""ECharts option dicts of the waste dashboard (drawn by static/js/qsse-charts.js), computed on the
server from the totals of the selectors. Each chart has a table of the same figures on the page."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

GREEN = "#2e7d32"
RED = "#b3261e"
GREY = "#6c757d"
BLUE = "#1f5f8b"


def _t(value: Decimal) -> float:
    return round(float(value), 3)


def _stacked(labels: list[str], rows: Sequence[Any], horizontal: bool = False) -> dict[str, Any]:
    category_axis = {"type": "category", "data": labels, "axisLabel": {"width": 220, "overflow": "truncate"}}
    value_axis = {"type": "value", "name": "t", "min": 0}
    return {
        "aria": {"enabled": True, "decal": {"show": True}},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"bottom": 0},
        "grid": {"left": 230 if horizontal else 56, "right": 24, "top": 24, "bottom": 56},
        "xAxis": value_axis if horizontal else category_axis,
        "yAxis": category_axis if horizontal else value_axis,
        "series": [
            {
                "name": _("Recovery (R)"),
                "type": "bar",
                "stack": "t",
                "itemStyle": {"color": GREEN},
                "data": [_t(row.recovered_t) for row in rows],
            },
            {
                "name": _("Disposal (D)"),
                "type": "bar",
                "stack": "t",
                "itemStyle": {"color": RED},
                "data": [_t(row.disposed_t) for row in rows],
            },
            {
                "name": _("Treatment not given"),
                "type": "bar",
                "stack": "t",
                "itemStyle": {"color": GREY},
                "data": [_t(row.unknown_t) for row in rows],
            },
        ],
    }


def category_chart(rows: Sequence[Any]) -> dict[str, Any]:
    """Tonnes of the year by category, split into recovery, disposal and treatment not given."""
    return _stacked([row.label for row in rows], rows)


def stream_chart(rows: Sequence[Any]) -> dict[str, Any]:
    """Tonnes of the year by stream (horizontal bars, largest first)."""
    rows = list(reversed(rows))
    return _stacked([row.label for row in rows], rows, horizontal=True)


def rate_chart(rows: Sequence[Any]) -> dict[str, Any]:
    """Recovery rate (%) of each year, bars, with the tonnes removed as a line on a second axis."""
    return {
        "aria": {"enabled": True},
        "tooltip": {"trigger": "axis"},
        "legend": {"bottom": 0},
        "grid": {"left": 56, "right": 56, "top": 24, "bottom": 56},
        "xAxis": {"type": "category", "data": [str(row.key) for row in rows]},
        "yAxis": [
            {"type": "value", "name": "%", "min": 0, "max": 100},
            {"type": "value", "name": "t", "min": 0},
        ],
        "series": [
            {
                "name": _("Recovery rate (%)"),
                "type": "bar",
                "itemStyle": {"color": GREEN},
                "data": ["-" if row.rate is None else float(row.rate) for row in rows],
            },
            {
                "name": _("Tonnes removed"),
                "type": "line",
                "yAxisIndex": 1,
                "symbol": "rect",
                "lineStyle": {"color": BLUE, "type": "dashed"},
                "itemStyle": {"color": BLUE},
                "data": [_t(row.total_t) for row in rows],
            },
        ],
    }
