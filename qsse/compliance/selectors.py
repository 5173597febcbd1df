"""Every read of the compliance module that matters, restricted to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from qsse.core.permissions import scope_queryset
from qsse.core.registry import SearchResult
from qsse.organization import selectors as organization_selectors
from qsse.organization.models import Site

from . import calculations
from .choices import ConformityStatus, Theme
from .models import (
    ComplianceAssessment,
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
