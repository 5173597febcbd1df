"""Data of the printable waste register (Typst template ``reports/register.typ``): plain strings
already translated, one section per site, with the contractors' SIRET and receipt numbers as the
arrêté du 31 mai 2021 asks."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from qsse.organization.selectors import organization_get

TEMPLATE = Path(__file__).resolve().parent / "reports" / "register.typ"


def _day(value: date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def _company(contractor: Any) -> str:
    if contractor is None:
        return "—"
    parts = [contractor.name]
    if contractor.siret:
        parts.append(f"SIRET {contractor.siret}")
    if contractor.address:
        parts.append(" ".join(contractor.address.split()))
    if contractor.receipt_number:
        parts.append(_("receipt %(number)s") % {"number": contractor.receipt_number})
    return " · ".join(parts)


def register_data(lines: Any, *, today: date, filters: str = "") -> dict[str, Any]:
    """The register of the given lines (ordered by site then date), one section per site."""
    sites: dict[int, dict[str, Any]] = {}
    count = 0
    for line in lines:
        count += 1
        section = sites.setdefault(
            line.site_id,
            {"name": line.site.name, "address": " ".join(line.site.address.split()), "rows": [], "tonnes": 0},
        )
        transporters = [_company(line.transporter)]
        if line.second_transporter_id:
            transporters.append(_company(line.second_transporter))
        section["tonnes"] += line.tonnes or 0
        section["rows"].append(
            {
                "reference": line.reference,
                "date": _day(line.removed_on),
                "name": line.usual_name,
                "code": line.waste_code.display,
                "pop": _("yes") if line.is_pop else _("no"),
                "quantity": f"{line.quantity.normalize():f} {line.get_unit_display()}",
                "collector": _company(line.collector),
                "transporters": " / ".join(transporters),
                "destination": _company(line.facility)
                + (
                    f" · {_('permit')} {line.facility.permit_number}"
                    if line.facility_id and line.facility.permit_number
                    else ""
                ),
                "treatment": line.treatment_code.code if line.treatment_code_id else "—",
                "slip": line.tracking_number or "—",
            }
        )
    organisation = organization_get()
    return {
        "lang": (get_language() or "fr")[:2],
        "printed": _day(today),
        "organisation": (
            " · ".join(
                part
                for part in (
                    organisation.legal_name,
                    f"SIRET {organisation.siret}" if organisation.siret else "",
                )
                if part
            )
            if organisation
            else ""
        ),
        "filters": filters,
        "summary": _("%(count)s lines.") % {"count": count},
        "labels": {
            "title": _("Chronological waste register"),
            "printed": _("printed on"),
            "empty": _("No removal matches these filters."),
            "columns": [
                _("Reference"),
                _("Date"),
                _("Usual name"),
                _("Code"),
                _("POP"),
                _("Quantity"),
                _("Collector"),
                _("Transporter(s)"),
                _("Destination"),
                _("Treatment"),
                _("Slip number"),
            ],
        },
        "sites": [
            {
                "name": section["name"],
                "address": section["address"],
                "totals": _("%(tonnes)s t weighed") % {"tonnes": f"{section['tonnes']:.3f}"},
                "rows": section["rows"],
            }
            for section in sites.values()
        ],
    }
