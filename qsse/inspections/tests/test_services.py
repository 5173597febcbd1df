"""Services: catalogue loading, schedule generation, not-required decisions, visits moving the next
due date, observations turned into actions, periodicity changes."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from qsse.actions.choices import ActionPriority, ActionType
from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.inspections import services
from qsse.inspections.models import (
    EquipmentKind,
    InspectionSchedule,
    InspectionType,
    InspectionVisit,
    Observation,
)

from .factories import kind, line_of, make_equipment

pytestmark = pytest.mark.django_db


def messages_of(error: ValidationError) -> list[str]:
    return [message for messages in error.message_dict.values() for message in messages]


def test_catalogue_load_is_idempotent_and_writes_no_history_the_second_time():
    history_before = InspectionType.history.count()
    counts = services.catalogue_load()
    assert counts == {"kinds_created": 0, "types_created": 0, "types_updated": 0}
    assert InspectionType.history.count() == history_before
    assert EquipmentKind.objects.count() == 18 and InspectionType.objects.count() == 21


def test_catalogue_load_creates_everything_on_an_empty_database():
    InspectionType.objects.all().delete()
    EquipmentKind.objects.all().delete()
    counts = services.catalogue_load()
    assert counts == {"kinds_created": 18, "types_created": 21, "types_updated": 0}
    forklift = InspectionType.objects.get(code="forklift-vgp")
    assert (forklift.periodicity_months, forklift.legal_periodicity_months, forklift.is_shipped) == (
        6,
        6,
        True,
    )


def test_catalogue_load_keeps_a_periodicity_the_organisation_changed(manager):
    extinguishers = InspectionType.objects.get(code="extinguisher-maintenance")
    services.inspection_type_update(
        user=manager.user,
        inspection_type=extinguishers,
        periodicity_months=6,
        periodicity_reason="Exigence de l'assureur (contrat 2026)",
    )
    services.catalogue_load()
    extinguishers.refresh_from_db()
    assert (extinguishers.periodicity_months, extinguishers.legal_periodicity_months) == (6, 12)
    assert extinguishers.is_customised
    # The change is in the history, with its reason.
    assert extinguishers.history.first().periodicity_reason == "Exigence de l'assureur (contrat 2026)"


def test_a_periodicity_longer_than_the_text_or_without_reason_is_refused(manager):
    forklift = InspectionType.objects.get(code="forklift-vgp")
    with translation.override("fr"), pytest.raises(ValidationError) as raised:
        services.inspection_type_update(user=manager.user, inspection_type=forklift, periodicity_months=12)
    assert "au moins tous les 6 mois" in messages_of(raised.value)[0]
    with translation.override("fr"), pytest.raises(ValidationError) as raised:
        services.inspection_type_update(user=manager.user, inspection_type=forklift, periodicity_months=3)
    assert raised.value.message_dict["periodicity_reason"] == [
        "Indiquez le motif d'une périodicité différente de celle du texte (p. ex. exigence de l'assureur)."
    ]


def test_equipment_creation_generates_its_inspections(manager, site_a, today):
    lighting = make_equipment(
        manager.user,
        site_a,
        "emergency_lighting",
        name="Blocs de sécurité",
        identifier="",
        commissioned_on=date(2025, 10, 31),
        quantity=85,
    )
    lines = {
        line.inspection_type.code: line for line in lighting.schedule_lines.select_related("inspection_type")
    }
    assert set(lines) == {
        "emergency-lighting-monthly",
        "emergency-lighting-autonomy",
        "emergency-lighting-annual",
    }
    # First due one periodicity after commissioning, month ends clamped.
    assert lines["emergency-lighting-monthly"].next_due_on == date(2025, 11, 30)
    assert lines["emergency-lighting-autonomy"].next_due_on == date(2026, 4, 30)
    assert lines["emergency-lighting-annual"].next_due_on == date(2026, 10, 31)
    assert lines["emergency-lighting-annual"].periodicity_months == 12
    without_date = make_equipment(manager.user, site_a, "forklifts", commissioned_on=None)
    assert line_of(without_date, "forklift-vgp").next_due_on == today


def test_generation_is_idempotent_and_adds_new_types(manager, site_a):
    forklift = make_equipment(manager.user, site_a)
    line = line_of(forklift, "forklift-vgp")
    services.schedule_update(user=manager.user, line=line, last_done_on=date(2026, 5, 31))
    assert services.equipment_regenerate(user=manager.user, equipment=forklift) == 0
    assert forklift.schedule_lines.count() == 1
    assert line_of(forklift, "forklift-vgp").next_due_on == date(2026, 11, 30)  # kept
    services.inspection_type_create(
        user=manager.user,
        code="forklift-daily",
        kind=kind("forklifts"),
        title_fr="Contrôle mensuel interne des chariots",
        periodicity_months=1,
    )
    assert forklift.schedule_lines.count() == 2
    assert services.equipment_regenerate(user=manager.user, equipment=forklift) == 0


def test_not_required_needs_a_justification(manager, site_a):
    door = make_equipment(manager.user, site_a, "automatic_doors", name="Porte quai", identifier="")
    line = line_of(door, "automatic-doors")
    with translation.override("fr"), pytest.raises(ValidationError) as raised:
        services.schedule_set_not_required(user=manager.user, line=line, reason="   ")
    assert raised.value.message_dict["reason"] == [
        "Indiquez la justification de la non-application de cette vérification (elle sera auditée)."
    ]
    services.schedule_set_not_required(user=manager.user, line=line, reason="Porte manuelle depuis 2025")
    line.refresh_from_db()
    assert (line.is_required, line.not_required_reason) == (False, "Porte manuelle depuis 2025")
    with pytest.raises(ValidationError):
        services.visit_record(
            user=manager.user, schedule=line, performed_on=date(2026, 1, 5), body="Portis", result="compliant"
        )


def test_a_visit_moves_the_next_due_date(manager, site_a):
    forklift = make_equipment(manager.user, site_a)
    line = line_of(forklift, "forklift-vgp")
    visit = services.visit_record(
        user=manager.user,
        schedule=line,
        performed_on=date(2026, 1, 31),
        body="Bureau Veritas",
        inspector_name="M. Caron",
        result="compliant",
    )
    assert visit.next_due_on == date(2026, 7, 31)
    assert visit.reference.startswith("VP-") and visit.reference.endswith("-0001")
    line.refresh_from_db()
    assert (line.last_done_on, line.next_due_on) == (date(2026, 1, 31), date(2026, 7, 31))
    # An older report typed in afterwards does not move the line back.
    older = services.visit_record(
        user=manager.user,
        schedule=line,
        performed_on=date(2025, 8, 31),
        body="Bureau Veritas",
        result="compliant",
    )
    assert older.next_due_on == date(2026, 2, 28)
    line.refresh_from_db()
    assert line.next_due_on == date(2026, 7, 31)


def test_a_visit_on_a_leap_day_is_due_on_the_28th_the_next_year(manager, site_a):
    installation = make_equipment(manager.user, site_a, "electrical_installation", name="TGBT", identifier="")
    line = line_of(installation, "elec-periodic")
    visit = services.visit_record(
        user=manager.user, schedule=line, performed_on=date(2024, 2, 29), body="Apave", result="compliant"
    )
    assert visit.next_due_on == date(2025, 2, 28)


def test_bad_visits_are_refused_with_french_messages(manager, site_a, today):
    line = line_of(make_equipment(manager.user, site_a), "forklift-vgp")
    with translation.override("fr"), pytest.raises(ValidationError) as raised:
        services.visit_record(
            user=manager.user,
            schedule=line,
            performed_on=today + timedelta(days=1),
            body=" ",
            result="observations",
        )
    assert raised.value.message_dict == {
        "performed_on": ["La date de la vérification ne peut pas être dans le futur."],
        "body": ["Indiquez l'organisme vérificateur (ou la société de la personne compétente)."],
        "observations": [
            "Un rapport avec observations ou concluant au danger doit comporter au moins une observation."
        ],
    }
    assert InspectionVisit.objects.count() == 0


def test_unsafe_forbids_use_until_a_satisfactory_inspection(manager, site_a, today):
    forklift = make_equipment(manager.user, site_a)
    line = line_of(forklift, "forklift-vgp")
    services.visit_record(
        user=manager.user,
        schedule=line,
        performed_on=today - timedelta(days=10),
        body="Dekra",
        result="unsafe",
        observations=[{"text": "Chaîne de levage usée", "severity": "critical"}],
    )
    forklift.refresh_from_db()
    assert forklift.is_use_forbidden
    services.visit_record(
        user=manager.user, schedule=line, performed_on=today, body="Dekra", result="compliant"
    )
    forklift.refresh_from_db()
    assert not forklift.is_use_forbidden


def test_an_observation_becomes_an_action(manager, site_a, today):
    forklift = make_equipment(manager.user, site_a)
    visit = services.visit_record(
        user=manager.user,
        schedule=line_of(forklift, "forklift-vgp"),
        performed_on=today,
        body="Bureau Veritas",
        result="observations",
        observations=[
            {"text": "Klaxon inopérant", "severity": "major"},
            {"text": "Autocollant de charge illisible", "severity": "minor"},
        ],
    )
    first, second = Observation.objects.filter(visit=visit).order_by("pk")
    assert (first.severity, second.severity) == ("major", "minor")
    observation = services.observation_create_action(user=manager.user, observation=first, owner=manager)
    action = observation.action
    assert action.type == ActionType.CORRECTIVE
    assert action.priority == ActionPriority.HIGH
    assert action.due_on == today + timedelta(days=30)
    assert action.site == site_a
    assert action.origin == observation
    assert "Klaxon inopérant" in action.title
    with translation.override("fr"), pytest.raises(ValidationError) as raised:
        services.observation_create_action(user=manager.user, observation=first, owner=manager)
    assert raised.value.messages == [
        f"Une action est déjà ouverte pour cette observation ({action.reference})."
    ]
    minor = services.observation_create_action(
        user=manager.user, observation=second, owner=manager, due_on=today + timedelta(days=5)
    )
    assert minor.action.due_on == today + timedelta(days=5)
    assert Action.objects.count() == 2


def test_an_extended_periodicity_needs_a_reason_and_stays_within_the_text(manager, site_a):
    installation = make_equipment(manager.user, site_a, "electrical_installation", name="TGBT", identifier="")
    line = line_of(installation, "elec-periodic")
    with translation.override("fr"), pytest.raises(ValidationError) as raised:
        services.schedule_update(user=manager.user, line=line, periodicity_months=25)
    assert raised.value.message_dict["periodicity_months"] == [
        "Cette vérification ne peut pas être espacée de plus de 24 mois."
    ]
    with pytest.raises(ValidationError) as raised:
        services.schedule_update(user=manager.user, line=line, periodicity_months=24)
    assert "extension_reason" in raised.value.message_dict
    services.schedule_update(
        user=manager.user,
        line=line,
        periodicity_months=24,
        extension_reason="Rapport 2025 sans observation ; inspection du travail informée par LRAR",
        last_done_on=date(2025, 3, 31),
    )
    line.refresh_from_db()
    assert (line.periodicity_months, line.next_due_on) == (24, date(2027, 3, 31))


def test_a_new_periodicity_of_the_type_moves_the_lines_that_follow_it(manager, site_a):
    extinguishers = make_equipment(
        manager.user, site_a, "fire_extinguishers", name="Extincteurs", identifier=""
    )
    line = line_of(extinguishers, "extinguisher-maintenance")
    services.schedule_update(user=manager.user, line=line, last_done_on=date(2026, 3, 31))
    services.inspection_type_update(
        user=manager.user,
        inspection_type=line.inspection_type,
        periodicity_months=6,
        periodicity_reason="Exigence de l'assureur",
    )
    line.refresh_from_db()
    assert (line.periodicity_months, line.next_due_on) == (6, date(2026, 9, 30))


def test_changing_the_kind_sets_aside_the_former_inspections(manager, site_a, today):
    equipment = make_equipment(manager.user, site_a)
    done = line_of(equipment, "forklift-vgp")
    services.visit_record(user=manager.user, schedule=done, performed_on=today, body="BV", result="compliant")
    services.equipment_update(user=manager.user, equipment=equipment, kind=kind("mewp"))
    codes = {
        line.inspection_type.code: line.is_required
        for line in equipment.schedule_lines.select_related("inspection_type")
    }
    assert codes == {"forklift-vgp": False, "mewp-vgp": True}


def test_rights_and_sites(member, site_a, site_b, manager):
    moulins_contributor = member(Role.CONTRIBUTOR, site=site_b)
    reader = member(Role.READER, site=site_a)
    with pytest.raises(PermissionDenied):
        make_equipment(moulins_contributor.user, site_a)
    with pytest.raises(PermissionDenied):
        make_equipment(reader.user, site_a)
    mine = make_equipment(moulins_contributor.user, site_b, responsible=moulins_contributor)
    assert InspectionSchedule.objects.filter(equipment=mine).count() == 1
    with pytest.raises(PermissionDenied):
        services.inspection_type_create(
            user=moulins_contributor.user,
            code="x",
            kind=kind("forklifts"),
            title_fr="X",
            periodicity_months=1,
        )


def test_work_unit_of_another_site_is_refused(manager, site_a, site_b):
    from qsse.organization.tests.factories import WorkUnitFactory

    with translation.override("fr"), pytest.raises(ValidationError) as raised:
        make_equipment(manager.user, site_a, work_unit=WorkUnitFactory(site=site_b))
    assert raised.value.message_dict["work_unit"] == ["Cette unité de travail appartient à un autre site."]


def test_reminders_once_per_line_kind_and_due_date(member, manager, site_a, site_b, today):
    from django.core import mail
    from django.core.management import call_command

    from qsse.core.models import Notification

    leader = member(Role.CONTRIBUTOR, site=site_b, username="logistique")
    late = make_equipment(
        manager.user, site_b, name="Chariot Toyota", identifier="CE-MOU-01", responsible=leader
    )
    services.schedule_update(
        user=manager.user, line=line_of(late, "forklift-vgp"), last_done_on=today - timedelta(days=200)
    )
    soon = make_equipment(
        manager.user, site_b, "racking", name="Palettiers", identifier="", responsible=leader
    )
    services.schedule_update(
        user=manager.user, line=line_of(soon, "racking-inspection"), last_done_on=today - timedelta(days=350)
    )
    far = make_equipment(
        manager.user, site_a, "racking", name="Palettiers MTL", identifier="", responsible=manager
    )
    services.schedule_update(user=manager.user, line=line_of(far, "racking-inspection"), last_done_on=today)
    mail.outbox.clear()
    assert services.inspection_reminders_send(today=today) == 2
    subjects = sorted(Notification.objects.filter(recipient=leader.user).values_list("subject", flat=True))
    assert subjects == [
        "Vérification en retard : Vérification générale périodique (VGP) des chariots élévateurs – "
        "Chariot Toyota (CE-MOU-01) (Moulins)",
        "Vérification à échéance proche : Inspection des rayonnages par une personne compétente (expert) – "
        "Palettiers (Moulins)",
    ]
    assert services.inspection_reminders_send(today=today) == 0
    output = StringIO()
    call_command("send_inspection_reminders", stdout=output)
    assert "0 sent" in output.getvalue()
    assert Notification.objects.filter(kind__startswith="inspection_").count() == 2


def test_a_visit_before_commissioning_is_refused(manager, site_a):
    line = line_of(make_equipment(manager.user, site_a, commissioned_on=date(2024, 1, 31)), "forklift-vgp")
    with translation.override("fr"), pytest.raises(ValidationError) as raised:
        services.visit_record(
            user=manager.user, schedule=line, performed_on=date(2024, 1, 30), body="BV", result="compliant"
        )
    assert raised.value.message_dict == {
        "performed_on": [
            "La vérification ne peut pas être antérieure à la mise en service de l'équipement (31/01/2024)."
        ]
    }
    visit = services.visit_record(
        user=manager.user, schedule=line, performed_on=date(2024, 1, 31), body="BV", result="compliant"
    )
    assert visit.next_due_on == date(2024, 7, 31)
