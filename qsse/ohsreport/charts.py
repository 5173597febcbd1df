"""ECharts option of the report's trend chart (drawn by static/js/qsse-charts.js): TF bars and TG
line by month over the 12 months ending with the period, computed on the server."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format

BLUE = "#1f5f8b"
ORANGE = "#b35900"


def _value(rate: Decimal | None) -> float | str:
    # "-" leaves a month without hours out of the drawing rather than drawing it as 0.
    return "-" if rate is None else float(rate)


def trend_chart(months: Sequence[Any], tf_label: str, tg_label: str) -> dict[str, Any]:
    """TF (bars, left axis) and TG (line, right axis) of each month."""
    return {
        "aria": {"enabled": True},
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [tf_label, tg_label], "bottom": 0},
        "grid": {"left": 48, "right": 48, "top": 24, "bottom": 56},
        "xAxis": {
            "type": "category",
            "data": [date_format(row.month, "YEAR_MONTH_FORMAT") for row in months],
        },
        "yAxis": [
            {"type": "value", "min": 0, "name": tf_label},
            {"type": "value", "min": 0, "name": tg_label},
        ],
        "series": [
            {
                "name": tf_label,
                "type": "bar",
                "itemStyle": {"color": BLUE},
                "data": [_value(row.rates.tf) for row in months],
            },
            {
                "name": tg_label,
                "type": "line",
                "yAxisIndex": 1,
                "symbol": "rect",
                "lineStyle": {"color": ORANGE, "type": "dashed", "width": 2},
                "itemStyle": {"color": ORANGE},
                "data": [_value(row.rates.tg) for row in months],
            },
        ],
    }
