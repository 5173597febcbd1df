"""The periodic health and safety report for the CSE and management, read from the accident
register, the DUER, the action plan and the periodic inspections through their selectors, restricted
to what the user may see.

No personal data: the report never reads the victim's record (name, lesions, medical details);
accidents appear by reference, date, site, kind, title and analysis status only, since the report
goes to the CSE (RGPD art. 9 health data stays with the administrator and the QSSE manager).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from qsse.accidents import calculations as accident_calculations
from qsse.accidents import selectors as accident_selectors
from qsse.accidents.calculations import PeriodFigures, Rates
from qsse.accidents.choices import AccidentKind, AccidentStatus
from qsse.accidents.models import CauseNode
from qsse.actions import selectors as action_selectors
from qsse.actions.choices import OPEN_STATUSES, ActionStatus
from qsse.core.permissions import scope_queryset
from qsse.duer.models import DuerVersion, Hazard, PreventionMeasure
from qsse.inspections import calculations as inspection_calculations
from qsse.inspections import selectors as inspection_selectors
from qsse.inspections.choices import VisitResult
from qsse.organization import selectors as organization_selectors

from . import calculations
from .calculations import Period

DONE_STATUSES = (ActionStatus.DONE, ActionStatus.CHECKED)
ANALYSED_STATUSES = (AccidentStatus.ANALYSED, AccidentStatus.CLOSED)
TOP_RISKS = 5


@dataclass(frozen=True)
class RateBlock:
    """Figures and rates of one span (the period, the previous one, the rolling 12 months)."""

    label: str
    start: date
    end: date  # first day after
    figures: PeriodFigures
    rates: Rates


@dataclass(frozen=True)
class AccidentRow:
    pk: int
    reference: str
    occurred_on: date
    site: str
    kind: str
    kind_label: str
    title: str
    days_lost: int
    status: str
    status_label: str
    facts: int  # facts of the tree of causes besides the injury
    is_analysed: bool
    actions_open: int
    actions_closed: int


@dataclass(frozen=True)
class VersionRow:
    duer: str
    number: int
    frozen_on: date
    change_note: str


@dataclass(frozen=True)
class RiskRow:
    work_unit: str
    family: str
    situation: str
    residual_score: Decimal
    residual_level: str
    residual_colour: str


@dataclass(frozen=True)
class PlanProgress:
    total: int
    done: int
    in_progress: int
    overdue: int
    percent_done: Decimal | None
    from_duer: int
    from_accidents: int


@dataclass(frozen=True)
class VisitRow:
    reference: str
    performed_on: date
    site: str
    equipment: str
    inspection: str
    result: str
    result_label: str


@dataclass(frozen=True)
class InspectionStatus:
    overdue: int
    due_soon: int
    up_to_date: int
    performed: int
    results: dict[str, int]
    visits: list[VisitRow]  # visits of the period whose result was not "compliant"


@dataclass(frozen=True)
class OhsReport:
    period: Period
    today: date
    site_ids: list[int]
    site_names: list[str]
    current: RateBlock
    previous: RateBlock
    rolling: RateBlock
    kinds: dict[str, int]
    accidents: list[AccidentRow]
    versions: list[VersionRow]
    hazards_added: int
    hazards_rerated: int
    top_risks: list[RiskRow]
    plan: PlanProgress
    inspections: InspectionStatus
    months: list[Any] = field(default_factory=list)  # accidents.selectors.MonthRow, for the chart

    @property
    def lost_time(self) -> int:
        return self.kinds.get(AccidentKind.LOST_TIME, 0)

    @property
    def without_lost_time(self) -> int:
        return self.kinds.get(AccidentKind.NO_LOST_TIME, 0)

    @property
    def near_misses(self) -> int:
        return self.kinds.get(AccidentKind.NEAR_MISS, 0)

    @property
    def analysed_count(self) -> int:
        return sum(1 for row in self.accidents if row.is_analysed)


def report_sites(user: Any, site_ids: Iterable[int] | None) -> list[Any]:
    """The active sites the user sees, restricted to ``site_ids`` when given (an id the user may not
    see is dropped, never shown)."""
    sites = list(organization_selectors.site_list(user).filter(is_active=True).order_by("name"))
    if site_ids:
        wanted = set(site_ids)
        sites = [site for site in sites if site.pk in wanted]
    return sites


def _block(label: str, site_ids: list[int], start: date, end: date) -> RateBlock:
    figures = accident_selectors.period_figures(site_ids, start, end)
    return RateBlock(label, start, end, figures, accident_calculations.rates(figures))


def _accident_rows(user: Any, period: Period, site_ids: list[int]) -> list[AccidentRow]:
    """Accidents of the period with their analysis status and the actions of their causes (two
    queries). Victim data is not read."""
    accidents = list(
        accident_selectors.accidents_in_period(user, period.start, period.end, frozenset(site_ids))
        .annotate(facts=Count("cause_nodes", filter=Q(cause_nodes__is_root=False)))
        .order_by("occurred_at", "pk")
    )
    actions: dict[int, list[int]] = {}
    for row in (
        CauseNode.objects.filter(accident__in=[a.pk for a in accidents], action__isnull=False)
        .exclude(action__status=ActionStatus.CANCELLED)
        .values("accident_id", "action__status")
        .order_by()
    ):
        counts = actions.setdefault(row["accident_id"], [0, 0])
        counts[0 if row["action__status"] in OPEN_STATUSES else 1] += 1
    rows = []
    for accident in accidents:
        open_count, closed_count = actions.get(accident.pk, [0, 0])
        rows.append(
            AccidentRow(
                pk=accident.pk,
                reference=accident.reference,
                occurred_on=timezone.localtime(accident.occurred_at).date(),
                site=accident.site.name,
                kind=accident.kind,
                kind_label=str(AccidentKind(accident.kind).label),
                title=accident.title,
                days_lost=accident.days_lost if accident.kind == AccidentKind.LOST_TIME else 0,
                status=accident.status,
                status_label=str(AccidentStatus(accident.status).label),
                facts=accident.facts,
                is_analysed=accident.status in ANALYSED_STATUSES,
                actions_open=open_count,
                actions_closed=closed_count,
            )
        )
    return rows


def _duer_site_q(prefix: str, site_ids: list[int]) -> Q:
    # A DUER of the whole organisation (no site) concerns every site of the report.
    return Q(**{f"{prefix}site_id__in": site_ids}) | Q(**{f"{prefix}site__isnull": True})


def _hazards_rerated(user: Any, period: Period, site_ids: list[int]) -> int:
    """Hazards whose residual score changed during the period, read from their change history
    (the DUER app has no selector for it): one query for the history rows of the hazards edited in
    the period, compared row to row."""
    visible = scope_queryset(user, Hazard.objects.filter(work_unit__site_id__in=site_ids)).values("pk")
    history = Hazard.history.model.objects
    edited = (
        history.filter(
            id__in=visible,
            history_type="~",
            history_date__date__gte=period.start,
            history_date__date__lt=period.end,
        )
        .values("id")
        .distinct()
    )
    rows = (
        history.filter(id__in=edited, history_date__date__lt=period.end)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_date", "residual_score")
    )
    rerated: set[int] = set()
    previous: dict[int, Decimal] = {}
    for pk, when, score in rows:
        if pk in previous and previous[pk] != score and period.start <= when.date() < period.end:
            rerated.add(pk)
        previous[pk] = score
    return len(rerated)


def _duer_changes(
    user: Any, period: Period, site_ids: list[int]
) -> tuple[list[VersionRow], int, int, list[RiskRow]]:
    versions = [
        VersionRow(v.duer.title, v.number, v.frozen_on, v.change_note)
        for v in scope_queryset(user, DuerVersion.objects.select_related("duer"))
        .filter(_duer_site_q("duer__", site_ids), frozen_on__gte=period.start, frozen_on__lt=period.end)
        .defer("content")
        .order_by("frozen_on", "number")
    ]
    hazards = scope_queryset(user, Hazard.objects.filter(work_unit__site_id__in=site_ids))
    added = hazards.filter(created_at__date__gte=period.start, created_at__date__lt=period.end).count()
    top = [
        RiskRow(
            work_unit=h.work_unit.name,
            family=h.family.name,
            situation=h.situation,
            residual_score=h.residual_score,
            residual_level=h.residual_level,
            residual_colour=h.residual_colour,
        )
        for h in hazards.select_related("work_unit", "family").order_by(
            "-residual_score", "-raw_score", "pk"
        )[:TOP_RISKS]
    ]
    return versions, added, _hazards_rerated(user, period, site_ids), top


def _plan(user: Any, period: Period, site_ids: list[int], today: date) -> PlanProgress:
    """The prevention plan: the visible actions raised from DUER prevention measures and from the
    causes of accidents on these sites, created before the end of the period, cancelled ones left
    out; their status is today's."""
    duer_ids = set(
        PreventionMeasure.objects.filter(
            hazard__work_unit__site_id__in=site_ids, action__isnull=False
        ).values_list("action_id", flat=True)
    )
    accident_ids = set(
        CauseNode.objects.filter(accident__site_id__in=site_ids, action__isnull=False).values_list(
            "action_id", flat=True
        )
    )
    actions = (
        action_selectors.action_list(user)
        .filter(pk__in=duer_ids | accident_ids, created_at__date__lt=period.end)
        .exclude(status=ActionStatus.CANCELLED)
    )
    counts = actions.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status__in=DONE_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_on__lt=today)),
        in_progress=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_on__gte=today)),
        from_duer=Count("pk", filter=Q(pk__in=duer_ids)),
        from_accidents=Count("pk", filter=Q(pk__in=accident_ids)),
    )
    return PlanProgress(
        total=counts["total"],
        done=counts["done"],
        in_progress=counts["in_progress"],
        overdue=counts["overdue"],
        percent_done=calculations.percent_done(counts["done"], counts["total"]),
        from_duer=counts["from_duer"],
        from_accidents=counts["from_accidents"],
    )


def _inspections(user: Any, period: Period, site_ids: list[int], today: date) -> InspectionStatus:
    lines = inspection_selectors.schedule_list(user).filter(equipment__site_id__in=site_ids)
    status = {
        name: inspection_selectors.schedule_filter_status(lines, name, today).count()
        for name in (
            inspection_calculations.OVERDUE,
            inspection_calculations.DUE_SOON,
            inspection_calculations.UP_TO_DATE,
        )
    }
    visits = inspection_selectors.visits_in_period(user, period.start, period.end, frozenset(site_ids))
    results = {
        row["result"]: row["count"] for row in visits.values("result").annotate(count=Count("pk")).order_by()
    }
    remarkable = [
        VisitRow(
            reference=visit.reference,
            performed_on=visit.performed_on,
            site=visit.schedule.equipment.site.name,
            equipment=visit.schedule.equipment.name,
            inspection=visit.schedule.inspection_type.title,
            result=visit.result,
            result_label=str(VisitResult(visit.result).label),
        )
        for visit in visits.exclude(result=VisitResult.COMPLIANT)
        .select_related("schedule__equipment__site", "schedule__inspection_type")
        .order_by("performed_on", "pk")
    ]
    return InspectionStatus(
        overdue=status[inspection_calculations.OVERDUE],
        due_soon=status[inspection_calculations.DUE_SOON],
        up_to_date=status[inspection_calculations.UP_TO_DATE],
        performed=sum(results.values()),
        results={value: results.get(value, 0) for value in VisitResult.values},
        visits=remarkable,
    )


def ohs_report(user: Any, period: Period, site_ids: Iterable[int] | None = None, *, today: date) -> OhsReport:
    """The report of ``period`` for the sites the user sees (restricted to ``site_ids`` when given).
    Rates are ``None`` when not computable (a month of the span without hours worked)."""
    sites = report_sites(user, site_ids)
    ids = [site.pk for site in sites]
    previous = calculations.previous_period(period)
    rolling_start = accident_calculations.add_months(period.last_month, -11)
    versions, added, rerated, top = _duer_changes(user, period, ids)
    return OhsReport(
        period=period,
        today=today,
        site_ids=ids,
        site_names=[site.name for site in sites],
        current=_block("period", ids, period.start, period.end),
        previous=_block("previous", ids, previous.start, previous.end),
        rolling=_block("rolling", ids, rolling_start, period.end),
        kinds=accident_selectors.kind_counts(user, ids, period.start, period.end),
        accidents=_accident_rows(user, period, ids),
        versions=versions,
        hazards_added=added,
        hazards_rerated=rerated,
        top_risks=top,
        plan=_plan(user, period, ids, today),
        inspections=_inspections(user, period, ids, today),
        months=accident_selectors.rates_by_month(ids, period.last_month, 12),
    )
