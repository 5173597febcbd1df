"""Reads of the HACCP module, scoped to the user's sites."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from qsse.core.permissions import scope_queryset
from qsse.core.registry import SearchResult

from . import rating
from .calculations import PlanFacts, decide, plan_completeness
from .choices import HazardOutcome
from .decision_trees import CODEX_STEPS, tree_for
from .models import ControlPoint, HaccpPlan, Hazard, MonitoringRecord, ProcessStep


def plan_list(user: Any) -> QuerySet[HaccpPlan]:
    return scope_queryset(user, HaccpPlan.objects.select_related("site", "leader")).annotate(
        step_count=Count("steps", distinct=True),
        ccp_count=Count("steps__hazards", filter=Q(steps__hazards__outcome=HazardOutcome.CCP), distinct=True),
    )


def plan_get(user: Any, pk: int) -> HaccpPlan:
    return (
        scope_queryset(user, HaccpPlan.objects.select_related("site", "leader"))
        .prefetch_related("team")
        .get(pk=pk)
    )


def plan_has_next(plan: HaccpPlan) -> bool:
    """Whether a later revision of the plan exists (draft or approved)."""
    return HaccpPlan.objects.filter(previous_revision=plan).exists()


def plan_revisions(plan: HaccpPlan) -> list[HaccpPlan]:
    """Every revision of the plan's reference, oldest first (same site, so visible alike)."""
    return list(
        HaccpPlan.objects.filter(reference=plan.reference)
        .select_related("approved_by")
        .only("id", "reference", "revision", "status", "approved_on", "approved_by", "site_id")
        .order_by("revision")
    )


def step_get(user: Any, pk: int) -> ProcessStep:
    return scope_queryset(user, ProcessStep.objects.select_related("plan__site")).get(pk=pk)


def hazard_get(user: Any, pk: int) -> Hazard:
    return scope_queryset(user, Hazard.objects.select_related("step__plan__site")).get(pk=pk)


def control_point_get(user: Any, pk: int) -> ControlPoint:
    return scope_queryset(
        user, ControlPoint.objects.select_related("hazard__step__plan__site", "monitoring_who")
    ).get(pk=pk)


def plan_steps(plan: HaccpPlan) -> list[ProcessStep]:
    """Steps in order, each with ``control_codes`` (the CCP/OPRP codes at that step)."""
    steps = list(
        plan.steps.select_related("verified_by").prefetch_related(
            Prefetch("hazards", queryset=Hazard.objects.select_related("control_point").order_by("-score"))
        )
    )
    for step in steps:
        step.control_codes = [
            hazard.control_point.code
            for hazard in step.hazards.all()
            if hasattr(hazard, "control_point") and hazard.control_point is not None
        ]
        step.is_ccp = any(hazard.outcome == HazardOutcome.CCP for hazard in step.hazards.all())
    return steps


def plan_hazards(plan: HaccpPlan) -> QuerySet[Hazard]:
    """The hazard analysis of the plan, highest score first (the hierarchy of risks)."""
    return (
        Hazard.objects.filter(step__plan=plan)
        .select_related("step", "control_point")
        .order_by("-score", "step__number", "id")
    )


def hazard_list(user: Any) -> QuerySet[Hazard]:
    return scope_queryset(user, Hazard.objects.select_related("step__plan__site", "control_point"))


def plan_heat_grid(plan: HaccpPlan) -> list[list[dict]] | None:
    counts: dict[tuple[int, int], int] = {}
    for row in (
        Hazard.objects.filter(step__plan=plan).values("likelihood", "severity").annotate(n=Count("id"))
    ):
        counts[(row["likelihood"], row["severity"])] = row["n"]
    return rating.heat_grid(counts)


def plan_control_points(plan: HaccpPlan) -> QuerySet[ControlPoint]:
    return (
        ControlPoint.objects.filter(hazard__step__plan=plan)
        .select_related("hazard__step", "monitoring_who")
        .order_by("kind", "hazard__step__number", "code")
    )


def plan_monitoring_records(plan: HaccpPlan, limit: int = 100) -> QuerySet[MonitoringRecord]:
    return (
        MonitoringRecord.objects.filter(control_point__hazard__step__plan=plan)
        .select_related("control_point", "measured_by", "nonconformity")
        .order_by("-measured_at", "-id")[:limit]
    )


def control_point_list(user: Any) -> QuerySet[ControlPoint]:
    return scope_queryset(user, ControlPoint.objects.select_related("hazard__step__plan", "monitoring_who"))


def monitoring_record_list(user: Any) -> QuerySet[MonitoringRecord]:
    return scope_queryset(
        user, MonitoringRecord.objects.select_related("control_point", "measured_by", "nonconformity")
    )


def _blank(value: str) -> bool:
    return not (value or "").strip()


def plan_facts(plan: HaccpPlan) -> PlanFacts:
    steps = plan.steps.aggregate(
        total=Count("id"), unverified=Count("id", filter=Q(verified_on__isnull=True))
    )
    hazards = Hazard.objects.filter(step__plan=plan).aggregate(
        total=Count("id"),
        undecided=Count(
            "id",
            filter=Q(is_significant=True) & Q(outcome__in=[HazardOutcome.PENDING, HazardOutcome.MODIFY]),
        ),
    )
    controls = ControlPoint.objects.filter(hazard__step__plan=plan)
    missing_control = Hazard.objects.filter(
        step__plan=plan, outcome__in=[HazardOutcome.CCP, HazardOutcome.OPRP], control_point__isnull=True
    ).count()
    return PlanFacts(
        has_leader=plan.leader_id is not None,
        team_size=plan.team.count(),
        has_scope=not _blank(plan.scope),
        has_product_description=not (
            _blank(plan.composition) or (_blank(plan.storage) and _blank(plan.shelf_life))
        ),
        has_intended_use=not _blank(plan.intended_use),
        step_count=steps["total"],
        unverified_step_count=steps["unverified"],
        hazard_count=hazards["total"],
        significant_undecided_count=hazards["undecided"],
        control_point_count=controls.count(),
        without_limits_count=missing_control
        + controls.filter(limit_min__isnull=True, limit_max__isnull=True, limit_text="").count(),
        without_monitoring_count=controls.filter(Q(monitoring_what="") | Q(monitoring_frequency="")).count(),
        without_corrective_actions_count=controls.filter(corrective_actions="").count(),
        without_verification_count=controls.filter(verification="").count(),
        has_plan_verification=not _blank(plan.verification_procedure),
        without_records_count=controls.filter(records="").count(),
    )


def plan_checklist(plan: HaccpPlan) -> list[dict[str, Any]]:
    """The 12 Codex steps with ``is_done`` for the plan page."""
    missing = set(plan_completeness(plan_facts(plan)))
    return [{"number": n, "label": label, "is_done": n not in missing} for n, label in CODEX_STEPS.items()]


def hazard_wizard(hazard: Hazard) -> dict[str, Any]:
    """The decision tree state of a hazard: path (question text, answer), next question, outcome."""
    tree = tree_for(hazard.step.plan.tree_version)
    decision = decide(tree, hazard.tree_answers or {})
    return {
        "hazard": hazard,
        "path": [(key, tree.question(key).text, answer) for key, answer in decision.path],
        "question": tree.question(decision.next_question) if decision.next_question else None,
        "decision": decision,
        "outcome_label": HazardOutcome(decision.outcome).label if decision.outcome else "",
    }


def plan_search(user: Any, query: str, limit: int) -> list[SearchResult]:
    plans = plan_list(user).filter(
        Q(reference__icontains=query) | Q(title__icontains=query) | Q(product_name__icontains=query)
    )[:limit]
    return [
        SearchResult(reference=p.reference, title=p.title, url=p.get_absolute_url(), kind=_("HACCP plan"))
        for p in plans
    ]


def significant_hazards_between(
    user: Any, start: date, end: date, site_ids: frozenset[int] | None
) -> QuerySet[Hazard]:
    """The significant hazards the user may see, identified in [start, end), on the latest revision
    of each plan (a copied hazard keeps the date it was first identified, so it counts once)."""
    queryset = hazard_list(user).filter(
        is_significant=True,
        created_at__date__gte=start,
        created_at__date__lt=end,
        step__plan__next_revision__isnull=True,
    )
    if site_ids is not None:
        queryset = queryset.filter(step__plan__site_id__in=site_ids)
    return queryset.order_by("-score", "id")


def out_of_limit_records_between(
    user: Any, start: date, end: date, site_ids: frozenset[int] | None
) -> QuerySet[MonitoringRecord]:
    queryset = monitoring_record_list(user).filter(
        is_within_limits=False, measured_at__date__gte=start, measured_at__date__lt=end
    )
    if site_ids is not None:
        queryset = queryset.filter(control_point__hazard__step__plan__site_id__in=site_ids)
    return queryset
