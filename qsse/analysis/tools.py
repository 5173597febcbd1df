"""The analysis tools run on a dataset: parameters (the same dict from the pages, the API and a saved
analysis) → validated → Polars queries (frames) → statistics (calculations) → a result object with
what the pages and the API show."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import calculations, charts, frames
from .choices import Aggregation, ChartKind, ToolKind
from .models import Dataset

PARETO_SHOWN = 40
DRAW_MAX_POINTS = 5000
# The rule descriptions shown to users (calculations.RULE_DESCRIPTIONS holds the English originals).
RULE_LABELS = {
    1: gettext_lazy("One point beyond 3 sigma from the centre line"),
    2: gettext_lazy("Nine points in a row on the same side of the centre line"),
    3: gettext_lazy("Six points in a row steadily increasing or decreasing"),
    4: gettext_lazy("Fourteen points in a row alternating up and down"),
    5: gettext_lazy("Two out of three points beyond 2 sigma on the same side"),
    6: gettext_lazy("Four out of five points beyond 1 sigma on the same side"),
    7: gettext_lazy("Fifteen points in a row within 1 sigma of the centre line"),
    8: gettext_lazy("Eight points in a row beyond 1 sigma on either side"),
}


# --- Parameters ---------------------------------------------------------------------------------------


def _text(params: dict[str, Any], key: str) -> str:
    value = params.get(key)
    return str(value).strip() if value not in (None, "") else ""


def _number(params: dict[str, Any], key: str, label: str) -> float | None:
    value = params.get(key)
    if value in (None, ""):
        return None
    try:
        number = float(str(value).replace(",", "."))
    except ValueError as error:
        raise ValidationError({key: _("“%(label)s” must be a number.") % {"label": label}}) from error
    if math.isnan(number) or math.isinf(number):
        raise ValidationError({key: _("“%(label)s” must be a number.") % {"label": label}})
    return number


def _integer(params: dict[str, Any], key: str, label: str) -> int | None:
    number = _number(params, key, label)
    if number is None:
        return None
    if not number.is_integer():
        raise ValidationError({key: _("“%(label)s” must be a whole number.") % {"label": label}})
    return int(number)


def _filters(params: dict[str, Any]) -> list[frames.Filter]:
    result = []
    for item in params.get("filters") or []:
        if not isinstance(item, dict):
            continue
        column, value = str(item.get("column") or "").strip(), item.get("value")
        if column and value not in (None, ""):
            result.append(frames.Filter(column, str(item.get("operator") or "eq"), str(value)))
    return result


# --- Results ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PivotResult:
    table: frames.PivotTable
    measure_label: str


@dataclass(frozen=True)
class ParetoResult:
    pareto: Any  # calculations.Pareto
    shown: tuple[Any, ...]
    others_count: int
    others_value: float
    category: str
    measure: str
    chart: dict[str, Any]


@dataclass(frozen=True)
class GroupStatistics:
    label: str | None
    statistics: Any  # calculations.Descriptive
    histogram: Any  # calculations.Histogram
    box: Any  # calculations.BoxPlot


@dataclass(frozen=True)
class DescriptiveResult:
    column: str
    groups: tuple[GroupStatistics, ...]
    histogram_chart: dict[str, Any]
    box_chart: dict[str, Any]
    classes: tuple[tuple[float, float, int], ...] = ()


@dataclass(frozen=True)
class Violation:
    chart: str
    rule: int
    index: int
    label: str
    value: float
    description: str


@dataclass(frozen=True)
class PlottedSummary:
    kind: str
    center: float
    lcl: float
    ucl: float
    variable: bool
    count: int


@dataclass(frozen=True)
class ControlChartResult:
    kind: str
    chart: Any  # calculations.ControlChart
    labels: tuple[str, ...]
    violations: tuple[Violation, ...]
    charts: tuple[tuple[str, dict[str, Any]], ...]  # (element id, options)
    sampled: bool
    limits_from: int | None
    plotted: tuple[PlottedSummary, ...] = ()


@dataclass(frozen=True)
class CapabilityResult:
    column: str
    capability: Any  # calculations.Capability
    normality: Any  # calculations.NormalityTest | None
    statistics: Any
    chart: dict[str, Any]
    lsl: float | None
    usl: float | None
    target: float | None
    sigma_source: str
    warnings: tuple[str, ...] = field(default_factory=tuple)


# --- Tools --------------------------------------------------------------------------------------------


def run_tool(dataset: Dataset, tool: str, params: dict[str, Any]) -> Any:
    from .selectors import dataset_frame

    lf, schema = dataset_frame(dataset)
    runner = {
        ToolKind.PIVOT: run_pivot,
        ToolKind.PARETO: run_pareto,
        ToolKind.DESCRIPTIVE: run_descriptive,
        ToolKind.CONTROL_CHART: run_control_chart,
        ToolKind.CAPABILITY: run_capability,
    }.get(tool)
    if runner is None:
        raise ValidationError({"tool": _("Unknown tool.")})
    if not isinstance(params, dict):
        raise ValidationError(_("The parameters are not valid."))
    try:
        return runner(lf, schema, params)
    except ValueError as error:
        # calculations explains in plain English what it cannot compute.
        raise ValidationError(
            _("The calculation is not possible: %(detail)s") % {"detail": str(error)}, code="calculation"
        ) from error
    except FileNotFoundError as error:
        raise ValidationError(_("The data file of this dataset is missing."), code="missing_file") from error


def run_pivot(lf, schema: dict[str, str], params: dict[str, Any]) -> PivotResult:
    rows = params.get("rows") or []
    if isinstance(rows, str):
        rows = [rows]
    aggregation = _text(params, "aggregation") or Aggregation.COUNT
    measure = _text(params, "measure")
    table = frames.pivot(
        lf,
        schema,
        rows=[str(r) for r in rows if r],
        column=_text(params, "column") or None,
        aggregation=aggregation,
        measure=measure or None,
        filters=_filters(params),
        sort=_text(params, "sort") or "label",
    )
    label = str(Aggregation(aggregation).label) if aggregation in Aggregation.values else aggregation
    measure_label = label if aggregation == Aggregation.COUNT else f"{label} – {measure}"
    return PivotResult(table=table, measure_label=measure_label)


def run_pareto(lf, schema: dict[str, str], params: dict[str, Any]) -> ParetoResult:
    category = _text(params, "category")
    measure = _text(params, "measure")
    cutoff = _number(params, "cutoff", _("Cut-off")) or 0.8
    if cutoff > 1:
        cutoff = cutoff / 100  # given in %
    if not 0 < cutoff <= 1:
        raise ValidationError({"cutoff": _("The cut-off lies between 1 and 100 %.")})
    result = frames.pareto(
        lf, schema, category=category, measure=measure or None, filters=_filters(params), cutoff=cutoff
    )
    shown = tuple(result.items[:PARETO_SHOWN])
    others = result.items[PARETO_SHOWN:]
    return ParetoResult(
        pareto=result,
        shown=shown,
        others_count=len(others),
        others_value=sum(item.value for item in others),
        category=category,
        measure=measure,
        chart=charts.pareto_chart(shown, value_label=measure or _("Count"), cutoff=cutoff),
    )


def run_descriptive(lf, schema: dict[str, str], params: dict[str, Any]) -> DescriptiveResult:
    column = _text(params, "column")
    bins = _integer(params, "bins", _("Number of classes"))
    if bins is not None and not 1 <= bins <= 200:
        raise ValidationError({"bins": _("Between 1 and 200 classes.")})
    groups = frames.numeric_values(
        lf, schema, column=column, group=_text(params, "group") or None, filters=_filters(params)
    )
    results = []
    for label, values in groups:
        if len(values) < 2:
            continue
        results.append(
            GroupStatistics(
                label=label,
                statistics=calculations.descriptive_statistics(values),
                histogram=calculations.histogram(values, bins=bins),
                box=calculations.box_plot(values),
            )
        )
    if not results:
        raise ValidationError(_("At least two values are needed."), code="no_data")
    return DescriptiveResult(
        column=column,
        groups=tuple(results),
        histogram_chart=charts.histogram_chart(results[0].histogram, value_label=column),
        box_chart=charts.box_plot_chart([(g.label or column, g.box) for g in results], value_label=column),
        classes=_classes(results[0].histogram),
    )


def _classes(histogram: Any) -> tuple[tuple[float, float, int], ...]:
    edges = histogram.edges
    return tuple((edges[i], edges[i + 1], count) for i, count in enumerate(histogram.counts))


def _sampled_indexes(count: int, keep: set[int]) -> list[int] | None:
    if count <= DRAW_MAX_POINTS:
        return None
    step = count / DRAW_MAX_POINTS
    indexes = {int(i * step) for i in range(DRAW_MAX_POINTS)} | keep
    return sorted(indexes)


def run_control_chart(lf, schema: dict[str, str], params: dict[str, Any]) -> ControlChartResult:
    kind = _text(params, "chart") or ChartKind.INDIVIDUALS
    if kind not in ChartKind.values:
        raise ValidationError({"chart": _("Unknown control chart.")})
    column = _text(params, "column")
    order_by = _text(params, "order_by") or None
    filters = _filters(params)
    limits_from_count = _integer(params, "limits_from", _("Limits from the first points"))
    limits_from = slice(0, limits_from_count) if limits_from_count else None
    rules = params.get("rules") or list(range(1, 9))
    try:
        rules = sorted({int(rule) for rule in rules if 1 <= int(rule) <= 8})
    except (TypeError, ValueError) as error:
        raise ValidationError({"rules": _("Rules are numbered 1 to 8.")}) from error
    if kind == ChartKind.INDIVIDUALS:
        series = frames.individual_series(
            lf,
            schema,
            column=column,
            order_by=order_by,
            label=_text(params, "label") or None,
            filters=filters,
        )
        _need_points(series.values, limits_from_count)
        chart = calculations.individuals_chart(series.values, limits_from=limits_from)
    elif kind in (ChartKind.XBAR_R, ChartKind.XBAR_S):
        series = frames.subgroup_series(
            lf,
            schema,
            column=column,
            subgroup=_text(params, "subgroup") or None,
            size=_integer(params, "size", _("Subgroup size")),
            order_by=order_by,
            filters=filters,
        )
        _need_points(series.subgroups, limits_from_count)
        function = calculations.xbar_r_chart if kind == ChartKind.XBAR_R else calculations.xbar_s_chart
        chart = function(series.subgroups, limits_from=limits_from)
    else:
        size_column = _text(params, "size_column") or None
        if kind in (ChartKind.P, ChartKind.U) and not size_column:
            raise ValidationError({"size_column": _("Choose the column of sample sizes (or units).")})
        series = frames.attribute_series(
            lf,
            schema,
            count_column=column,
            size_column=size_column,
            order_by=order_by,
            label=_text(params, "label") or None,
            filters=filters,
        )
        _need_points(series.values, limits_from_count)
        if kind == ChartKind.P:
            chart = calculations.p_chart(
                [int(v) for v in series.values], [int(s) for s in series.sizes], limits_from=limits_from
            )
        elif kind == ChartKind.NP:
            size = _integer(params, "size", _("Sample size"))
            if size is None and series.sizes and len(set(series.sizes)) == 1:
                size = int(series.sizes[0])
            if not size:
                raise ValidationError({"size": _("An np chart needs one constant sample size.")})
            chart = calculations.np_chart([int(v) for v in series.values], size, limits_from=limits_from)
        elif kind == ChartKind.C:
            chart = calculations.c_chart(list(series.values), limits_from=limits_from)
        else:
            chart = calculations.u_chart(list(series.values), list(series.sizes), limits_from=limits_from)
    violations = []
    for plotted in (chart, chart.secondary):
        if plotted is None:
            continue
        # A moving-range chart has one point fewer than the values: its point k is the range
        # between values k and k + 1, and is labelled with value k + 1.
        offset = max(len(series.labels) - len(plotted.points), 0)
        for violation in calculations.rule_violations(plotted, rules=rules):
            position = violation.index + offset
            violations.append(
                Violation(
                    chart=plotted.kind,
                    rule=violation.rule,
                    index=violation.index,
                    label=series.labels[position] if position < len(series.labels) else "",
                    value=plotted.points[violation.index],
                    description=str(RULE_LABELS.get(violation.rule, "")),
                )
            )
    violations.sort(key=lambda v: (v.chart != chart.kind, v.index, v.rule))
    drawn = []
    sampled = False
    for plotted in (chart, chart.secondary):
        if plotted is None:
            continue
        own = [v for v in violations if v.chart == plotted.kind]
        indexes = _sampled_indexes(len(plotted.points), {v.index for v in own})
        sampled = sampled or indexes is not None
        drawn.append(
            (
                f"control-chart-{len(drawn) + 1}",
                charts.control_chart(
                    plotted,
                    series.labels[max(len(series.labels) - len(plotted.points), 0) :],
                    own,
                    indexes=indexes,
                ),
            )
        )
    return ControlChartResult(
        kind=kind,
        chart=chart,
        labels=series.labels,
        violations=tuple(violations),
        charts=tuple(drawn),
        sampled=sampled,
        limits_from=limits_from_count,
        plotted=tuple(
            PlottedSummary(
                kind=plotted.kind,
                center=plotted.center,
                lcl=plotted.lcl[0],
                ucl=plotted.ucl[0],
                variable=len(set(plotted.lcl)) > 1 or len(set(plotted.ucl)) > 1,
                count=len(plotted.points),
            )
            for plotted in (chart, chart.secondary)
            if plotted is not None
        ),
    )


def _need_points(points, limits_from_count: int | None) -> None:
    if len(points) < 2:
        raise ValidationError(_("A control chart needs at least 2 points."), code="too_few")
    if limits_from_count is not None and not 2 <= limits_from_count <= len(points):
        raise ValidationError({"limits_from": _("Between 2 and %(count)s points.") % {"count": len(points)}})


def run_capability(lf, schema: dict[str, str], params: dict[str, Any]) -> CapabilityResult:
    column = _text(params, "column")
    lsl = _number(params, "lsl", _("Lower specification limit"))
    usl = _number(params, "usl", _("Upper specification limit"))
    target = _number(params, "target", _("Target"))
    if lsl is None and usl is None:
        raise ValidationError(_("Give at least one specification limit (LSL or USL)."), code="no_limit")
    if lsl is not None and usl is not None and lsl >= usl:
        raise ValidationError({"usl": _("The upper limit must be above the lower limit.")})
    filters = _filters(params)
    subgroup = _text(params, "subgroup") or None
    size = _integer(params, "size", _("Subgroup size"))
    sigma_within = None
    sigma_source = _("moving ranges of the individual values (MR̄/d2)")
    if subgroup or size:
        series = frames.subgroup_series(
            lf, schema, column=column, subgroup=subgroup, size=size, filters=filters
        )
        xbar = calculations.xbar_r_chart(series.subgroups)
        sigma_within = xbar.process_sigma or xbar.sigma * math.sqrt(len(series.subgroups[0]))
        values = [value for group in series.subgroups for value in group]
        sigma_source = _("ranges of the subgroups (R̄/d2)")
    else:
        values = frames.numeric_values(lf, schema, column=column, filters=filters)[0][1]
    if len(values) < 3:
        raise ValidationError(_("At least three values are needed."), code="no_data")
    capability = calculations.process_capability(
        values, lsl=lsl, usl=usl, sigma_within=sigma_within, target=target
    )
    try:
        normality = calculations.normality_test(values)
    except (ValueError, ZeroDivisionError):
        normality = None
    warnings = []
    if normality is not None and not normality.is_normal:
        warnings.append(
            _(
                "The values do not follow a normal distribution (Anderson-Darling p = %(p)s): the indices "
                "and their intervals assume one; read them with care."
            )
            % {"p": f"{normality.p_value:.3g}"}
        )
    if len(values) < 30:
        warnings.append(_("Fewer than 30 values: the confidence intervals are wide."))
    histogram = calculations.histogram(values)
    return CapabilityResult(
        column=column,
        capability=capability,
        normality=normality,
        statistics=calculations.descriptive_statistics(values),
        chart=charts.histogram_chart(histogram, value_label=column, lsl=lsl, usl=usl, target=target),
        lsl=lsl,
        usl=usl,
        target=target,
        sigma_source=sigma_source,
        warnings=tuple(warnings),
    )
