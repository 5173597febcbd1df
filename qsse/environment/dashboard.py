"""The dashboard card: significant aspects of the latest analyses, by compartment, and how many
have no action yet."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from qsse.core.choices import Operation
from qsse.core.permissions import can

from . import selectors
from .choices import Compartment
from .models import EnvironmentalAspect


def environment_widget(request: Any) -> tuple[str, dict[str, Any]]:
    user = request.user
    if not can(user, Operation.VIEW, EnvironmentalAspect):
        return "environment/widgets/_empty.html", {}
    aspects = selectors.latest_aspects(user)
    significant = aspects.filter(is_significant=True)
    labels = dict(Compartment.choices)
    by_compartment = [
        (str(labels[row["compartment"]]), row["total"])
        for row in significant.order_by()
        .values("compartment")
        .annotate(total=Count("pk"))
        .order_by("-total", "compartment")
    ]
    ids = list(significant.values_list("pk", flat=True))
    with_action = set(selectors.action_counts(ids))
    return "environment/widgets/_dashboard.html", {
        "total": aspects.count(),
        "significant": len(ids),
        "by_compartment": by_compartment,
        "without_action": len([pk for pk in ids if pk not in with_action]),
    }
