"""Exports of the retention app: the personal data inventory (PDF with Typst, Excel) and the
subject access export (JSON + Excel in a ZIP)."""

from __future__ import annotations

import json
import zipfile
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from qsse.core.pdf import render_pdf

from .models import RecordType, SubjectAccessRequest
from .selectors import InventoryEntry, SubjectSection

INVENTORY_TEMPLATE = Path(__file__).resolve().parent / "reports" / "inventory.typ"


def period_text(record_type: RecordType) -> str:
    """ "5 years from end of employment, then anonymise"."""
    parts = []
    if record_type.period_years:
        parts.append(
            ngettext("%(n)s year", "%(n)s years", record_type.period_years) % {"n": record_type.period_years}
        )
    if record_type.period_months:
        parts.append(
            ngettext("%(n)s month", "%(n)s months", record_type.period_months)
            % {"n": record_type.period_months}
        )
    return _("%(period)s from %(event)s, then %(action)s") % {
        "period": " ".join(parts),
        "event": record_type.get_reference_event_display(),
        "action": record_type.get_end_action_display(),
    }


def inventory_rows(entries: list[InventoryEntry]) -> list[dict[str, Any]]:
    return [
        {
            "key": entry.provider.key,
            "label": str(entry.provider.label),
            "data_items": [str(item) for item in entry.provider.data_items],
            "special_category": entry.provider.special_category,
            "purpose": str(entry.provider.purpose),
            "legal_basis": str(entry.provider.legal_basis),
            "recipients": str(entry.provider.recipients),
            "retention": [f"{rt.name}: {period_text(rt)}" for rt in entry.record_types] or [_("not set")],
            "held": entry.held_count,
            "notes": entry.note,
        }
        for entry in entries
    ]


def inventory_pdf(entries: list[InventoryEntry], elsewhere: list[RecordType], organisation: str) -> bytes:
    data = {
        "title": _("Personal data inventory"),
        "organisation": organisation,
        "lang": (get_language() or "fr")[:2],
        "printed": date_format(timezone.localdate(), "SHORT_DATE_FORMAT"),
        "labels": {
            "printed": _("printed on"),
            "data": _("Personal data"),
            "purpose": _("Purpose"),
            "legal_basis": _("Legal basis"),
            "recipients": _("Who can see it"),
            "retention": _("Retention"),
            "held": _("Records held now"),
            "notes": _("Notes"),
            "elsewhere": _("Records kept outside OpenQSSE"),
            "record_type": _("Record type"),
        },
        "entries": [{**row, "held": str(row["held"])} for row in inventory_rows(entries)],
        "elsewhere": [
            {"name": rt.name, "retention": period_text(rt), "basis": rt.legal_basis} for rt in elsewhere
        ],
    }
    return render_pdf(INVENTORY_TEMPLATE, data)


def _autosize(sheet) -> None:
    for column in sheet.columns:
        width = max((len(str(cell.value or "")) for cell in column), default=10)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 12), 80)


def inventory_excel(entries: list[InventoryEntry], elsewhere: list[RecordType]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Inventory")[:31]
    headers = [
        _("Source"),
        _("Personal data"),
        _("Health data (art. 9)"),
        _("Purpose"),
        _("Legal basis"),
        _("Who can see it"),
        _("Retention"),
        _("Records held now"),
        _("Notes"),
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in inventory_rows(entries):
        sheet.append(
            [
                row["label"],
                "\n".join(row["data_items"]),
                _("yes") if row["special_category"] else _("no"),
                row["purpose"],
                row["legal_basis"],
                row["recipients"],
                "\n".join(row["retention"]),
                row["held"],
                row["notes"],
            ]
        )
    _autosize(sheet)
    other = workbook.create_sheet(_("Kept elsewhere")[:31])
    other.append(
        [_("Record type"), _("Retention"), _("Legal basis"), _("Reference of the text"), _("Source")]
    )
    for cell in other[1]:
        cell.font = Font(bold=True)
    for rt in elsewhere:
        other.append([rt.name, period_text(rt), rt.legal_basis, rt.legal_reference, rt.source_url])
    _autosize(other)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def subject_export(request: SubjectAccessRequest, sections: list[SubjectSection]) -> bytes:
    """A ZIP with ``data.json`` (machine-readable) and ``data.xlsx`` (one sheet per source)."""
    person = request.person
    payload = {
        "request": {
            "reference": request.reference,
            "received_on": request.received_on.isoformat(),
            "exported_at": timezone.localtime(request.created_at).isoformat(),
            "person": str(person) if person else "",
        },
        "sections": [
            {
                "source": section.key,
                "title": section.title,
                "records": [
                    {
                        "record": record["record"],
                        "url": record.get("url", ""),
                        "fields": {str(k): _plain(v) for k, v in record["fields"].items()},
                    }
                    for record in section.records
                ],
            }
            for section in sections
        ],
    }
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")[:31]
    summary.append([_("Reference"), request.reference])
    summary.append([_("Person"), payload["request"]["person"]])
    summary.append([_("Request received on"), request.received_on])
    summary.append([_("Records exported"), request.record_count])
    for index, section in enumerate(payload["sections"], start=1):
        sheet = workbook.create_sheet(f"{index} {section['title']}"[:31].replace("/", "-").replace(":", "-"))
        sheet.append([_("Record"), _("Field"), _("Value")])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for record in section["records"]:
            for name, value in record["fields"].items():
                sheet.append(
                    [
                        record["record"],
                        name,
                        value if not isinstance(value, bool) else (_("yes") if value else _("no")),
                    ]
                )
        _autosize(sheet)
    buffer = BytesIO()
    workbook.save(buffer)
    archive = BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("data.json", json.dumps(payload, ensure_ascii=False, indent=2))
        zipped.writestr("data.xlsx", buffer.getvalue())
    return archive.getvalue()
