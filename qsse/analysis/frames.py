"""Polars queries on a dataset's Parquet file: pivot tables, Pareto counts, values for histograms and
capability, subgroups for control charts.

Every aggregate is a lazy Polars ``group_by`` (no Python loop over rows), so that a million rows
take well under a second; only the aggregated groups come back to Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import polars as pl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import calculations
from .choices import Aggregation, ColumnType
from .ingest import FIRST_DATA_LINE, number_expr

PIVOT_MAX_ROWS = 100
PIVOT_MAX_COLUMNS = 30
MAX_GROUPS = 12
ROW = "__row__"


def scan(path: str) -> pl.LazyFrame:
    return pl.scan_parquet(path)


def empty_label() -> str:
    return _("(empty)")


# --- Columns and filters --------------------------------------------------------------------------


def require_column(schema: dict[str, str], column: str | None, *, label: str = "") -> str:
    if not column or column not in schema:
        raise ValidationError(
            _("The column “%(column)s” does not exist in this dataset.") % {"column": column or label or "?"},
            code="unknown_column",
        )
    return column


def numeric(lf: pl.LazyFrame, schema: dict[str, str], column: str) -> pl.Expr:
    """The column as Float64; raises ValidationError naming the first cell that is not a number."""
    require_column(schema, column)
    kind = schema[column]
    if kind == ColumnType.NUMBER:
        return pl.col(column).cast(pl.Float64)
    if kind == ColumnType.DATE:
        raise ValidationError(
            _("The column “%(column)s” holds dates, not numbers.") % {"column": column},
            code="not_numeric",
        )
    offending = (
        lf.with_row_index(ROW)
        .filter(pl.col(column).is_not_null() & number_expr(column).is_null())
        .select(ROW, pl.col(column).cast(pl.String))
        .head(1)
        .collect()
    )
    if offending.height:
        row, value = offending.row(0)
        raise ValidationError(
            _("Row %(row)s, column “%(column)s”: “%(value)s” is not a number.")
            % {"row": row + FIRST_DATA_LINE, "column": column, "value": value},
            code="not_numeric",
        )
    return number_expr(column)


@dataclass(frozen=True)
class Filter:
    column: str
    operator: str  # "eq" | "min" | "max"
    value: str


def _typed_value(schema: dict[str, str], column: str, value: Any) -> Any:
    kind = schema[column]
    text = str(value).strip()
    try:
        if kind == ColumnType.NUMBER:
            return float(text.replace(",", "."))
        if kind == ColumnType.DATE:
            return date.fromisoformat(text)
    except ValueError as error:
        raise ValidationError(
            _("The filter value “%(value)s” does not suit the column “%(column)s”.")
            % {"value": text, "column": column},
            code="bad_filter",
        ) from error
    return text


def apply_filters(lf: pl.LazyFrame, schema: dict[str, str], filters: Sequence[Filter]) -> pl.LazyFrame:
    for item in filters:
        require_column(schema, item.column)
        value = _typed_value(schema, item.column, item.value)
        column = pl.col(item.column)
        if schema[item.column] == ColumnType.DATE:
            column = column.cast(pl.Date)
        if item.operator == "eq":
            lf = lf.filter(
                column.cast(pl.String) == str(value) if isinstance(value, str) else column == value
            )
        elif item.operator == "min":
            lf = lf.filter(column >= value)
        elif item.operator == "max":
            lf = lf.filter(column <= value)
        else:
            raise ValidationError(_("Unknown filter operator."), code="bad_filter")
    return lf


def _label(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.String).fill_null(empty_label())


def _measure(lf: pl.LazyFrame, schema: dict[str, str], aggregation: str, measure: str | None) -> pl.Expr:
    if aggregation == Aggregation.COUNT:
        return pl.len().cast(pl.Float64)
    if aggregation not in Aggregation.values:
        raise ValidationError(_("Unknown aggregation."), code="bad_aggregation")
    if not measure:
        raise ValidationError(_("Choose the column to aggregate (the measure)."), code="missing_measure")
    expression = numeric(lf, schema, measure)
    return getattr(expression, aggregation)()


# --- Pivot table -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PivotRow:
    labels: tuple[str, ...]
    cells: tuple[float | None, ...]
    total: float | None


@dataclass(frozen=True)
class PivotTable:
    row_columns: tuple[str, ...]
    column_column: str | None
    aggregation: str
    measure: str | None
    column_labels: tuple[str, ...]
    rows: tuple[PivotRow, ...]
    column_totals: tuple[float | None, ...]
    grand_total: float | None
    row_groups: int  # before the top-N limit
    column_groups: int


def pivot(
    lf: pl.LazyFrame,
    schema: dict[str, str],
    *,
    rows: Sequence[str],
    column: str | None = None,
    aggregation: str = Aggregation.COUNT,
    measure: str | None = None,
    filters: Sequence[Filter] = (),
    max_rows: int = PIVOT_MAX_ROWS,
    max_columns: int = PIVOT_MAX_COLUMNS,
    sort: str = "label",
) -> PivotTable:
    """Aggregate ``measure`` by ``rows`` × ``column``; totals are computed on every record (not summed
    from the shown cells, so that means and medians are right), the grid keeps the ``max_rows``
    rows and ``max_columns`` columns with the largest totals."""
    rows = [require_column(schema, name) for name in rows if name]
    if not rows:
        raise ValidationError(_("Choose at least one column for the rows."), code="missing_rows")
    if column:
        require_column(schema, column)
        if column in rows:
            raise ValidationError(_("A column cannot be both in rows and in columns."), code="same_column")
    value = _measure(lf, schema, aggregation, measure).alias("value")
    base = apply_filters(lf, schema, filters).with_columns(
        [_label(name) for name in [*rows, *([column] if column else [])]]
    )
    queries = [base.group_by(rows).agg(value), base.select(value)]
    if column:
        queries.append(base.group_by(column).agg(value))
    results = pl.collect_all(queries)
    row_totals, grand = results[0], results[1]
    grand_total = grand.item() if grand.height else None
    row_groups = row_totals.height
    kept_rows = row_totals.sort("value", descending=True, nulls_last=True).head(max_rows)
    if sort == "total":
        kept_rows = kept_rows.sort(["value", *rows], descending=[True] + [False] * len(rows), nulls_last=True)
    else:
        kept_rows = kept_rows.sort(rows)
    column_labels: list[str] = []
    column_totals: list[float | None] = []
    column_groups = 0
    cells: dict[tuple[tuple[str, ...], str], float | None] = {}
    if column:
        column_frame = results[2]
        column_groups = column_frame.height
        kept_columns = (
            column_frame.sort("value", descending=True, nulls_last=True).head(max_columns).sort(column)
        )
        column_labels = kept_columns[column].to_list()
        column_totals = kept_columns["value"].to_list()
        cell_frame = (
            base.join(kept_rows.lazy().select(rows), on=rows, how="semi")
            .join(kept_columns.lazy().select(column), on=column, how="semi")
            .group_by([*rows, column])
            .agg(value)
            .collect()
        )
        for record in cell_frame.iter_rows():
            cells[(tuple(record[: len(rows)]), record[len(rows)])] = record[-1]
    table_rows = []
    for record in kept_rows.iter_rows():
        labels = tuple(record[: len(rows)])
        table_rows.append(
            PivotRow(
                labels=labels,
                cells=tuple(cells.get((labels, label)) for label in column_labels),
                total=record[-1],
            )
        )
    return PivotTable(
        row_columns=tuple(rows),
        column_column=column or None,
        aggregation=aggregation,
        measure=measure if aggregation != Aggregation.COUNT else None,
        column_labels=tuple(column_labels),
        rows=tuple(table_rows),
        column_totals=tuple(column_totals),
        grand_total=grand_total,
        row_groups=row_groups,
        column_groups=column_groups,
    )


# --- Pareto ----------------------------------------------------------------------------------------


def pareto_counts(
    lf: pl.LazyFrame,
    schema: dict[str, str],
    *,
    category: str,
    measure: str | None = None,
    filters: Sequence[Filter] = (),
) -> list[tuple[str, float]]:
    """(category, count or sum of ``measure``) for every category, one ``group_by``."""
    require_column(schema, category)
    value = (numeric(lf, schema, measure).sum() if measure else pl.len()).cast(pl.Float64).alias("value")
    frame = (
        apply_filters(lf, schema, filters)
        .with_columns(_label(category))
        .group_by(category)
        .agg(value)
        .collect()
    )
    return [(label, float(total or 0)) for label, total in frame.iter_rows()]


def pareto(
    lf: pl.LazyFrame,
    schema: dict[str, str],
    *,
    category: str,
    measure: str | None = None,
    filters: Sequence[Filter] = (),
    cutoff: float = 0.8,
) -> calculations.Pareto:
    counts = pareto_counts(lf, schema, category=category, measure=measure, filters=filters)
    if not counts:
        raise ValidationError(_("No record matches: nothing to count."), code="no_data")
    return calculations.pareto(counts, cutoff=cutoff)


# --- Values -----------------------------------------------------------------------------------------


def numeric_values(
    lf: pl.LazyFrame,
    schema: dict[str, str],
    *,
    column: str,
    group: str | None = None,
    filters: Sequence[Filter] = (),
    max_groups: int = MAX_GROUPS,
) -> list[tuple[str | None, list[float]]]:
    """The non-empty values of a numeric column, whole or by group (the ``max_groups`` largest groups)."""
    expression = numeric(lf, schema, column).alias("value")
    base = apply_filters(lf, schema, filters)
    if not group:
        values = base.select(expression).drop_nulls().collect()["value"].to_list()
        return [(None, values)]
    require_column(schema, group)
    frame = (
        base.with_columns(_label(group))
        .select(group, expression)
        .drop_nulls("value")
        .group_by(group)
        .agg(pl.col("value"), pl.len().alias("n"))
        .sort(["n", group], descending=[True, False])
        .head(max_groups)
        .sort(group)
        .collect()
    )
    return [(label, values) for label, values, _n in frame.iter_rows()]


# --- Control-chart data -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    labels: tuple[str, ...]  # one per point: the subgroup, the date or the row
    values: tuple[float, ...] = ()
    subgroups: tuple[tuple[float, ...], ...] = ()
    sizes: tuple[float, ...] = ()


def _ordered(lf: pl.LazyFrame, schema: dict[str, str], order_by: str | None) -> pl.LazyFrame:
    lf = lf.with_row_index(ROW)
    if order_by:
        require_column(schema, order_by)
        lf = lf.sort([order_by, ROW], nulls_last=True)
    return lf


def _label_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def individual_series(
    lf: pl.LazyFrame,
    schema: dict[str, str],
    *,
    column: str,
    order_by: str | None = None,
    label: str | None = None,
    filters: Sequence[Filter] = (),
) -> Series:
    expression = numeric(lf, schema, column).alias("value")
    label = label or order_by
    if label:
        require_column(schema, label)
    frame = (
        _ordered(apply_filters(lf, schema, filters), schema, order_by)
        .select(
            pl.col(label).alias("label") if label else (pl.col(ROW) + FIRST_DATA_LINE).alias("label"),
            expression,
        )
        .drop_nulls("value")
        .collect()
    )
    return Series(
        labels=tuple(_label_of(value) for value in frame["label"].to_list()),
        values=tuple(frame["value"].to_list()),
    )


def subgroup_series(
    lf: pl.LazyFrame,
    schema: dict[str, str],
    *,
    column: str,
    subgroup: str | None = None,
    size: int | None = None,
    order_by: str | None = None,
    filters: Sequence[Filter] = (),
) -> Series:
    """Subgroups of a measured column: the rows sharing a ``subgroup`` value (in order of the
    subgroup), or ``size`` consecutive rows (an incomplete last subgroup is left out)."""
    expression = numeric(lf, schema, column).alias("value")
    base = _ordered(apply_filters(lf, schema, filters), schema, order_by)
    if subgroup:
        require_column(schema, subgroup)
        frame = (
            base.select(pl.col(subgroup).alias("label"), expression)
            .drop_nulls("value")
            .group_by("label", maintain_order=True)
            .agg(pl.col("value"))
            .collect()
        )
        if not order_by:
            frame = frame.sort("label", nulls_last=True)
        labels = tuple(_label_of(value) for value in frame["label"].to_list())
        groups = tuple(tuple(values) for values in frame["value"].to_list())
    else:
        if not size or size < 2:
            raise ValidationError(
                _("Give the subgroup column or a subgroup size of at least 2."), code="missing_subgroup"
            )
        values = base.select(expression).drop_nulls().collect()["value"].to_list()
        count = len(values) // size
        groups = tuple(tuple(values[i * size : (i + 1) * size]) for i in range(count))
        labels = tuple(str(i + 1) for i in range(count))
    if len(groups) < 2:
        raise ValidationError(_("A control chart needs at least 2 subgroups."), code="too_few")
    sizes = {len(group) for group in groups}
    if len(sizes) > 1 or min(sizes) < 2:
        raise ValidationError(
            _("Every subgroup must have the same size, of at least 2 values (sizes found: %(sizes)s).")
            % {"sizes": ", ".join(str(s) for s in sorted(sizes)[:8])},
            code="unequal_subgroups",
        )
    return Series(labels=labels, subgroups=groups)


def attribute_series(
    lf: pl.LazyFrame,
    schema: dict[str, str],
    *,
    count_column: str,
    size_column: str | None = None,
    order_by: str | None = None,
    label: str | None = None,
    filters: Sequence[Filter] = (),
) -> Series:
    """Counts (defectives or defects) per sample and, when given, the sample sizes (or units)."""
    counts = numeric(lf, schema, count_column).alias("value")
    selected = [counts]
    if size_column:
        selected.append(numeric(lf, schema, size_column).alias("size"))
    label = label or order_by
    if label:
        require_column(schema, label)
    label_expr = pl.col(label).alias("label") if label else (pl.col(ROW) + FIRST_DATA_LINE).alias("label")
    frame = (
        _ordered(apply_filters(lf, schema, filters), schema, order_by)
        .select(label_expr, *selected)
        .drop_nulls([name for name in ("value", "size") if name == "value" or size_column])
        .collect()
    )
    return Series(
        labels=tuple(_label_of(value) for value in frame["label"].to_list()),
        values=tuple(frame["value"].to_list()),
        sizes=tuple(frame["size"].to_list()) if size_column else (),
    )


# --- Preview and column summary -------------------------------------------------------------------


def preview(lf: pl.LazyFrame, rows: int = 20) -> tuple[list[str], list[tuple]]:
    frame = lf.head(rows).collect()
    return frame.columns, [tuple(_label_of(v) for v in row) for row in frame.iter_rows()]


@dataclass(frozen=True)
class ColumnSummary:
    name: str
    type: str
    filled: int
    empty: int
    distinct: int
    minimum: str
    maximum: str
    mean: float | None


def column_summaries(lf: pl.LazyFrame, schema: dict[str, str]) -> list[ColumnSummary]:
    """Filled and empty cells, distinct values, range (and mean of numbers) of every column, one query."""
    expressions = []
    for name, kind in schema.items():
        expressions += [
            pl.col(name).is_not_null().sum().alias(f"{name}\x00filled"),
            pl.col(name).is_null().sum().alias(f"{name}\x00empty"),
            pl.col(name).n_unique().alias(f"{name}\x00distinct"),
        ]
        if kind != ColumnType.TEXT:
            expressions += [
                pl.col(name).min().alias(f"{name}\x00min"),
                pl.col(name).max().alias(f"{name}\x00max"),
            ]
        if kind == ColumnType.NUMBER:
            expressions.append(pl.col(name).cast(pl.Float64).mean().alias(f"{name}\x00mean"))
    values = lf.select(expressions).collect().row(0, named=True) if expressions else {}
    return [
        ColumnSummary(
            name=name,
            type=kind,
            filled=values[f"{name}\x00filled"],
            empty=values[f"{name}\x00empty"],
            distinct=values[f"{name}\x00distinct"],
            minimum=_label_of(values.get(f"{name}\x00min")),
            maximum=_label_of(values.get(f"{name}\x00max")),
            mean=values.get(f"{name}\x00mean"),
        )
        for name, kind in schema.items()
    ]
