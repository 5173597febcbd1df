"""Every read of the ICPE status that matters, restricted to what the user may see; quantities are
summed in the database, the classification is computed by ``calculations``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from qsse.core.permissions import scope_queryset
from qsse.core.registry import SearchResult
from qsse.organization import selectors as organization_selectors

from . import calculations
from .choices import CONTROL_DUE_SOON_DAYS, ControlStatus
from .models import ClassifiedActivity, Installation, PeriodicControl, Rubrique, SiteRubriqueTotal, Threshold


def labels() -> dict[str, str]:
    """The words of the reasoning lines, in the active language."""
    return {
        "no_threshold": _("no classification threshold"),
        "low": _("Seveso low threshold"),
        "high": _("Seveso high threshold"),
        "not_reached": _("not reached"),
        "health": _("health hazards"),
        "physical": _("physical hazards"),
        "environment": _("environment hazards"),
        "overall": _("Site regime"),
        "seveso": _("Seveso status"),
        "none": _("not Seveso"),
    }


def localized_number(value: Decimal) -> str:
    return number_format(value.normalize(), use_l10n=True, force_grouping=True)


# --- Catalogue ---------------------------------------------------------------------------------


def rubrique_list(user: Any) -> QuerySet[Rubrique]:
    return scope_queryset(user, Rubrique.objects.prefetch_related("thresholds"))


def rubrique_get(user: Any, pk: int) -> Rubrique:
    try:
        return rubrique_list(user).get(pk=pk)
    except Rubrique.DoesNotExist as error:
        raise Http404 from error


def rubrique_search(queryset: QuerySet[Rubrique], text: str) -> QuerySet[Rubrique]:
    text = (text or "").strip()
    if not text:
        return queryset
    return queryset.filter(
        Q(code__istartswith=text) | Q(title_fr__icontains=text) | Q(title_en__icontains=text)
    )


def rule_of(rubrique: Rubrique) -> calculations.RubriqueRule:
    """The classification rule of ``rubrique`` (its thresholds prefetched or queried)."""
    return calculations.RubriqueRule(
        code=rubrique.code,
        unit=rubrique.get_unit_display(),
        thresholds=tuple(
            calculations.Threshold(t.regime, t.value, t.is_inclusive, t.alinea)
            for t in rubrique.thresholds.all()
        ),
        seveso_low=rubrique.seveso_low,
        seveso_high=rubrique.seveso_high,
        hazard_groups=rubrique.hazard_groups,
    )


# --- Installations -----------------------------------------------------------------------------


def installation_list(user: Any) -> QuerySet[Installation]:
    return scope_queryset(
        user,
        Installation.objects.select_related("site", "responsible").annotate(
            rubrique_count=Count("activities")
        ),
    )


def installation_get(user: Any, pk: int) -> Installation:
    try:
        return scope_queryset(user, Installation.objects.select_related("site", "responsible")).get(pk=pk)
    except Installation.DoesNotExist as error:
        raise Http404 from error


def activity_list(user: Any) -> QuerySet[ClassifiedActivity]:
    return scope_queryset(user, ClassifiedActivity.objects.select_related("installation__site", "rubrique"))


def installation_activities(installation: Installation) -> QuerySet[ClassifiedActivity]:
    return installation.activities.select_related("rubrique").order_by("rubrique__code")


def installations_by_rubrique(user: Any, site: Any, names: int = 5) -> dict[int, tuple[int, list[str]]]:
    """Per rubrique of ``site``: how many installations in service declare it and the first
    ``names`` of them with their quantity (two queries, whatever the number of installations)."""
    rows = activity_list(user).filter(installation__site=site, installation__is_in_service=True)
    counts = dict(
        rows.values("rubrique_id").annotate(n=Count("id")).values_list("rubrique_id", "n").order_by()
    )
    result: dict[int, tuple[int, list[str]]] = {pk: (n, []) for pk, n in counts.items()}
    for pk in counts:
        sample = rows.filter(rubrique_id=pk).order_by("installation__name")[:names]
        result[pk][1].extend(
            f"{name} ({localized_number(quantity)})"
            for name, quantity in sample.values_list("installation__name", "quantity")
        )
    return result


# --- Site status ---------------------------------------------------------------------------------


def site_quantities(user: Any, site_ids: list[int] | None = None) -> dict[int, dict[int, Decimal]]:
    """Quantities summed per site and rubrique (installations in service only), as kept by
    ``services.totals_refresh``: {site id: {rubrique id: total}}."""
    queryset = scope_queryset(user, SiteRubriqueTotal.objects.all())
    if site_ids is not None:
        queryset = queryset.filter(site_id__in=site_ids)
    totals: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for site_id, rubrique_id, quantity in queryset.values_list("site_id", "rubrique_id", "quantity"):
        totals[site_id][rubrique_id] = quantity
    return totals


@dataclass(frozen=True)
class RubriqueStatus:
    rubrique: Rubrique
    result: calculations.RubriqueClassification

    @property
    def code(self) -> str:
        return self.rubrique.code

    @property
    def regime(self) -> str:
        return self.result.regime


@dataclass(frozen=True)
class SiteStatus:
    site: Any
    classification: calculations.SiteClassification
    rows: tuple[RubriqueStatus, ...]

    @property
    def regime(self) -> str:
        return self.classification.regime

    @property
    def seveso(self) -> str:
        return self.classification.seveso.status

    @property
    def classified(self) -> tuple[RubriqueStatus, ...]:
        return tuple(row for row in self.rows if row.regime != calculations.NC)

    @property
    def to_verify(self) -> tuple[RubriqueStatus, ...]:
        return tuple(row for row in self.rows if row.rubrique.to_verify)


def _status(site: Any, totals: dict[int, Decimal], rubriques: dict[int, Rubrique]) -> SiteStatus:
    by_code = {rubriques[pk].code: rubriques[pk] for pk in totals}
    quantities = {rubriques[pk].code: total for pk, total in totals.items()}
    classification = calculations.classify_site(
        [rule_of(r) for r in by_code.values()], quantities, fmt=localized_number, labels=labels()
    )
    rows = tuple(RubriqueStatus(by_code[result.code], result) for result in classification.rubriques)
    return SiteStatus(site, classification, rows)


def _rubriques(ids: set[int]) -> dict[int, Rubrique]:
    return {r.pk: r for r in Rubrique.objects.filter(pk__in=ids).prefetch_related("thresholds")}


def site_status(user: Any, site: Any) -> SiteStatus:
    totals = site_quantities(user, [site.pk]).get(site.pk, {})
    return _status(site, totals, _rubriques(set(totals)))


def sites_overview(user: Any) -> list[SiteStatus]:
    """The ICPE status of every site the user sees (two queries for the quantities and rubriques)."""
    sites = list(organization_selectors.site_list(user))
    totals = site_quantities(user, [site.pk for site in sites])
    rubriques = _rubriques({pk for site_totals in totals.values() for pk in site_totals})
    return [_status(site, totals.get(site.pk, {}), rubriques) for site in sites]


def site_get(user: Any, pk: int) -> Any:
    try:
        return organization_selectors.site_list(user).get(pk=pk)
    except Exception as error:  # noqa: BLE001 - DoesNotExist of the organisation app
        raise Http404 from error


# --- Periodic controls -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ControlReminder:
    site: Any
    rubrique: Rubrique
    last: PeriodicControl | None
    due_on: date
    status: str


def control_status(due_on: date, today: date) -> str:
    if due_on < today:
        return ControlStatus.OVERDUE
    if due_on <= today + timedelta(days=CONTROL_DUE_SOON_DAYS):
        return ControlStatus.DUE_SOON
    return ControlStatus.UP_TO_DATE


def control_reminders(user: Any, today: date) -> list[ControlReminder]:
    """One line per DC rubrique of each visible site: the last control and when the next is due
    (L512-11: every five years at most), soonest first."""
    reminders: list[ControlReminder] = []
    statuses = sites_overview(user)
    controls = scope_queryset(user, PeriodicControl.objects.select_related("rubrique")).order_by(
        "-performed_on", "-id"
    )
    last: dict[tuple[int, int], PeriodicControl] = {}
    for control in controls:
        last.setdefault((control.site_id, control.rubrique_id), control)
    first_declared = {
        (site_id, rubrique_id): first
        for site_id, rubrique_id, first in scope_queryset(user, SiteRubriqueTotal.objects.all()).values_list(
            "site_id", "rubrique_id", "first_commissioned_on"
        )
    }
    for status in statuses:
        for row in status.rows:
            if row.regime != calculations.DC:
                continue
            key = (status.site.pk, row.rubrique.pk)
            control = last.get(key)
            due_on = calculations.next_control_due(
                last_done_on=control.performed_on if control else None,
                classified_since=first_declared.get(key),
                today=today,
                period_years=control.period_years if control else calculations.DC_CONTROL_PERIOD_YEARS,
            )
            reminders.append(
                ControlReminder(status.site, row.rubrique, control, due_on, control_status(due_on, today))
            )
    reminders.sort(key=lambda r: (r.due_on, r.site.name, r.rubrique.code))
    return reminders


def control_list(user: Any) -> QuerySet[PeriodicControl]:
    return scope_queryset(user, PeriodicControl.objects.select_related("site", "rubrique"))


# --- History -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryLine:
    at: Any
    user: Any
    kind: str
    label: str
    change: str
    url: str


def _diff(record: Any) -> str:
    previous = record.prev_record
    if previous is None:
        return (
            _("created") if record.history_type == "+" else _("deleted") if record.history_type == "-" else ""
        )
    if record.history_type == "-":
        return _("deleted")
    delta = record.diff_against(previous, excluded_fields=["updated_at", "created_at"])
    return "; ".join(f"{change.field}: {change.old} → {change.new}" for change in delta.changes)


def history_list(user: Any, limit: int = 200) -> list[HistoryLine]:
    """The latest changes of rubriques, thresholds, installations and declared quantities, newest first."""
    lines: list[HistoryLine] = []
    site_ids = set(organization_selectors.site_list(user).values_list("pk", flat=True))
    codes = dict(Rubrique.objects.values_list("pk", "code"))
    for record in Rubrique.history.select_related("history_user").order_by("-history_date")[:limit]:
        lines.append(
            HistoryLine(
                record.history_date,
                record.history_user,
                _("Rubrique"),
                record.code,
                _diff(record),
                reverse("icpe:rubrique_detail", args=[record.id]),
            )
        )
    for record in Threshold.history.select_related("history_user").order_by("-history_date")[:limit]:
        code = codes.get(record.rubrique_id, "?")
        lines.append(
            HistoryLine(
                record.history_date,
                record.history_user,
                _("Threshold"),
                f"{code} {record.regime}",
                _diff(record),
                reverse("icpe:rubrique_detail", args=[record.rubrique_id]),
            )
        )
    for record in (
        Installation.history.filter(site_id__in=site_ids)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    ):
        lines.append(
            HistoryLine(
                record.history_date,
                record.history_user,
                _("Installation"),
                record.name,
                _diff(record),
                reverse("icpe:installation_detail", args=[record.id]),
            )
        )
    installation_ids = set(Installation.objects.filter(site_id__in=site_ids).values_list("pk", flat=True))
    for record in (
        ClassifiedActivity.history.filter(installation_id__in=installation_ids)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    ):
        code = codes.get(record.rubrique_id, "?")
        lines.append(
            HistoryLine(
                record.history_date,
                record.history_user,
                _("Declared quantity"),
                code,
                _diff(record),
                reverse("icpe:installation_detail", args=[record.installation_id]),
            )
        )
    lines.sort(key=lambda line: line.at, reverse=True)
    return lines[:limit]


# --- Search --------------------------------------------------------------------------------------


def search(user: Any, text: str, limit: int) -> list[SearchResult]:
    results = [
        SearchResult(reference=r.code, title=r.title, url=r.get_absolute_url(), kind=str(_("ICPE rubrique")))
        for r in rubrique_search(rubrique_list(user), text)[:limit]
    ]
    results += [
        SearchResult(
            reference=str(i.site), title=i.name, url=i.get_absolute_url(), kind=str(_("ICPE installation"))
        )
        for i in installation_list(user).filter(name__icontains=text)[:limit]
    ]
    return results[:limit]
