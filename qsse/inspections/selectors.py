"""Every read of periodic inspections that matters, restricted to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from qsse.core.permissions import scope_queryset
from qsse.core.registry import SearchResult

from . import calculations
from .choices import DUE_SOON_DAYS
from .models import (
    Equipment,
    EquipmentKind,
    InspectionSchedule,
    InspectionType,
    InspectionVisit,
    Observation,
)


def kind_list() -> QuerySet[EquipmentKind]:
    return EquipmentKind.objects.all()


def type_list(user: Any) -> QuerySet[InspectionType]:
    return scope_queryset(user, InspectionType.objects.select_related("kind"))


def type_get(user: Any, pk: int) -> InspectionType:
    try:
        return type_list(user).get(pk=pk)
    except InspectionType.DoesNotExist as error:
        raise Http404 from error


def _active_q(prefix: str = "") -> Q:
    """Lines that count: required, equipment in service."""
    return Q(**{f"{prefix}is_required": True, f"{prefix}equipment__is_in_service": True})


def equipment_list(user: Any, *, today: date) -> QuerySet[Equipment]:
    """Visible equipment with its number of inspections due and overdue (one query)."""
    return scope_queryset(
        user, Equipment.objects.select_related("site", "kind", "work_unit", "responsible")
    ).annotate(
        line_count=Count("schedule_lines", filter=Q(schedule_lines__is_required=True)),
        overdue_count=Count(
            "schedule_lines",
            filter=Q(
                schedule_lines__is_required=True,
                is_in_service=True,
                schedule_lines__next_due_on__lt=today,
            ),
        ),
    )


def equipment_get(user: Any, pk: int) -> Equipment:
    try:
        return scope_queryset(
            user, Equipment.objects.select_related("site", "kind", "work_unit", "responsible")
        ).get(pk=pk)
    except Equipment.DoesNotExist as error:
        raise Http404 from error


def schedule_list(user: Any) -> QuerySet[InspectionSchedule]:
    return scope_queryset(
        user,
        InspectionSchedule.objects.select_related(
            "equipment__site", "equipment__kind", "equipment__responsible", "inspection_type__kind"
        ),
    )


def with_last_visit(queryset: QuerySet[InspectionSchedule]) -> QuerySet[InspectionSchedule]:
    """The lines with the body and result of their latest visit (``last_body``, ``last_result``)."""
    latest = InspectionVisit.objects.filter(schedule=OuterRef("pk")).order_by("-performed_on", "-pk")
    return queryset.annotate(
        last_body=Subquery(latest.values("body")[:1]), last_result=Subquery(latest.values("result")[:1])
    )


def schedule_filter_status(queryset: QuerySet[InspectionSchedule], status: str, today: date):
    """Lines of one status (see calculations.schedule_status) as a database filter."""
    soon = today + timedelta(days=DUE_SOON_DAYS)
    counting = queryset.filter(_active_q())
    if status == calculations.OVERDUE:
        return counting.filter(next_due_on__lt=today)
    if status == calculations.DUE_SOON:
        return counting.filter(next_due_on__gte=today, next_due_on__lte=soon)
    if status == calculations.UP_TO_DATE:
        return counting.filter(next_due_on__gt=soon)
    if status == calculations.NOT_REQUIRED:
        return queryset.filter(is_required=False)
    if status == calculations.OUT_OF_SERVICE:
        return queryset.filter(is_required=True, equipment__is_in_service=False)
    return queryset


def schedule_get(user: Any, pk: int) -> InspectionSchedule:
    try:
        return schedule_list(user).get(pk=pk)
    except InspectionSchedule.DoesNotExist as error:
        raise Http404 from error


def status_of(line: InspectionSchedule, today: date) -> str:
    return calculations.schedule_status(
        line.next_due_on,
        today,
        window_days=DUE_SOON_DAYS,
        is_required=line.is_required,
        is_in_service=line.equipment.is_in_service,
    )


def visit_list(user: Any) -> QuerySet[InspectionVisit]:
    return scope_queryset(
        user,
        InspectionVisit.objects.select_related(
            "schedule__equipment__site", "schedule__inspection_type", "created_by"
        ).annotate(observation_count=Count("observations")),
    )


def visit_get(user: Any, pk: int) -> InspectionVisit:
    try:
        return visit_list(user).get(pk=pk)
    except InspectionVisit.DoesNotExist as error:
        raise Http404 from error


def visits_in_period(
    user: Any, start: date, end: date, site_ids: frozenset[int] | None
) -> QuerySet[InspectionVisit]:
    """Visible visits performed in [start, end) on the sites (None: all)."""
    queryset = scope_queryset(
        user, InspectionVisit.objects.filter(performed_on__gte=start, performed_on__lt=end)
    )
    if site_ids is not None:
        queryset = queryset.filter(schedule__equipment__site_id__in=site_ids)
    return queryset


def observation_list(user: Any) -> QuerySet[Observation]:
    return scope_queryset(
        user,
        Observation.objects.select_related(
            "visit__schedule__equipment__site", "visit__schedule__inspection_type", "action__owner"
        ),
    )


def observation_filter_treatment(queryset: QuerySet[Observation], treatment: str) -> QuerySet[Observation]:
    """Observations without an action (or whose action was cancelled), with an open action, or
    remedied (action done or checked)."""
    open_statuses = ("planned", "in_progress")
    done_statuses = ("done", "checked")
    if treatment == "no_action":
        return queryset.filter(Q(action__isnull=True) | Q(action__status="cancelled"))
    if treatment == "action_open":
        return queryset.filter(action__status__in=open_statuses)
    if treatment == "remedied":
        return queryset.filter(action__status__in=done_statuses)
    return queryset


def observation_get(user: Any, pk: int) -> Observation:
    try:
        return observation_list(user).get(pk=pk)
    except Observation.DoesNotExist as error:
        raise Http404 from error


@dataclass(frozen=True)
class DueInspection:
    line: InspectionSchedule
    due_on: date
    status: str  # up_to_date | due_soon | overdue


def due_inspections(
    user: Any, *, start: date, end: date, today: date, site_id: int | None = None, kind_id: int | None = None
) -> list[DueInspection]:
    """The due dates in [start, end] of the visible required inspections of equipment in service,
    in date order: the next due date and its repetitions. An overdue inspection shows on its due
    date and, while still not done, on today too; its repetitions count from today."""
    lines = (
        schedule_list(user)
        .filter(_active_q())
        .filter(Q(next_due_on__lte=end) | Q(next_due_on__lt=today))
        .order_by("next_due_on", "pk")
    )
    if site_id:
        lines = lines.filter(equipment__site_id=site_id)
    if kind_id:
        lines = lines.filter(equipment__kind_id=kind_id)
    found: list[DueInspection] = []
    for line in lines:
        anchor = line.next_due_on
        if anchor < today:
            if start <= anchor <= end:
                found.append(DueInspection(line, anchor, calculations.OVERDUE))
            if start <= today <= end:
                found.append(DueInspection(line, today, calculations.OVERDUE))
            anchor = calculations.next_due_on(today, line.periodicity_months)
        for day in calculations.occurrences(start, end, anchor, line.periodicity_months):
            found.append(
                DueInspection(line, day, calculations.schedule_status(day, today, window_days=DUE_SOON_DAYS))
            )
    found.sort(key=lambda item: (item.due_on, item.line.equipment.name, item.line.pk))
    return found


def status_counts(user: Any, *, today: date, site_id: int | None = None) -> dict[str, int]:
    """Overdue, due-soon and up-to-date inspections of the visible equipment in service (one query)."""
    soon = today + timedelta(days=DUE_SOON_DAYS)
    queryset = schedule_list(user).filter(_active_q())
    if site_id:
        queryset = queryset.filter(equipment__site_id=site_id)
    return queryset.aggregate(
        overdue=Count("pk", filter=Q(next_due_on__lt=today)),
        due_soon=Count("pk", filter=Q(next_due_on__gte=today, next_due_on__lte=soon)),
        up_to_date=Count("pk", filter=Q(next_due_on__gt=soon)),
    )


def overdue_lines(site_ids: frozenset[int] | None, day: date) -> QuerySet[InspectionSchedule]:
    """Every required inspection of equipment in service overdue on ``day`` (organisation-wide: for
    indicator sources, which compute for the organisation)."""
    queryset = InspectionSchedule.objects.filter(_active_q(), next_due_on__lt=day)
    if site_ids is not None:
        queryset = queryset.filter(equipment__site_id__in=site_ids)
    return queryset


def search(user: Any, query: str, limit: int) -> list[SearchResult]:
    condition = Q()
    for word in query.split():
        condition &= Q(name__icontains=word) | Q(identifier__icontains=word) | Q(location__icontains=word)
    return [
        SearchResult(
            reference=equipment.identifier,
            title=equipment.name,
            url=equipment.get_absolute_url(),
            kind=str(equipment._meta.verbose_name),
        )
        for equipment in scope_queryset(user, Equipment.objects.all())
        .filter(condition)
        .order_by("name")[:limit]
    ]
