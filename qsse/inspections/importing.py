"""Reading an equipment register from an Excel workbook (the first sheet, one piece of equipment a
row, headers on the first row). Every error names its row and column; a file with any error is
refused as a whole (nothing is imported)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from qsse.core.spreadsheet import cell_date, cell_text

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024

# (key, French header, English header): matched without regard to case or surrounding spaces.
COLUMNS = (
    ("site", "Site", "Site"),
    ("kind", "Type d'équipement", "Kind"),
    ("name", "Nom", "Name"),
    ("identifier", "Repère", "Identifier"),
    ("location", "Emplacement", "Location"),
    ("commissioned_on", "Mise en service", "Commissioned on"),
    ("quantity", "Quantité", "Quantity"),
    ("last_done_on", "Dernière vérification", "Last inspection"),
)
REQUIRED = ("site", "kind", "name")


@dataclass(frozen=True)
class ImportRow:
    line: int
    site: Any
    kind: Any
    name: str
    identifier: str
    location: str
    commissioned_on: date | None
    quantity: int
    last_done_on: date | None


class RegisterFileError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def read(content: bytes, *, sites: dict[str, Any], kinds: dict[str, Any], today: date) -> list[ImportRow]:
    """The rows of the workbook, checked. ``sites`` maps lower-case codes and names of the sites the
    user may use to sites; ``kinds`` maps lower-case codes and French names to kinds."""
    if len(content) > MAX_BYTES:
        raise RegisterFileError([_("The file is too large (at most 5 MB).")])
    try:
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors for a file that is not xlsx
        raise RegisterFileError([_("The file is not an Excel workbook (.xlsx).")]) from error
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
        raise RegisterFileError([_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}])
    labels = {key: french for key, french, _english in COLUMNS}
    errors: list[str] = []
    found: list[ImportRow] = []
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

        site = sites.get(cell_text(cells.get("site")).lower())
        if site is None:
            error("site", _("unknown site, or outside your sites."))
        kind = kinds.get(cell_text(cells.get("kind")).lower())
        if kind is None:
            error("kind", _("unknown kind of equipment (give its code or its name from the catalogue)."))
        name = cell_text(cells.get("name"))
        if not name:
            error("name", _("the name is required."))
        dates = {}
        for key in ("commissioned_on", "last_done_on"):
            value = cell_date(cells.get(key))
            if value == "":
                error(key, _("not a date (dd/mm/yyyy)."))
                value = None
            elif value is not None and value > today:
                error(key, _("the date cannot be in the future."))
            dates[key] = value
        quantity_text = cell_text(cells.get("quantity")) or "1"
        if not quantity_text.isdigit() or int(quantity_text) < 1:
            error("quantity", _("a whole number of at least 1."))
            quantity_text = "1"
        found.append(
            ImportRow(
                line=number,
                site=site,
                kind=kind,
                name=name[:200],
                identifier=cell_text(cells.get("identifier"))[:100],
                location=cell_text(cells.get("location"))[:200],
                commissioned_on=dates["commissioned_on"],
                quantity=int(quantity_text),
                last_done_on=dates["last_done_on"],
            )
        )
        if len(errors) >= 50:
            break
    if errors:
        raise RegisterFileError(errors)
    if not found:
        raise RegisterFileError([_("The file holds no equipment.")])
    return found


def template_workbook() -> bytes:
    """An empty register to fill in, with its headers and one example row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Registre"
    sheet.append([french for _key, french, _english in COLUMNS])
    sheet.append(
        ["MTL", "forklifts", "Chariot élévateur n° 3", "CE-03", "Magasin", "15/03/2022", 1, "02/06/2026"]
    )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
