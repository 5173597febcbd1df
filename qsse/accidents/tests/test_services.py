"""Services and selectors of the accident register, with hand-worked figures."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from qsse.accidents import calculations, selectors, services
from qsse.accidents.models import AccidentVictim, CauseLink, CauseNode, HoursWorked
from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.core.models import BusinessEvent
from qsse.organization.tests.factories import WorkUnitFactory

from .factories import make_accident

pytestmark = pytest.mark.django_db


def _at(year, month, day, hour=10):
    return timezone.make_aware(datetime(year, month, day, hour))


def test_accident_create_numbers_and_roots_the_tree(manager, site_a):
    accident = make_accident(
        manager.user,
        site_a,
        days_lost=5,
        victim=manager,
        lesion_seat="hand",
        lesion_nature="cut",
        witnesses="Paul Girard",
    )
    assert accident.reference == "ACC-2026-0001"
    victim = AccidentVictim.objects.get(accident=accident)
    assert (victim.victim, victim.lesion_seat, victim.witnesses) == (manager, "hand", "Paul Girard")
    root = CauseNode.objects.get(accident=accident, is_root=True)
    assert root.text == "La lésion"
    assert BusinessEvent.objects.filter(verb="Accident recorded").count() == 1
    assert accident.history.count() == 1


def test_days_lost_only_for_lost_time(manager, site_a):
    with pytest.raises(ValidationError) as error:
        make_accident(manager.user, site_a, kind="near_miss", days_lost=3)
    assert "days_lost" in error.value.message_dict


def test_work_unit_of_another_site_refused(manager, site_a, site_b):
    unit = WorkUnitFactory(site=site_b, name="Assemblage")
    with pytest.raises(ValidationError):
        make_accident(manager.user, site_a, work_unit=unit)


def test_personal_data_written_and_read_only_by_qsse_roles(member, manager, site_a):
    contributor = member(Role.CONTRIBUTOR, site=site_a, username="contrib")
    # A contributor records the accident, without the victim's data…
    accident = make_accident(contributor.user, site_a, kind="no_lost_time")
    assert selectors.victim_get(contributor.user, accident) is None
    # …and may not write it.
    with pytest.raises(PermissionDenied):
        make_accident(contributor.user, site_a, lesion_seat="hand")
    services.accident_update(
        user=manager.user, accident=accident, lesion_seat="eyes", lesion_nature="chemical"
    )
    assert selectors.victim_get(manager.user, accident).lesion_seat == "eyes"
    assert not selectors.can_see_personal_data(contributor.user)
    assert selectors.can_see_personal_data(manager.user)


def test_tree_conjunction_disjunction_and_refusals(manager, site_a):
    accident = make_accident(manager.user, site_a)
    root = CauseNode.objects.get(accident=accident, is_root=True)
    hand = services.fact_add(user=manager.user, accident=accident, text="Main sur l'arête", effect=root)
    gloves = services.fact_add(
        user=manager.user, accident=accident, text="Pas de gants", kind="habitual", component="I", effect=root
    )
    rush = services.fact_add(user=manager.user, accident=accident, text="Commande urgente", effect=hand)
    services.link_add(user=manager.user, cause=rush, effect=gloves)
    links = [calculations.Link(c, e) for c, e in CauseLink.objects.values_list("cause_id", "effect_id")]
    assert calculations.effect_link_kind(root.pk, links) == calculations.CONJUNCTION
    assert calculations.is_disjunction(rush.pk, links)
    accident.refresh_from_db()
    assert accident.status == "analysing"
    with pytest.raises(ValidationError, match="boucle"):
        services.link_add(user=manager.user, cause=hand, effect=rush)
    with pytest.raises(ValidationError):
        services.link_add(user=manager.user, cause=root, effect=hand)
    with pytest.raises(ValidationError):
        services.fact_remove(user=manager.user, node=root)
    services.fact_remove(user=manager.user, node=rush)
    assert CauseLink.objects.count() == 2


def test_reader_cannot_edit_the_tree(manager, reader, site_a):
    accident = make_accident(manager.user, site_a)
    with pytest.raises(PermissionDenied):
        services.fact_add(user=reader.user, accident=accident, text="Fait")


def test_action_from_a_cause(manager, site_a):
    accident = make_accident(manager.user, site_a)
    root = CauseNode.objects.get(accident=accident, is_root=True)
    gloves = services.fact_add(user=manager.user, accident=accident, text="Pas de gants", effect=root)
    node = services.fact_create_action(user=manager.user, node=gloves, owner=manager, type="preventive")
    action = Action.objects.get()
    assert node.action == action and action.type == "preventive" and action.site == site_a
    assert action.due_on == timezone.localdate() + timedelta(days=30)
    with pytest.raises(ValidationError):
        services.fact_create_action(user=manager.user, node=gloves, owner=manager)
    with pytest.raises(ValidationError):
        services.fact_create_action(user=manager.user, node=root, owner=manager)


def test_hours_and_rates_hand_worked(manager, site_a, site_b):
    # Montluçon, March 2026: 1 accident with lost time (12 days), 1 without, 13,000 hours, 95 people.
    make_accident(manager.user, site_a, when=_at(2026, 3, 10), days_lost=12)
    make_accident(manager.user, site_a, when=_at(2026, 3, 20), kind="no_lost_time")
    make_accident(manager.user, site_a, when=_at(2026, 3, 21), kind="near_miss")
    services.hours_set(
        user=manager.user,
        site=site_a,
        month=date(2026, 3, 1),
        hours=Decimal(13000),
        average_headcount=Decimal(95),
    )
    figures = selectors.period_figures([site_a.pk], date(2026, 3, 1), date(2026, 4, 1))
    assert (figures.lost_time_accidents, figures.other_accidents, figures.days_lost) == (1, 1, 12)
    rates = calculations.rates(figures)
    assert rates.tf == Decimal("76.92")  # 1,000,000 / 13,000
    assert rates.tf2 == Decimal("153.85")  # 2,000,000 / 13,000
    assert rates.tg == Decimal("0.92")  # 12,000 / 13,000 = 0.923
    assert rates.indice == Decimal("10.53")  # 1,000 / 95
    # Both sites: Moulins has no hours for March → not computable rather than understated.
    both = selectors.period_figures([site_a.pk, site_b.pk], date(2026, 3, 1), date(2026, 4, 1))
    assert calculations.rates(both).tf is None
    services.hours_set(
        user=manager.user,
        site=site_b,
        month=date(2026, 3, 15),
        hours=Decimal(7000),
        average_headcount=Decimal(30),
    )
    both = selectors.period_figures([site_a.pk, site_b.pk], date(2026, 3, 1), date(2026, 4, 1))
    assert calculations.rates(both).tf == Decimal("50.00")  # 1,000,000 / 20,000
    # A month with 0 hours: not computable, no division by zero.
    services.hours_set(user=manager.user, site=site_a, month=date(2026, 4, 1), hours=Decimal(0))
    april = selectors.period_figures([site_a.pk], date(2026, 4, 1), date(2026, 5, 1))
    assert calculations.rates(april).tf is None
    rows = selectors.rates_by_month([site_a.pk], date(2026, 4, 1))
    assert [row.month for row in rows][-2:] == [date(2026, 3, 1), date(2026, 4, 1)]
    assert rows[-2].rates.tf == Decimal("76.92") and rows[-1].rates.tf is None
    assert HoursWorked.objects.get(site=site_b).month == date(2026, 3, 1)


def test_hours_entry_needs_qsse_role(member, site_a):
    owner = member(Role.PROCESS_OWNER, site=site_a, username="owner")
    with pytest.raises(PermissionDenied):
        services.hours_set(user=owner.user, site=site_a, month=date(2026, 3, 1), hours=Decimal(1000))


def test_seat_counts_and_days_without_accident(manager, site_a):
    make_accident(manager.user, site_a, when=_at(2026, 3, 10), days_lost=3, lesion_seat="hand")
    make_accident(manager.user, site_a, when=_at(2026, 5, 2), kind="no_lost_time", lesion_seat="hand")
    make_accident(manager.user, site_a, when=_at(2026, 6, 1), kind="no_lost_time", lesion_seat="eyes")
    counts = selectors.seat_counts(manager.user, [site_a.pk], date(2026, 1, 1), date(2027, 1, 1))
    assert counts == {"hand": 2, "eyes": 1}
    # The last accident with lost time is 10 March; to 25 November:
    # 21 + 30 + 31 + 30 + 31 + 31 + 30 + 31 + 25 = 260 days.
    assert selectors.days_without_accident([site_a.pk], date(2026, 11, 25)) == 260
