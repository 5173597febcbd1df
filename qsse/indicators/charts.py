"""ECharts option dicts of the indicators pages, computed on the server (qsse-charts.js draws them)."""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format

from .selectors import IndicatorSeries

VALUE_COLOUR = "#0b5394"
TARGET_COLOUR = "#1e7b34"
ALERT_COLOUR = "#b35c00"


def series_chart(
    series: IndicatorSeries, *, value_label: str, target_label: str, alert_label: str
) -> dict[str, Any]:
    """Values per period against the target and alert lines."""
    indicator = series.indicator
    lines = []
    if indicator.target is not None:
        lines.append(
            {
                "name": target_label,
                "yAxis": float(indicator.target),
                "lineStyle": {"color": TARGET_COLOUR, "type": "solid", "width": 2},
                "label": {
                    "formatter": f"{target_label} {float(indicator.target):g}",
                    "position": "insideEndTop",
                },
            }
        )
    if indicator.alert_threshold is not None:
        lines.append(
            {
                "name": alert_label,
                "yAxis": float(indicator.alert_threshold),
                "lineStyle": {"color": ALERT_COLOUR, "type": "dashed", "width": 2},
                "label": {
                    "formatter": f"{alert_label} {float(indicator.alert_threshold):g}",
                    "position": "insideEndBottom",
                },
            }
        )
    return {
        "animation": False,
        "grid": {"left": 56, "right": 24, "top": 24, "bottom": 40},
        "tooltip": {"trigger": "axis"},
        "xAxis": {
            "type": "category",
            "data": [date_format(p.period, "YEAR_MONTH_FORMAT") for p in series.points],
        },
        "yAxis": {"type": "value", "name": indicator.unit, "scale": True},
        "series": [
            {
                "name": value_label,
                "type": "line",
                "connectNulls": False,
                "symbolSize": 7,
                "itemStyle": {"color": VALUE_COLOUR},
                "lineStyle": {"color": VALUE_COLOUR, "width": 2},
                "data": [float(p.value) if p.value is not None else None for p in series.points],
                "markLine": {"silent": True, "symbol": "none", "data": lines},
            }
        ],
    }
