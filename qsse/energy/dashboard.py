"""The dashboard card of the module: kWh and tCO₂e of the year to date against the same months of
the year before."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from . import calculations, selectors


def energy_widget(request: Any) -> tuple[str, dict[str, Any]]:
    today = timezone.localdate()
    end = calculations.add_months(today, 0)  # months before the current one are complete
    start = date(end.year, 1, 1) if end.month > 1 else date(end.year - 1, 1, 1)
    previous = (date(start.year - 1, 1, 1), date(end.year - 1, end.month, 1))
    current = selectors.summary(request.user, start, end)
    before = selectors.summary(request.user, *previous)
    change = (current.kwh - before.kwh) / before.kwh * 100 if before.kwh else None
    return "energy/widgets/_dashboard.html", {
        "energy_current": current,
        "energy_change": change,
        "energy_start": start,
        "energy_last_month": calculations.add_months(end, -1),
    }
