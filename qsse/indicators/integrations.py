"""What the indicators app plugs into the shell and the other modules: menus, search, the home-page
widget, the analysis source "indicators.measurements", the review inputs "objectives" and
"process_performance", and objectives as origins of actions."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qsse.core.registry import (
    AnalysisColumn,
    AnalysisSource,
    NavItem,
    ReviewInputSection,
    SearchResult,
    register_analysis_source,
    register_dashboard_widget,
    register_nav_item,
    register_review_input,
    register_search,
)

WIDGET_MAX = 8


def search_indicators(user: Any, query: str, limit: int) -> list[SearchResult]:
    from . import selectors

    results = [
        SearchResult(reference=i.code, title=i.name, url=i.get_absolute_url(), kind=_("Indicator"))
        for i in selectors.indicator_search(user, query, limit)
    ]
    results += [
        SearchResult(reference=o.reference, title=o.title, url=o.get_absolute_url(), kind=_("Objective"))
        for o in selectors.objective_search(user, query, max(limit - len(results), 0))
    ]
    return results[:limit]


def off_target_widget(request: Any) -> tuple[str, dict[str, Any]]:
    """The indicators off target or in alert (off target first), from the dashboard's two queries."""
    from . import selectors

    cards = [
        card for card in selectors.dashboard_cards(request.user) if card.status in ("off_target", "alert")
    ]
    cards.sort(key=lambda card: (card.status != "off_target", card.indicator.code))
    return "indicators/widgets/_off_target.html", {
        "cards": cards[:WIDGET_MAX],
        "more": max(len(cards) - WIDGET_MAX, 0),
    }


def measurement_rows(user: Any):
    """(indicator code, indicator name, site, period, value) of every visible measurement."""
    from . import selectors

    rows = (
        selectors.measurement_list(user)
        .order_by("indicator__code", "period_start", "site__code")
        .values_list("indicator__code", "indicator__name", "site__name", "period_start", "value")
    )
    for code, name, site, period, value in rows.iterator(chunk_size=5000):
        yield (code, name, site or _("Whole organisation"), period, float(value))


def _number(value: Any, decimals: int) -> str:
    return "—" if value is None else number_format(value, decimal_pos=decimals, use_l10n=True)


def _objectives_section(user, start: date, end: date, site_ids, process_id) -> ReviewInputSection:
    from . import selectors
    from .choices import ObjectiveStatus, Status

    queryset = selectors.objective_list(user).exclude(status=ObjectiveStatus.DRAFT)
    if process_id is not None:
        queryset = queryset.filter(process_id=process_id)
    if site_ids is not None:
        queryset = queryset.filter(Q(site__in=site_ids) | Q(site__isnull=True))
    objectives = list(queryset.order_by("reference"))
    lines = selectors.objective_lines(objectives, today=min(end, timezone.localdate()))
    rows = []
    counts: dict[str, int] = defaultdict(int)
    for objective in objectives:
        line = lines[objective.pk]
        counts[objective.status] += 1
        decimals = objective.indicator.decimals if objective.indicator_id else 1
        rows.append(
            (
                objective.reference,
                objective.title,
                str(objective.get_status_display()),
                _number(line.current_value, decimals),
                _number(objective.target_value, decimals),
                "—" if line.progress is None else f"{round(line.progress)} %",
                str(Status(line.status).label),
            )
        )
    summary = _(
        "%(total)s objectives: %(achieved)s achieved, %(active)s in progress, %(missed)s not achieved."
    ) % {
        "total": len(objectives),
        "achieved": counts[ObjectiveStatus.ACHIEVED],
        "active": counts[ObjectiveStatus.ACTIVE],
        "missed": counts[ObjectiveStatus.NOT_ACHIEVED],
    }
    return ReviewInputSection(
        key="objectives",
        title=_("QSSE objectives"),
        summary=summary,
        headers=(
            _("Reference"),
            _("Objective"),
            _("Status"),
            _("Current value"),
            _("Target"),
            _("Progress"),
            _("Traffic light"),
        ),
        rows=tuple(rows),
        figures=tuple((str(label), str(counts[value])) for value, label in ObjectiveStatus.choices),
        url=reverse("indicators:objective_tree"),
    )


def _performance_section(user, start: date, end: date, site_ids, process_id) -> ReviewInputSection:
    from . import calculations, selectors
    from .choices import Status
    from .models import Measurement

    indicators = selectors.indicator_list(user).filter(is_active=True)
    if process_id is not None:
        indicators = indicators.filter(process_id=process_id)
    if site_ids is not None:
        indicators = indicators.filter(Q(site__in=site_ids) | Q(site__isnull=True))
    indicators = list(indicators.order_by("domain", "code"))
    # The last value of the period of each indicator's main series (its site, or the organisation's).
    last: dict[int, tuple[date, Any]] = {}
    condition = Q(pk__in=[])
    for indicator in indicators:
        site_q = Q(site_id=indicator.site_id) if indicator.site_id else Q(site__isnull=True)
        condition |= Q(indicator_id=indicator.pk) & site_q
    if indicators:
        for indicator_id, period, value in (
            Measurement.objects.filter(condition, period_start__gte=start, period_start__lt=end)
            .order_by("indicator_id", "period_start")
            .values_list("indicator_id", "period_start", "value")
        ):
            last[indicator_id] = (period, value)
    rows, counts = [], defaultdict(int)
    for indicator in indicators:
        period, value = last.get(indicator.pk, (None, None))
        status = calculations.indicator_status(
            value, indicator.target, indicator.alert_threshold, indicator.direction
        )
        counts[status] += 1
        rows.append(
            (
                indicator.code,
                indicator.name,
                date_format(period, "YEAR_MONTH_FORMAT") if period else "—",
                f"{_number(value, indicator.decimals)} {indicator.unit}".strip(),
                f"{_number(indicator.target, indicator.decimals)} {indicator.unit}".strip(),
                str(Status(status).label),
            )
        )
    summary = _(
        "%(total)s indicators: %(on)s on target, %(alert)s in alert, %(off)s off target, "
        "%(none)s without value."
    ) % {
        "total": len(indicators),
        "on": counts["on_target"],
        "alert": counts["alert"],
        "off": counts["off_target"],
        "none": counts["no_data"],
    }
    url = (
        reverse("indicators:dashboard_process", args=[process_id])
        if process_id
        else reverse("indicators:dashboard")
    )
    return ReviewInputSection(
        key="process_performance",
        title=_("Performance indicators against their targets"),
        summary=summary,
        headers=(
            _("Code"),
            _("Indicator"),
            _("Last period"),
            _("Last value"),
            _("Target"),
            _("Traffic light"),
        ),
        rows=tuple(rows),
        figures=tuple((str(label), str(counts[value])) for value, label in Status.choices),
        url=url,
    )


def review_inputs(
    user: Any, start: date, end: date, site_ids: frozenset[int] | None, process_id: int | None
) -> list[ReviewInputSection]:
    return [
        _objectives_section(user, start, end, site_ids, process_id),
        _performance_section(user, start, end, site_ids, process_id),
    ]


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    from qsse.actions.origins import register_origin_model

    from .models import Objective

    register_origin_model(Objective)
    register_nav_item(
        NavItem(
            menu="steering",
            label=gettext_lazy("QSSE policy and objectives"),
            url_name="indicators:objective_tree",
            order=30,
        )
    )
    register_nav_item(
        NavItem(
            menu="steering", label=gettext_lazy("Indicators"), url_name="indicators:indicator_list", order=31
        )
    )
    register_nav_item(
        NavItem(
            menu="steering", label=gettext_lazy("QSSE dashboard"), url_name="indicators:dashboard", order=32
        )
    )
    register_search(search_indicators)
    register_dashboard_widget(off_target_widget)
    register_review_input(review_inputs)
    register_analysis_source(
        AnalysisSource(
            key="indicators.measurements",
            label=gettext_lazy("Indicator measurements"),
            columns=(
                AnalysisColumn("indicator_code", gettext_lazy("Indicator code"), "text"),
                AnalysisColumn("indicator_name", gettext_lazy("Indicator"), "text"),
                AnalysisColumn("site", gettext_lazy("Site"), "text"),
                AnalysisColumn("period", gettext_lazy("Period"), "date"),
                AnalysisColumn("value", gettext_lazy("Value"), "number"),
            ),
            rows=measurement_rows,
        )
    )
