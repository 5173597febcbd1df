"""Test data built through the services."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from qsse.accidents import services


def make_accident(user: Any, site: Any, *, when: datetime | None = None, **fields: Any):
    values = {
        "kind": "lost_time",
        "occurred_at": when or timezone.make_aware(datetime(2026, 3, 10, 9, 30)),
        "site": site,
        "title": "Coupure à la main sur ébavurage",
        "place": "Atelier d'usinage, poste 4",
        "description": "L'opérateur ébavurait une pièce sans gants anti-coupure.",
    }
    values.update(fields)
    return services.accident_create(user=user, **values)
