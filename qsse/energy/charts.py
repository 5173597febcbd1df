"""ECharts options of the energy pages, computed on the server (static/js/qsse-charts.js draws
them). Every chart has its figures in a table on the same page."""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .selectors import IndicatorReport, Summary, UseRow

PALETTE = ["#1f5fa8", "#c2410c", "#15803d", "#7e22ce", "#a16207", "#0e7490", "#be123c", "#4d7c0f", "#475569"]


def _month(day) -> str:
    return date_format(day, "m/Y")


def _round(value: float | None, places: int = 1) -> float | None:
    return None if value is None else round(value, places)


def monthly_consumption(summary: Summary) -> dict[str, Any]:
    """MWh by carrier and month, stacked bars."""
    carriers = [row.carrier for row in summary.carriers]
    return {
        "color": PALETTE,
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 60, "right": 20, "top": 40, "bottom": 40},
        "xAxis": {"type": "category", "data": [_month(m) for m in summary.months]},
        "yAxis": {"type": "value", "name": "MWh"},
        "series": [
            {
                "name": carrier.name,
                "type": "bar",
                "stack": "kwh",
                "data": [_round(v / 1000, 1) for v in summary.monthly.get(carrier.pk, [])],
            }
            for carrier in carriers
        ],
    }


def pareto(rows: list[UseRow]) -> dict[str, Any]:
    """MWh by use (bars, significant uses darker) and the cumulative share (line)."""
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 60, "right": 50, "top": 40, "bottom": 90},
        "xAxis": {"type": "category", "data": [row.label for row in rows], "axisLabel": {"rotate": 30}},
        "yAxis": [
            {"type": "value", "name": "MWh"},
            {"type": "value", "name": "%", "max": 100, "min": 0},
        ],
        "series": [
            {
                "name": _("Consumption (MWh)"),
                "type": "bar",
                "data": [
                    {
                        "value": _round(row.kwh / 1000, 1),
                        "itemStyle": {"color": "#1f5fa8" if row.is_significant else "#94a3b8"},
                    }
                    for row in rows
                ],
            },
            {
                "name": _("Cumulative share (%)"),
                "type": "line",
                "yAxisIndex": 1,
                "color": "#c2410c",
                "data": [_round(row.cumulative, 1) for row in rows],
            },
        ],
    }


def enpi(report: IndicatorReport) -> dict[str, Any]:
    """The EnPI month by month against the baseline EnPI adjusted to the month's variable."""
    unit = report.indicator.unit
    places = 3
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 70, "right": 20, "top": 40, "bottom": 40},
        "xAxis": {"type": "category", "data": [_month(row.month) for row in report.rows]},
        "yAxis": {"type": "value", "name": unit, "scale": True},
        "series": [
            {
                "name": _("EnPI (%(unit)s)") % {"unit": unit},
                "type": "line",
                "color": "#1f5fa8",
                "symbolSize": 7,
                "data": [_round(row.enpi, places) for row in report.rows],
            },
            {
                "name": _("Baseline"),
                "type": "line",
                "color": "#c2410c",
                "lineStyle": {"type": "dashed"},
                "symbol": "none",
                "data": [_round(row.baseline_enpi, places) for row in report.rows],
            },
        ],
    }


def emissions_by_year(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 60, "right": 20, "top": 40, "bottom": 30},
        "xAxis": {"type": "category", "data": [str(row["year"]) for row in rows]},
        "yAxis": {"type": "value", "name": "tCO₂e"},
        "series": [
            {
                "name": _("Scope 1"),
                "type": "bar",
                "stack": "co2",
                "color": "#c2410c",
                "data": [_round(r["scope_1"]) for r in rows],
            },
            {
                "name": _("Scope 2"),
                "type": "bar",
                "stack": "co2",
                "color": "#1f5fa8",
                "data": [_round(r["scope_2"]) for r in rows],
            },
        ],
    }
