"""Reading a waste register from Excel (.xlsx). The file is checked as a whole: every error names
its row, its column and the reason, and nothing is written when any row is wrong (the service then
checks the register rules the same way)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from . import calculations

MAX_ROWS = 200_000
# Column headings of the template (French, the register's language); matched without case/accents.
COLUMNS = (
    ("removed_on", "Date d'enlèvement", True),
    ("site", "Site", True),
    ("stream", "Flux", False),
    ("waste_code", "Code déchet", False),
    ("usual_name", "Dénomination usuelle", False),
    ("is_pop", "POP", False),
    ("quantity", "Quantité", True),
    ("unit", "Unité", True),
    ("density", "Masse volumique (t/m³)", False),
    ("collector", "Collecteur", False),
    ("transporter", "Transporteur", False),
    ("second_transporter", "Transporteur 2", False),
    ("facility", "Destination", False),
    ("treatment_code", "Code de traitement", False),
    ("tracking_number", "N° de bordereau", False),
    ("notes", "Remarques", False),
)
COLUMN_TITLES = {name: title for name, title, _required in COLUMNS}
YES = {"oui", "o", "yes", "y", "x", "1", "vrai", "true"}
NO = {"", "non", "n", "no", "0", "faux", "false"}


@dataclass(frozen=True)
class ReadResult:
    rows: list[dict[str, Any]]  # the rows read without error, as WasteRemoval keyword arguments
    errors: list[tuple[int, str]]  # (row number, message) of the rows that could not be read


class RegisterFileError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _key(text: Any) -> str:
    return calculations.search_key(str(text or ""))


def template_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Registre"
    sheet.append([title for _name, title, _required in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(
        [
            date(2026, 3, 2),
            "MTL",
            "",
            "12 01 09*",
            "Émulsions d'usinage usagées",
            "non",
            1.2,
            "t",
            "",
            "",
            "",
            "",
            "",
            "R1",
            "BSD-20260302-4FX8Q2KZ7",
            "",
        ]
    )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read(
    content: bytes,
    *,
    sites: dict[str, Any],
    streams: dict[tuple[int, str], Any],
    codes: dict[str, Any],
    contractors: dict[str, Any],
    treatments: dict[str, Any],
) -> ReadResult:
    """The rows of the file as keyword arguments of a WasteRemoval (with ``_line``), and the errors
    of the rows that could not be read (named by row and column); lookups are
    dictionaries keyed by lower-case, accent-free names (sites by code or name, streams by site id
    and name, contractors by name or SIRET, codes by 6 digits, treatments by ``R1``…)."""
    try:
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several kinds for a file that is not a workbook
        raise RegisterFileError([_("The file is not an Excel workbook (.xlsx).")]) from error
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    positions: dict[str, int] = {}
    wanted = {_key(title): name for name, title, _required in COLUMNS}
    for index, title in enumerate(header):
        name = wanted.get(_key(title))
        if name:
            positions[name] = index
    errors = [
        _("Column « %(column)s » is missing from the first row.") % {"column": title}
        for name, title, required in COLUMNS
        if required and name not in positions
    ]
    if "waste_code" not in positions and "stream" not in positions:
        errors.append(_("Give the column « Code déchet » or « Flux »."))
    if errors:
        raise RegisterFileError(errors)
    titles = {name: title for name, title, _required in COLUMNS}
    result: list[dict[str, Any]] = []
    row_errors: list[tuple[int, str]] = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(value in (None, "") for value in values):
            continue
        if number - 1 > MAX_ROWS:
            raise RegisterFileError([_("The file has more than %(count)s rows.") % {"count": MAX_ROWS}])

        def cell(name: str, values: tuple = values) -> Any:
            index = positions.get(name)
            if index is None or index >= len(values):
                return None
            value = values[index]
            return value.strip() if isinstance(value, str) else value

        before = len(row_errors)

        def fail(name: str, message: str, number: int = number) -> None:
            row_errors.append(
                (
                    number,
                    _("Row %(line)s, column « %(column)s »: %(message)s")
                    % {"line": number, "column": titles[name], "message": message},
                )
            )

        row: dict[str, Any] = {"_line": number}
        value = cell("removed_on")
        if isinstance(value, datetime):
            row["removed_on"] = value.date()
        elif isinstance(value, date):
            row["removed_on"] = value
        else:
            try:
                row["removed_on"] = datetime.strptime(str(value or ""), "%d/%m/%Y").date()
            except ValueError:
                fail("removed_on", _("a date is expected (dd/mm/yyyy)."))
        site = sites.get(_key(cell("site")))
        if site is None:
            fail("site", _("unknown site « %(value)s ».") % {"value": cell("site") or ""})
        row["site"] = site
        stream = None
        if cell("stream"):
            stream = streams.get((site.pk, _key(cell("stream")))) if site else None
            if stream is None and site is not None:
                fail("stream", _("no stream « %(value)s » on this site.") % {"value": cell("stream")})
        row["stream"] = stream
        code_text = str(cell("waste_code") or "")
        if code_text:
            code = codes.get(calculations.normalize_code(code_text) or "")
            if code is None:
                fail(
                    "waste_code",
                    _("« %(value)s » is not a code of the list of waste.") % {"value": code_text},
                )
            row["waste_code"] = code
        elif stream is None:
            fail("waste_code", _("give the waste code (or a stream)."))
        row["usual_name"] = str(cell("usual_name") or "")
        if not row["usual_name"] and stream is None:
            fail("usual_name", _("give the usual name of the waste."))
        pop = _key(cell("is_pop"))
        if pop not in YES | NO:
            fail("is_pop", _("answer oui or non."))
        row["is_pop"] = pop in YES
        for name in ("quantity", "density"):
            value = cell(name)
            if value in (None, ""):
                if name == "quantity":
                    fail(name, _("a number is expected."))
                continue
            try:
                row[name] = Decimal(str(value).replace(",", ".").replace(" ", ""))
            except InvalidOperation:
                fail(name, _("a number is expected."))
        unit = _key(cell("unit")).replace(" ", "")
        unit = {"t": "t", "tonne": "t", "tonnes": "t", "m3": "m3", "m": "m3"}.get(unit)
        if unit is None:
            fail("unit", _("the unit is t or m³."))
        row["unit"] = unit or "t"
        for name in ("collector", "transporter", "second_transporter", "facility"):
            text = cell(name)
            if not text:
                continue
            contractor = contractors.get(_key(text)) or contractors.get("".join(str(text).split()))
            if contractor is None:
                fail(
                    name,
                    _("unknown contractor « %(value)s » (add it to the contractors first).")
                    % {"value": text},
                )
            row[name] = contractor
        text = str(cell("treatment_code") or "")
        if text:
            treatment = treatments.get(calculations.normalize_treatment_code(text) or "")
            if treatment is None:
                fail(
                    "treatment_code",
                    _("« %(value)s » is not a code R1 to R13 or D1 to D15.") % {"value": text},
                )
            row["treatment_code"] = treatment
        row["tracking_number"] = str(cell("tracking_number") or "")
        row["notes"] = str(cell("notes") or "")
        if len(row_errors) == before:
            result.append(row)
    if not result and not row_errors:
        raise RegisterFileError([_("The file has no row to import.")])
    return ReadResult(result, row_errors)
