"""The DUER as a PDF (Typst template ``reports/duer.typ``) and as an Excel workbook, both from the
snapshot content (a frozen version's JSON, or the draft read in three queries): per work unit, its
hazards with their rating and the prevention measures."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from qsse.core.pdf import render_pdf

TEMPLATE = Path(__file__).resolve().parent / "reports" / "duer.typ"


def _readable(colour: str) -> str:
    """Black or white text on a level colour (same rule as the matrix editor)."""
    from qsse.context.calculations import readable_text_colour

    return readable_text_colour(colour) if colour else "#212529"


def pdf_data(content: dict[str, Any], *, heading: str, dated: str, note: str = "") -> dict[str, Any]:
    with translation.override(settings.LANGUAGE_CODE):
        units = []
        for unit in content.get("work_units", []):
            hazards = []
            for hazard in unit["hazards"]:
                hazards.append(
                    {
                        **hazard,
                        "label": hazard["sub_danger"] or hazard["family"],
                        "text_colour": _readable(hazard["colour"]),
                        "measures": [
                            {
                                **measure,
                                "line": f"{measure['description']} ({measure['type_label']}"
                                + (
                                    f", {measure['protection_label']}"
                                    if measure["protection"] != "na"
                                    else ""
                                )
                                + ")"
                                + (f" → {measure['action']}" if measure["action"] else ""),
                            }
                            for measure in hazard["measures"]
                        ],
                    }
                )
            units.append({**unit, "hazards": hazards})
        matrix = content.get("matrix", {})
        return {
            "lang": settings.LANGUAGE_CODE[:2],
            "title": content.get("title", ""),
            "heading": heading,
            "dated": dated,
            "note": note,
            "printed": date_format(timezone.localdate(), "SHORT_DATE_FORMAT"),
            "units": units,
            "labels": {
                "document": _("Document unique d'évaluation des risques professionnels"),
                "printed": _("printed on"),
                "dated": _("Dated"),
                "note": _("What changed"),
                "headcount": _("People in the unit"),
                "empty": _("No hazard assessed in this work unit."),
                "columns": [
                    _("Hazard"),
                    _("Situation and people exposed"),
                    _("Existing measures"),
                    "{} × {}".format(matrix.get("probability_axis", "P"), matrix.get("gravity_axis", "G")),
                    _("Control"),
                    _("Residual"),
                    _("Prevention measures"),
                ],
                "exposed": _("exposed"),
            },
        }


def pdf(content: dict[str, Any], *, heading: str, dated: str, note: str = "") -> bytes:
    return render_pdf(TEMPLATE, pdf_data(content, heading=heading, dated=dated, note=note))


def excel(content: dict[str, Any]) -> bytes:
    """One row per hazard (and per measure when several), in the organisation's language."""
    with translation.override(settings.LANGUAGE_CODE):
        workbook = Workbook(write_only=False)
        sheet = workbook.active
        sheet.title = "DUER"
        header = [
            _("Site"),
            _("Work unit"),
            _("Hazard family"),
            _("Sub-danger"),
            _("Hazardous situation"),
            _("People exposed"),
            _("Existing prevention measures"),
            _("Probability"),
            _("Gravity"),
            _("Raw score"),
            _("Control level"),
            _("Residual score"),
            _("Residual level"),
            _("Prevention measure"),
            _("Principle of prevention"),
            _("Type"),
            _("Protection"),
            _("Action"),
            _("Due date"),
        ]
        sheet.append([str(value) for value in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for unit in content.get("work_units", []):
            for hazard in unit["hazards"]:
                base = [
                    unit["site"],
                    unit["name"],
                    hazard["family"],
                    hazard["sub_danger"],
                    hazard["situation"],
                    hazard["exposed_count"],
                    hazard["existing_measures"],
                    hazard["probability"],
                    hazard["gravity"],
                    hazard["raw_score"],
                    hazard["control_level"],
                    float(hazard["residual_score"]),
                    hazard["level"],
                ]
                measures = hazard["measures"] or [None]
                for measure in measures:
                    if measure is None:
                        sheet.append(base + [""] * 6)
                    else:
                        sheet.append(
                            base
                            + [
                                measure["description"],
                                measure["principle_label"],
                                measure["type_label"],
                                measure["protection_label"],
                                measure["action"],
                                measure["action_due_on"],
                            ]
                        )
        buffer = BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
