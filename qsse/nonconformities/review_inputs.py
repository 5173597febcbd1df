"""What this app contributes to process and management reviews (qsse.core.registry.ReviewInputSection).

- "nonconformities" (ISO 9001 §9.3.2 c) 4)): the records detected in the period by kind, category and
  severity, open and closed, their cost of non-quality, the top categories (Pareto), and the
  corrective actions raised from them;
- "customer_satisfaction" (§9.3.2 c) 1)): the customer complaints of the period, compared with the
  previous period of the same length (trend = (now − before) / before).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from qsse.actions import selectors as action_selectors
from qsse.actions.choices import ActionStatus, ActionType, EfficacyResult
from qsse.core.registry import ReviewInputSection, register_review_input

from .choices import Category, NonconformityKind, NonconformityStatus, Severity
from .models import Nonconformity
from .selectors import OPEN_STATUSES, nonconformity_list

MAX_ROWS = 20
TOP_CATEGORIES = 3


def period_nonconformities(
    user: Any, start: date, end: date, site_ids: frozenset[int] | None, process_id: int | None
) -> QuerySet[Nonconformity]:
    """The visible records detected in [start, end), of the sites and the process when given."""
    queryset = nonconformity_list(user).filter(detected_on__gte=start, detected_on__lt=end)
    if site_ids is not None:
        queryset = queryset.filter(site__in=site_ids)
    if process_id is not None:
        queryset = queryset.filter(process_id=process_id)
    return queryset


def _money(value: Decimal | None) -> str:
    return f"{number_format(value or Decimal('0'), decimal_pos=2, use_l10n=True, force_grouping=True)} €"


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "—"


def trend_percent(current: int, previous: int) -> int | None:
    """(current − previous) / previous in whole percent; None when there was nothing before."""
    if previous == 0:
        return None
    return round(100 * (current - previous) / previous)


def _nonconformity_section(user, queryset, start, end, site_ids, process_id) -> ReviewInputSection:
    counts = queryset.order_by().aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        closed=Count("pk", filter=Q(status=NonconformityStatus.CLOSED)),
        cancelled=Count("pk", filter=Q(status=NonconformityStatus.CANCELLED)),
        cost=Sum("cost_of_nonquality"),
    )
    by_kind = dict(queryset.order_by().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    by_category = sorted(
        queryset.order_by().values_list("category").annotate(n=Count("pk")).values_list("category", "n"),
        key=lambda item: (-item[1], item[0]),
    )
    by_severity = {
        severity: (n, n_open)
        for severity, n, n_open in queryset.order_by()
        .values_list("severity")
        .annotate(n=Count("pk"), n_open=Count("pk", filter=Q(status__in=OPEN_STATUSES)))
        .values_list("severity", "n", "n_open")
    }
    categories = dict(Category.choices)
    top = [str(categories.get(key, key)) for key, _count in by_category[:TOP_CATEGORIES]]
    # Corrective actions raised from the records of the period.
    corrective = action_selectors.action_list(user).filter(
        origin_content_type=ContentType.objects.get_for_model(Nonconformity),
        origin_object_id__in=queryset.order_by().values("pk"),
        type__in=(ActionType.CORRECTIVE, ActionType.CONTAINMENT),
    )
    actions = corrective.order_by().aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status__in=(ActionStatus.DONE, ActionStatus.CHECKED))),
        effective=Count(
            "pk", filter=Q(status=ActionStatus.CHECKED, efficacy_result=EfficacyResult.EFFECTIVE)
        ),
    )
    rows = [
        (_("Category"), str(categories.get(key, key)), str(n), _percent(n, counts["total"]))
        for key, n in by_category
    ]
    rows += [
        (
            _("Severity"),
            str(severity.label),
            str(by_severity.get(severity.value, (0, 0))[0]),
            _percent(by_severity.get(severity.value, (0, 0))[0], counts["total"]),
        )
        for severity in sorted(Severity, reverse=True)
    ]
    summary = _(
        "%(total)s records detected in the period, %(open)s still open; cost of non-quality %(cost)s."
    ) % {"total": counts["total"], "open": counts["open"], "cost": _money(counts["cost"])}
    if top:
        summary += " " + _("Top categories: %(categories)s.") % {"categories": ", ".join(top)}
    figures = [(str(kind.label), str(by_kind.get(kind.value, 0))) for kind in NonconformityKind]
    figures += [
        (_("Records of the period"), str(counts["total"])),
        (_("Records still open"), str(counts["open"])),
        (_("Records closed"), str(counts["closed"])),
        (_("Open, critical"), str(by_severity.get(Severity.CRITICAL, (0, 0))[1])),
        (_("Cost of non-quality"), _money(counts["cost"])),
        (_("Corrective actions"), str(actions["total"])),
        (_("Corrective actions done"), str(actions["done"])),
        (_("Corrective actions judged effective"), str(actions["effective"])),
    ]
    return ReviewInputSection(
        key="nonconformities",
        title=_("Non-conformities, incidents and complaints of the period"),
        summary=summary,
        headers=(_("Breakdown"), _("Value"), _("Records"), _("Share")),
        rows=tuple(rows),
        figures=tuple(figures),
        url=_list_url(start, end, process_id),
    )


def _list_url(start: date, end: date, process_id: int | None, kind: str = "") -> str:
    url = f"{reverse('nonconformities:nonconformity_list')}?detected_after={start.isoformat()}"
    if kind:
        url += f"&kind={kind}"
    if process_id:
        url += f"&process={process_id}"
    return url


def _complaint_section(user, queryset, start, end, site_ids, process_id) -> ReviewInputSection:
    complaints = queryset.filter(kind=NonconformityKind.COMPLAINT)
    current = complaints.count()
    length = end - start
    previous = (
        period_nonconformities(user, start - length, start, site_ids, process_id)
        .filter(kind=NonconformityKind.COMPLAINT)
        .count()
    )
    trend = trend_percent(current, previous)
    trend_text = "—" if trend is None else f"{trend:+d} %"
    customers = complaints.order_by().values("customer_name").distinct().count()
    if trend is None:
        summary = _("%(current)s customer complaints in the period (none in the previous period).") % {
            "current": current
        }
    else:
        summary = _(
            "%(current)s customer complaints in the period against %(previous)s in the previous period of "
            "the same length (%(trend)s)."
        ) % {"current": current, "previous": previous, "trend": trend_text}
    rows = tuple(
        (
            nc.reference,
            date_format(nc.detected_on, "SHORT_DATE_FORMAT"),
            nc.customer_name,
            nc.title,
            str(nc.get_severity_display()),
            str(nc.get_status_display()),
        )
        for nc in complaints.order_by("-detected_on", "-pk")[:MAX_ROWS]
    )
    return ReviewInputSection(
        key="customer_satisfaction",
        title=_("Customer complaints"),
        summary=summary,
        headers=(_("Reference"), _("Date"), _("Customer"), _("Subject"), _("Severity"), _("Status")),
        rows=rows,
        figures=(
            (_("Complaints in the period"), str(current)),
            (_("Complaints in the previous period"), str(previous)),
            (_("Trend"), trend_text),
            (_("Customers concerned"), str(customers)),
            (_("Still open"), str(complaints.filter(status__in=OPEN_STATUSES).count())),
        ),
        url=_list_url(start, end, process_id, NonconformityKind.COMPLAINT),
    )


def review_inputs(
    user: Any, start: date, end: date, site_ids: frozenset[int] | None, process_id: int | None
) -> list[ReviewInputSection]:
    queryset = period_nonconformities(user, start, end, site_ids, process_id)
    return [
        _nonconformity_section(user, queryset, start, end, site_ids, process_id),
        _complaint_section(user, queryset, start, end, site_ids, process_id),
    ]


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    register_review_input(review_inputs)
