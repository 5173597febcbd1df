"""A small hand-built data set for the third quarter of 2026 (July–September), built through the
services of the accident register, the DUER, the action plan and the inspections.

Montluçon (site_a): hours 10,000 + 8,000 + 12,000 = 30,000, headcount 20 each month;
  ACC-1 lost time 15/07 (10 days lost, victim named, medical details), tree of causes with two
  causes, two actions (one done); ACC-2 lost time 02/09 (5 days); ACC-3 without lost time 05/08;
  ACC-4 near miss 20/08; in May (Q2, no hours entered) one accident with lost time (3 days).
Moulins (site_b): hours 10,000 a month in Q3 (30,000), one accident with lost time 12/08 (6 days).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from qsse.accidents import services as accident_services
from qsse.accidents.tests.factories import make_accident
from qsse.actions import services as action_services
from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.duer import services as duer_services
from qsse.duer.models import Hazard
from qsse.duer.tests.factories import family, make_duer, make_hazard, make_matrix, make_unit
from qsse.inspections import services as inspection_services
from qsse.inspections.models import InspectionSchedule
from qsse.inspections.tests.factories import line_of, make_equipment
from qsse.organization.tests.factories import PersonFactory

VICTIM_LAST_NAME = "Victimaire"
MEDICAL_DETAILS = "Fracture ouverte du radius gauche"
Q3_TODAY = date(2026, 10, 15)


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


@pytest.fixture
def manager(member, site_a):
    return member(Role.QSSE_MANAGER, site=site_a, username="manager", all_sites=True)


@pytest.fixture
def reader(member, site_a):
    return member(Role.READER, site=site_a, username="reader")


@pytest.fixture
def q3(manager, site_a, site_b):
    user = manager.user
    for month, hours in ((7, "10000"), (8, "8000"), (9, "12000")):
        accident_services.hours_set(
            user=user,
            site=site_a,
            month=date(2026, month, 1),
            hours=Decimal(hours),
            average_headcount=Decimal(20),
        )
        accident_services.hours_set(
            user=user, site=site_b, month=date(2026, month, 1), hours=Decimal("10000")
        )
    victim = PersonFactory(site=site_a, first_name="Bernadette", last_name=VICTIM_LAST_NAME)
    first = make_accident(
        user,
        site_a,
        when=at(date(2026, 7, 15)),
        title="Coupure à la main sur ébavurage",
        days_lost=10,
        victim=victim,
        lesion_details=MEDICAL_DETAILS,
    )
    make_accident(user, site_a, when=at(date(2026, 9, 2)), title="Chute de plain-pied", days_lost=5)
    make_accident(user, site_a, when=at(date(2026, 8, 5)), kind="no_lost_time", title="Entorse légère")
    make_accident(user, site_a, when=at(date(2026, 8, 20)), kind="near_miss", title="Charge tombée du pont")
    make_accident(user, site_a, when=at(date(2026, 5, 11)), title="Brûlure au poste de soudure", days_lost=3)
    make_accident(user, site_b, when=at(date(2026, 8, 12)), title="Écrasement de pied au quai", days_lost=6)
    # Tree of causes of ACC-1: two causes of the injury, each with an action (one done).
    root = first.cause_nodes.get(is_root=True)
    gloves = accident_services.fact_add(
        user=user, accident=first, text="Pas de gants anti-coupure", effect=root
    )
    burr = accident_services.fact_add(user=user, accident=first, text="Bavure non signalée", effect=root)
    for node in (gloves, burr):
        accident_services.fact_create_action(user=user, node=node, owner=manager)
    accident_services.accident_update(user=user, accident=first, status="analysed")
    gloves.refresh_from_db()
    burr.refresh_from_db()
    action_services.action_set_status(user=user, action=gloves.action, status="done")
    # The actions were opened during the analysis in July; the open one is due on 31/10/2026.
    Action.objects.filter(pk__in=[gloves.action_id, burr.action_id]).update(created_at=at(date(2026, 7, 20)))
    Action.objects.filter(pk=burr.action_id).update(due_on=date(2026, 10, 31))
    return first


@pytest.fixture
def duer_q3(manager, site_a):
    """The DUER of the organisation: two hazards of Montluçon added in July, the noise re-rated in
    August (probability 3 → 4), one measure turned into an action (planned, due 30/11/2026), version 1
    frozen on 31/08/2026."""
    user = manager.user
    make_matrix(user)
    unit = make_unit(site_a)
    duer = make_duer(user, manager)
    noise = make_hazard(user, duer, unit)
    make_hazard(
        user,
        duer,
        unit,
        family=family("Accident de plain-pied"),
        situation="Sol glissant",
        probability=1,
        gravity=2,
    )
    duer_services.hazard_update(user=user, hazard=noise, probability=4)
    measure = duer_services.measure_create(
        user=user,
        hazard=noise,
        description="Capotage des centres",
        principle="source",
        measure_type="technical",
        protection="collective",
    )
    action = duer_services.measure_to_action(
        user=user, measure=measure, owner=manager, due_on=date(2027, 1, 29)
    )
    Action.objects.filter(pk=action.pk).update(created_at=at(date(2026, 8, 1)), due_on=date(2026, 11, 30))
    history = Hazard.history.model.objects
    history.filter(history_type="+").update(history_date=at(date(2026, 7, 10)))
    history.filter(history_type="~").update(history_date=at(date(2026, 8, 10)))
    Hazard.objects.update(created_at=at(date(2026, 7, 10)))
    duer_services.version_freeze(
        user=user, duer=duer, change_note="Bruit réévalué", frozen_on=date(2026, 8, 31)
    )
    return duer


@pytest.fixture
def inspections_q3(manager, site_a, site_b):
    """A forklift at Montluçon: its VGP done on 01/08/2026 with observations, then its lines dated
    so that on 15/10/2026 one is overdue (30/09) and one due soon (01/11); the rest up to date. A
    forklift at Moulins with one line overdue (01/10)."""
    user = manager.user
    forklift = make_equipment(user, site_a)
    vgp = line_of(forklift, "forklift-vgp")
    inspection_services.visit_record(
        user=user,
        schedule=vgp,
        performed_on=date(2026, 8, 1),
        body="Bureau Veritas",
        result="observations",
        observations=[{"text": "Chaîne de levage usée", "severity": "minor"}],
    )
    lines = list(forklift.schedule_lines.order_by("pk"))
    InspectionSchedule.objects.filter(equipment=forklift).update(next_due_on=date(2027, 6, 1))
    InspectionSchedule.objects.filter(pk=lines[0].pk).update(next_due_on=date(2026, 9, 30))
    if len(lines) > 1:
        InspectionSchedule.objects.filter(pk=lines[1].pk).update(next_due_on=date(2026, 11, 1))
    other = make_equipment(user, site_b, identifier="CE-02")
    InspectionSchedule.objects.filter(equipment=other).update(next_due_on=date(2026, 10, 1))
    return forklift
