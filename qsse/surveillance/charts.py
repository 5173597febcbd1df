"""ECharts options of the surveillance pages, computed on the server (see static/js/qsse-charts.js)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from .models import ControlPoint, ControlResult


def measured_values_chart(point: ControlPoint, results: Sequence[ControlResult]) -> dict[str, Any] | None:
    """Line of the measured values in date order with the limits as dashed lines; None when the
    control has no measured value to draw."""
    measured = [r for r in sorted(results, key=lambda r: (r.performed_on, r.pk)) if r.value is not None]
    if not measured:
        return None
    limits = []
    for value, name in ((point.minimum, _("Lower limit")), (point.maximum, _("Upper limit"))):
        if value is not None:
            limits.append({"yAxis": float(value), "name": name, "label": {"formatter": f"{name} {value:g}"}})
    data = [
        {
            "value": [r.performed_on.isoformat(), float(r.value)],
            "itemStyle": {"color": "#0a6b2f" if r.is_within_limits else "#b02a37"},
            "symbol": "circle" if r.is_within_limits else "triangle",
            "symbolSize": 8 if r.is_within_limits else 12,
        }
        for r in measured
    ]
    return {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 50, "right": 110, "top": 30, "bottom": 40},
        "xAxis": {"type": "time"},
        "yAxis": {"type": "value", "name": point.unit, "scale": True},
        "series": [
            {
                "name": str(point.what),
                "type": "line",
                "data": data,
                "lineStyle": {"color": "#0d6efd"},
                "markLine": {
                    "symbol": "none",
                    "lineStyle": {"type": "dashed", "color": "#b02a37"},
                    "label": {"position": "end"},
                    "data": limits,
                },
            }
        ],
    }
