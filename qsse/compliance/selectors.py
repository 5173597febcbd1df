"""Every read of the compliance module that matters, restricted to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from qsse.core.permissions import scope_queryset, user_site_ids
from qsse.core.registry import SearchResult
from qsse.organization import selectors as organization_selectors
from qsse.organization.models import Site

from . import calculations
from .choices import GAP_STATUSES, ConformityStatus, LibraryKind, Theme
from .models import (
    ComplianceAssessment,
    ComplianceSnapshot,
    LibraryVersion,
    Requirement,
    RequirementChange,
    RequirementLibrary,
    SiteProfile,
)


def library_list(user: Any) -> QuerySet[RequirementLibrary]:
    """Libraries with their number of requirements in force (one query)."""
    return scope_queryset(user, RequirementLibrary.objects.select_related("current_version")).annotate(
        requirement_count=Count("requirements", filter=Q(requirements__is_in_force=True))
    )


def library_get(user: Any, pk: int) -> RequirementLibrary:
    try:
        return library_list(user).get(pk=pk)
    except RequirementLibrary.DoesNotExist as error:
        raise Http404 from error


def library_versions(library: RequirementLibrary) -> QuerySet[LibraryVersion]:
    return library.versions.select_related("loaded_by").order_by("-loaded_at", "-id")


def library_requirements(
    library: RequirementLibrary, *, in_force: bool | None = True
) -> QuerySet[Requirement]:
    queryset = library.requirements.all()
    if in_force is not None:
        queryset = queryset.filter(is_in_force=in_force)
    return queryset.order_by("position", "id")


def version_changes(version: LibraryVersion) -> QuerySet[RequirementChange]:
    return version.changes.select_related("requirement").order_by("kind", "requirement__position", "id")


def requirement_list(user: Any) -> QuerySet[Requirement]:
    return scope_queryset(user, Requirement.objects.select_related("library"))


def profile_for(site: Site) -> SiteProfile | None:
    return SiteProfile.objects.filter(site=site).first()


def profile_facts(site: Site, profile: SiteProfile | None) -> calculations.OrganisationProfile:
    """The facts the criteria are matched with: headcounts from the organisation module, the rest
    from the site's compliance profile (the NAF code falls back on the organisation's)."""
    organisation = organization_selectors.organization_get()
    naf_code = (profile.naf_code if profile else "") or (organisation.naf_code if organisation else "")
    return calculations.OrganisationProfile(
        headcount=site.headcount,
        organisation_headcount=organisation.headcount if organisation else None,
        naf_code=naf_code,
        icpe_rubriques=frozenset(str(item) for item in (profile.icpe_rubriques if profile else [])),
        equipment=frozenset(profile.equipment if profile else []),
        activities=frozenset(profile.activities if profile else []),
        tertiary_floor_area_m2=profile.tertiary_floor_area_m2 if profile else None,
        annual_energy_gwh=profile.annual_energy_gwh if profile else None,
    )


def assessment_list(user: Any) -> QuerySet[ComplianceAssessment]:
    """Visible assessments (site scope), with what their rows show."""
    return scope_queryset(
        user,
        ComplianceAssessment.objects.select_related(
            "requirement__library", "site", "assessor", "action", "flagged_in"
        ).filter(requirement__is_in_force=True),
    )


def assessment_get(user: Any, pk: int) -> ComplianceAssessment:
    try:
        return scope_queryset(
            user,
            ComplianceAssessment.objects.select_related(
                "requirement__library", "site", "assessor", "action", "flagged_in", "decided_by"
            ),
        ).get(pk=pk)
    except ComplianceAssessment.DoesNotExist as error:
        raise Http404 from error


@dataclass(frozen=True)
class RateRow:
    key: str
    label: str
    rate: calculations.ConformityRate


def _counts(queryset: QuerySet[ComplianceAssessment], group: str) -> dict[Any, dict[str, int]]:
    rows = queryset.filter(is_applicable=True).values(group, "status").annotate(n=Count("id")).order_by()
    counts: dict[Any, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row[group], {})[row["status"]] = row["n"]
    return counts


def _rate(
    counts: dict[str, int], partial_weight: Decimal = calculations.PARTIAL_WEIGHT
) -> calculations.ConformityRate:
    return calculations.conformity_rate(
        compliant=counts.get(ConformityStatus.COMPLIANT, 0),
        partial=counts.get(ConformityStatus.PARTIAL, 0),
        noncompliant=counts.get(ConformityStatus.NONCOMPLIANT, 0),
        to_assess=counts.get(ConformityStatus.TO_ASSESS, 0),
        partial_weight=partial_weight,
    )


def rates_by_theme(user: Any, *, site: Site | None = None) -> list[RateRow]:
    """Conformity rate per theme over the visible applicable requirements (aggregated in the database)."""
    queryset = assessment_list(user)
    if site is not None:
        queryset = queryset.filter(site=site)
    counts = _counts(queryset, "requirement__theme")
    labels = dict(Theme.choices)
    return [
        RateRow(theme, str(labels[theme]), _rate(counts[theme])) for theme in Theme.values if theme in counts
    ]


def rates_by_site(user: Any) -> list[RateRow]:
    counts = _counts(assessment_list(user), "site")
    sites = {site.pk: site for site in organization_selectors.site_list(user)}
    return [
        RateRow(str(pk), str(sites[pk]), _rate(counts[pk]))
        for pk in sorted(counts, key=lambda pk: str(sites.get(pk, "")))
        if pk in sites
    ]


def overall_rate(user: Any) -> calculations.ConformityRate:
    queryset = assessment_list(user).filter(is_applicable=True)
    rows = queryset.values("status").annotate(n=Count("id")).order_by()
    return _rate({row["status"]: row["n"] for row in rows})


def review_count(user: Any) -> int:
    """Assessments flagged by the watch (their requirement changed since they were made)."""
    return assessment_list(user).filter(needs_review=True).count()


def assessment_search(user: Any, query: str, limit: int) -> list[SearchResult]:
    condition = Q()
    for word in query.split():
        condition &= Q(requirement__reference__icontains=word) | Q(requirement__title__icontains=word)
    rows = assessment_list(user).filter(condition)[:limit]
    return [
        SearchResult(
            reference=row.requirement.reference,
            title=f"{row.requirement.title} ({row.site})",
            url=row.get_absolute_url(),
            kind=str(ComplianceAssessment._meta.verbose_name),
        )
        for row in rows
    ]


# --- Standard gap analysis ----------------------------------------------------------------------


def standard_list(user: Any) -> QuerySet[RequirementLibrary]:
    """The standard libraries (clause structures) the user may see."""
    return library_list(user).filter(kind=LibraryKind.STANDARD)


def standard_get(user: Any, pk: int) -> RequirementLibrary:
    try:
        return standard_list(user).get(pk=pk)
    except RequirementLibrary.DoesNotExist as error:
        raise Http404 from error


def visible_site(user: Any, pk: Any) -> Site | None:
    """The site ``pk`` when the user may see it; None for an empty value; 404 for any other."""
    if pk in (None, ""):
        return None
    try:
        return organization_selectors.site_list(user).get(pk=int(pk))
    except (ValueError, TypeError, Site.DoesNotExist) as error:
        raise Http404 from error


@dataclass(frozen=True)
class ClauseRow:
    clause: calculations.ClauseRate
    reference: str
    title: str


@dataclass(frozen=True)
class GapAnalysis:
    library: RequirementLibrary
    site: Site | None
    rows: list[ClauseRow]
    overall: calculations.ConformityRate

    @property
    def main_rows(self) -> list[ClauseRow]:
        return [row for row in self.rows if row.clause.depth == 0]


def clause_counts(user: Any, library: RequirementLibrary, *, site: Site | None = None) -> dict[str, Any]:
    """``{clause key: StatusCounts}`` over the visible applicable assessments (one grouped query);
    every clause in force appears, with zero counts when nothing applies."""
    queryset = assessment_list(user).filter(requirement__library=library, is_applicable=True)
    if site is not None:
        queryset = queryset.filter(site=site)
    rows = queryset.values("requirement__key", "status").annotate(n=Count("id")).order_by()
    raw: dict[str, dict[str, int]] = {}
    for row in rows:
        raw.setdefault(row["requirement__key"], {})[row["status"]] = row["n"]
    keys = library.requirements.filter(is_in_force=True).values_list("key", flat=True)
    return {key: _status_counts(raw.get(key, {})) for key in keys}


def _status_counts(counts: dict[str, int]) -> calculations.StatusCounts:
    return calculations.StatusCounts(
        compliant=counts.get(ConformityStatus.COMPLIANT, 0),
        partial=counts.get(ConformityStatus.PARTIAL, 0),
        noncompliant=counts.get(ConformityStatus.NONCOMPLIANT, 0),
        to_assess=counts.get(ConformityStatus.TO_ASSESS, 0),
    )


def gap_analysis(user: Any, library: RequirementLibrary, *, site: Site | None = None) -> GapAnalysis:
    """Rates per clause (headings roll up their sub-clauses) and for the whole standard, for one
    visible site or every site the user may see (two queries)."""
    counts = clause_counts(user, library, site=site)
    labels = {
        key: (reference, title)
        for key, reference, title in library.requirements.filter(is_in_force=True).values_list(
            "key", "reference", "title"
        )
    }
    rows = [
        ClauseRow(clause, *labels.get(clause.key, (f"§{clause.key}", "")))
        for clause in calculations.clause_rates(counts)
    ]
    return GapAnalysis(library, site, rows, calculations.standard_rate(counts))


def snapshot_list(
    user: Any, library: RequirementLibrary, *, site: Site | None = None
) -> QuerySet[ComplianceSnapshot]:
    """The snapshots of a standard for ``site`` (or the all-sites ones), oldest first.

    All-sites snapshots are shown only to users who see every site: their figures cover sites a
    user limited to some sites may not see.
    """
    queryset = scope_queryset(user, ComplianceSnapshot.objects.select_related("site", "taken_by")).filter(
        library=library
    )
    if site is not None:
        queryset = queryset.filter(site=site)
    elif user_site_ids(user) is None:
        queryset = queryset.filter(site__isnull=True)
    else:
        return queryset.none()
    return queryset.order_by("taken_on", "id")


def snapshot_queryset(user: Any) -> QuerySet[ComplianceSnapshot]:
    """Every snapshot the user may see (API list): their sites' and, for all-sites users, the others."""
    queryset = scope_queryset(user, ComplianceSnapshot.objects.select_related("library", "site"))
    if user_site_ids(user) is not None:
        queryset = queryset.filter(site__isnull=False)
    return queryset.order_by("library", "-taken_on", "-id")


def snapshot_rate(snapshot: ComplianceSnapshot, key: str) -> Decimal | None:
    value = (snapshot.clauses or {}).get(key, {}).get("rate")
    return None if value is None else Decimal(value)


# --- Compliance dashboard -----------------------------------------------------------------------

DASHBOARD_TOP = 10


@dataclass(frozen=True)
class GridCell:
    site_id: int
    rate: calculations.ConformityRate


@dataclass(frozen=True)
class GridRow:
    key: str
    label: str
    cells: list[GridCell]
    total: calculations.ConformityRate


@dataclass(frozen=True)
class Dashboard:
    site: Site | None
    sites: list[Site]
    overall: calculations.ConformityRate
    grid: list[GridRow]  # one row per theme, one cell per site
    site_totals: list[GridCell]
    top_gaps: list[ComplianceAssessment]
    open_gaps: int
    significant_gaps: int
    changed: list[ComplianceAssessment]
    changed_count: int
    to_assess: int
    overdue: int
    gaps_without_action: int


def _first_rows(queryset: QuerySet[ComplianceAssessment], ordering: tuple) -> list[ComplianceAssessment]:
    """The first ``DASHBOARD_TOP`` rows in ``ordering``: their keys sorted on narrow rows first, then
    the ten records with what they show (sorting 50,000 rows carrying every joined column cost tens
    of milliseconds)."""
    keys = list(queryset.order_by(*ordering).values_list("pk", flat=True)[:DASHBOARD_TOP])
    found = {row.pk: row for row in queryset.filter(pk__in=keys)}
    return [found[key] for key in keys]


def dashboard(user: Any, *, site: Site | None = None, today: date) -> Dashboard:
    """The compliance dashboard over the visible applicable requirements, aggregated in the
    database: rate by theme × site, top gaps by criticality, requirements changed since their last
    assessment (the watch), counts to assess and overdue. Seven queries whatever the volume."""
    queryset = assessment_list(user).filter(is_applicable=True)
    if site is not None:
        queryset = queryset.filter(site=site)
    # One grouped statement gives the grid and every count of the page (a second aggregate over the
    # same 50,000 rows cost as much again on PostgreSQL).
    rows = list(
        queryset.values("requirement__theme", "site", "status")
        .annotate(
            n=Count("id"),
            significant=Count("id", filter=Q(gap_is_significant=True)),
            without_action=Count("id", filter=Q(action__isnull=True)),
            overdue=Count("id", filter=Q(next_assessment_on__lt=today)),
            changed=Count("id", filter=Q(needs_review=True)),
        )
        .order_by()
    )
    by_cell: dict[tuple[str, int], dict[str, int]] = {}
    for row in rows:
        cell = by_cell.setdefault((row["requirement__theme"], row["site"]), {})
        cell[row["status"]] = cell.get(row["status"], 0) + row["n"]
    gap_rows = [row for row in rows if row["status"] in GAP_STATUSES]
    figures = {
        "open_gaps": sum(row["n"] for row in gap_rows),
        "significant_gaps": sum(row["significant"] for row in gap_rows),
        "gaps_without_action": sum(row["without_action"] for row in gap_rows),
        "to_assess": sum(row["n"] for row in rows if row["status"] == ConformityStatus.TO_ASSESS),
        "overdue": sum(row["overdue"] for row in rows if row["status"] != ConformityStatus.TO_ASSESS),
        "changed": sum(row["changed"] for row in rows),
    }
    site_ids = sorted({site_id for _theme, site_id in by_cell})
    sites = sorted(organization_selectors.site_list(user).filter(pk__in=site_ids), key=lambda item: str(item))
    labels = dict(Theme.choices)
    zero = calculations.StatusCounts()
    grid = []
    for theme in Theme.values:
        if not any(key[0] == theme for key in by_cell):
            continue
        cells, total = [], zero
        for item in sites:
            counts = _status_counts(by_cell.get((theme, item.pk), {}))
            total = total + counts
            cells.append(GridCell(item.pk, counts.rate()))
        grid.append(GridRow(theme, str(labels[theme]), cells, total.rate()))
    site_totals, overall = [], zero
    for item in sites:
        counts = zero
        for theme in Theme.values:
            counts = counts + _status_counts(by_cell.get((theme, item.pk), {}))
        overall = overall + counts
        site_totals.append(GridCell(item.pk, counts.rate()))

    gaps = queryset.filter(status__in=GAP_STATUSES)
    top_gaps = _first_rows(
        gaps, (F("gap_score").desc(nulls_last=True), "status", "requirement__position", "pk")
    )
    changed = _first_rows(
        queryset.filter(needs_review=True), ("-flagged_in__loaded_at", "requirement__position", "pk")
    )
    return Dashboard(
        site=site,
        sites=sites,
        overall=overall.rate(),
        grid=grid,
        site_totals=site_totals,
        top_gaps=top_gaps,
        open_gaps=figures["open_gaps"],
        significant_gaps=figures["significant_gaps"],
        changed=changed,
        changed_count=figures["changed"],
        to_assess=figures["to_assess"],
        overdue=figures["overdue"],
        gaps_without_action=figures["gaps_without_action"],
    )


def register_rows(queryset: QuerySet[ComplianceAssessment]) -> QuerySet[ComplianceAssessment]:
    """The register for its printed form: by site, then library and clause order."""
    return queryset.select_related("requirement__library", "site", "assessor", "action").order_by(
        "site__name", "requirement__library__title", "requirement__position", "pk"
    )


@dataclass(frozen=True)
class WidgetFigures:
    rate: calculations.ConformityRate
    open_gaps: int
    changed: int


def widget_figures(user: Any) -> WidgetFigures:
    """The home dashboard card: conformity rate, open gaps and requirements to review (one query)."""
    figures = (
        assessment_list(user)
        .filter(is_applicable=True)
        .aggregate(
            **{status: Count("id", filter=Q(status=status)) for status in ConformityStatus.values},
            changed=Count("id", filter=Q(needs_review=True)),
        )
    )
    rate = _rate(figures)
    return WidgetFigures(rate, rate.partial + rate.noncompliant, figures["changed"])
