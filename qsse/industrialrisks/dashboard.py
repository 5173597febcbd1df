"""The dashboard card: significant residual risks, planned measures, and the drill due per plan."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from qsse.core.choices import Operation
from qsse.core.permissions import can, scope_queryset

from . import selectors
from .models import DangerousPhenomenon, SafetyMeasure


def industrialrisks_widget(request: Any) -> tuple[str, dict[str, Any]]:
    user = request.user
    if not can(user, Operation.VIEW, DangerousPhenomenon):
        return "industrialrisks/widgets/_empty.html", {}
    phenomena = scope_queryset(user, DangerousPhenomenon.objects.all())
    if not phenomena.exists() and not selectors.plan_list(user).exists():
        return "industrialrisks/widgets/_empty.html", {}
    today = timezone.localdate()
    return "industrialrisks/widgets/_dashboard.html", {
        "significant": phenomena.filter(is_significant=True).count(),
        "planned": scope_queryset(user, SafetyMeasure.objects.filter(status="planned")).count(),
        "plans": [(plan, selectors.drill_status(plan, today=today)) for plan in selectors.plan_list(user)],
    }
