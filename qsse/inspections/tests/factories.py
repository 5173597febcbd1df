"""Test data of the inspections app, built through the real services."""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import services
from ..models import EquipmentKind, InspectionSchedule


def kind(code: str) -> EquipmentKind:
    return EquipmentKind.objects.get(code=code)


def make_equipment(user: Any, site: Any, kind_code: str = "forklifts", **fields: Any):
    values = {"name": "Chariot élévateur Toyota", "identifier": "CE-01", "commissioned_on": date(2024, 1, 31)}
    values.update(fields)
    return services.equipment_create(user=user, site=site, kind=kind(kind_code), **values)


def line_of(equipment: Any, type_code: str) -> InspectionSchedule:
    return equipment.schedule_lines.select_related("inspection_type", "equipment").get(
        inspection_type__code=type_code
    )
