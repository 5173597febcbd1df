"""Excel exchange of an FMEA worksheet in the usual layout (a header block, then one row per
failure mode / effect / cause with S, O, D, RPN, AP, actions and revised ratings).

Export: headers in the user's language. Import: the header row is found among the first rows and
recognised in French or English; each cell is checked and reported by row and column, and the
service saves all rows or none.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .models import Fmea, FmeaLine

HEADER_SEARCH_ROWS = 15


@dataclass(frozen=True)
class SheetColumn:
    key: str
    label: Any  # lazy translation
    width: int
    importable: bool = True
    required: bool = False
    rating: bool = False


COLUMNS = (
    SheetColumn("position", gettext_lazy("No."), 6, importable=False),
    SheetColumn("process_step", gettext_lazy("Process step / item"), 22, required=True),
    SheetColumn("function", gettext_lazy("Function"), 24, importable=False),
    SheetColumn("failure_mode", gettext_lazy("Failure mode"), 28, required=True),
    SheetColumn("effect", gettext_lazy("Effect of the failure"), 28, required=True),
    SheetColumn("severity", gettext_lazy("S"), 5, required=True, rating=True),
    SheetColumn("cause", gettext_lazy("Cause of the failure"), 28, required=True),
    SheetColumn("prevention_controls", gettext_lazy("Current prevention controls"), 26),
    SheetColumn("occurrence", gettext_lazy("O"), 5, required=True, rating=True),
    SheetColumn("detection_controls", gettext_lazy("Current detection controls"), 26),
    SheetColumn("detection", gettext_lazy("D"), 5, required=True, rating=True),
    SheetColumn("rpn", gettext_lazy("RPN"), 7, importable=False),
    SheetColumn("ap", gettext_lazy("AP"), 5, importable=False),
    SheetColumn("recommended_action", gettext_lazy("Recommended action"), 28),
    SheetColumn("action", gettext_lazy("Action (reference, status)"), 20, importable=False),
    SheetColumn("revised_severity", gettext_lazy("Revised S"), 8, importable=False),
    SheetColumn("revised_occurrence", gettext_lazy("Revised O"), 8, importable=False),
    SheetColumn("revised_detection", gettext_lazy("Revised D"), 8, importable=False),
    SheetColumn("revised_rpn", gettext_lazy("Revised RPN"), 9, importable=False),
    SheetColumn("revised_ap", gettext_lazy("Revised AP"), 8, importable=False),
)


def _cell_value(line: FmeaLine, key: str) -> Any:
    if key == "function":
        return line.function.description if line.function_id else ""
    if key == "action":
        return f"{line.action.reference} ({line.action.get_status_display()})" if line.action_id else ""
    value = getattr(line, key)
    return "" if value is None else value


def export_worksheet(fmea: Fmea, lines) -> bytes:
    """The worksheet as an .xlsx file: header block (reference, title, team...), then the lines."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = fmea.reference[:31]
    bold = Font(bold=True)
    sheet.append([f"{_('FMEA')} {fmea.reference} – {fmea.title}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        [
            _("Kind"),
            fmea.get_kind_display(),
            _("Process"),
            str(fmea.process or ""),
            _("Product / part"),
            fmea.product,
            _("Revision"),
            fmea.revision,
        ]
    )
    sheet.append(
        [
            _("Team leader"),
            str(fmea.leader or ""),
            _("Team"),
            ", ".join(str(person) for person in fmea.team.all()),
            _("Status"),
            fmea.get_status_display(),
        ]
    )
    sheet.append([])
    header_row = sheet.max_row + 1
    sheet.append([str(column.label) for column in COLUMNS])
    fill = PatternFill("solid", fgColor="DDE7F0")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=header_row, column=index)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for line in lines:
        sheet.append([_cell_value(line, column.key) for column in COLUMNS])
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _labels_by_language() -> dict[str, str]:
    """Every known header (French and English, lower case) → column key."""
    labels: dict[str, str] = {}
    for language in ("fr", "en"):
        with translation.override(language):
            for column in COLUMNS:
                labels[str(column.label).strip().lower()] = column.key
    return labels


class WorksheetError(ValueError):
    """The file cannot be read as an FMEA worksheet; ``messages`` says why."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def parse_worksheet(file: Any) -> list[dict[str, Any]]:
    """Read the lines of an uploaded worksheet into dicts for ``services.lines_import`` (with a
    ``row_number`` key). Raises WorksheetError listing every problem with its row and column."""
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several kinds for a file that is not .xlsx
        raise WorksheetError([_("The file is not an Excel workbook (.xlsx).")]) from error
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    known = _labels_by_language()
    header_index = None
    mapping: dict[int, str] = {}
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        candidate = {
            position: known[_text(value).lower()]
            for position, value in enumerate(row)
            if _text(value).lower() in known
        }
        if "failure_mode" in candidate.values() and "severity" in candidate.values():
            header_index, mapping = index, candidate
            break
    if header_index is None:
        raise WorksheetError([_("No header row found: the sheet needs the worksheet's column headers.")])
    missing = [
        str(column.label) for column in COLUMNS if column.required and column.key not in mapping.values()
    ]
    if missing:
        raise WorksheetError([_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}])
    labels = {column.key: str(column.label) for column in COLUMNS}
    ratings = {column.key for column in COLUMNS if column.rating}
    importable = {column.key for column in COLUMNS if column.importable}
    parsed: list[dict[str, Any]] = []
    errors: list[str] = []
    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        values = {key: row[position] if position < len(row) else None for position, key in mapping.items()}
        if all(_text(value) == "" for value in values.values()):
            continue
        line: dict[str, Any] = {"row_number": offset}
        for key, value in values.items():
            if key not in importable:
                continue
            if key in ratings or key == "position":
                text = _text(value)
                if text == "":
                    if key in ratings:
                        errors.append(
                            _("Row %(row)s, column “%(column)s”: a rating from 1 to 10 is required.")
                            % {"row": offset, "column": labels[key]}
                        )
                    continue
                try:
                    number = float(text.replace(",", "."))
                except ValueError:
                    number = None
                if number is None or number != int(number) or (key in ratings and not 1 <= number <= 10):
                    errors.append(
                        _("Row %(row)s, column “%(column)s”: “%(value)s” is not a whole number from 1 to 10.")
                        % {"row": offset, "column": labels[key], "value": text}
                        if key in ratings
                        else _("Row %(row)s, column “%(column)s”: “%(value)s” is not a whole number.")
                        % {"row": offset, "column": labels[key], "value": text}
                    )
                    continue
                line[key] = int(number)
            else:
                line[key] = _text(value)
        parsed.append(line)
    workbook.close()
    if errors:
        raise WorksheetError(errors)
    if not parsed:
        raise WorksheetError([_("The worksheet has no line to import.")])
    return parsed
