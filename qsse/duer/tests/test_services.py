"""Services of the DUER: rating on the "duer" matrix (and without one), measures → actions,
frozen versions that later edits do not change."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qsse.actions.choices import ActionType
from qsse.core.choices import Role
from qsse.core.models import BusinessEvent
from qsse.duer import selectors, services, snapshot
from qsse.duer.models import DuerVersion, HazardFamily

from .factories import family, make_hazard, make_matrix, make_unit

pytestmark = pytest.mark.django_db


def test_shipped_families_are_the_valid_rows_of_the_source():
    shipped = HazardFamily.objects.filter(is_builtin=True)
    assert shipped.count() == 22
    assert not shipped.filter(name="Manque de formation").exists()  # "deleted" in the source
    assert family("Risques psychosociaux").sub_danger_list() == [
        "Divers risques psychosociaux",
        "Travail de nuit",
        "Travail en équipe successives alternantes",
    ]
    assert list(shipped.values_list("name", flat=True)[:2]) == ["Accident de plain-pied", "Activité physique"]


def test_hazard_rated_on_the_duer_matrix(manager, duer, unit):
    make_matrix(manager.user)
    # 3 × 4 = 12 raw; control 2 → 12 × 0.75 = 9.00 → "Élevé" (8–11), significant.
    hazard = make_hazard(manager.user, duer, unit, probability=3, gravity=4, control_level=2)
    assert (hazard.raw_score, hazard.residual_score) == (12, Decimal("9.00"))
    assert (hazard.residual_level, hazard.is_significant) == ("Élevé", True)
    # Control 4 → 12 × 0.25 = 3.00 → "Faible".
    hazard = services.hazard_update(user=manager.user, hazard=hazard, control_level=4)
    assert (hazard.residual_score, hazard.residual_level, hazard.is_significant) == (
        Decimal("3.00"),
        "Faible",
        False,
    )


def test_without_a_matrix_the_fallback_levels_rate(manager, duer, unit):
    # 3 × 3 = 9, × 0.75 = 6.75 → "Modéré" (4–7) of the fallback levels.
    hazard = make_hazard(manager.user, duer, unit, probability=3, gravity=3, control_level=2)
    assert (hazard.raw_score, hazard.residual_score, hazard.residual_level) == (9, Decimal("6.75"), "Modéré")


def test_probability_beyond_the_matrix_is_refused(manager, duer, unit):
    make_matrix(manager.user)
    with pytest.raises(ValidationError) as error:
        make_hazard(manager.user, duer, unit, probability=5)
    assert "probability" in error.value.message_dict


def test_work_unit_of_another_site_refused_in_a_site_duer(manager, site_a, site_b):
    from .factories import make_duer

    duer = make_duer(manager.user, manager, site=site_a, title="DUER Montluçon")
    other = make_unit(site_b, "Assemblage", 24)
    with pytest.raises(ValidationError) as error:
        make_hazard(manager.user, duer, other)
    assert "work_unit" in error.value.message_dict


def test_reader_cannot_add_a_hazard(member, duer, unit):
    reader = member(Role.READER, username="reader")
    with pytest.raises(PermissionDenied):
        make_hazard(reader.user, duer, unit)


def test_measure_becomes_a_preventive_action(manager, duer, unit):
    hazard = make_hazard(manager.user, duer, unit)
    measure = services.measure_create(
        user=manager.user,
        hazard=hazard,
        description="Soufflettes basse pression",
        principle="source",
        measure_type="technical",
        protection="collective",
    )
    action = services.measure_to_action(
        user=manager.user,
        measure=measure,
        owner=manager,
        due_on=date(2026, 6, 30),
        estimated_cost=Decimal("850.00"),
        efficacy_criterion="< 80 dB(A)",
    )
    measure.refresh_from_db()
    assert measure.action == action
    assert (action.type, action.site, action.origin) == (ActionType.PREVENTIVE, unit.site, measure)
    assert action.estimated_cost == Decimal("850.00")
    with pytest.raises(ValidationError):
        services.measure_to_action(user=manager.user, measure=measure, owner=manager, due_on=date(2026, 7, 1))
    # Programme of 2026: due that year; of 2027: still open from before; of 2025: not yet due.
    assert [a.pk for a in selectors.programme_actions(manager.user, duer, year=2026)] == [action.pk]
    assert selectors.programme_actions(manager.user, duer, year=2025) == []
    assert [a.pk for a in selectors.programme_actions(manager.user, duer, year=2027)] == [action.pk]


def test_frozen_version_keeps_its_content(manager, duer, unit):
    hazard = make_hazard(manager.user, duer, unit, probability=2, gravity=4, control_level=3)
    with pytest.raises(ValidationError):
        services.version_freeze(user=manager.user, duer=duer, change_note="  ")
    first = services.version_freeze(user=manager.user, duer=duer, change_note="Première version")
    services.hazard_update(user=manager.user, hazard=hazard, probability=4)
    second = services.version_freeze(user=manager.user, duer=duer, change_note="Bruit réévalué")
    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    frozen = first.content["work_units"][0]["hazards"][0]
    assert (frozen["probability"], frozen["raw_score"], frozen["residual_score"]) == (2, 8, "4.00")
    assert second.content["work_units"][0]["hazards"][0]["raw_score"] == 16
    assert first.headcount == 125  # the organisation of the factories
    assert BusinessEvent.objects.filter(verb="DUER version frozen").count() == 2
    assert DuerVersion.objects.filter(duer=duer).count() == 2


def test_snapshot_reads_in_three_queries(manager, duer, unit, site_a, django_assert_num_queries):
    for index in range(5):
        other = make_unit(site_a, f"Unité {index}", 5)
        hazard = make_hazard(manager.user, duer, other)
        services.measure_create(
            user=manager.user, hazard=hazard, description="Mesure", principle="plan", measure_type="human"
        )
    # work units, hazards, measures (+ the active matrix: one query, none found).
    with django_assert_num_queries(4):
        content = snapshot.duer_content(duer)
    assert len(content["work_units"]) == 6


def test_update_status_thresholds(manager, duer, unit):
    organisation = unit.site.organization
    today = date(2026, 11, 25)
    organisation.headcount = 49
    organisation.save()
    status = selectors.update_status(duer, today=today)
    assert (status.requires_papripact, status.requires_annual_update) == (False, True)
    assert (status.next_update_on, status.is_overdue) == (today, True)  # never frozen
    services.version_freeze(user=manager.user, duer=duer, change_note="v1", frozen_on=date(2025, 11, 14))
    status = selectors.update_status(duer, today=today)
    assert (status.next_update_on, status.is_overdue) == (date(2026, 11, 14), True)
    organisation.headcount = 10
    organisation.save()
    status = selectors.update_status(duer, today=today)
    assert (status.requires_annual_update, status.next_update_on, status.is_overdue) == (False, None, False)
    organisation.headcount = 50
    organisation.save()
    assert selectors.update_status(duer, today=today).requires_papripact is True


def test_update_reminder_sent_once(manager, duer, unit):
    from qsse.core.models import Notification

    services.version_freeze(user=manager.user, duer=duer, change_note="v1", frozen_on=date(2025, 11, 14))
    assert services.update_reminders_send(today=date(2026, 11, 13)) == 0  # due on 14/11/2026
    assert services.update_reminders_send(today=date(2026, 11, 14)) == 1
    assert services.update_reminders_send(today=date(2026, 11, 15)) == 0  # already reminded
    notification = Notification.objects.get(kind="duer_update_due")
    assert notification.recipient == manager.user
    assert notification.subject == "DUER à mettre à jour : Document unique – MBP"


def test_large_duer_pdf_from_one_read(manager, site_a, django_assert_max_num_queries):
    from qsse.duer import bench_support

    duer = bench_support.seed_large_duer(manager.user, manager, site=site_a, units=60, hazards=20)
    with django_assert_max_num_queries(4):
        result = bench_support.time_duer_pdf(duer)
    assert (result.work_units, result.hazards) == (60, 1200)
    assert result.pdf_kb > 50


def test_a_frozen_version_cannot_be_changed_nor_deleted(manager, duer, unit):
    make_hazard(manager.user, duer, unit)
    version = services.version_freeze(user=manager.user, duer=duer, change_note="v1")
    version.change_note = "réécrit"
    with pytest.raises(PermissionError):
        version.save()
    with pytest.raises(PermissionError):
        version.delete()
    version.refresh_from_db()
    assert version.change_note == "v1"


def test_reminder_command(manager, duer, unit):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("send_duer_reminders", stdout=out)  # never frozen, 125 employees: due now
    assert out.getvalue().strip() == "1 DUER reminder(s) sent."
