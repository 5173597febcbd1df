"""What the context app plugs into the shell and the other modules (menus, search, dashboards, sources)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def dashboard_widget(request: Any) -> tuple[str, dict[str, Any]]:
    """Significant risks not closed, by level, and the number of significant opportunities."""
    from qsse.core.choices import Operation
    from qsse.core.permissions import can

    from . import selectors
    from .models import RiskOpportunity

    if not can(request.user, Operation.VIEW, RiskOpportunity):
        return "context/widgets/_empty.html", {}
    lines = selectors.significant_open_by_level(request.user)
    opportunities = selectors.significant_open_by_level(request.user, kind="opportunity")
    return "context/widgets/_dashboard.html", {
        "lines": lines,
        "total": sum(line["count"] for line in lines),
        "opportunities": sum(line["count"] for line in opportunities),
        "largest": max((line["count"] for line in lines), default=0),
    }


def search(user: Any, query: str, limit: int):
    from . import selectors

    return selectors.risk_search(user, query, limit)


# --- Indicator source ----------------------------------------------------------------------------


def _significant_risks_drilldown(start: date, end: date, site_id: int | None) -> str:
    query = {"kind": "risk", "status": "not_closed", "is_significant": "true"}
    if site_id is not None:
        query["site"] = site_id
    return f"{reverse('context:risk_list')}?{urlencode(query)}"


def _count_significant(start: date, end: date, site_ids: frozenset[int] | None) -> int:
    from . import selectors

    return selectors.significant_open_count(end=end, site_ids=site_ids, kind="risk")


# --- Review inputs -------------------------------------------------------------------------------


def review_inputs(user: Any, start: date, end: date, site_ids: frozenset[int] | None, process_id: int | None):
    """Sections "context_changes" and "risk_opportunity_actions" of a management or process review
    for the period [start, end)."""
    from qsse.actions import selectors as action_selectors
    from qsse.core.registry import ReviewInputSection

    from . import selectors
    from .choices import OPEN_RISK_STATUSES
    from .models import InterestedParty, RiskOpportunity

    sections = []
    # Context changes: analyses approved during the period, interested parties changed.
    analyses = selectors.approved_analyses_between(start, end)
    if site_ids is not None:
        analyses = analyses.filter(Q(site__in=site_ids) | Q(site__isnull=True))
    parties_history = InterestedParty.history.model.objects.filter(
        history_date__date__gte=start, history_date__date__lt=end
    )
    if site_ids is not None:
        parties_history = parties_history.filter(Q(site_id__in=site_ids) | Q(site_id__isnull=True))
    changed_parties = sorted(set(parties_history.values_list("name", flat=True)))
    rows = []
    for analysis in analyses.prefetch_related("items").order_by("approved_at"):
        changes = selectors.analysis_changes(analysis)
        rows.append(
            (
                f"{analysis.get_kind_display()} {analysis.title} v{analysis.version}",
                str(analysis.site or _("Whole organisation")),
                date_format(analysis.approved_at, "SHORT_DATE_FORMAT") if analysis.approved_at else "",
                _("first version")
                if changes is None
                else _("+%(added)s / −%(removed)s items")
                % {"added": len(changes.added), "removed": len(changes.removed)},
            )
        )
    rows += [(name, _("Interested party changed"), "", "") for name in changed_parties]
    if process_id is None:
        sections.append(
            ReviewInputSection(
                key="context_changes",
                title=str(_("Changes in the context and interested parties")),
                summary=_(
                    "%(analyses)s analyses approved, %(parties)s interested parties created or changed."
                )
                % {"analyses": len(rows) - len(changed_parties), "parties": len(changed_parties)},
                headers=(
                    str(_("Analysis / party")),
                    str(_("Scope")),
                    str(_("Approved on")),
                    str(_("Changes since the previous version")),
                ),
                rows=tuple(rows),
                figures=(
                    (str(_("Analyses approved")), str(len(rows) - len(changed_parties))),
                    (str(_("Interested parties changed")), str(len(changed_parties))),
                ),
                url=reverse("context:analysis_list"),
            )
        )
    # Significant risks and opportunities with the status of their actions.
    records = RiskOpportunity.objects.filter(
        is_significant=True, status__in=OPEN_RISK_STATUSES
    ).select_related("level", "process")
    if site_ids is not None:
        records = records.filter(Q(site__in=site_ids) | Q(site__isnull=True))
    if process_id is not None:
        records = records.filter(process_id=process_id)
    records = list(records.order_by("-score", "reference"))
    action_rows = []
    without_action = 0
    for record in records:
        # A review lists a few dozen significant records at most: one summary query each.
        summary = action_selectors.origin_actions_summary(record)
        if not summary["total"]:
            without_action += 1
        action_rows.append(
            (
                record.reference,
                record.title,
                record.get_kind_display(),
                record.process.code,
                f"{record.score} · {record.level.name if record.level_id else '—'}",
                str(summary["total"]),
                str(summary["open"]),
                str(summary["done_unchecked"] + summary["effective"] + summary["not_effective"]),
            )
        )
    list_query = {"status": "not_closed", "is_significant": "true"}
    if process_id is not None:
        list_query["process"] = process_id
    sections.append(
        ReviewInputSection(
            key="risk_opportunity_actions",
            title=str(_("Significant risks and opportunities and their actions")),
            summary=_("%(count)s significant records not closed, %(without)s without any action.")
            % {"count": len(records), "without": without_action},
            headers=(
                str(_("Reference")),
                str(_("Title")),
                str(_("Kind")),
                str(_("Process")),
                str(_("Score · level")),
                str(_("Actions")),
                str(_("Open")),
                str(_("Done")),
            ),
            rows=tuple(action_rows),
            figures=(
                (str(_("Significant risks")), str(sum(1 for r in records if r.kind == "risk"))),
                (
                    str(_("Significant opportunities")),
                    str(sum(1 for r in records if r.kind == "opportunity")),
                ),
                (str(_("Without action")), str(without_action)),
            ),
            url=f"{reverse('context:risk_list')}?{urlencode(list_query)}",
        )
    )
    return sections


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.actions.origins import register_origin_model
    from qsse.core.registry import (
        IndicatorSource,
        NavItem,
        register_dashboard_widget,
        register_indicator_source,
        register_nav_item,
        register_review_input,
        register_search,
    )

    from .models import RiskOpportunity

    for order, (label, url_name) in enumerate(
        (
            (gettext_lazy("Context analyses"), "context:analysis_list"),
            (gettext_lazy("Interested parties"), "context:party_list"),
            (gettext_lazy("Risks and opportunities"), "context:risk_list"),
            (gettext_lazy("Heat map"), "context:heat_map"),
            (gettext_lazy("Criticality matrix"), "context:matrix_list"),
        ),
        start=1,
    ):
        register_nav_item(NavItem(menu="steering", label=label, url_name=url_name, order=10 + order))
    register_search(search)
    register_dashboard_widget(dashboard_widget)
    register_origin_model(RiskOpportunity)
    register_review_input(review_inputs)
    register_indicator_source(
        IndicatorSource(
            key="context.significant_risks",
            label=gettext_lazy("Significant risks not closed"),
            unit=gettext_lazy("risks"),
            domain="quality",
            compute=_count_significant,
            drilldown=_significant_risks_drilldown,
            description=gettext_lazy(
                "Risks of the register whose level is significant and which are not closed, "
                "at the end of the period."
            ),
        )
    )
