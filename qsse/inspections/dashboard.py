"""The dashboard card of the module: inspections overdue and due within 30 days."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from . import selectors


def inspections_widget(request: Any) -> tuple[str, dict[str, Any]]:
    counts = selectors.status_counts(request.user, today=timezone.localdate())
    return "inspections/widgets/_dashboard.html", {"counts": counts}
