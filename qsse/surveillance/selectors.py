"""Every read of the surveillance plan that matters, restricted to what the user may see."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from qsse.core.permissions import scope_queryset, user_person
from qsse.core.registry import SearchResult

from . import calculations, sources
from .choices import DUE_SOON_DAYS, PlanStatus
from .models import ControlPoint, ControlResult, SurveillancePlan


def plan_list(user: Any, *, today: date | None = None) -> QuerySet[SurveillancePlan]:
    """Visible plans with their number of active controls and of overdue ones (one query)."""
    today = today or date.today()
    return scope_queryset(user, SurveillancePlan.objects.select_related("site", "process", "owner")).annotate(
        control_count=Count("control_points", filter=Q(control_points__is_active=True)),
        overdue_count=Count(
            "control_points",
            filter=Q(control_points__is_active=True, control_points__next_due_on__lt=today),
        ),
    )


def plan_get(user: Any, pk: int) -> SurveillancePlan:
    try:
        return scope_queryset(user, SurveillancePlan.objects.select_related("site", "process", "owner")).get(
            pk=pk
        )
    except SurveillancePlan.DoesNotExist as error:
        raise Http404 from error


def _last_result(field: str) -> Subquery:
    latest = ControlResult.objects.filter(control_point=OuterRef("pk")).order_by("-performed_on", "-pk")
    return Subquery(latest.values(field)[:1])


def control_point_list(user: Any) -> QuerySet[ControlPoint]:
    """Visible control points with the date and conformity of their last result."""
    return scope_queryset(
        user,
        ControlPoint.objects.select_related("plan__site", "plan__owner", "responsible"),
    ).annotate(
        last_result_on=_last_result("performed_on"),
        last_result_ok=_last_result("is_within_limits"),
    )


def plan_control_points(user: Any, plan: SurveillancePlan) -> list[ControlPoint]:
    """The controls of a plan, the most critical risk first (residual score, else the risk's)."""
    points = list(control_point_list(user).filter(plan=plan))
    ranked = calculations.risk_ranking(
        calculations.RankedRisk(str(p.pk), p.reference, p.shown_score, p.risk_severity) for p in points
    )
    by_pk = {str(p.pk): p for p in points}
    return [by_pk[item.key] for item in ranked]


def control_point_get(user: Any, pk: int) -> ControlPoint:
    try:
        return control_point_list(user).select_related("plan__process", "risk_content_type").get(pk=pk)
    except ControlPoint.DoesNotExist as error:
        raise Http404 from error


def control_results(point: ControlPoint) -> QuerySet[ControlResult]:
    return point.results.select_related("performed_by", "nonconformity")


def status_of(point: ControlPoint, today: date) -> str:
    if not point.is_active:
        return "inactive"
    return calculations.control_status(point.next_due_on, today, DUE_SOON_DAYS)


@dataclass(frozen=True)
class DueControl:
    point: ControlPoint
    due_on: date
    status: str  # on_time | due_soon | overdue


def due_controls(
    user: Any,
    *,
    start: date,
    end: date,
    today: date,
    site_id: int | None = None,
    responsible_id: int | None = None,
) -> list[DueControl]:
    """Every due date of the visible active controls (of plans in force) in [start, end], in date
    order: the next due date and its repetitions. An overdue control shows on its due date (or on
    today when its due date is before the window) and its repetitions count from today."""
    points = (
        control_point_list(user)
        .filter(is_active=True, plan__status=PlanStatus.ACTIVE)
        .filter(Q(next_due_on__lte=end) | Q(next_due_on__lt=today))
        .order_by("next_due_on", "reference")
    )
    if site_id:
        points = points.filter(plan__site_id=site_id)
    if responsible_id:
        points = points.filter(responsible_id=responsible_id)
    found: list[DueControl] = []
    for point in points:
        anchor = point.next_due_on
        if anchor < today:
            # Overdue: shown on its due date and, while still not done, on today; the repetitions
            # are projected as if it were done today.
            if start <= anchor <= end:
                found.append(DueControl(point, anchor, calculations.OVERDUE))
            if start <= today <= end and not start <= anchor <= end:
                found.append(DueControl(point, today, calculations.OVERDUE))
            anchor = calculations.next_due_date(today, point.interval_unit, point.interval_count)
        for day in calculations.calendar_occurrences(
            start, end, anchor, point.interval_unit, point.interval_count
        ):
            found.append(DueControl(point, day, calculations.control_status(day, today, DUE_SOON_DAYS)))
    found.sort(key=lambda item: (item.due_on, item.point.reference))
    return found


def my_controls(user: Any, *, today: date, days: int = 30) -> QuerySet[ControlPoint]:
    """The active controls the user is responsible for, due within ``days`` days or overdue."""
    person = user_person(user)
    if person is None:
        return ControlPoint.objects.none()
    return (
        control_point_list(user)
        .filter(
            responsible=person,
            is_active=True,
            plan__status=PlanStatus.ACTIVE,
            next_due_on__lte=today + timedelta(days=days),
        )
        .order_by("next_due_on", "reference")
    )


def overdue_count(user: Any, *, today: date) -> int:
    return (
        scope_queryset(user, ControlPoint.objects.all())
        .filter(is_active=True, plan__status=PlanStatus.ACTIVE, next_due_on__lt=today)
        .count()
    )


@dataclass(frozen=True)
class RankedRiskRow:
    kind: str
    label: str
    url: str
    score: int | None
    level_name: str
    colour: str
    text_colour: str
    control_count: int
    overdue_count: int


def risk_ranking(user: Any, *, today: date) -> list[RankedRiskRow]:
    """Every watched risk of the visible control points, its current score and level read from its
    own module (the snapshot when the record is gone or hidden), from the most critical down."""
    groups: dict[tuple[int, int], list[ControlPoint]] = defaultdict(list)
    points = (
        scope_queryset(user, ControlPoint.objects.filter(is_active=True, risk_content_type__isnull=False))
        .select_related("risk_content_type")
        .only(
            "pk",
            "next_due_on",
            "risk_content_type",
            "risk_object_id",
            "risk_label",
            "risk_score",
            "risk_level",
            "risk_colour",
            "risk_severity",
        )
    )
    for point in points:
        groups[(point.risk_content_type_id, point.risk_object_id)].append(point)
    by_type: dict[int, list[int]] = defaultdict(list)
    for type_id, object_id in groups:
        by_type[type_id].append(object_id)
    live: dict[tuple[int, int], Any] = {}
    kinds: dict[int, str] = {}
    for type_id, ids in by_type.items():
        content_type = groups[(type_id, ids[0])][0].risk_content_type
        model = content_type.model_class()
        entry = sources.risk_model_for(model) if model else None
        kinds[type_id] = str(entry.label) if entry else content_type.name
        if model is None:
            continue
        for record in sources.visible_risks(user, model).filter(pk__in=ids):
            live[(type_id, record.pk)] = record
    items: list[calculations.RankedRisk] = []
    rows: dict[str, RankedRiskRow] = {}
    for key, group in groups.items():
        record = live.get(key)
        first = group[0]
        if record is not None:
            snapshot = sources.describe(record)
        else:
            snapshot = sources.RiskSnapshot(
                reference="",
                title=first.risk_label,
                score=first.risk_score,
                level_name=first.risk_level,
                colour=first.risk_colour,
                severity=first.risk_severity,
            )
        row_key = f"{key[0]}-{key[1]}"
        rows[row_key] = RankedRiskRow(
            kind=kinds.get(key[0], ""),
            label=snapshot.label,
            url=snapshot.url,
            score=snapshot.score,
            level_name=snapshot.level_name,
            colour=snapshot.colour or "#e9ecef",
            text_colour=calculations.readable_text_colour(snapshot.colour or "#e9ecef"),
            control_count=len(group),
            overdue_count=sum(1 for p in group if p.next_due_on < today),
        )
        items.append(calculations.RankedRisk(row_key, snapshot.label, snapshot.score, snapshot.severity))
    return [rows[item.key] for item in calculations.risk_ranking(items)]


def results_in_period(
    user: Any | None, start: date, end: date, site_ids: frozenset[int] | None, process_id: int | None = None
) -> QuerySet[ControlResult]:
    """Results performed in [start, end) on the sites (None: all) and process (None: all); every
    result when ``user`` is None (indicator sources compute for the organisation)."""
    queryset = ControlResult.objects.filter(performed_on__gte=start, performed_on__lt=end)
    if user is not None:
        queryset = scope_queryset(user, queryset)
    if site_ids is not None:
        queryset = queryset.filter(control_point__plan__site_id__in=site_ids)
    if process_id is not None:
        queryset = queryset.filter(control_point__plan__process_id=process_id)
    return queryset


def search(user: Any, query: str, limit: int) -> list[SearchResult]:
    condition = Q()
    for word in query.split():
        condition &= Q(reference__icontains=word) | Q(what__icontains=word) | Q(risk_label__icontains=word)
    return [
        SearchResult(
            reference=p.reference, title=p.what, url=p.get_absolute_url(), kind=str(p._meta.verbose_name)
        )
        for p in scope_queryset(user, ControlPoint.objects.all())
        .filter(condition)
        .order_by("reference")[:limit]
    ]
