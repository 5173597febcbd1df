"""The HAZOP review input: significant deviations recorded in [start, end), seen by the reviewing user
only, of the sites and the process of the review when given."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from qsse.core.choices import Role
from qsse.hazop import services
from qsse.hazop.models import Deviation
from qsse.hazop.review_inputs import risk_opportunity_actions
from qsse.processes.models import Process

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
START, END = date(2026, 1, 1), date(2026, 4, 1)


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, all_sites=True)


@pytest.fixture
def process(manager):
    return Process.objects.create(
        code="PR-STK", name="Stockage des produits chimiques", kind="support", owner=manager
    )


def _deviation(user, node, guide_word, likelihood, severity, recorded_on):
    deviation = services.deviation_add(
        user=user,
        node=node,
        parameter="level",
        guide_word=guide_word,
        likelihood=likelihood,
        severity=severity,
    )
    Deviation.objects.filter(pk=deviation.pk).update(
        created_at=datetime(recorded_on.year, recorded_on.month, recorded_on.day, 12, tzinfo=PARIS)
    )
    return deviation


@pytest.fixture
def deviations(manager, process, site_a, site_b):
    """Scores with no "hazop" matrix configured: likelihood × severity, significant from 6."""
    tank_study = services.study_create(
        user=manager.user, title="HAZOP cuves", installation="Parc de cuves", site=site_a, process=process
    )
    tank = services.node_add(user=manager.user, study=tank_study, name="Cuve T-101")
    boiler_study = services.study_create(
        user=manager.user, title="HAZOP chaufferie", installation="Chaudière vapeur", site=site_b
    )
    drum = services.node_add(user=manager.user, study=boiler_study, name="Ballon de chaudière")
    return {
        "first_day": _deviation(manager.user, tank, "less", 2, 4, date(2026, 1, 1)),  # 8, significant
        "in_period": _deviation(manager.user, tank, "more", 3, 4, date(2026, 3, 10)),  # 12, significant
        "minor": _deviation(manager.user, tank, "no", 1, 2, date(2026, 3, 10)),  # 2, not significant
        "end_day": _deviation(manager.user, tank, "reverse", 4, 4, date(2026, 4, 1)),  # 16, after the period
        "other_site": _deviation(manager.user, drum, "less", 4, 4, date(2026, 3, 12)),  # 16, site B
    }


def test_period_sites_and_process(manager, process, site_b, deviations):
    sections = risk_opportunity_actions(manager.user, START, END, None, None)
    assert [(row[1], row[2], row[3]) for row in sections[0].rows] == [
        ("Ballon de chaudière", "Moins de niveau", "16"),
        ("Cuve T-101", "Plus de niveau", "12"),
        ("Cuve T-101", "Moins de niveau", "8"),
    ]
    assert sections[0].summary == "3 dérives significatives, dont 0 avec une action au plan d’actions."
    assert sections[0].figures == (("Dérives significatives", "3"), ("Avec une action", "0"))
    assert sections[0].rows[1][5] == "aucune action"

    by_process = risk_opportunity_actions(manager.user, START, END, None, process.pk)
    assert [row[2] for row in by_process[0].rows] == ["Plus de niveau", "Moins de niveau"]
    other_process = Process.objects.create(
        code="PR-PRD", name="Production", kind="realisation", owner=manager
    )
    assert risk_opportunity_actions(manager.user, START, END, None, other_process.pk) == []

    by_site = risk_opportunity_actions(manager.user, START, END, frozenset({site_b.pk}), None)
    assert [row[1] for row in by_site[0].rows] == ["Ballon de chaudière"]

    # The day after: the deviation recorded on the end day belongs to the next period.
    next_period = risk_opportunity_actions(manager.user, END, date(2026, 7, 1), None, None)
    assert [row[3] for row in next_period[0].rows] == ["16"]
    assert risk_opportunity_actions(manager.user, date(2025, 1, 1), START, None, None) == []


def test_user_rights(member, site_a, deviations):
    reader_of_site_a = member(Role.READER, site=site_a)
    sections = risk_opportunity_actions(reader_of_site_a.user, START, END, None, None)
    assert [row[1] for row in sections[0].rows] == ["Cuve T-101", "Cuve T-101"]
    # A user without a directory entry sees nothing, whatever the sites asked for.
    stranger = get_user_model().objects.create_user(username="stranger", password="pass-1234-word")
    assert risk_opportunity_actions(stranger, START, END, None, None) == []
