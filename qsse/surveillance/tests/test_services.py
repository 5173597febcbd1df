"""Writes of the surveillance plan: results within and out of limits, NC, due dates, atomicity."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qsse.core.choices import Role
from qsse.core.models import BusinessEvent, Notification
from qsse.nonconformities.models import Nonconformity
from qsse.surveillance import services
from qsse.surveillance.models import ControlPoint, ControlResult

from .factories import make_plan, make_point

pytestmark = pytest.mark.django_db


def test_control_point_stores_the_risk_snapshot(point, risk):
    assert point.risk == risk
    assert point.risk_label == f"{risk.reference} – Dérive du bain d'anodisation"
    assert point.risk_score == 9  # 3 × 3
    assert point.risk_level == "Élevé"
    assert point.risk_colour == "#fd7e14"
    assert point.risk_severity == 3  # the impact


def test_result_within_limits_opens_no_nc_and_moves_the_due_date(manager, point):
    result = services.control_result_record(
        user=manager.user, control_point=point, performed_on=date(2026, 1, 14), value=Decimal("22")
    )
    assert result.is_within_limits is True  # 22 °C is the upper limit, included
    assert result.nonconformity is None
    assert Nonconformity.objects.count() == 0
    point.refresh_from_db()
    assert point.last_done_on == date(2026, 1, 14)
    assert point.next_due_on == date(2026, 1, 21)  # weekly: 14 Jan + 7 days


def test_result_out_of_limits_opens_an_nc_on_the_plan_site(manager, member, point, site_a, process):
    operator = member(Role.CONTRIBUTOR, site=site_a)
    result = services.control_result_record(
        user=operator.user,
        control_point=point,
        performed_on=date(2026, 7, 7),
        value=Decimal("23.4"),
        comment="Canicule",
    )
    assert result.is_within_limits is False
    nc = result.nonconformity
    assert nc is not None and nc.reference.startswith("NC-2026-")
    assert nc.title == "Contrôle hors limites : AN-02 Température du bain"
    assert nc.site == site_a
    assert nc.process == process
    assert nc.kind == "nonconformity"
    assert nc.origin == "internal"
    assert nc.detected_on == date(2026, 7, 7)
    assert nc.detected_by == operator
    assert "23.4 °C" in nc.description_what and "[18 °C ; 22 °C]" in nc.description_what
    point.refresh_from_db()
    assert point.next_due_on == date(2026, 7, 14)
    # The plan owner (the manager) is told; the event is recorded on the control point.
    assert Notification.objects.filter(recipient=manager.user, kind="surveillance_result").count() == 1
    assert BusinessEvent.objects.filter(object_id=point.pk, verb="Control result out of limits").exists()


def test_out_of_limits_title_in_french(manager, point, settings):
    from django.utils import translation

    with translation.override("fr"):
        result = services.control_result_record(
            user=manager.user, control_point=point, performed_on=date(2026, 7, 7), value=Decimal("17")
        )
    assert result.nonconformity.title == "Contrôle hors limites : AN-02 Température du bain"


def test_attribute_control(manager, plan):
    check = make_point(
        manager.user,
        plan,
        manager,
        reference="DG-01",
        what="Détecteur de vapeurs",
        limit_kind="attribute",
        minimum=None,
        maximum=None,
        expected_answer="Alarme au seuil",
        interval_unit="month",
        next_due_on=date(2026, 1, 31),
    )
    ok = services.control_result_record(
        user=manager.user, control_point=check, performed_on=date(2026, 1, 31), is_pass=True
    )
    assert ok.is_within_limits and ok.nonconformity is None
    check.refresh_from_db()
    assert check.next_due_on == date(2026, 2, 28)  # 31 Jan + 1 month
    bad = services.control_result_record(
        user=manager.user, control_point=check, performed_on=date(2026, 2, 27), is_pass=False
    )
    assert not bad.is_within_limits and bad.nonconformity is not None


def test_an_older_result_does_not_move_the_due_date_back(manager, point):
    services.control_result_record(
        user=manager.user, control_point=point, performed_on=date(2026, 2, 2), value=Decimal("20")
    )
    services.control_result_record(
        user=manager.user, control_point=point, performed_on=date(2026, 1, 26), value=Decimal("20")
    )
    point.refresh_from_db()
    assert point.next_due_on == date(2026, 2, 9)


def test_nothing_is_written_when_validation_fails(manager, point, today):
    before = (ControlResult.objects.count(), Nonconformity.objects.count(), point.next_due_on)
    with pytest.raises(ValidationError) as error:
        services.control_result_record(user=manager.user, control_point=point, performed_on=today, value=None)
    assert "value" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.control_result_record(
            user=manager.user,
            control_point=point,
            performed_on=today + timedelta(days=1),
            value=Decimal("30"),
        )
    assert "performed_on" in error.value.message_dict
    point.refresh_from_db()
    assert (ControlResult.objects.count(), Nonconformity.objects.count(), point.next_due_on) == before


def test_out_of_limits_on_a_plan_without_site_is_refused_and_rolled_back(manager):
    plan = make_plan(manager.user, manager, None, title="Plan groupe")
    point = make_point(manager.user, plan, manager)
    with pytest.raises(ValidationError):
        services.control_result_record(
            user=manager.user, control_point=point, performed_on=date(2026, 1, 12), value=Decimal("40")
        )
    assert ControlResult.objects.count() == 0
    assert Nonconformity.objects.count() == 0


def test_reader_cannot_record_or_create(member, site_a, point, manager):
    reader = member(Role.READER, site=site_a)
    with pytest.raises(PermissionDenied):
        services.control_result_record(
            user=reader.user, control_point=point, performed_on=date(2026, 1, 12), value=Decimal("20")
        )
    with pytest.raises(PermissionDenied):
        make_plan(reader.user, manager, site_a)
    assert ControlResult.objects.count() == 0


def test_user_of_another_site_cannot_record(member, site_b, point):
    other = member(Role.CONTRIBUTOR, site=site_b)
    with pytest.raises(PermissionDenied):
        services.control_result_record(
            user=other.user, control_point=point, performed_on=date(2026, 1, 12), value=Decimal("20")
        )


def test_control_point_validation(manager, plan):
    with pytest.raises(ValidationError) as error:
        make_point(manager.user, plan, manager, minimum=Decimal("10"), maximum=Decimal("5"))
    assert "maximum" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_point(manager.user, plan, manager, minimum=None, maximum=None)
    assert "minimum" in error.value.message_dict
    assert ControlPoint.objects.count() == 0


def test_residual_rating_uses_the_matrix_when_available(manager, plan):
    point = make_point(manager.user, plan, manager, residual_frequency=2, residual_gravity=3)
    assert point.residual_score == 6  # 2 × 3


def test_reminders_once_per_control_and_due_date(manager, point, today):
    ControlPoint.objects.filter(pk=point.pk).update(next_due_on=today - timedelta(days=2))
    assert services.control_reminders_send(today=today) == 1
    assert services.control_reminders_send(today=today) == 0
    notification = Notification.objects.get(kind="surveillance_overdue")
    assert notification.recipient == manager.user
    assert point.reference in notification.subject


def test_reminder_command(manager, point, today):
    from io import StringIO

    from django.core.management import call_command

    ControlPoint.objects.filter(pk=point.pk).update(next_due_on=today + timedelta(days=3))
    out = StringIO()
    call_command("send_control_reminders", stdout=out)
    assert Notification.objects.filter(kind="surveillance_due_soon").count() == 1


def test_residual_level_from_the_surveillance_matrix_and_rescore(manager, plan):
    from qsse.context import services as context_services
    from qsse.context.models import CriticalityLevel

    matrix = context_services.matrix_ensure_default(usage="surveillance")
    point = make_point(manager.user, plan, manager, residual_frequency=2, residual_gravity=3)
    # 2 × 3 = 6: "Modéré" (4–7) on the default 4 × 4 grid.
    assert (point.residual_score, point.residual_level) == (6, "Modéré")
    CriticalityLevel.objects.filter(matrix_id=matrix.id, name="Modéré").update(name="Moyen")
    assert services.control_points_rescore(matrix.id) == 1
    point.refresh_from_db()
    assert point.residual_level == "Moyen"
