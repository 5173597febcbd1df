"""Indicator sources computed from the compliance assessments (see qsse.core.registry.IndicatorSource).

- ``compliance.rate``: conformity rate (%) of the applicable requirements as they stood at the end
  of the period — read from the assessments' history (the last version of each assessment recorded
  before the end), so that a past month keeps its value once later assessments are made; the same
  rule as the register (compliant 1, partial 0.5, non-compliant 0, to assess left out). None when
  nothing was assessed.
- ``compliance.open_gaps``: partially or non-compliant applicable requirements at the end of the
  period (same history rule).
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qsse.core.registry import IndicatorSource, register_indicator_source

from . import calculations
from .choices import GAP_STATUSES, ConformityStatus
from .models import ComplianceAssessment


def _states_at(end: date, site_ids: frozenset[int] | None) -> QuerySet:
    """The last history row of each assessment recorded before ``end`` (deleted ones left out)."""
    history = ComplianceAssessment.history.model
    moment = timezone.make_aware(datetime.combine(end, time.min))
    last = (
        history.objects.filter(id=OuterRef("id"), history_date__lt=moment)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    rows = history.objects.filter(history_date__lt=moment, history_id=Subquery(last)).exclude(
        history_type="-"
    )
    if site_ids is not None:
        rows = rows.filter(site_id__in=site_ids)
    return rows.filter(is_applicable=True)


def _counts(end: date, site_ids: frozenset[int] | None) -> dict[str, int]:
    rows = _states_at(end, site_ids).values("status").annotate(n=Count("history_id")).order_by()
    return {row["status"]: row["n"] for row in rows}


def conformity_rate(start: date, end: date, site_ids: frozenset[int] | None) -> Decimal | None:
    counts = _counts(end, site_ids)
    return calculations.conformity_rate(
        compliant=counts.get(ConformityStatus.COMPLIANT, 0),
        partial=counts.get(ConformityStatus.PARTIAL, 0),
        noncompliant=counts.get(ConformityStatus.NONCOMPLIANT, 0),
        to_assess=counts.get(ConformityStatus.TO_ASSESS, 0),
    ).rate


def open_gaps(start: date, end: date, site_ids: frozenset[int] | None) -> int:
    return _states_at(end, site_ids).filter(Q(status__in=GAP_STATUSES)).count()


def _register(start: date, end: date, site_id: int | None, **query: str) -> str:
    if site_id:
        query["site"] = str(site_id)
    url = reverse("compliance:assessment_list")
    return f"{url}?{urlencode(query)}" if query else url


def register() -> None:
    register_indicator_source(
        IndicatorSource(
            key="compliance.rate",
            label=_("Regulatory conformity rate"),
            unit="%",
            domain="safety",
            compute=conformity_rate,
            drilldown=lambda start, end, site_id: _register(start, end, site_id, is_applicable="true"),
            description=_(
                "Applicable requirements as assessed at the end of the period: compliant count 1, "
                "partially compliant 0.5, non-compliant 0; those still to assess are left out."
            ),
        )
    )
    register_indicator_source(
        IndicatorSource(
            key="compliance.open_gaps",
            label=_("Open compliance gaps"),
            unit=_("gaps"),
            domain="safety",
            compute=open_gaps,
            drilldown=lambda start, end, site_id: _register(start, end, site_id, status="noncompliant"),
            description=_("Applicable requirements partially or non-compliant at the end of the period."),
        )
    )
