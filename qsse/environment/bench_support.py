"""Benchmark support for ``make bench``: environmental analyses of 2,000 aspects on each of 10 sites.

``seed_large_environment(user, sites=10, aspects=2_000)`` writes, for each of the first ``sites``
active sites, one analysis (service) of 20 activities (service) and ``aspects`` aspects, bulk
inserted with their history rows (``qsse.core.bulk.bulk_insert_with_history``) and scored by the
same function as the services (``services._rate`` with the current significance settings).

URLs to time: ``bench_urls()`` (the aspect register first page and significant only, one
analysis's page and its significance matrix).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from qsse.core.bulk import bulk_insert_with_history
from qsse.organization.models import Person, Site

from . import services
from .choices import Compartment, LifeCycleStage, OperatingCondition
from .models import EnvironmentalAnalysis, EnvironmentalAspect

TITLE = "Analyse environnementale (charge)"
ACTIVITIES = 20
ASPECTS = (
    ("Rejets de COV", "Pollution de l'air", Compartment.AIR),
    ("Rejets d'eaux de lavage", "Pollution de l'eau", Compartment.WATER),
    ("Fuite d'huile", "Pollution du sol", Compartment.SOIL),
    ("Production de copeaux", "Épuisement des ressources", Compartment.WASTE),
    ("Bruit des presses", "Nuisance sonore", Compartment.NOISE),
)


@dataclass(frozen=True)
class EnvironmentBench:
    sites: int
    analyses: int
    aspects: int
    significant: int
    seed_s: float


@transaction.atomic
def seed_large_environment(
    user: Any, *, sites: int = 10, aspects: int = 2_000, today: date | None = None
) -> EnvironmentBench:
    started = time.perf_counter()
    today = today or timezone.localdate()
    rng = random.Random(2_000)
    owner = Person.objects.filter(user=user).first()
    rules = services.rules_of(services.current_settings())
    conditions = list(OperatingCondition.values)
    stages = list(LifeCycleStage.values)
    created: list[EnvironmentalAspect] = []
    site_list = list(Site.objects.filter(is_active=True).order_by("pk")[:sites])
    for site in site_list:
        analysis = services.analysis_create(
            user=user, title=f"{TITLE} {site.code}", site=site, owner=owner, analysed_on=today
        )
        activities = [
            services.activity_create(user=user, analysis=analysis, name=f"Activité {number + 1:02d}")
            for number in range(ACTIVITIES)
        ]
        for number in range(aspects):
            name, impact, compartment = ASPECTS[number % len(ASPECTS)]
            aspect = EnvironmentalAspect(
                activity=activities[number % len(activities)],
                aspect=f"{name} n° {number + 1}",
                impact=impact,
                compartment=compartment,
                condition=conditions[0] if rng.random() < 0.8 else rng.choice(conditions),
                life_cycle_stage=rng.choice(stages),
                legal_requirement="Arrêté préfectoral" if rng.random() < 0.2 else "",
                severity=rng.randint(1, rules.severity_max),
                frequency=rng.randint(1, rules.frequency_max),
                control=rng.randint(1, rules.control_max),
                created_by=user,
            )
            services._rate(aspect, rules)
            created.append(aspect)
    bulk_insert_with_history(EnvironmentalAspect, created, history_user=user)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return EnvironmentBench(
        sites=len(site_list),
        analyses=len(site_list),
        aspects=len(created),
        significant=sum(aspect.is_significant for aspect in created),
        seed_s=round(time.perf_counter() - started, 1),
    )


def bench_urls() -> dict[str, str]:
    aspects = reverse("environment:aspect_list")
    analysis = EnvironmentalAnalysis.objects.filter(title__startswith=TITLE).order_by("pk").first()
    return {
        "aspects": aspects,
        "aspects_significant": f"{aspects}?is_significant=true",
        "analysis": reverse("environment:analysis_detail", args=[analysis.pk]),
        "analysis_matrix": reverse("environment:analysis_summary", args=[analysis.pk]),
    }
