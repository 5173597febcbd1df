"""Reads of the industrial risk control plan, scoped to the user's sites."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from qsse.actions import selectors as action_selectors
from qsse.context import selectors as context_selectors
from qsse.core.permissions import scope_queryset
from qsse.core.registry import SearchResult

from . import calculations, rating
from .models import DangerousPhenomenon, Drill, EmergencyPlan, EmergencyProcedure, SafetyMeasure


def phenomenon_list(user: Any) -> QuerySet[DangerousPhenomenon]:
    return scope_queryset(user, DangerousPhenomenon.objects.select_related("site", "owner")).annotate(
        measure_count=Count("measures"),
        planned_count=Count("measures", filter=Q(measures__status="planned")),
    )


def phenomenon_get(user: Any, pk: int) -> DangerousPhenomenon:
    try:
        return scope_queryset(
            user,
            DangerousPhenomenon.objects.select_related("site", "owner").prefetch_related(
                Prefetch("measures", queryset=SafetyMeasure.objects.select_related("action__owner"))
            ),
        ).get(pk=pk)
    except DangerousPhenomenon.DoesNotExist as error:
        raise Http404 from error


def measure_get(user: Any, pk: int) -> SafetyMeasure:
    try:
        return scope_queryset(user, SafetyMeasure.objects.select_related("phenomenon__site", "action")).get(
            pk=pk
        )
    except SafetyMeasure.DoesNotExist as error:
        raise Http404 from error


def heat_grids(phenomena: QuerySet[DangerousPhenomenon]) -> tuple[list, list]:
    """The heat maps before and after measures (counts per cell, aggregated in the database)."""
    rating.active_matrix()
    before = {
        (row["probability"], row["gravity"]): row["n"]
        for row in phenomena.order_by().values("probability", "gravity").annotate(n=Count("pk"))
    }
    after = {
        (row["residual_probability"], row["residual_gravity"]): row["n"]
        for row in phenomena.order_by()
        .values("residual_probability", "residual_gravity")
        .annotate(n=Count("pk"))
    }
    return context_selectors.heat_grid(rating.USAGE, before), context_selectors.heat_grid(rating.USAGE, after)


def plan_list(user: Any) -> QuerySet[EmergencyPlan]:
    return scope_queryset(user, EmergencyPlan.objects.select_related("site", "owner"))


def plan_get(user: Any, pk: int) -> EmergencyPlan:
    try:
        return plan_list(user).get(pk=pk)
    except EmergencyPlan.DoesNotExist as error:
        raise Http404 from error


def plan_content(plan: EmergencyPlan) -> dict[str, Any]:
    return {
        "procedures": list(plan.procedures.select_related("phenomenon")),
        "contacts": list(plan.contacts.all()),
        "resources": list(plan.resources.all()),
        "drills": list(plan.drills.select_related("procedure")),
    }


def drill_status(plan: EmergencyPlan, *, today: date) -> calculations.DrillStatus:
    days = list(plan.drills.values_list("held_on", flat=True))
    return calculations.drill_status(days, interval_months=plan.drill_interval_months, today=today)


def drill_list(user: Any) -> QuerySet[Drill]:
    return scope_queryset(user, Drill.objects.select_related("plan__site", "procedure"))


def drill_get(user: Any, pk: int) -> Drill:
    try:
        return drill_list(user).get(pk=pk)
    except Drill.DoesNotExist as error:
        raise Http404 from error


def drill_actions(user: Any, drill: Drill) -> QuerySet:
    return action_selectors.actions_for_origin(user, drill).select_related("owner").order_by("due_on", "pk")


def procedures_for_site(site_id: int) -> QuerySet[EmergencyProcedure]:
    return EmergencyProcedure.objects.filter(plan__site_id=site_id)


def search(user: Any, query: str, limit: int) -> list[SearchResult]:
    rows = phenomenon_list(user).filter(
        Q(reference__icontains=query) | Q(title__icontains=query) | Q(installation__icontains=query)
    )[:limit]
    return [
        SearchResult(
            reference=item.reference, title=item.title, url=item.get_absolute_url(), kind="industrialrisks"
        )
        for item in rows
    ]
