"""Reading the cells of an uploaded Excel worksheet (openpyxl values), shared by the importers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

DATE_PATTERNS = ("%d/%m/%Y", "%Y-%m-%d")


def cell_text(value: Any) -> str:
    """The cell as stripped text; a whole number typed as a float (12.0) reads "12"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def cell_date(value: Any) -> date | None | str:
    """A date, None for an empty cell, or "" when the cell cannot be read as a date (a date cell,
    or text written dd/mm/yyyy or yyyy-mm-dd)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in DATE_PATTERNS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return ""
