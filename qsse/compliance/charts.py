"""ECharts option dicts of the compliance pages (drawn by static/js/qsse-charts.js). Each chart has
a table of the same figures next to it: the chart is a drawing, not the only carrier of the rates."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

BLUE = "#1f5f8b"
ORANGE = "#b35900"


def _value(rate: Decimal | None) -> float | str:
    # ECharts leaves "-" out of the polygon: a clause with nothing assessed is not drawn as 0 %.
    return "-" if rate is None else float(rate)


def _axis_name(key: str, title: str, limit: int = 36) -> str:
    name = f"§{key} {title}".strip()
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def radar_chart(
    clauses: Sequence[tuple[str, str]],
    series: Sequence[tuple[str, Sequence[Decimal | None]]],
) -> dict[str, Any]:
    """Radar of the main clauses' rates: ``clauses`` = (key, title), ``series`` = (name, rates in
    the same order); the current state first, then the snapshot compared with it."""
    colours = [BLUE, ORANGE]
    data = []
    for index, (name, rates) in enumerate(series):
        colour = colours[index % 2]
        item: dict[str, Any] = {
            "name": name,
            "value": [_value(rate) for rate in rates],
            "symbol": "circle" if index == 0 else "rect",
            "lineStyle": {"color": colour, "type": "solid" if index == 0 else "dashed"},
            "itemStyle": {"color": colour},
        }
        if index == 0:
            item["areaStyle"] = {"opacity": 0.15}
        data.append(item)
    return {
        "aria": {"enabled": True},
        "tooltip": {"trigger": "item"},
        "legend": {"data": [name for name, _rates in series], "bottom": 0},
        "radar": {
            "indicator": [{"name": _axis_name(key, title), "max": 100, "min": 0} for key, title in clauses],
            "radius": "62%",
            "axisName": {"color": "#212529", "fontSize": 11},
        },
        "series": [{"name": _("Conformity rate (%)"), "type": "radar", "data": data}],
    }
