"""MBP's environmental analyses and industrial risk control plan as the demo seeds them (counts
worked by hand from the demo tables, threshold 24, legal and emergency rules on)."""

from datetime import date
from types import SimpleNamespace

import pytest

from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.demo.environment import seed_environment
from qsse.demo.industrialrisks import seed_industrialrisks
from qsse.environment import selectors
from qsse.environment.choices import AnalysisStatus
from qsse.environment.models import EnvironmentalAnalysis, EnvironmentalAspect
from qsse.industrialrisks.models import DangerousPhenomenon, Drill
from qsse.industrialrisks.selectors import drill_status
from qsse.organization.tests.factories import SiteFactory, make_member

pytestmark = pytest.mark.django_db

PEOPLE = ("machining", "maintenance", "surface", "lead_machining", "moulins_manager")
TODAY = date(2026, 11, 25)


@pytest.fixture
def org():
    sites = {"MTL": SiteFactory(code="MTL", name="Montluçon"), "MOU": SiteFactory(code="MOU", name="Moulins")}
    manager = make_member(Role.QSSE_MANAGER, site=sites["MTL"], all_sites=True)
    people = {"qsse_manager": manager}
    for key in PEOPLE:
        people[key] = make_member(Role.PROCESS_OWNER, site=sites["MTL"], username=key)
    return SimpleNamespace(sites=sites, people=people, work_units={}, organization=sites["MTL"].organization)


def test_seed_environment(org):
    user = org.people["qsse_manager"].user
    counts = seed_environment(org=org, user=user, processes={}, today=TODAY)
    # v1: 20 aspects, v2: the same 20 + the primer trial = 21, Moulins: 4.
    assert counts == {"environmental_analyses": 3, "environmental_aspects": 45, "environmental_actions": 6}
    v1, v2 = EnvironmentalAnalysis.objects.filter(site__code="MTL").order_by("version")
    assert (v1.status, v2.status, v2.previous_id) == (
        AnalysisStatus.SUPERSEDED,
        AnalysisStatus.APPROVED,
        v1.pk,
    )
    assert v1.approved_on == date(2025, 3, 6) and v2.approved_on == date(2026, 3, 12)
    # v1: 12 significant of 20 (7 on the score, 2 more on a legal requirement — boiler
    # combustion 8, chromium VI choice 12 — and 3 emergencies at severity ≥ 3). v2: the emulsions
    # drop to 3 × 3 × 2 = 18 but stay significant through their legal requirement; the primer
    # trial scores 8.
    assert EnvironmentalAspect.objects.filter(activity__analysis=v1, is_significant=True).count() == 12
    emulsion = EnvironmentalAspect.objects.get(activity__analysis=v2, aspect__startswith="Émulsions")
    assert (emulsion.score, emulsion.reason_codes()) == (18, ["legal"])
    latest = selectors.latest_aspects(user)
    assert (latest.count(), latest.filter(is_significant=True).count()) == (25, 14)
    summary = selectors.summary(latest)
    assert (summary.significant, summary.total) == (14, 25)
    voc = EnvironmentalAspect.objects.get(
        activity__analysis=v2, aspect="Émissions de COV des peintures solvantées"
    )
    assert voc.objective is not None and voc.objective.domain == "environment"
    done = Action.objects.get(title__startswith="Centrale de recyclage")
    assert done.status == "done"


def test_seed_industrial_risks(org):
    user = org.people["qsse_manager"].user
    counts = seed_industrialrisks(org=org, user=user, processes={}, today=TODAY)
    assert counts == {"dangerous_phenomena": 4, "emergency_drills": 4, "industrial_risk_actions": 6}
    fire = DangerousPhenomenon.objects.get(kind="fire")
    # 3 × 4 = 12 Critique before; 2 × 4 = 8 Élevé (significant) until the extinction is installed.
    assert (fire.score, fire.level, fire.residual_score, fire.residual_level, fire.is_significant) == (
        12,
        "Critique",
        8,
        "Élevé",
        True,
    )
    assert list(DangerousPhenomenon.objects.filter(is_significant=True).values_list("kind", flat=True)) == [
        "fire"
    ]
    plan = org.sites["MTL"].emergency_plan
    status = drill_status(plan, today=TODAY)
    # Drills on 12/03/2025, 24/09/2025, 19/03/2026 and 17/09/2026: next due 17/03/2027.
    assert (status.last_on, status.next_due_on, status.drills_in_last_year) == (
        date(2026, 9, 17),
        date(2027, 3, 17),
        2,
    )
    assert Drill.objects.count() == 4 and plan.procedures.count() == 4 and plan.contacts.count() == 8
