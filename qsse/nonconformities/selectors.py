"""Reads of the non-conformity module, scoped to the user and aggregated in the database."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from qsse.actions import selectors as action_selectors
from qsse.core.permissions import scope_queryset, user_site_ids
from qsse.core.registry import SearchResult
from qsse.core.search_indexes import text_filter

from . import calculations
from .choices import Category, IshikawaCategory, NonconformityKind, NonconformityStatus, Severity
from .models import EightDReport, IshikawaCause, Nonconformity, RootCause

OPEN_STATUSES = (NonconformityStatus.OPEN, NonconformityStatus.ANALYSIS, NonconformityStatus.ACTION)


def nonconformity_list(user: Any) -> QuerySet[Nonconformity]:
    """The records the user may see, with what list pages and exports display."""
    queryset = scope_queryset(
        user, Nonconformity.objects.select_related("site", "process", "owner", "detected_by")
    )
    site_ids = user_site_ids(user) if user is not None and user.is_authenticated else None
    if site_ids is not None:
        # A record always has a site: the scope's ``OR site_id IS NULL`` matches nothing, but keeps
        # SQLite and PostgreSQL from looking the sites up in an index; this condition lets them.
        queryset = queryset.filter(site__in=site_ids)
    return queryset


def nonconformity_get(user: Any, pk: int) -> Nonconformity:
    """One visible record with its whole analysis prefetched; raises Nonconformity.DoesNotExist."""
    return nonconformity_with_analysis(user).get(pk=pk)


def nonconformity_with_analysis(user: Any) -> QuerySet[Nonconformity]:
    """Visible records with their 5 whys, Ishikawa causes, root causes and their actions prefetched.

    The actions of a root cause are those the user may see: an action may lie on another site than
    its record (the record moved, the action was reassigned); the closing rule counts them all."""
    return (
        nonconformity_list(user)
        .select_related("process__owner", "closed_by", "created_by", "eight_d")
        .prefetch_related(
            "why_steps",
            Prefetch(
                "ishikawa_causes", queryset=IshikawaCause.objects.order_by("category", "parent_id", "id")
            ),
            Prefetch(
                "root_causes",
                queryset=RootCause.objects.select_related("ishikawa_cause").prefetch_related(
                    Prefetch("actions", queryset=action_selectors.action_list(user))
                ),
            ),
        )
    )


# --- Statistics --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountLine:
    key: Any
    label: str
    count: int


def nonconformity_stats(user: Any, queryset: QuerySet[Nonconformity] | None = None) -> dict[str, Any]:
    """Counts of a (filtered) set of records in one database query.

    Returns ``total``, ``open``, ``open_by_severity`` and ``by_kind`` (lists of CountLine),
    ``by_category`` (dict key → count), ``pareto`` (Pareto rows by category, labels translated,
    with the vital few), ``pareto_chart`` (its drawing) and ``cost_total`` / ``cost_by_kind``.

    The query groups the records by site, status, category, severity and kind (a few hundred groups
    at most) and reads them from the covering index on those columns and the cost, in its order;
    the groups are then added up here.
    """
    if queryset is None:
        queryset = nonconformity_list(user)
    groups = (
        queryset.order_by()
        .values("site", "status", "category", "severity", "kind")
        .annotate(n=Count("*"), cost=Sum("cost_of_nonquality"))
        .values_list("status", "category", "severity", "kind", "n", "cost")
    )
    total = open_total = 0
    open_by_severity: Counter[int] = Counter()
    by_kind: Counter[str] = Counter()
    by_category: dict[str, int] = dict.fromkeys(Category.values, 0)
    cost_by_kind: dict[str, list[Decimal]] = {kind: [] for kind in NonconformityKind.values}
    for status, category, severity, kind, count, cost in groups:
        total += count
        if status in OPEN_STATUSES:
            open_total += count
            open_by_severity[severity] += count
        by_kind[kind] += count
        by_category[category] = by_category.get(category, 0) + count
        if cost is not None:
            cost_by_kind.setdefault(kind, []).append(cost)

    labels = dict(Category.choices)
    pareto_rows = [
        calculations.ParetoRow(str(labels.get(key, key)), count, cumulative)
        for key, count, cumulative in calculations.pareto(by_category)
    ]
    keys = {str(label): key for key, label in Category.choices}
    return {
        "total": total,
        "open": open_total,
        "open_by_severity": [
            CountLine(severity.value, str(severity.label), open_by_severity[severity.value])
            for severity in sorted(Severity, reverse=True)
        ],
        "by_kind": [
            CountLine(kind.value, str(kind.label), by_kind[kind.value]) for kind in NonconformityKind
        ],
        "by_category": by_category,
        "pareto": pareto_rows,
        "pareto_keys": keys,
        "pareto_vital_few": calculations.pareto_vital_few(pareto_rows),
        "pareto_chart": calculations.pareto_chart(pareto_rows),
        "cost_by_kind": [
            CountLine(
                kind.value, str(kind.label), calculations.cost_of_nonquality_total(cost_by_kind[kind.value])
            )
            for kind in NonconformityKind
        ],
        "cost_total": calculations.cost_of_nonquality_total(
            [cost for costs in cost_by_kind.values() for cost in costs]
        ),
    }


def recent_complaints(user: Any, limit: int = 5) -> list[Nonconformity]:
    """The latest customer complaints the user may see."""
    return list(
        nonconformity_list(user)
        .filter(kind=NonconformityKind.COMPLAINT)
        .order_by("-detected_on", "-id")[:limit]
    )


def nonconformity_search(user: Any, query: str, limit: int) -> list[SearchResult]:
    """Records whose reference, title, product, lot or customer matches ``query``."""
    queryset = text_filter(nonconformity_list(user), query, every_word=True, first_rows_only=True)[:limit]
    return [
        SearchResult(
            reference=nc.reference, title=nc.title, url=nc.get_absolute_url(), kind=nc.get_kind_display()
        )
        for nc in queryset
    ]


# --- Analysis ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IshikawaBranch:
    key: str
    label: str
    causes: list[tuple[IshikawaCause, list[IshikawaCause]]]


def ishikawa_tree(nonconformity: Nonconformity) -> list[IshikawaBranch]:
    """The causes of the record grouped by "M" (in the 7M order), each with its sub-causes.

    Reads the prefetched ``ishikawa_causes`` when present (no extra query then)."""
    causes = list(nonconformity.ishikawa_causes.all())
    children: dict[int, list[IshikawaCause]] = {}
    for cause in causes:
        if cause.parent_id:
            children.setdefault(cause.parent_id, []).append(cause)
    branches = []
    for category in IshikawaCategory:
        top = [c for c in causes if c.category == category and c.parent_id is None]
        branches.append(
            IshikawaBranch(category.value, str(category.label), [(c, children.get(c.pk, [])) for c in top])
        )
    return branches


def fishbone(
    nonconformity: Nonconformity, tree: list[IshikawaBranch] | None = None
) -> calculations.FishboneLayout:
    """The fishbone drawing of the record's Ishikawa causes (the effect is the record's title)."""
    tree = tree if tree is not None else ishikawa_tree(nonconformity)
    categories = [
        calculations.FishboneCategory(
            key=branch.key,
            label=branch.label,
            causes=tuple(
                calculations.FishboneCause(
                    text=cause.text,
                    is_retained=cause.is_retained,
                    sub_causes=tuple((sub.text, sub.is_retained) for sub in subs),
                )
                for cause, subs in branch.causes
            ),
        )
        for branch in tree
    ]
    return calculations.fishbone_layout(nonconformity.title, categories)


def nonconformity_actions(user: Any, nonconformity: Nonconformity) -> dict[str, Any]:
    """The actions of the record at a glance: the counts of the closing rule, and the visible actions
    raised from the record that treat no root cause (containment actions, actions created from the
    action plan). Reads the prefetched root causes when present."""
    linked = {
        action.pk for root_cause in nonconformity.root_causes.all() for action in root_cause.actions.all()
    }
    return {
        "other_actions": [
            action
            for action in action_selectors.actions_for_origin(user, nonconformity).select_related("owner")
            if action.pk not in linked
        ],
        "summary": action_selectors.origin_actions_summary(nonconformity),
    }


# --- 8D ----------------------------------------------------------------------------------------


def eight_d_prefill(user: Any, nonconformity: Nonconformity) -> dict[str, str]:
    """First draft of the 8D report from what the record already holds (used when none is saved)."""
    team = []
    for person, role in (
        (nonconformity.owner, _("team leader")),
        (nonconformity.process.owner if nonconformity.process_id else None, _("process owner")),
        (nonconformity.detected_by, _("detected the problem")),
    ):
        if person is not None and all(person.full_name not in line for line in team):
            team.append(f"{person.full_name} ({role})")
    description = [
        (_("Who?"), nonconformity.description_who),
        (_("What?"), nonconformity.description_what),
        (_("Where?"), nonconformity.description_where),
        (_("When?"), nonconformity.description_when),
        (_("How?"), nonconformity.description_how),
        (_("How many?"), nonconformity.description_how_many),
        (_("Why is it a problem?"), nonconformity.description_why),
    ]
    problem = [nonconformity.title]
    problem += [f"{label} {text}" for label, text in description if text.strip()]
    if nonconformity.product or nonconformity.lot:
        problem.append(
            _("Part: %(product)s – lot: %(lot)s")
            % {"product": nonconformity.product or "—", "lot": nonconformity.lot or "—"}
        )
    containment = [nonconformity.containment] if nonconformity.containment else []
    if nonconformity.disposition:
        containment.append(
            _("Disposition: %(disposition)s") % {"disposition": nonconformity.get_disposition_display()}
        )
    root_causes = [
        f"- {rc.description} ({rc.get_source_display()})" for rc in nonconformity.root_causes.all()
    ]
    steps = list(nonconformity.why_steps.all())
    if steps:
        root_causes.append(_("5 whys:"))
        root_causes += [f"{step.position}. {step.question} → {step.answer}" for step in steps]
    actions = []
    for action in action_selectors.actions_for_origin(user, nonconformity):
        due_on = date_format(action.due_on, "SHORT_DATE_FORMAT")
        actions.append(f"- {action.reference} {action.title} ({action.owner}, {due_on})")
    return {
        "d0_preparation": "",
        "d1_team": "\n".join(team),
        "d2_problem": "\n".join(problem),
        "d3_containment": "\n".join(containment),
        "d4_root_causes": "\n".join(root_causes),
        "d5_corrective_actions": "\n".join(actions),
        "d6_implementation": "",
        "d7_prevention": "",
        "d8_closure": "",
    }


def eight_d_report_data(user: Any, nonconformity: Nonconformity) -> dict[str, Any]:
    """Everything the 8D PDF prints, labels translated into the active language."""
    report = EightDReport.objects.filter(nonconformity=nonconformity).first()
    values = (
        {name: getattr(report, name) for name in eight_d_prefill(user, nonconformity)}
        if report is not None
        else eight_d_prefill(user, nonconformity)
    )
    disciplines = []
    for name, text in values.items():
        disciplines.append({"title": str(EightDReport._meta.get_field(name).verbose_name), "text": text})
    actions = [
        {
            "reference": action.reference,
            "title": action.title,
            "owner": str(action.owner),
            "due_on": date_format(action.due_on, "SHORT_DATE_FORMAT"),
            "status": action.get_status_display(),
            "efficacy": action.get_efficacy_result_display() if action.efficacy_result else "—",
        }
        for action in action_selectors.actions_for_origin(user, nonconformity)
    ]
    return {
        "labels": {
            "title": _("8D report"),
            "reference": _("Reference"),
            "subject": _("Subject"),
            "customer": _("Customer"),
            "customer_reference": _("Customer reference"),
            "site": _("Site"),
            "product": _("Part / lot"),
            "detected_on": _("Detected on"),
            "status": _("Status"),
            "severity": _("Severity"),
            "actions": _("Action plan"),
            "action": _("Action"),
            "owner": _("Owner"),
            "due_on": _("Due date"),
            "action_status": _("Status"),
            "efficacy": _("Efficacy"),
            "no_action": _("No action yet."),
            "page": _("Page"),
            "printed_on": _("Printed on"),
        },
        "lang": (get_language() or "fr")[:2],
        "reference": nonconformity.reference,
        "subject": nonconformity.title,
        "customer": nonconformity.customer_name or "—",
        "customer_reference": nonconformity.customer_reference or "—",
        "site": str(nonconformity.site),
        "product": " / ".join(v for v in (nonconformity.product, nonconformity.lot) if v) or "—",
        "detected_on": date_format(nonconformity.detected_on, "SHORT_DATE_FORMAT"),
        "printed_on": date_format(timezone.localdate(), "SHORT_DATE_FORMAT"),
        "status": nonconformity.get_status_display(),
        "severity": nonconformity.get_severity_display(),
        "disciplines": disciplines,
        "actions": actions,
    }
