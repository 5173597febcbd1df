"""Test data of the waste app, built through the real services."""

from __future__ import annotations

from typing import Any

from .. import services
from ..models import TreatmentCode, WasteCode


def code(value: str) -> WasteCode:
    return WasteCode.objects.get(code=value.replace(" ", "").rstrip("*"))


def treatment(value: str) -> TreatmentCode:
    return TreatmentCode.objects.get(code=value)


def make_contractor(user: Any, name: str = "Recyclage Bourbonnais", **fields: Any):
    values = {"siret": "73282932000074", "is_collector": True, "is_transporter": True, "is_facility": True}
    values.update(fields)
    return services.contractor_create(user=user, name=name, **values)


def make_stream(user: Any, site: Any, waste: str = "12 01 01", name: str = "Copeaux acier", **fields: Any):
    return services.stream_create(user=user, site=site, name=name, waste_code=code(waste), **fields)
