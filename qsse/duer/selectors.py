"""Every read of the DUER that matters, scoped to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404

from qsse.actions.choices import OPEN_STATUSES
from qsse.actions.models import Action
from qsse.context import selectors as context_selectors
from qsse.core.choices import Operation
from qsse.core.permissions import can, scope_queryset

from . import calculations, rating, snapshot
from .models import Duer, DuerVersion, Hazard, HazardFamily, HazardFeedback, PreventionMeasure


def duer_list(user: Any) -> QuerySet[Duer]:
    return (
        scope_queryset(user, Duer.objects.all())
        .select_related("site", "owner")
        .annotate(hazard_count=Count("hazards", distinct=True), last_version=Max("versions__number"))
    )


def duer_get(user: Any, pk: int) -> Duer:
    duer = Duer.objects.select_related("site__organization", "owner").filter(pk=pk).first()
    if duer is None or not can(user, Operation.VIEW, duer):
        raise Http404
    return duer


def families() -> QuerySet[HazardFamily]:
    return HazardFamily.objects.filter(is_active=True).order_by("order", "name")


@dataclass(frozen=True)
class UnitRow:
    unit: Any
    hazard_count: int
    measure_count: int
    significant_count: int
    review_count: int
    top_residual: Decimal | None
    top_level: str
    top_colour: str


def unit_rows(user: Any, duer: Duer) -> list[UnitRow]:
    """The work units of the DUER with their counts and highest residual risk (two queries)."""
    hazards = scope_queryset(user, Hazard.objects.filter(duer=duer)).annotate(measure_count=Count("measures"))
    stats: dict[int, dict[str, Any]] = {}
    for hazard in hazards.order_by().values(
        "work_unit_id",
        "residual_score",
        "residual_level",
        "residual_colour",
        "is_significant",
        "needs_review",
        "measure_count",
    ):
        row = stats.setdefault(
            hazard["work_unit_id"], {"count": 0, "measures": 0, "significant": 0, "review": 0, "top": None}
        )
        row["count"] += 1
        row["measures"] += hazard["measure_count"]
        row["significant"] += int(hazard["is_significant"])
        row["review"] += int(hazard["needs_review"])
        if row["top"] is None or hazard["residual_score"] > row["top"]["residual_score"]:
            row["top"] = hazard
    rows = []
    for unit in snapshot.work_units_of(duer):
        row = stats.get(unit.pk)
        top = row["top"] if row else None
        rows.append(
            UnitRow(
                unit=unit,
                hazard_count=row["count"] if row else 0,
                measure_count=row["measures"] if row else 0,
                significant_count=row["significant"] if row else 0,
                review_count=row["review"] if row else 0,
                top_residual=top["residual_score"] if top else None,
                top_level=top["residual_level"] if top else "",
                top_colour=top["residual_colour"] if top else "",
            )
        )
    return rows


def heat_map(user: Any, duer: Duer) -> list[list[dict[str, Any]]]:
    """Raw ratings of the hazards on the active "duer" matrix (empty without a matrix)."""
    counts: dict[tuple[int, int], int] = {}
    for row in (
        scope_queryset(user, Hazard.objects.filter(duer=duer))
        .order_by()
        .values("probability", "gravity")
        .annotate(count=Count("id"))
    ):
        counts[(row["probability"], row["gravity"])] = row["count"]
    return context_selectors.heat_grid(rating.USAGE, counts)


def unit_hazards(user: Any, duer: Duer, work_unit: Any) -> list[Hazard]:
    return list(
        scope_queryset(user, Hazard.objects.filter(duer=duer, work_unit=work_unit))
        .select_related("family", "work_unit")
        .prefetch_related(
            Prefetch("measures", queryset=PreventionMeasure.objects.select_related("action").order_by("id")),
            "feedback",
        )
        .order_by("-residual_score", "-raw_score", "id")
    )


def hazards_for_feedback(user: Any, *, site: Any, work_unit: Any = None) -> list[Hazard]:
    """The hazards a record from the field may be linked to: those of its work unit (of its site
    when it names none) in the DUERs the user may change, highest residual risk first."""
    hazards = (
        Hazard.objects.filter(work_unit=work_unit)
        if work_unit
        else Hazard.objects.filter(work_unit__site=site)
    )
    return list(
        scope_queryset(user, hazards, Operation.EDIT)
        .select_related("duer__site", "work_unit__site", "family")
        .order_by("work_unit__name", "-residual_score", "id")
    )


def feedback_for_source(user: Any, source: Any) -> list[HazardFeedback]:
    """The DUER hazards a record is linked to, as the user may see them."""
    return list(
        scope_queryset(
            user,
            HazardFeedback.objects.filter(
                source_content_type=ContentType.objects.get_for_model(source), source_object_id=source.pk
            ),
        )
        .select_related("hazard__duer", "hazard__work_unit", "hazard__family")
        .order_by("id")
    )


def feedback_get(user: Any, pk: int) -> HazardFeedback:
    item = (
        HazardFeedback.objects.select_related("hazard__duer", "hazard__work_unit__site", "hazard__family")
        .filter(pk=pk)
        .first()
    )
    if item is None or not can(user, Operation.VIEW, item):
        raise Http404
    return item


def hazard_get(user: Any, pk: int) -> Hazard:
    hazard = Hazard.objects.select_related("duer", "work_unit__site", "family").filter(pk=pk).first()
    if hazard is None or not can(user, Operation.VIEW, hazard):
        raise Http404
    return hazard


def measure_get(user: Any, pk: int) -> PreventionMeasure:
    measure = (
        PreventionMeasure.objects.select_related(
            "hazard__duer", "hazard__work_unit__site", "hazard__family", "action"
        )
        .filter(pk=pk)
        .first()
    )
    if measure is None or not can(user, Operation.VIEW, measure):
        raise Http404
    return measure


def ranking(user: Any, duer: Duer) -> list[Hazard]:
    """Every hazard of the DUER, highest residual risk first (ties: raw score, gravity, exposed)."""
    hazards = list(
        scope_queryset(user, Hazard.objects.filter(duer=duer)).select_related("family", "work_unit")
    )
    by_key = {hazard.pk: hazard for hazard in hazards}
    ranked = calculations.rank(
        calculations.RankedHazard(h.pk, h.residual_score, h.raw_score, h.gravity, h.exposed_count)
        for h in hazards
    )
    return [by_key[item.key] for item in ranked]


def version_list(user: Any, duer: Duer) -> QuerySet[DuerVersion]:
    return scope_queryset(user, DuerVersion.objects.filter(duer=duer)).defer("content").order_by("-number")


def version_get(user: Any, pk: int) -> DuerVersion:
    version = DuerVersion.objects.select_related("duer__site").filter(pk=pk).first()
    if version is None or not can(user, Operation.VIEW, version):
        raise Http404
    return version


@dataclass(frozen=True)
class UpdateStatus:
    headcount: int
    requires_annual_update: bool
    requires_papripact: bool
    last_version_on: date | None
    next_update_on: date | None
    is_overdue: bool


def update_status(duer: Duer, *, today: date) -> UpdateStatus:
    """The yearly update obligation (R4121-2) and the programme required (L4121-3-1)."""
    headcount = snapshot.organisation_headcount(duer)
    last = duer.versions.order_by("-number").values_list("frozen_on", flat=True).first()
    next_on = calculations.next_update_due(last, headcount)
    if next_on is None and last is None and calculations.requires_annual_update(headcount):
        next_on = today  # never frozen: the DUER is due now
    return UpdateStatus(
        headcount=headcount,
        requires_annual_update=calculations.requires_annual_update(headcount),
        requires_papripact=calculations.requires_papripact(headcount),
        last_version_on=last,
        next_update_on=next_on,
        is_overdue=next_on is not None and next_on <= today,
    )


def due_updates(user: Any, *, today: date) -> list[tuple[Duer, UpdateStatus]]:
    """The DUERs the user sees whose yearly update is due (for the dashboard and the reminder)."""
    result = []
    for duer in scope_queryset(user, Duer.objects.select_related("site__organization")):
        status = update_status(duer, today=today)
        if status.is_overdue:
            result.append((duer, status))
    return result


def programme_actions(user: Any, duer: Duer, *, year: int) -> list[Action]:
    """The actions of the year's programme: raised from the DUER's measures, due in ``year`` or
    still open from before (PAPRIPACT, L4121-3-1 II, or list of actions below 50 employees)."""
    from qsse.actions import selectors as action_selectors

    measure_actions = PreventionMeasure.objects.filter(hazard__duer=duer, action__isnull=False).values(
        "action_id"
    )
    open_before = Q(due_on__year__lt=year, status__in=OPEN_STATUSES)
    return list(
        action_selectors.action_list(user)
        .filter(pk__in=measure_actions)
        .filter(Q(due_on__year=year) | open_before)
        .select_related("owner", "site")
        .order_by("due_on", "reference")
    )


def measures_by_action(actions: list[Action]) -> dict[int, PreventionMeasure]:
    return {
        measure.action_id: measure
        for measure in PreventionMeasure.objects.filter(action__in=actions).select_related(
            "hazard__work_unit", "hazard__family"
        )
    }
