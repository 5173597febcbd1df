"""Data of the compliance register PDF (Typst template ``reports/register.typ``), in French or
English, for an auditor or an inspector: per site, each requirement with its applicability and
justification, conformity, evidence (text and attached files), gap criticality and action."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from qsse.core.models import Attachment

from .models import ComplianceAssessment

TEMPLATE = Path(__file__).resolve().parent / "reports" / "register.typ"
LANGUAGES = ("fr", "en")
# The printed register stops here (the Excel export takes more): a PDF is read, not processed.
MAX_ROWS = 2000


def language_of(value: str | None) -> str:
    return value if value in LANGUAGES else "fr"


def _applicability(assessment: ComplianceAssessment) -> str:
    text = _("Applicable") if assessment.is_applicable else _("Not applicable")
    text = f"{text} ({assessment.get_applicability_display()})"
    if assessment.justification:
        text += f" — {assessment.justification}"
    return text


def _date(value: Any) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def register_data(
    queryset: QuerySet[ComplianceAssessment], language: str, *, filters: str = ""
) -> dict[str, Any]:
    """Every value of the register grouped by site, labels translated in ``language`` (fr or en).

    Reads the rows, their attachments' names (one query) and nothing else.
    """
    language = language_of(language)
    with translation.override(language):
        total = queryset.count()
        rows = list(queryset[:MAX_ROWS])
        content_type = ContentType.objects.get_for_model(ComplianceAssessment)
        files: dict[int, list[str]] = {}
        for object_id, name in Attachment.objects.filter(
            content_type=content_type, object_id__in=[row.pk for row in rows]
        ).values_list("object_id", "original_name"):
            files.setdefault(int(object_id), []).append(name)
        sites: dict[int, dict[str, Any]] = {}
        for row in rows:
            site = sites.setdefault(row.site_id, {"name": str(row.site), "rows": []})
            evidence = row.evidence or ""
            if files.get(row.pk):
                attached = _("Files: %(names)s") % {"names": ", ".join(sorted(files[row.pk]))}
                evidence = f"{evidence}\n{attached}" if evidence else attached
            site["rows"].append(
                {
                    "reference": row.requirement.reference,
                    "title": row.requirement.title,
                    "library": str(row.requirement.library),
                    "applicability": _applicability(row),
                    "status": str(row.get_status_display()),
                    "assessed": _date(row.assessed_on),
                    "assessor": str(row.assessor or "—"),
                    "evidence": evidence or "—",
                    "comment": row.comment or "—",
                    "gap": row.gap_label or "—",
                    "severity": str(row.get_gap_severity_display()) if row.gap_severity else "",
                    "colour": row.gap_colour or "",
                    "text_colour": row.gap_text_colour or "#212529",
                    "action": (
                        f"{row.action.reference} ({row.action.get_status_display()}, "
                        f"{_date(row.action.due_on)})"
                        if row.action_id
                        else "—"
                    ),
                    "next": _date(row.next_assessment_on),
                }
            )
        return {
            "lang": language,
            "printed": date_format(timezone.localdate(), "SHORT_DATE_FORMAT"),
            "filters": filters,
            "truncated": (
                _("Only the first %(shown)s of %(total)s rows are printed; the Excel export holds them all.")
                % {"shown": MAX_ROWS, "total": total}
                if total > MAX_ROWS
                else ""
            ),
            "sites": list(sites.values()),
            "labels": {
                "title": _("Compliance register"),
                "printed": _("printed on"),
                "filters": _("Filters"),
                "empty": _("Nothing matches these filters."),
                "columns": [
                    _("Requirement"),
                    _("Applicability"),
                    _("Conformity"),
                    _("Evidence"),
                    _("Gap criticality"),
                    _("Action"),
                    _("Next assessment"),
                ],
            },
        }
