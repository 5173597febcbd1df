"""Benchmark support for ``make bench``: a regulatory library of 5,000 requirements assessed for 10 sites.

``seed_large_compliance(user)`` gives the organisation ten sites with a compliance profile, writes a
library file of ``requirements`` entries in the published format (YAML, like the shipped libraries),
imports it through ``services.library_import`` (timed: the issue's target is < 10 s, with the
applicability proposals of the ten sites, 50,000 assessments, created in the same import), spreads
conformity statuses over the applicable assessments, then imports a second version of the file that
modifies, adds and repeals requirements (the watch), also timed.

URLs to time (the compliance dashboard's target is p95 < 200 ms): ``bench_urls()``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml
from django.db import connection, transaction
from django.urls import reverse

from qsse.organization.models import Organization, Site

from . import rating, services
from .choices import ConformityStatus, GapSeverity
from .models import ComplianceAssessment, SiteProfile

LIBRARY_CODE = "bench-regulatory-5000"
THEMES = ("ohs", "environment", "energy", "quality", "csr", "gdpr")
RATING_FIELDS = (
    "gap_likelihood",
    "gap_impact",
    "gap_score",
    "gap_level",
    "gap_colour",
    "gap_text_colour",
    "gap_is_significant",
)
EQUIPMENT = ("forklifts", "lifting_equipment", "pressure_equipment", "chemicals", "racking", "canteen")


@dataclass(frozen=True)
class ComplianceBench:
    requirements: int
    sites: int
    assessments: int
    file_mb: float
    import_s: float
    update_import_s: float
    update_added: int
    update_modified: int
    update_repealed: int
    flagged: int


def _requirement(number: int, version: int) -> dict[str, Any]:
    """Entry ``number`` of the file; version 2 rewrites every 20th summary (a modification)."""
    criteria: list[dict[str, Any]] = []
    if number % 4 == 1:
        criteria.append({"fact": "headcount", "op": ">=", "value": 50})
    elif number % 4 == 2:
        criteria.append({"fact": "equipment", "op": "has", "value": EQUIPMENT[number % len(EQUIPMENT)]})
    summary = f"Obligation de charge numéro {number} : tenir à jour le registre et les preuves associées."
    if version == 2 and number % 20 == 0:
        summary += " Modifiée en version 2 : contrôle semestriel."
    entry: dict[str, Any] = {
        "key": f"req-{number:05d}",
        "reference": f"Texte de charge, art. {number}",
        "text": "Texte de charge",
        "title": f"Exigence de charge {number}",
        "summary_fr": summary,
        "summary_en": f"Load requirement {number}.",
        "theme": THEMES[number % len(THEMES)],
        "evidence_expected": "Registre, rapport de vérification.",
        "source_url": f"https://www.legifrance.gouv.fr/bench/{number}",
    }
    if criteria:
        entry["applies_if"] = criteria
    if number % 10 == 0:
        entry["periodicity_months"] = 12
    return entry


def library_file(requirements: int = 5000, version: int = 1) -> bytes:
    """The library file (YAML, the published format) of ``requirements`` entries.

    Version 2 modifies every 20th entry, drops every 50th (repealed) and adds 100 new ones.
    """
    numbers = list(range(1, requirements + 1))
    if version == 2:
        numbers = [number for number in numbers if number % 50 != 25] + list(
            range(requirements + 1, requirements + 101)
        )
    data = {
        "format": "openqsse.compliance-library",
        "format_version": 1,
        "library": {
            "code": LIBRARY_CODE,
            "title": f"Bibliothèque de charge ({requirements} exigences)",
            "kind": "regulatory",
            "theme": "ohs",
            "publisher": "OpenQSSE bench",
        },
        "version": {"number": f"bench.{version}", "published_on": date(2026, 11 + version - 1, 1)},
        "requirements": [_requirement(number, version) for number in numbers],
    }
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=120).encode()


def ensure_sites(count: int = 10) -> list[Site]:
    """The organisation's sites, completed to ``count`` with bench sites, each with a profile."""
    organization = Organization.objects.order_by("pk").first()
    sites = list(Site.objects.order_by("pk"))
    for number in range(len(sites) + 1, count + 1):
        sites.append(
            Site.objects.create(
                organization=organization,
                code=f"B{number:02d}",
                name=f"Site de charge {number}",
                headcount=20 + 10 * number,
            )
        )
    for index, site in enumerate(sites[:count]):
        SiteProfile.objects.get_or_create(
            site=site, defaults={"equipment": list(EQUIPMENT[: 1 + index % len(EQUIPMENT)])}
        )
    return sites[:count]


def _spread_statuses(library_code: str) -> None:
    """Conformity statuses on the applicable assessments, by id: 55 % compliant, 10 % partial (minor
    gap, low rating), 5 % partial (higher rating), 10 % non-compliant (major gap, highest rating),
    the rest to assess. Plain UPDATEs (the bench needs figures, not history); the rating's
    denormalised score, level and colours come from the service's own rating code."""
    rows, cols = rating.scale_max(rating.active_matrix())
    plans = {
        range(0, 11): (ConformityStatus.COMPLIANT, "", None, None),
        range(11, 13): (ConformityStatus.PARTIAL, GapSeverity.MINOR, 1, 2),
        range(13, 14): (ConformityStatus.PARTIAL, GapSeverity.MINOR, 2, min(3, cols)),
        range(14, 16): (ConformityStatus.NONCOMPLIANT, GapSeverity.MAJOR, rows, cols),
    }
    ids = list(
        ComplianceAssessment.objects.filter(
            requirement__library__code=library_code, is_applicable=True
        ).values_list("pk", flat=True)
    )
    assessed_on = date(2026, 10, 15)
    for buckets, (status, severity, likelihood, impact) in plans.items():
        probe = ComplianceAssessment(status=status, gap_likelihood=likelihood, gap_impact=impact)
        services._apply_gap_rating(probe)
        values = {
            "status": status,
            "gap_severity": severity,
            "assessed_on": assessed_on,
            **{name: getattr(probe, name) for name in RATING_FIELDS},
        }
        pks = [pk for pk in ids if pk % 20 in buckets]
        for start in range(0, len(pks), 5000):
            ComplianceAssessment.objects.filter(pk__in=pks[start : start + 5000]).update(**values)


def seed_large_compliance(user: Any, requirements: int = 5000, sites: int = 10) -> ComplianceBench:
    with transaction.atomic():
        site_list = ensure_sites(sites)
    first = library_file(requirements, version=1)
    started = time.perf_counter()
    services.library_import(user=user, content=first)
    import_s = time.perf_counter() - started
    with transaction.atomic():
        _spread_statuses(LIBRARY_CODE)
    second = library_file(requirements, version=2)
    started = time.perf_counter()
    result = services.library_import(user=user, content=second)
    update_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return ComplianceBench(
        requirements=requirements,
        sites=len(site_list),
        assessments=ComplianceAssessment.objects.filter(requirement__library__code=LIBRARY_CODE).count(),
        file_mb=round(len(first) / 1024 / 1024, 1),
        import_s=round(import_s, 1),
        update_import_s=round(update_s, 1),
        update_added=len(result.diff.added),
        update_modified=len(result.diff.modified),
        update_repealed=len(result.diff.repealed),
        flagged=result.flagged,
    )


def bench_urls() -> dict[str, str]:
    """The compliance pages timed by ``make bench``."""
    return {
        "dashboard": reverse("compliance:dashboard"),
        "register": reverse("compliance:assessment_list"),
        "register_rates": reverse("compliance:assessment_summary"),
        "register_gaps": reverse("compliance:assessment_list") + "?status=noncompliant&theme=ohs",
    }
