"""Test data built through the real services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from .. import services
from ..models import EnergyCarrier, Meter


def carrier(code: str) -> EnergyCarrier:
    return EnergyCarrier.objects.get(code=code)


def make_meter(
    user: Any, site: Any, code: str = "electricity", name: str = "Compteur général", **fields: Any
) -> Meter:
    return services.meter_create(user=user, site=site, carrier=carrier(code), name=name, **fields)


def month_record(
    user: Any, meter: Meter, year: int, month: int, quantity: float | int | Decimal, **fields: Any
):
    """An invoice covering the whole calendar month."""
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1)
    from datetime import timedelta

    return services.consumption_create(
        user=user,
        meter=meter,
        period_start=start,
        period_end=end - timedelta(days=1),
        quantity=Decimal(str(quantity)),
        **fields,
    )
