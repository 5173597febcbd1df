"""Data of the printable documents (Typst): a written version with its cover block, and the master
list. Plain strings already translated; nothing is read as Typst markup."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .choices import SECTIONS

PROCEDURE = Path(__file__).resolve().parent / "reports" / "procedure.typ"
MASTER_LIST = Path(__file__).resolve().parent / "reports" / "master_list.typ"


def _day(value: date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def _moment(value: Any) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else "—"


def _blocks(text: str) -> list[dict[str, Any]]:
    """Paragraphs and bullet lists of a section's Markdown, as plain text."""
    blocks: list[dict[str, Any]] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.rstrip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.lstrip().startswith(("- ", "* ")) for line in lines):
            blocks.append({"kind": "list", "items": [line.lstrip()[2:].strip() for line in lines]})
        else:
            blocks.append(
                {"kind": "text", "text": " ".join(line.strip().lstrip("#").strip() for line in lines)}
            )
    return blocks


def procedure_data(version: Any, checks: list[Any]) -> dict[str, Any]:
    document = version.document
    return {
        "lang": (get_language() or "fr")[:2],
        "labels": {
            "reference": _("Reference"),
            "version": _("Version"),
            "status": _("Status"),
            "effective": _("Effective on"),
            "owner": _("Owner"),
            "process": _("Process"),
            "confidentiality": _("Confidentiality"),
            "change": _("Description of the change"),
            "approvals": _("Reviews and approvals (electronic signatures)"),
            "signer": _("Signer"),
            "meaning": _("Meaning"),
            "signed_at": _("Date and time"),
            "seal": _("Verification"),
            "none": _("No signature yet."),
            "printed": _("Printed on"),
            "uncontrolled": _("Printed copy: uncontrolled. The version in force is the one in OpenQSSE."),
        },
        "reference": document.reference,
        "title": document.title,
        "type": document.document_type.name,
        "version": version.label,
        "status": version.get_status_display(),
        "effective": _day(version.effective_on),
        "owner": str(document.owner),
        "process": str(document.process) if document.process_id else "—",
        "confidentiality": document.get_confidentiality_display(),
        "change": version.change_description,
        "signatures": [
            {
                "signer": check.signature.signer_name,
                "meaning": check.signature.get_meaning_display(),
                "signed_at": _moment(check.signature.signed_at),
                "seal": _("Signature valid") if check.is_valid else _("Record altered"),
                "valid": check.is_valid,
            }
            for check in checks
        ],
        "sections": [
            {"title": str(label), "blocks": _blocks(getattr(version, key))}
            for key, label in SECTIONS
            if getattr(version, key).strip()
        ],
        "printed": _moment(timezone.now()),
    }


def master_list_data(documents: Any, today: date) -> dict[str, Any]:
    rows = [
        {
            "reference": document.reference,
            "title": document.title,
            "type": document.document_type.name,
            "version": document.current_version.label if document.current_version_id else "—",
            "status": document.get_status_display(),
            "effective": _day(document.current_version.effective_on if document.current_version_id else None),
            "owner": str(document.owner),
            "confidentiality": document.get_confidentiality_display(),
            "review": _day(document.next_review_on),
            "overdue": bool(document.next_review_on and document.next_review_on < today),
        }
        for document in documents
    ]
    return {
        "lang": (get_language() or "fr")[:2],
        "labels": {
            "title": _("Master list of documents"),
            "printed": _("Printed on"),
            "empty": _("No document."),
            "columns": [
                _("Reference"),
                _("Title"),
                _("Type"),
                _("Version"),
                _("Status"),
                _("Effective on"),
                _("Owner"),
                _("Confidentiality"),
                _("Next review"),
            ],
        },
        "printed": _day(today),
        "count": _("%(count)s documents") % {"count": len(rows)},
        "rows": rows,
    }
