"""Indicator sources computed from this app's records (see qsse.core.registry.IndicatorSource).

Each source aggregates in the database over the records detected in the period [start, end), on the
sites ``site_ids`` (None: every site). Cancelled records are left out of every figure.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qsse.core.registry import IndicatorSource, register_indicator_source

from .choices import NonconformityKind, NonconformityStatus
from .models import Nonconformity

OPEN_DAYS = 30


def _records(site_ids: frozenset[int] | None) -> QuerySet[Nonconformity]:
    queryset = Nonconformity.objects.exclude(status=NonconformityStatus.CANCELLED)
    return queryset if site_ids is None else queryset.filter(site_id__in=site_ids)


def _in_period(start: date, end: date) -> Q:
    return Q(detected_on__gte=start, detected_on__lt=end)


def count(start: date, end: date, site_ids: frozenset[int] | None) -> int:
    """Non-conformities (kind "non-conformity") detected in the period."""
    return _records(site_ids).filter(_in_period(start, end), kind=NonconformityKind.NONCONFORMITY).count()


def complaints(start: date, end: date, site_ids: frozenset[int] | None) -> int:
    """Customer complaints received (detected) in the period."""
    return _records(site_ids).filter(_in_period(start, end), kind=NonconformityKind.COMPLAINT).count()


def cost(start: date, end: date, site_ids: frozenset[int] | None) -> Decimal:
    """Cost of non-quality: sum of the costs of the records detected in the period (every kind)."""
    total = _records(site_ids).filter(_in_period(start, end)).aggregate(total=Sum("cost_of_nonquality"))
    return total["total"] or Decimal("0")


def _reference_day(end: date) -> date:
    """The last day of the period, or today for the current period."""
    return min(end - timedelta(days=1), timezone.localdate())


def open_over_30_days(start: date, end: date, site_ids: frozenset[int] | None) -> int:
    """Records still open at the end of the period (or today) that were detected more than 30 days
    before: detected on or before D − 30 and not closed on D."""
    day = _reference_day(end)
    return (
        _records(site_ids)
        .filter(detected_on__lte=day - timedelta(days=OPEN_DAYS))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
        .aggregate(n=Count("pk"))["n"]
    )


def _list_url(**params: object) -> str:
    query = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{reverse('nonconformities:nonconformity_list')}?{urlencode(query)}"


def _detected(kind: str = ""):
    def drilldown(start: date, end: date, site_id: int | None) -> str:
        return _list_url(
            kind=kind,
            detected_after=start.isoformat(),
            detected_before=(end - timedelta(days=1)).isoformat(),
            site=site_id,
        )

    return drilldown


def _open_drilldown(start: date, end: date, site_id: int | None) -> str:
    # The list filters on today's status: for a past period it shows the records still open now.
    day = _reference_day(end)
    return _list_url(
        status="not_closed", detected_before=(day - timedelta(days=OPEN_DAYS)).isoformat(), site=site_id
    )


def register() -> None:
    """Called once from ``AppConfig.ready``."""
    for source in (
        IndicatorSource(
            key="nonconformities.count",
            label=_("Non-conformities detected in the period"),
            unit=_("NC"),
            domain="quality",
            compute=count,
            drilldown=_detected(NonconformityKind.NONCONFORMITY),
            description=_("Number of non-conformities detected in the period (cancelled ones left out)."),
        ),
        IndicatorSource(
            key="nonconformities.complaints",
            label=_("Customer complaints received in the period"),
            unit=_("complaints"),
            domain="customer",
            compute=complaints,
            drilldown=_detected(NonconformityKind.COMPLAINT),
            description=_("Number of customer complaints received in the period (cancelled ones left out)."),
        ),
        IndicatorSource(
            key="nonconformities.cost",
            label=_("Cost of non-quality"),
            unit=_("€"),
            domain="quality",
            compute=cost,
            drilldown=_detected(),
            description=_(
                "Sum of the costs of the non-conformities, incidents and complaints of the period."
            ),
        ),
        IndicatorSource(
            key="nonconformities.open_over_30_days",
            label=_("Records open for more than 30 days"),
            unit=_("NC"),
            domain="quality",
            compute=open_over_30_days,
            drilldown=_open_drilldown,
            description=_(
                "Records not closed at the end of the period that were detected more than 30 days before."
            ),
        ),
    ):
        register_indicator_source(source)
