"""Reading an uploaded CSV or Excel file into a Polars frame with typed columns.

Everything is read as text first (so that the header row and every cell can be checked), then each
column is typed: number when every non-empty cell reads as a number (French exports: decimal
comma, spaces as thousands separators), date when every non-empty cell reads as a date, text
otherwise. The checks are vectorised Polars expressions: no Python loop over the rows.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .choices import ColumnType

CSV_EXTENSIONS = (".csv", ".txt")
EXCEL_EXTENSIONS = (".xlsx",)
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d.%m.%Y")
DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M")
# The first line of a data row in the file: line 1 is the header (what a spreadsheet shows).
FIRST_DATA_LINE = 2


def max_rows() -> int:
    return int(getattr(settings, "ANALYSIS_MAX_ROWS", 1_000_000))


def max_upload_bytes() -> int:
    return int(getattr(settings, "ANALYSIS_MAX_UPLOAD_MB", 100)) * 1024 * 1024


@dataclass(frozen=True)
class TypedFrame:
    frame: pl.DataFrame
    columns: tuple[dict[str, str], ...]  # {"name": ..., "type": ...}


def read_upload(name: str, content: bytes) -> TypedFrame:
    """The typed frame of an uploaded file; raises ValidationError with a message for the user."""
    if len(content) > max_upload_bytes():
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(len(content)), "limit": filesizeformat(max_upload_bytes())},
            code="too_large",
        )
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if not content.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    if extension in CSV_EXTENSIONS:
        raw = _read_csv(content)
    elif extension in EXCEL_EXTENSIONS:
        raw = _read_excel(content)
    else:
        raise ValidationError(
            _("Files of type “%(extension)s” are not accepted: upload a CSV (.csv) or Excel (.xlsx) file.")
            % {"extension": extension or "?"},
            code="bad_type",
        )
    return type_frame(_with_header(raw))


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def detect_separator(header_line: str) -> str:
    """``;`` (French Excel exports), tab or ``,``: the most frequent one on the header line."""
    counts = {separator: header_line.count(separator) for separator in (";", "\t", ",")}
    best = max(counts, key=lambda separator: counts[separator])
    return best if counts[best] else ","


def _read_csv(content: bytes) -> pl.DataFrame:
    text = _decode(content)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    separator = detect_separator(first_line)
    try:
        return pl.read_csv(
            io.BytesIO(text.encode("utf-8")),
            separator=separator,
            has_header=False,
            infer_schema=False,
            truncate_ragged_lines=True,
        )
    except (pl.exceptions.PolarsError, ValueError) as error:
        raise ValidationError(
            _("The file could not be read as CSV (%(detail)s).")
            % {"detail": str(error).splitlines()[0][:200]},
            code="unreadable",
        ) from error


def _read_excel(content: bytes) -> pl.DataFrame:
    try:
        return pl.read_excel(
            content, engine="calamine", read_options={"header_row": None}, infer_schema_length=0
        )
    except pl.exceptions.NoDataError as error:
        raise ValidationError(_("The file is empty."), code="empty") from error
    except Exception as error:  # calamine raises its own errors on a damaged or encrypted workbook
        raise ValidationError(
            _("The file could not be read as an Excel workbook (.xlsx)."), code="unreadable"
        ) from error


def _with_header(raw: pl.DataFrame) -> pl.DataFrame:
    """The first row becomes the header, after checking that it is one."""
    raw = raw.select([pl.col(name) for name in raw.columns if raw[name].drop_nulls().len() > 0])
    if raw.height == 0 or raw.width == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    header = [(value or "").strip() for value in raw.row(0)]
    for position, name in enumerate(header, start=1):
        if not name:
            raise ValidationError(
                _("Column %(position)s has no name: the first row must hold the column names.")
                % {"position": position},
                code="no_header",
            )
    if all(_looks_numeric(name) for name in header):
        raise ValidationError(
            _("The first row holds numbers, not column names: add a header row with the column names."),
            code="no_header",
        )
    seen: set[str] = set()
    for name in header:
        if name.casefold() in seen:
            raise ValidationError(
                _("The column name “%(name)s” appears twice: give each column its own name.")
                % {"name": name},
                code="duplicate_column",
            )
        seen.add(name.casefold())
    frame = raw.slice(1).rename(dict(zip(raw.columns, header, strict=True)))
    if frame.height == 0:
        raise ValidationError(_("The file has a header row but no data."), code="empty")
    if frame.height > max_rows():
        raise ValidationError(
            _("The file has %(rows)s rows; the limit is %(limit)s rows.")
            % {"rows": f"{frame.height:,}".replace(",", " "), "limit": f"{max_rows():,}".replace(",", " ")},
            code="too_many_rows",
        )
    return frame


def _looks_numeric(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def number_expr(column: str) -> pl.Expr:
    """The cells of a text column read as numbers (null where they are not).

    Spaces (thousands separators) are removed; a comma is the decimal mark when there is no dot.
    """
    text = pl.col(column).cast(pl.String).str.strip_chars()
    for space in (" ", "\u00a0", "\u202f"):
        text = text.str.replace_all(space, "", literal=True)
    text = (
        pl.when(text.str.contains(",", literal=True) & ~text.str.contains(".", literal=True))
        .then(text.str.replace(",", ".", literal=True))
        .otherwise(text)
    )
    return text.cast(pl.Float64, strict=False)


def _filled(column: str) -> pl.Expr:
    return pl.col(column).is_not_null() & (pl.col(column).str.strip_chars() != "")


SAMPLE_SIZE = 2000


def _candidates(name: str) -> list[tuple[str, pl.Expr]]:
    """The readings tried for a text column, most specific first."""
    readings = [(ColumnType.NUMBER, number_expr(name))]
    readings += [(ColumnType.DATE, pl.col(name).str.to_date(fmt, strict=False)) for fmt in DATE_FORMATS]
    readings += [
        (ColumnType.DATE, pl.col(name).str.to_datetime(fmt, strict=False)) for fmt in DATETIME_FORMATS
    ]
    return readings


def _reading_of(frame: pl.DataFrame, name: str) -> tuple[str, pl.Expr]:
    """The first reading that suits every filled cell of the column (text otherwise).

    The readings are tried on a sample of the filled cells; only the one that suits the sample is then
    checked on the whole column, so that a million rows are read twice at most."""
    filled = frame.select(pl.col(name).is_not_null().sum()).item()
    if not filled:
        return ColumnType.TEXT, pl.col(name)
    sample = frame.select(pl.col(name).drop_nulls().head(SAMPLE_SIZE))
    for kind, expression in _candidates(name):
        if sample.select(expression.is_null().any()).item():
            continue
        if frame.select(expression.is_not_null().sum()).item() == filled:
            return kind, expression
    return ColumnType.TEXT, pl.col(name)


def type_frame(frame: pl.DataFrame) -> TypedFrame:
    """Type every text column: number, date or text (empty cells become nulls)."""
    frame = frame.with_columns(
        pl.when(_filled(name)).then(pl.col(name).str.strip_chars()).otherwise(None).alias(name)
        for name in frame.columns
        if frame.schema[name] == pl.String
    )
    conversions = []
    columns = []
    for name in frame.columns:
        if frame.schema[name] != pl.String:
            kind = ColumnType.NUMBER if frame.schema[name].is_numeric() else ColumnType.TEXT
            conversions.append(pl.col(name))
            columns.append({"name": name, "type": str(kind)})
            continue
        kind, expression = _reading_of(frame, name)
        if kind == ColumnType.NUMBER:
            values = frame.select(expression.alias("v"))["v"]
            integral = values.drop_nulls().len() == 0 or bool(
                (values.drop_nulls() == values.drop_nulls().round(0)).all()
            )
            if integral and _fits_int(frame, name):
                expression = expression.cast(pl.Int64)
        elif kind == ColumnType.DATE and isinstance(frame.select(expression).dtypes[0], pl.Datetime):
            moments = frame.select(expression.alias("v"))["v"].drop_nulls()
            if bool((moments.dt.truncate("1d") == moments).all()):
                expression = expression.dt.date()
        conversions.append(expression.alias(name))
        columns.append({"name": name, "type": str(kind)})
    return TypedFrame(frame.select(conversions), tuple(columns))


def _fits_int(frame: pl.DataFrame, name: str) -> bool:
    largest = frame.select(number_expr(name).abs().max()).item()
    return largest is None or largest < 2**53


def frame_from_rows(columns: Iterable[tuple[str, str]], rows: Iterable[tuple]) -> TypedFrame:
    """A typed frame from OpenQSSE records: ``columns`` are (name, type) pairs, rows are tuples."""
    columns = list(columns)
    polars_types = {
        ColumnType.NUMBER: pl.Float64,
        ColumnType.DATE: pl.Date,
        ColumnType.TEXT: pl.String,
    }
    schema = {name: polars_types[ColumnType(kind)] for name, kind in columns}
    try:
        frame = pl.DataFrame(
            [tuple(_plain(value) for value in row) for row in rows], schema=schema, orient="row"
        )
    except (pl.exceptions.PolarsError, TypeError, ValueError) as error:
        raise ValidationError(
            _("The records could not be turned into a dataset (%(detail)s).")
            % {"detail": str(error).splitlines()[0][:200]},
            code="unreadable",
        ) from error
    if frame.height > max_rows():
        raise ValidationError(
            _("The source has %(rows)s rows; the limit is %(limit)s rows.")
            % {"rows": frame.height, "limit": max_rows()},
            code="too_many_rows",
        )
    return TypedFrame(frame, tuple({"name": name, "type": str(ColumnType(kind))} for name, kind in columns))


def _plain(value):
    from decimal import Decimal

    if isinstance(value, Decimal):
        return float(value)
    return value
