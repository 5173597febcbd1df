"""The environmental analysis as a PDF (Typst template ``reports/analysis.typ``): scales and rules,
then per activity its aspects with their rating and why each significant one is significant, and
the summary by compartment and operating condition."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from qsse.core.pdf import render_pdf

from . import selectors, services
from .models import EnvironmentalAnalysis

TEMPLATE = Path(__file__).resolve().parent / "reports" / "analysis.typ"


def pdf_data(analysis: EnvironmentalAnalysis) -> dict[str, Any]:
    with translation.override(django_settings.LANGUAGE_CODE):
        settings = services.current_settings()
        activities = []
        for activity in selectors.activities_with_aspects(analysis):
            activities.append(
                {
                    "name": activity.name,
                    "process": str(activity.process) if activity.process else "",
                    "stage": str(activity.get_life_cycle_stage_display()),
                    "description": activity.description,
                    "aspects": [
                        {
                            "aspect": aspect.aspect,
                            "impact": aspect.impact,
                            "compartment": str(aspect.get_compartment_display()),
                            "condition": str(aspect.get_condition_display()),
                            "stage": str(aspect.get_life_cycle_stage_display()),
                            "control_type": str(aspect.get_control_type_display()),
                            "legal": aspect.legal_requirement,
                            "controls": aspect.existing_controls,
                            "rating": f"{aspect.severity} × {aspect.frequency} × {aspect.control}"
                            if settings.method == "sfc"
                            else f"{aspect.severity} × {aspect.frequency}",
                            "score": aspect.score,
                            "significant": aspect.is_significant,
                            "reasons": ", ".join(aspect.reason_labels()),
                            "objective": str(aspect.objective) if aspect.objective else "",
                        }
                        for aspect in activity.aspects.all()
                    ],
                }
            )
        summary = selectors.summary(analysis_aspects(analysis))
        return {
            "lang": django_settings.LANGUAGE_CODE[:2],
            "title": analysis.title,
            "reference": f"{analysis.reference} v{analysis.version}",
            "site": analysis.site.name,
            "analysed_on": date_format(analysis.analysed_on, "SHORT_DATE_FORMAT"),
            "status": str(analysis.get_status_display()),
            "approved": (
                _("Approved on %(day)s by %(name)s")
                % {
                    "day": date_format(analysis.approved_on, "SHORT_DATE_FORMAT"),
                    "name": analysis.approved_by_name,
                }
                if analysis.approved_on
                else ""
            ),
            "owner": str(analysis.owner),
            "scope": analysis.scope,
            "life_cycle": analysis.life_cycle_note,
            "printed": date_format(timezone.localdate(), "SHORT_DATE_FORMAT"),
            "activities": activities,
            "scales": [
                {"name": _("Severity"), "levels": settings.severity_labels},
                {"name": _("Frequency"), "levels": settings.frequency_labels},
                {"name": _("Control"), "levels": settings.control_labels},
            ]
            if settings.method == "sfc"
            else [
                {"name": _("Severity"), "levels": settings.severity_labels},
                {"name": _("Frequency"), "levels": settings.frequency_labels},
            ],
            "rules": [
                str(settings.get_method_display()),
                _("Significant from a score of %(threshold)s") % {"threshold": settings.threshold},
            ]
            + (
                [_("Significant whenever a legal requirement applies")]
                if settings.legal_requirement_rule
                else []
            )
            + (
                [
                    _("Significant in emergency conditions from severity %(level)s")
                    % {"level": settings.emergency_min_severity}
                ]
                if settings.emergency_rule
                else []
            ),
            "summary": {
                "conditions": [label for _value, label in summary.conditions],
                "rows": [
                    {
                        "label": label,
                        "cells": [f"{c.significant} / {c.total}" for c in cells],
                        "total": f"{s} / {t}",
                    }
                    for label, cells, s, t in summary.rows
                    if t
                ],
            },
            "labels": {
                "document": _("Environmental analysis (ISO 14001 §6.1.2)"),
                "site": _("Site"),
                "analysed_on": _("Analysed on"),
                "status": _("Status"),
                "owner": _("Owner"),
                "scope": _("Scope"),
                "life_cycle": _("Life-cycle perspective"),
                "printed": _("printed on"),
                "method": _("Significance rating"),
                "summary": _("Significant aspects / aspects by compartment and condition"),
                "compartment": _("Compartment"),
                "total": _("Total"),
                "empty": _("No aspect identified for this activity."),
                "columns": [
                    _("Aspect → impact"),
                    _("Compartment"),
                    _("Condition"),
                    _("Life cycle"),
                    _("Existing controls"),
                    _("Rating"),
                    _("Score"),
                    _("Significant"),
                ],
                "yes": _("Yes"),
                "no": _("No"),
                "legal": _("Legal requirement"),
                "objective": _("Objective"),
                "process": _("Process"),
            },
        }


def analysis_aspects(analysis: EnvironmentalAnalysis):
    from .models import EnvironmentalAspect

    return EnvironmentalAspect.objects.filter(activity__analysis=analysis)


def pdf(analysis: EnvironmentalAnalysis) -> bytes:
    return render_pdf(TEMPLATE, pdf_data(analysis))
