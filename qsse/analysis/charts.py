"""ECharts option dicts of the analysis pages, computed on the server (static/js/qsse-charts.js draws
them). Each chart comes with a table on the page: these are the drawings, not the only carrier of
the figures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

BLUE = "#1f5f8b"
LIGHT_BLUE = "#8fb8d6"
ORANGE = "#b35c00"
RED = "#c0392b"
GREEN = "#2e7d32"
GREY = "#5f6b76"


def _round(value: float | None, digits: int = 6) -> float | None:
    return None if value is None else round(float(value), digits)


def _format(value: float) -> str:
    return f"{value:.4g}"


def pareto_chart(items: Sequence[Any], *, value_label: str, cutoff: float) -> dict[str, Any]:
    """Bars sorted by value (the vital few darker), the cumulative % line and the cut-off line."""
    return {
        "aria": {"enabled": True},
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [str(value_label), _("Cumulative %")], "bottom": 0},
        "grid": {"left": 60, "right": 60, "top": 30, "bottom": 90},
        "xAxis": {
            "type": "category",
            "data": [str(item.label) for item in items],
            "axisLabel": {"rotate": 30, "interval": 0, "width": 120, "overflow": "truncate"},
        },
        "yAxis": [
            {"type": "value", "name": str(value_label)},
            {"type": "value", "name": "%", "min": 0, "max": 100, "axisLabel": {"formatter": "{value} %"}},
        ],
        "series": [
            {
                "name": str(value_label),
                "type": "bar",
                "data": [
                    {
                        "value": _round(item.value),
                        "itemStyle": {"color": BLUE if item.is_vital_few else LIGHT_BLUE},
                    }
                    for item in items
                ],
            },
            {
                "name": _("Cumulative %"),
                "type": "line",
                "yAxisIndex": 1,
                "symbol": "circle",
                "itemStyle": {"color": ORANGE},
                "data": [_round(item.cumulative_share * 100, 2) for item in items],
                "markLine": {
                    "silent": True,
                    "symbol": "none",
                    "lineStyle": {"type": "dashed", "color": RED},
                    "label": {"formatter": f"{round(cutoff * 100)} %", "position": "insideStartTop"},
                    "data": [{"yAxis": round(cutoff * 100, 2)}],
                },
            },
        ],
    }


def histogram_chart(
    histogram: Any,
    *,
    value_label: str,
    lsl: float | None = None,
    usl: float | None = None,
    target: float | None = None,
) -> dict[str, Any]:
    """Bars of the classes on a value axis, with the specification limits when given."""
    edges = list(histogram.edges)
    data = [
        [_round((edges[i] + edges[i + 1]) / 2), count, _round(edges[i]), _round(edges[i + 1])]
        for i, count in enumerate(histogram.counts)
    ]
    lines = []
    for value, name, color in ((lsl, _("LSL"), RED), (usl, _("USL"), RED), (target, _("Target"), GREEN)):
        if value is not None:
            lines.append(
                {"xAxis": value, "name": name, "lineStyle": {"color": color}, "label": {"formatter": name}}
            )
    low = min([edges[0]] + [v for v in (lsl, usl, target) if v is not None])
    high = max([edges[-1]] + [v for v in (lsl, usl, target) if v is not None])
    margin = (high - low) * 0.05 or 1
    series: dict[str, Any] = {
        "name": _("Count"),
        "type": "bar",
        "barWidth": "96%",
        "itemStyle": {"color": BLUE},
        "data": data,
        "encode": {"x": 0, "y": 1},
    }
    if lines:
        series["markLine"] = {
            "silent": True,
            "symbol": "none",
            "lineStyle": {"type": "dashed"},
            "data": lines,
        }
    return {
        "aria": {"enabled": True},
        "tooltip": {"trigger": "item"},
        "grid": {"left": 60, "right": 30, "top": 30, "bottom": 50},
        "xAxis": {
            "type": "value",
            "name": str(value_label),
            "min": _round(low - margin),
            "max": _round(high + margin),
            "scale": True,
            # The bounds carry the margin: their odd values are not worth a label.
            "axisLabel": {"showMinLabel": False, "showMaxLabel": False},
        },
        "yAxis": {"type": "value", "name": _("Count")},
        "series": [series],
    }


def box_plot_chart(boxes: Sequence[tuple[str, Any]], *, value_label: str) -> dict[str, Any]:
    return {
        "aria": {"enabled": True},
        "tooltip": {"trigger": "item"},
        "grid": {"left": 60, "right": 30, "top": 30, "bottom": 60},
        "xAxis": {"type": "category", "data": [str(label) for label, _box in boxes]},
        "yAxis": {"type": "value", "name": str(value_label), "scale": True},
        "series": [
            {
                "name": str(value_label),
                "type": "boxplot",
                "itemStyle": {"color": "#dbe8f3", "borderColor": BLUE},
                "data": [
                    [
                        _round(b.lower_whisker),
                        _round(b.q1),
                        _round(b.median),
                        _round(b.q3),
                        _round(b.upper_whisker),
                    ]
                    for _label, b in boxes
                ],
            },
            {
                "name": _("Outliers"),
                "type": "scatter",
                "itemStyle": {"color": RED},
                "data": [[i, _round(v)] for i, (_label, b) in enumerate(boxes) for v in b.outliers[:500]],
            },
        ],
    }


def control_chart(
    chart: Any, labels: Sequence[str], violations: Sequence[Any], *, indexes: Sequence[int] | None = None
) -> dict[str, Any]:
    """Points, centre line, control limits (steps when they vary), ±1σ and ±2σ zone lines, and the
    points breaking a rule in red with the rule numbers."""
    shown = list(indexes) if indexes is not None else list(range(len(chart.points)))
    variable = len(set(chart.lcl)) > 1 or len(set(chart.ucl)) > 1
    step = "middle" if variable else False

    def line(
        name: str, values: Sequence[float | None], color: str, dashed: str = "solid", width: float = 1.5
    ):
        return {
            "name": name,
            "type": "line",
            "step": step,
            "symbol": "none",
            "lineStyle": {"color": color, "type": dashed, "width": width},
            "itemStyle": {"color": color},
            "data": [_round(values[i]) for i in shown],
            "z": 1,
        }

    center = chart.center
    sigmas = [
        ((chart.ucl[i] - center) / 3) if chart.ucl[i] is not None else chart.sigma
        for i in range(len(chart.points))
    ]
    rules_at: dict[int, list[int]] = {}
    for violation in violations:
        rules_at.setdefault(violation.index, []).append(violation.rule)
    position = {index: n for n, index in enumerate(shown)}
    series = [
        {
            "name": str(chart.kind),
            "type": "line",
            "symbol": "circle",
            "symbolSize": 5 if len(shown) > 200 else 7,
            "itemStyle": {"color": BLUE},
            "lineStyle": {"color": BLUE},
            "data": [_round(chart.points[i]) for i in shown],
            "z": 3,
        },
        line(_("Centre line"), [center] * len(chart.points), GREEN, width=2),
        line(_("UCL"), list(chart.ucl), RED, width=2),
        line(_("LCL"), list(chart.lcl), RED, width=2),
    ]
    for k, name in ((1, _("±1σ zone")), (2, _("±2σ zone"))):
        series.append(line(name, [center + k * s for s in sigmas], GREY, "dotted", 1))
        lower = line(
            name,
            [
                max(center - k * s, 0) if min(chart.lcl) >= 0 and _floored(chart) else center - k * s
                for s in sigmas
            ],
            GREY,
            "dotted",
            1,
        )
        series.append(lower)
    series.append(
        {
            "name": _("Rule violations"),
            "type": "scatter",
            "symbolSize": 12,
            "itemStyle": {"color": RED},
            "label": {"show": True, "position": "top", "color": RED, "formatter": "{@[2]}"},
            "data": [
                [position[index], _round(chart.points[index]), ",".join(str(r) for r in sorted(set(rules)))]
                for index, rules in sorted(rules_at.items())
                if index in position
            ],
            "z": 4,
        }
    )
    return {
        "aria": {"enabled": True},
        "tooltip": {"trigger": "axis"},
        "legend": {
            "bottom": 0,
            "data": [str(chart.kind), _("Centre line"), _("UCL"), _("LCL"), _("Rule violations")],
        },
        "grid": {"left": 70, "right": 30, "top": 30, "bottom": 70},
        "xAxis": {"type": "category", "data": [labels[i] if i < len(labels) else str(i + 1) for i in shown]},
        "yAxis": {"type": "value", "scale": True, "name": str(chart.kind)},
        "series": series,
    }


def _floored(chart: Any) -> bool:
    return chart.kind not in ("I", "Xbar")


def bar_chart(labels: Sequence[str], values: Sequence[float], *, value_label: str) -> dict[str, Any]:
    return {
        "aria": {"enabled": True},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 160, "right": 30, "top": 20, "bottom": 40},
        "xAxis": {"type": "value", "name": str(value_label)},
        "yAxis": {"type": "category", "data": [str(label) for label in labels], "inverse": True},
        "series": [{"type": "bar", "itemStyle": {"color": BLUE}, "data": [_round(v) for v in values]}],
    }


def relations_graph(items: Sequence[Any], links: Sequence[dict[str, str]]) -> dict[str, Any]:
    colours = {"driver": ORANGE, "outcome": BLUE, "": GREY}
    return {
        "aria": {"enabled": True},
        "tooltip": {},
        "series": [
            {
                "type": "graph",
                "layout": "circular",
                "circular": {"rotateLabel": False},
                "roam": True,
                "label": {"show": True, "position": "right", "width": 160, "overflow": "break"},
                "edgeSymbol": ["none", "arrow"],
                "edgeSymbolSize": 10,
                "lineStyle": {"color": GREY, "width": 1.5, "curveness": 0.15},
                "data": [
                    {
                        "name": item.name,
                        "symbolSize": 18 + 6 * item.outgoing,
                        "itemStyle": {"color": colours.get(item.role, GREY)},
                        "value": f"→ {item.outgoing} / ← {item.incoming}",
                    }
                    for item in items
                ],
                "links": [{"source": link["cause"], "target": link["effect"]} for link in links],
            }
        ],
    }


def tree_chart(data: dict[str, Any]) -> dict[str, Any]:
    def node(item: dict[str, Any]) -> dict[str, Any]:
        return {"name": item["name"], "children": [node(child) for child in item.get("children") or []]}

    return {
        "aria": {"enabled": True},
        "tooltip": {"trigger": "item"},
        "series": [
            {
                "type": "tree",
                "data": [{"name": data["goal"], "children": [node(child) for child in data["children"]]}],
                "left": "12%",
                "right": "22%",
                "top": 20,
                "bottom": 20,
                "orient": "LR",
                "initialTreeDepth": -1,
                "symbolSize": 10,
                "itemStyle": {"color": BLUE},
                "label": {"position": "left", "verticalAlign": "middle", "align": "right", "fontSize": 13},
                "leaves": {"label": {"position": "right", "verticalAlign": "middle", "align": "left"}},
                "expandAndCollapse": True,
            }
        ],
    }
