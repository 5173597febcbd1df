"""ECharts option dicts of the FMEA page (drawn by static/js/qsse-charts.js). Each chart has a
table next to it on the page: the charts are drawings, not the only carrier of the figures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from .calculations import ParetoBar

BLUE = "#1f5f8b"
LIGHT_BLUE = "#8fb8d6"
GREEN = "#2e7d32"
RED = "#c0392b"
GREY = "#5f6b76"


def rpn_pareto_chart(bars: Sequence[ParetoBar], *, high_threshold: int) -> dict[str, Any]:
    """RPN of the lines, highest first, the cumulative % line and the high-RPN threshold."""
    return {
        "aria": {"enabled": True},
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [_("RPN"), _("Cumulative %")], "bottom": 0},
        "grid": {"left": 50, "right": 55, "top": 30, "bottom": 100},
        "xAxis": {
            "type": "category",
            "data": [bar.label for bar in bars],
            "axisLabel": {"rotate": 35, "interval": 0, "width": 110, "overflow": "truncate"},
        },
        "yAxis": [
            {"type": "value", "name": _("RPN")},
            {"type": "value", "name": "%", "min": 0, "max": 100, "axisLabel": {"formatter": "{value} %"}},
        ],
        "series": [
            {
                "name": _("RPN"),
                "type": "bar",
                "data": [
                    {
                        "value": bar.value,
                        "itemStyle": {"color": BLUE if bar.value >= high_threshold else LIGHT_BLUE},
                    }
                    for bar in bars
                ],
                "markLine": {
                    "symbol": "none",
                    "label": {"formatter": _("high RPN threshold") + " {c}"},
                    "lineStyle": {"color": RED, "type": "dashed"},
                    "data": [{"yAxis": high_threshold}],
                },
            },
            {
                "name": _("Cumulative %"),
                "type": "line",
                "yAxisIndex": 1,
                "symbol": "circle",
                "itemStyle": {"color": GREY},
                "data": [bar.cumulative_percent for bar in bars],
            },
        ],
    }


def before_after_chart(rows: Sequence[tuple[int, str, int, int, str, str]]) -> dict[str, Any]:
    """RPN before and after the actions, per re-rated line."""
    return {
        "aria": {"enabled": True},
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [_("RPN before"), _("RPN after")], "bottom": 0},
        "grid": {"left": 50, "right": 20, "top": 30, "bottom": 100},
        "xAxis": {
            "type": "category",
            "data": [f"{position}. {mode}" for position, mode, *_rest in rows],
            "axisLabel": {"rotate": 35, "interval": 0, "width": 110, "overflow": "truncate"},
        },
        "yAxis": {"type": "value", "name": _("RPN")},
        "series": [
            {
                "name": _("RPN before"),
                "type": "bar",
                "itemStyle": {"color": GREY},
                "data": [r[2] for r in rows],
            },
            {
                "name": _("RPN after"),
                "type": "bar",
                "itemStyle": {"color": GREEN},
                "data": [r[3] for r in rows],
            },
        ],
    }


AP_COLOURS = {"H": RED, "M": "#b7791f", "L": GREEN}


def ap_distribution_chart(bars: Sequence[ParetoBar]) -> dict[str, Any]:
    """Lines by action priority H, M, L (bars) and the cumulative share of the lines (line)."""
    return {
        "aria": {"enabled": True},
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [_("Lines"), _("Cumulative %")], "bottom": 0},
        "grid": {"left": 50, "right": 55, "top": 30, "bottom": 60},
        "xAxis": {"type": "category", "data": [f"AP {bar.label}" for bar in bars]},
        "yAxis": [
            {"type": "value", "name": _("Lines"), "minInterval": 1},
            {"type": "value", "name": "%", "min": 0, "max": 100, "axisLabel": {"formatter": "{value} %"}},
        ],
        "series": [
            {
                "name": _("Lines"),
                "type": "bar",
                "data": [
                    {"value": bar.value, "itemStyle": {"color": AP_COLOURS.get(bar.label, GREY)}}
                    for bar in bars
                ],
            },
            {
                "name": _("Cumulative %"),
                "type": "line",
                "yAxisIndex": 1,
                "data": [bar.cumulative_percent for bar in bars],
                "itemStyle": {"color": GREY},
            },
        ],
    }
