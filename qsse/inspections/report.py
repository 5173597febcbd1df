"""Data of the printable register of periodic inspections (Typst template ``reports/register.typ``):
plain strings already translated, one section per site."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from . import selectors
from .choices import ScheduleStatus, VisitResult

TEMPLATE = Path(__file__).resolve().parent / "reports" / "register.typ"


def _day(value: date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def register_data(lines: Any, today: date) -> dict[str, Any]:
    """The register of the given schedule lines (with ``last_body`` and ``last_result``, see
    ``selectors.with_last_visit``), grouped by site in the order given."""
    sites: dict[str, list[dict[str, Any]]] = {}
    overdue = 0
    results = dict(VisitResult.choices)
    for line in lines:
        status = selectors.status_of(line, today)
        overdue += status == ScheduleStatus.OVERDUE
        inspection_type = line.inspection_type
        to_verify = ""
        if inspection_type.to_verify:
            to_verify = _("To verify: %(note)s") % {"note": inspection_type.note}
        body = line.last_body or ""
        if line.last_result:
            body = f"{body} · {results.get(line.last_result, '')}"
        sites.setdefault(line.equipment.site.name, []).append(
            {
                "equipment": str(line.equipment),
                "location": line.equipment.location,
                "inspection": inspection_type.title,
                "to_verify": to_verify,
                "basis": inspection_type.legal_basis or "—",
                "periodicity": ngettext("%(count)s month", "%(count)s months", line.periodicity_months)
                % {"count": line.periodicity_months},
                "last": _day(line.last_done_on),
                "body": body,
                "next": _day(line.next_due_on),
                "status": str(ScheduleStatus(status).label),
                "overdue": status == ScheduleStatus.OVERDUE,
            }
        )
    total = sum(len(rows) for rows in sites.values())
    return {
        "lang": (get_language() or "fr")[:2],
        "printed": _day(today),
        "summary": _("%(total)s inspections, %(overdue)s overdue on %(day)s.")
        % {"total": total, "overdue": overdue, "day": _day(today)},
        "labels": {
            "title": _("Register of periodic inspections"),
            "printed": _("printed on"),
            "empty": _("No inspection matches these filters."),
            "columns": [
                _("Equipment"),
                _("Inspection"),
                _("Legal basis"),
                _("Periodicity"),
                _("Last done on"),
                _("Next due on"),
                _("Status"),
            ],
        },
        "sites": [{"name": name, "rows": rows} for name, rows in sites.items()],
    }
