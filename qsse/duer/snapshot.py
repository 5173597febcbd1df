"""The whole content of a DUER as plain JSON values: what a version freezes and what the PDF, the
Excel export and the work-station sheets print. Read with three queries whatever the size (work
units; hazards with their unit, site and family; measures with their action)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation

from qsse.organization.models import Organization, WorkUnit

from . import rating
from .choices import ControlLevel
from .models import Duer, Hazard, PreventionMeasure

SNAPSHOT_FORMAT = 1


def organisation_headcount(duer: Duer) -> int:
    """The company's headcount (the legal thresholds of L4121-3-1 and R4121-2 are per company)."""
    if duer.site_id:
        return duer.site.organization.headcount
    organisation = Organization.objects.order_by("pk").first()
    return organisation.headcount if organisation else 0


def work_units_of(duer: Duer):
    queryset = WorkUnit.objects.select_related("site", "department")
    if duer.site_id:
        queryset = queryset.filter(site_id=duer.site_id)
    return queryset.order_by("site__name", "name")


def hazards_of(duer: Duer):
    return (
        Hazard.objects.filter(duer=duer)
        .select_related("work_unit__site", "family")
        .prefetch_related(
            Prefetch("measures", queryset=PreventionMeasure.objects.select_related("action").order_by("id"))
        )
        .order_by("work_unit_id", "-residual_score", "-raw_score", "id")
    )


def _measure(measure: PreventionMeasure) -> dict[str, Any]:
    action = measure.action
    return {
        "description": measure.description,
        "principle": measure.principle,
        "principle_label": str(measure.get_principle_display()),
        "type": measure.measure_type,
        "type_label": str(measure.get_measure_type_display()),
        "protection": measure.protection,
        "protection_label": str(measure.get_protection_display()),
        "action": action.reference if action else "",
        "action_due_on": action.due_on.isoformat() if action else "",
        "action_status": str(action.get_status_display()) if action else "",
    }


def _hazard(hazard: Hazard) -> dict[str, Any]:
    return {
        "id": hazard.pk,
        "family": hazard.family.name,
        "sub_danger": hazard.sub_danger,
        "situation": hazard.situation,
        "exposed_count": hazard.exposed_count,
        "existing_measures": hazard.existing_measures,
        "probability": hazard.probability,
        "gravity": hazard.gravity,
        "control_level": hazard.control_level,
        "control_label": str(ControlLevel(hazard.control_level).label),
        "raw_score": hazard.raw_score,
        "residual_score": str(hazard.residual_score),
        "level": hazard.residual_level,
        "colour": hazard.residual_colour,
        "measures": [_measure(measure) for measure in hazard.measures.all()],
    }


def duer_content(duer: Duer, *, language: str | None = None) -> dict[str, Any]:
    """Every work unit of the DUER's scope with its hazards (highest residual first) and measures,
    labels in the organisation's language (a frozen version reads the same for everyone)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        by_unit: dict[int, list[dict[str, Any]]] = {}
        for hazard in hazards_of(duer):
            by_unit.setdefault(hazard.work_unit_id, []).append(_hazard(hazard))
        units = []
        for unit in work_units_of(duer):
            units.append(
                {
                    "id": unit.pk,
                    "name": unit.name,
                    "site": unit.site.name,
                    "department": unit.department.name if unit.department else "",
                    "headcount": unit.headcount,
                    "description": unit.description,
                    "hazards": by_unit.get(unit.pk, []),
                }
            )
        matrix = rating.active_matrix()
        probability_axis, gravity_axis = rating.axis_names(matrix)
        rows, cols = rating.scale_max(matrix)
        return {
            "format": SNAPSHOT_FORMAT,
            "title": duer.title,
            "site": duer.site.name if duer.site_id else "",
            "matrix": {
                "name": matrix.name if matrix else "",
                "probability_axis": probability_axis,
                "gravity_axis": gravity_axis,
                "rows": rows,
                "cols": cols,
            },
            "work_units": units,
        }
