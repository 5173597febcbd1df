"""The review inputs of the action plan and of the non-conformity module, against hand-worked counts.

Period of the examples: the first half of 2026, passed as [2026-01-01, 2026-07-01). The previous period
of the same length (181 days) is [2025-07-04, 2026-01-01).
"""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from qsse.actions import services as action_services
from qsse.actions.choices import ActionStatus, ActionType, EfficacyResult
from qsse.actions.review_inputs import review_inputs as action_inputs
from qsse.nonconformities import services as nc_services
from qsse.nonconformities.choices import Category, NonconformityKind, Severity
from qsse.nonconformities.review_inputs import review_inputs as nc_inputs
from qsse.nonconformities.review_inputs import trend_percent
from qsse.nonconformities.tests.factories import complete_action, make_corrective_action, make_nc

pytestmark = pytest.mark.django_db

START, END = date(2026, 1, 1), date(2026, 7, 1)


def test_trend_percent():
    assert trend_percent(1, 2) == -50
    assert trend_percent(3, 2) == 50
    assert trend_percent(4, 0) is None


@pytest.fixture
def nc_data(manager, site_a, site_b):
    user = manager.user
    make_nc(
        user,
        site_a,
        category=Category.PRODUCT,
        cost_of_nonquality=Decimal("120.50"),
        detected_on=date(2026, 2, 10),
    )
    second = make_nc(
        user,
        site_a,
        category=Category.PRODUCT,
        severity=Severity.MAJOR,
        cost_of_nonquality=Decimal("300"),
        detected_on=date(2026, 3, 5),
    )
    make_nc(
        user,
        site_a,
        kind=NonconformityKind.INCIDENT,
        category=Category.SAFETY,
        severity=Severity.CRITICAL,
        detected_on=date(2026, 4, 1),
    )
    make_nc(
        user,
        site_a,
        kind=NonconformityKind.COMPLAINT,
        title="Retard de livraison",
        category=Category.SERVICE,
        severity=Severity.MAJOR,
        cost_of_nonquality=Decimal("1000"),
        detected_on=date(2026, 5, 20),
    )
    cancelled = make_nc(user, site_a, category=Category.DOCUMENTATION, detected_on=date(2026, 6, 30))
    nc_services.nonconformity_cancel(user=user, nonconformity=cancelled, reason="Doublon")
    # Outside the period or the site.
    make_nc(user, site_a, detected_on=date(2025, 12, 15))
    make_nc(user, site_a, detected_on=date(2026, 7, 1))
    make_nc(user, site_b, detected_on=date(2026, 3, 1))
    # Complaints of the previous period.
    make_nc(user, site_a, kind=NonconformityKind.COMPLAINT, detected_on=date(2025, 9, 10))
    make_nc(user, site_a, kind=NonconformityKind.COMPLAINT, detected_on=date(2025, 11, 2))
    # One corrective action, done and checked effective.
    _root_cause, action = make_corrective_action(user, second, manager)
    complete_action(user, action)
    return second


def test_nonconformity_section(manager, site_a, nc_data):
    with translation.override("en"):
        sections = nc_inputs(manager.user, START, END, frozenset({site_a.pk}), None)
    section = sections[0]
    assert section.key == "nonconformities"
    figures = dict(section.figures)
    assert figures["Non-conformity"] == "3"
    assert figures["Incident"] == "1"
    assert figures["Customer complaint"] == "1"
    assert figures["Records of the period"] == "5"
    assert figures["Records still open"] == "4"  # the cancelled one is not open
    assert figures["Records closed"] == "0"
    assert figures["Open, critical"] == "1"
    assert figures["Cost of non-quality"] == "1,420.50 €"
    assert figures["Corrective actions"] == "1"
    assert figures["Corrective actions done"] == "1"
    assert figures["Corrective actions judged effective"] == "1"
    assert section.rows[:4] == (
        ("Category", "Product", "2", "40 %"),
        ("Category", "Documentation", "1", "20 %"),
        ("Category", "Health and safety", "1", "20 %"),
        ("Category", "Service / delivery", "1", "20 %"),
    )
    assert [row[1:] for row in section.rows[4:]] == [
        ("Critical", "1", "20 %"),
        ("Major", "2", "40 %"),
        ("Minor", "2", "40 %"),
    ]
    assert section.summary == (
        "5 records detected in the period, 4 still open; cost of non-quality 1,420.50 €. "
        "Top categories: Product, Documentation, Health and safety."
    )


def test_customer_complaints_against_the_previous_period(manager, site_a, nc_data):
    with translation.override("en"):
        section = nc_inputs(manager.user, START, END, frozenset({site_a.pk}), None)[1]
    assert section.key == "customer_satisfaction"
    figures = dict(section.figures)
    assert figures["Complaints in the period"] == "1"
    assert figures["Complaints in the previous period"] == "2"
    assert figures["Trend"] == "-50 %"
    assert figures["Customers concerned"] == "1"
    assert [row[2:4] for row in section.rows] == [("Automobiles Peugeot", "Retard de livraison")]


def test_nonconformity_section_of_a_process(manager, site_a, make_process):
    process = make_process("REA-05")
    make_nc(manager.user, site_a, process=process, detected_on=date(2026, 2, 1))
    make_nc(manager.user, site_a, detected_on=date(2026, 2, 2))
    with translation.override("en"):
        section = nc_inputs(manager.user, START, END, None, process.pk)[0]
    assert dict(section.figures)["Records of the period"] == "1"


@pytest.fixture
def action_data(manager, site_a, site_b):
    user = manager.user

    def make(title, type, due_on, site=site_a, status=None, efficacy=None):
        action = action_services.action_create(
            user=user, title=title, owner=manager, due_on=due_on, type=type, site=site
        )
        if status in (ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.CANCELLED):
            action = action_services.action_set_status(user=user, action=action, status=status)
        if efficacy:
            action = action_services.action_check_efficacy(user=user, action=action, result=efficacy)
        return action

    make("A", ActionType.IMPROVEMENT, date(2026, 3, 1))
    make("B", ActionType.IMPROVEMENT, date(2026, 6, 15), status=ActionStatus.IN_PROGRESS)
    make("C", ActionType.CORRECTIVE, date(2026, 2, 1), status=ActionStatus.DONE)
    make(
        "D",
        ActionType.CORRECTIVE,
        date(2026, 4, 1),
        status=ActionStatus.DONE,
        efficacy=EfficacyResult.EFFECTIVE,
    )
    make(
        "E",
        ActionType.PREVENTIVE,
        date(2026, 5, 15),
        status=ActionStatus.DONE,
        efficacy=EfficacyResult.NOT_EFFECTIVE,
    )
    make("F", ActionType.CONTAINMENT, date(2026, 3, 10), status=ActionStatus.CANCELLED)
    make("G", ActionType.CORRECTIVE, date(2026, 8, 1))  # due after the period, created after it
    make("H", ActionType.CORRECTIVE, date(2026, 3, 1), site=site_b)  # another site
    make("I", ActionType.IMPROVEMENT, date(2026, 4, 20), site=None)  # organisation-wide


def test_actions_of_the_period(manager, site_a, action_data):
    with translation.override("en"):
        sections = action_inputs(
            manager.user, START, END, frozenset({site_a.pk}), None, today=date(2026, 5, 1)
        )
    section = sections[0]
    assert section.key == "previous_actions"
    figures = dict(section.figures)
    assert figures == {
        "Actions": "7",
        "Open actions": "3",
        "Overdue actions": "2",
        "Done (share of active actions)": "50 %",
        "Awaiting efficacy check": "1",
        "Judged effective": "1",
        "Judged not effective": "1",
    }
    assert section.rows == (
        ("Planned", "2", "29 %"),
        ("In progress", "1", "14 %"),
        ("Done", "1", "14 %"),
        ("Efficacy checked", "2", "29 %"),
        ("Cancelled", "1", "14 %"),
        ("Containment", "1", "14 %"),
        ("Corrective", "2", "29 %"),
        ("Preventive", "1", "14 %"),
        ("Improvement", "3", "43 %"),
    )


def test_improvement_actions_of_the_period(manager, site_a, action_data):
    with translation.override("en"):
        section = action_inputs(
            manager.user, START, END, frozenset({site_a.pk}), None, today=date(2026, 5, 1)
        )[1]
    assert section.key == "improvement_opportunities"
    assert [row[1] for row in section.rows] == ["A", "I", "B"]
    assert dict(section.figures) == {"Improvement actions": "3", "Actions done": "0", "Open actions": "3"}
    assert section.summary == "3 improvement actions: 0 done, 3 open."


def test_every_site_when_no_site_is_given(manager, action_data):
    sections = action_inputs(manager.user, START, END, None, None, today=date(2026, 5, 1))
    assert dict(sections[0].figures)["Actions"] == "8"  # H on Moulins too
