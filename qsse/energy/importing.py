"""Reading energy invoices from an Excel workbook (the first sheet, one invoice or reading a row,
headers on the first row). Every error names its row and column; a file with any error is refused
as a whole (nothing is imported)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from qsse.core.spreadsheet import cell_date, cell_text

from .choices import RecordKind

MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024
MAX_ERRORS = 50

# (key, French header, English header): matched without regard to case or surrounding spaces.
COLUMNS = (
    ("meter", "Compteur", "Meter"),
    ("period_start", "Début", "Start"),
    ("period_end", "Fin", "End"),
    ("quantity", "Quantité", "Quantity"),
    ("cost", "Coût HT (€)", "Cost excl. VAT (€)"),
    ("reference", "N° de facture", "Invoice number"),
    ("index_start", "Index début", "Start index"),
    ("index_end", "Index fin", "End index"),
    ("note", "Note", "Note"),
)
REQUIRED = ("meter", "period_start", "period_end")


class InvoiceFileError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _decimal(value: Any) -> Decimal | None | str:
    """A number, None for an empty cell, or "" when the cell is not a number (accepts 1 234,5)."""
    if value in (None, ""):
        return None
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    text = str(value).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return ""


def read(content: bytes, *, meters: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of the workbook, checked, as arguments of ``services.consumption_create``.

    ``meters`` maps the lower-case identifiers and names of the meters the user may record on
    (``"MTL:name"`` as well, to tell apart meters of the same name on two sites)."""
    if len(content) > MAX_BYTES:
        raise InvoiceFileError([_("The file is too large (at most 10 MB).")])
    try:
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors for a file that is not xlsx
        raise InvoiceFileError([_("The file is not an Excel workbook (.xlsx).")]) from error
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [cell_text(cell).lower() for cell in next(rows, ())]
    positions = {}
    for key, french, english in COLUMNS:
        for label in (french.lower(), english.lower()):
            if label in header:
                positions[key] = header.index(label)
                break
    missing = [french for key, french, _english in COLUMNS if key in REQUIRED and key not in positions]
    if missing:
        raise InvoiceFileError([_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}])
    labels = {key: french for key, french, _english in COLUMNS}
    errors: list[str] = []
    found: list[dict[str, Any]] = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            errors.append(_("More than %(max)s rows: split the file.") % {"max": MAX_ROWS})
            break
        cells = {key: (values[index] if index < len(values) else None) for key, index in positions.items()}
        if all(cell_text(value) == "" for value in cells.values()):
            continue

        def error(key: str, message: str, number: int = number) -> None:
            errors.append(
                _("Row %(row)s, column “%(column)s”: %(message)s")
                % {"row": number, "column": labels[key], "message": message}
            )

        meter = meters.get(cell_text(cells.get("meter")).lower())
        if meter is None:
            error("meter", _("unknown meter, or outside your sites (give its identifier or its name)."))
        dates: dict[str, Any] = {}
        for key in ("period_start", "period_end"):
            value = cell_date(cells.get(key))
            if value is None:
                error(key, _("the date is required."))
            elif value == "":
                error(key, _("not a date (dd/mm/yyyy)."))
                value = None
            dates[key] = value
        if dates["period_start"] and dates["period_end"] and dates["period_end"] < dates["period_start"]:
            error("period_end", _("the end of the period is before its start."))
        numbers: dict[str, Any] = {}
        for key in ("quantity", "cost", "index_start", "index_end"):
            value = _decimal(cells.get(key))
            if value == "":
                error(key, _("not a number."))
                value = None
            elif value is not None and value < 0 and key in ("quantity", "cost"):
                error(key, _("cannot be negative."))
            numbers[key] = value
        has_index = numbers["index_start"] is not None or numbers["index_end"] is not None
        if has_index and (numbers["index_start"] is None or numbers["index_end"] is None):
            error("index_end", _("give both the start and the end index."))
        elif has_index and numbers["index_end"] < numbers["index_start"]:
            error("index_end", _("the end index is lower than the start index."))
        if not has_index and numbers["quantity"] is None:
            error("quantity", _("the quantity is required (or the two indexes)."))
        row: dict[str, Any] = {
            "meter": meter,
            "period_start": dates["period_start"],
            "period_end": dates["period_end"],
            "kind": RecordKind.READING if has_index else RecordKind.INVOICE,
            "cost": numbers["cost"],
            "reference": cell_text(cells.get("reference"))[:60],
            "note": cell_text(cells.get("note"))[:300],
        }
        if has_index:
            row["index_start"], row["index_end"] = numbers["index_start"], numbers["index_end"]
        else:
            row["quantity"] = numbers["quantity"]
        found.append(row)
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise InvoiceFileError(errors)
    if not found:
        raise InvoiceFileError([_("The file holds no invoice.")])
    return found


def template_workbook() -> bytes:
    """An empty file to fill in, with its headers and two example rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Factures"
    sheet.append([french for _key, french, _english in COLUMNS])
    sheet.append(
        ["PDL 30001234567890", "01/01/2026", "31/01/2026", 182000, 27300, "FAC-2026-001", None, None, ""]
    )
    sheet.append(["PCE GI123456", "01/01/2026", "31/01/2026", 135000, 9450, "GAZ-2026-01", None, None, ""])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
