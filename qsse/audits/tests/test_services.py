from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from qsse.actions.models import Action
from qsse.audits import services
from qsse.audits.choices import Answer, AuditStatus, FindingKind, TemplateTheme
from qsse.audits.models import ChecklistQuestion, StandardClause
from qsse.core.choices import Role
from qsse.nonconformities.choices import Origin, Severity
from qsse.nonconformities.models import Nonconformity

from .factories import AuditWorld, make_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(member, site_a):
    return AuditWorld(member, site_a)


def test_default_standards_are_loaded_with_their_hierarchy(world):
    assert set(world.standards) == {
        "ISO 9001:2015",
        "ISO 14001:2015",
        "ISO 45001:2018",
        "ISO 50001:2018",
        "ISO 22000:2018",
    }
    clause = world.clause("8.7")
    assert clause.title_en == "Control of nonconforming outputs"
    assert clause.parent.code == "8"
    assert world.iso9001.clauses.filter(parent__isnull=True).count() == 7  # clauses 4 to 10


def test_standard_import_csv_rejects_an_orphan_clause(world):
    with pytest.raises(ValidationError, match="9.9"):
        services.standard_import_csv(
            user=world.manager.user,
            code="IATF 16949:2016",
            title_en="IATF",
            title_fr="IATF",
            text="code,title_en,title_fr,parent\n9.1.1,Child,Enfant,9.9\n",
        )
    assert not StandardClause.objects.filter(standard__code="IATF 16949:2016").exists()


def test_audit_reference_and_team(world):
    audit = world.audit()
    assert audit.reference == "AUD-2026-0001"
    assert audit.lead_auditor == world.lead
    assert list(audit.auditors.all()) == [world.auditor]


def test_independence_owner_cannot_audit_their_process(world):
    audit = world.audit(lead_auditor=None, auditors=[])
    services.auditor_save(
        user=world.manager.user, person=world.owner, standards=[world.iso9001], is_lead_auditor=True
    )
    with pytest.raises(ValidationError) as error:
        services.audit_assign_auditors(user=world.manager.user, audit=audit, lead_auditor=world.owner)
    assert "son propre travail" in str(error.value)
    audit.refresh_from_db()
    assert audit.lead_auditor is None


def test_independence_same_department_refused(world, member, site_a):
    colleague = member(Role.AUDITOR, site=site_a, username="colleague")
    colleague.department = world.owner.department
    colleague.save()
    services.auditor_save(
        user=world.manager.user, person=colleague, standards=[world.iso9001], is_lead_auditor=True
    )
    audit = world.audit(lead_auditor=None, auditors=[])
    with pytest.raises(ValidationError, match="service du processus"):
        services.audit_assign_auditors(
            user=world.manager.user, audit=audit, lead_auditor=world.lead, auditors=[colleague]
        )


def test_unqualified_lead_blocked_but_team_member_only_warned(world, member, site_a):
    novice = member(Role.AUDITOR, site=site_a, username="novice")
    audit = world.audit(lead_auditor=None, auditors=[])
    with pytest.raises(ValidationError, match="pas auditeur qualifié"):
        services.audit_assign_auditors(user=world.manager.user, audit=audit, lead_auditor=novice)
    warnings = services.audit_assign_auditors(
        user=world.manager.user, audit=audit, lead_auditor=world.lead, auditors=[novice]
    )
    assert [w.person_id for w in warnings] == [novice.pk]
    assert not warnings[0].is_blocking


def test_lead_qualified_for_another_standard_is_blocked(world):
    iso14001 = world.standards["ISO 14001:2015"]
    audit = world.audit(lead_auditor=None, auditors=[], standard=iso14001, criteria=[])
    with pytest.raises(ValidationError, match="ISO 14001"):
        services.audit_assign_auditors(user=world.manager.user, audit=audit, lead_auditor=world.lead)


def test_major_nc_finding_creates_nc_record_and_action(world):
    audit = world.audit()
    finding = services.finding_create(
        user=world.lead.user,
        audit=audit,
        kind=FindingKind.MAJOR_NC,
        description="Trois instruments de mesure sans étalonnage valide",
        clause=world.clause("7.1"),
        requirement="Ressources pour la surveillance et la mesure étalonnées",
        evidence="Micromètres n° 12, 15, 18 : dernière vérification 2023",
        action_owner=world.owner,
        action_due_on=date(2026, 5, 1),
        today=date(2026, 3, 10),
    )
    nc = finding.nonconformity
    assert nc is not None and nc.reference.startswith("NC-")
    assert nc.origin == Origin.AUDIT
    assert nc.severity == Severity.MAJOR
    assert nc.process == world.process
    assert nc.owner == world.owner
    assert nc.detected_by == world.lead
    assert audit.reference in nc.title
    action = Action.objects.get()
    assert action.origin == finding
    assert action.owner == world.owner


def test_observation_does_not_create_an_nc(world):
    audit = world.audit()
    finding = services.finding_create(
        user=world.lead.user, audit=audit, kind=FindingKind.OBSERVATION, description="Affichage peu lisible"
    )
    assert finding.nonconformity is None
    assert Nonconformity.objects.count() == 0


def test_nc_finding_needs_a_requirement(world):
    audit = world.audit()
    with pytest.raises(ValidationError):
        services.finding_create(user=world.lead.user, audit=audit, kind=FindingKind.MINOR_NC, description="x")
    assert Nonconformity.objects.count() == 0


def test_checklist_from_template_and_clauses(world):
    template = services.checklist_template_create(
        user=world.manager.user,
        name="Fiche processus",
        theme=TemplateTheme.PROCESS_SHEET,
        questions=[
            ("La fiche processus est-elle à jour ?", world.clause("4.4")),
            ("Les indicateurs ?", None),
        ],
    )
    audit = world.audit()
    services.checklist_add_from_template(user=world.lead.user, audit=audit, template=template)
    services.checklist_add_from_clauses(user=world.lead.user, audit=audit, clauses=list(audit.criteria.all()))
    questions = list(audit.questions.all())
    assert [q.position for q in questions] == [1, 2, 3, 4]
    assert questions[0].clause.code == "4.4"
    assert questions[0].theme == TemplateTheme.PROCESS_SHEET
    assert {q.clause.code for q in questions[2:]} == {"7.1", "8.5"}


def test_answers_move_the_audit_and_bulk_is_all_or_nothing(world):
    audit = world.audit()
    services.checklist_add_from_clauses(user=world.lead.user, audit=audit, clauses=list(audit.criteria.all()))
    first, second = audit.questions.all()
    services.checklist_answer(
        user=world.lead.user, question=first, answer=Answer.CONFORM, evidence="Gamme OK"
    )
    audit.refresh_from_db()
    assert audit.status == AuditStatus.IN_PROGRESS
    with pytest.raises(ValidationError):
        services.checklist_answers_bulk(
            user=world.lead.user,
            audit=audit,
            answers=[{"question": second.pk, "answer": "minor"}, {"question": 999999, "answer": "conform"}],
        )
    second.refresh_from_db()
    assert second.answer == Answer.NOT_ASSESSED
    assert (
        services.checklist_answers_bulk(
            user=world.lead.user,
            audit=audit,
            answers=[{"question": second.pk, "answer": "minor", "evidence": "e"}],
        )
        == 1
    )
    assert services.audit_efficacy(audit).score == 75.0  # (1 + 0.5) / 2


def test_reporting_needs_a_complete_checklist_and_a_conclusion(world):
    audit = world.audit()
    services.checklist_add_from_clauses(user=world.lead.user, audit=audit, clauses=list(audit.criteria.all()))
    services.audit_set_status(user=world.lead.user, audit=audit, status=AuditStatus.PREPARED)
    services.audit_set_status(user=world.lead.user, audit=audit, status=AuditStatus.IN_PROGRESS)
    with pytest.raises(ValidationError, match="2"):
        services.audit_set_status(user=world.lead.user, audit=audit, status=AuditStatus.REPORTED)
    ChecklistQuestion.objects.filter(audit=audit).update(answer=Answer.CONFORM)
    with pytest.raises(ValidationError):
        services.audit_set_status(user=world.lead.user, audit=audit, status=AuditStatus.REPORTED)
    services.audit_update(user=world.lead.user, audit=audit, conclusion="Processus maîtrisé.")
    services.audit_set_status(
        user=world.lead.user, audit=audit, status=AuditStatus.REPORTED, today=date(2026, 3, 12)
    )
    assert audit.reported_on == date(2026, 3, 12)
    # Closing is for the QSSE manager (CLOSE), not the auditor.
    with pytest.raises(PermissionDenied):
        services.audit_set_status(user=world.lead.user, audit=audit, status=AuditStatus.CLOSED)
    services.audit_set_status(user=world.manager.user, audit=audit, status=AuditStatus.CLOSED)
    with pytest.raises(ValidationError, match="clôturé"):
        services.audit_update(user=world.manager.user, audit=audit, scope="x")


def test_auditor_outside_the_team_cannot_edit(world, member, site_a):
    other = member(Role.AUDITOR, site=site_a, username="other")
    audit = world.audit()
    with pytest.raises(PermissionDenied):
        services.audit_update(user=other.user, audit=audit, scope="x")


def test_meeting_saved_once_per_kind(world):
    audit = world.audit()
    held = timezone.make_aware(datetime(2026, 3, 10, 8, 30))
    services.meeting_save(
        user=world.lead.user, audit=audit, kind="opening", held_at=held, attendees=[world.owner]
    )
    services.meeting_save(user=world.lead.user, audit=audit, kind="opening", held_at=held, agenda="Périmètre")
    assert audit.meetings.count() == 1
    assert audit.meetings.get().agenda == "Périmètre"


def test_programme_item_frequency_and_year_range(world):
    programme = services.programme_create(
        user=world.manager.user,
        title="Programme triennal",
        start_year=2025,
        end_year=2027,
        standards=[world.iso9001],
    )
    item = services.programme_item_create(
        user=world.manager.user, programme=programme, process=world.process, planned_year=2026,
        risk_level="high", last_result="good",
    )  # fmt: skip
    assert item.frequency_years == 1
    with pytest.raises(ValidationError):
        services.programme_item_create(
            user=world.manager.user, programme=programme, process=world.process, planned_year=2029
        )
    with pytest.raises(ValidationError):
        services.programme_item_create(user=world.manager.user, programme=programme, planned_year=2026)


def test_programme_coverage_selector(world):
    from qsse.audits.selectors import programme_coverage_for

    purchasing = make_process("REA-03", "Achats")
    programme = services.programme_create(
        user=world.manager.user, title="Programme", start_year=2025, end_year=2027, standards=[world.iso9001]
    )
    world.audit()  # 2026, planned, criteria 8.5 and 7.1
    services.programme_item_create(
        user=world.manager.user, programme=programme, process=purchasing, planned_year=2027
    )
    coverage = programme_coverage_for(world.manager.user, programme)
    rows = {row.process_id: row for row in coverage.rows}
    assert [c.state for c in rows[world.process.pk].cells] == ["none", "planned", "none"]
    assert [c.state for c in rows[purchasing.pk].cells] == ["none", "none", "planned"]
    assert coverage.uncovered_process_ids == ()
    assert coverage.covered_clauses == ("ISO 9001:2015|7", "ISO 9001:2015|8")
    assert len(coverage.uncovered_clauses) == 5
