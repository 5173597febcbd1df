"""Loading libraries (the watch), applicability proposals and decisions, conformity assessments."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from qsse.actions.models import Action
from qsse.compliance import services
from qsse.compliance.choices import Applicability, ChangeKind, ConformityStatus
from qsse.compliance.library_files import LibraryFileError
from qsse.compliance.models import ComplianceAssessment, Requirement, RequirementLibrary
from qsse.core.choices import Role

from .factories import V1, V2

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, all_sites=True)


@pytest.fixture
def loaded(manager, site_a, site_b):
    """V1 loaded, site A (95 people, 2910, forklifts) and site B (30 people, nothing) profiled."""
    site_a.headcount, site_b.headcount = 95, 30
    site_a.save()
    site_b.save()
    services.profile_save(user=manager.user, site=site_a, icpe_rubriques=["2910"], equipment=["forklifts"])
    services.profile_save(user=manager.user, site=site_b)
    return services.library_import(user=manager.user, content=V1)


def assessment(site, key):
    return ComplianceAssessment.objects.get(site=site, requirement__key=key)


def test_first_load_creates_requirements_and_proposals(loaded, site_a, site_b):
    assert loaded.diff.added == ("boiler", "cse", "duer", "forklift")
    library = RequirementLibrary.objects.get(code="test-ohs")
    assert library.current_version == loaded.version
    assert library.requirements.count() == 4
    # organisation headcount 125 (factory) >= 11: CSE applies to both sites
    assert assessment(site_a, "cse").is_applicable and assessment(site_b, "cse").is_applicable
    boiler_b = assessment(site_b, "boiler")
    assert not boiler_b.proposed_applicable
    assert boiler_b.status == ConformityStatus.NOT_APPLICABLE
    assert "✗" in boiler_b.proposed_reason
    assert assessment(site_a, "boiler").is_applicable
    assert assessment(site_a, "forklift").status == ConformityStatus.TO_ASSESS
    assert ComplianceAssessment.objects.count() == 8


def test_new_version_diff_and_watch_flags(loaded, manager, site_a):
    services.assessment_record(
        user=manager.user, assessment=assessment(site_a, "cse"), status=ConformityStatus.COMPLIANT
    )
    result = services.library_import(user=manager.user, content=V2)
    assert result.diff.added == ("noise",)
    assert result.diff.modified == (("cse", ("summary_fr",)),)
    assert result.diff.repealed == ("boiler",)
    assert result.diff.unchanged == 2
    # 2 sites × (cse modified + boiler repealed)
    assert result.flagged == 4
    cse = assessment(site_a, "cse")
    assert cse.needs_review and cse.flagged_in == result.version
    assert "2026.2" in cse.review_reason
    assert not Requirement.objects.get(key="boiler").is_in_force
    change = result.version.changes.get(kind=ChangeKind.MODIFIED)
    assert change.before == {"summary_fr": "Mettre en place un CSE à partir de 11 salariés."}
    assert change.after == {"summary_fr": "Mettre en place un CSE dès 11 salariés pendant 12 mois."}
    assert ComplianceAssessment.objects.filter(requirement__key="noise").count() == 2
    # re-assessing clears the flag
    services.assessment_record(user=manager.user, assessment=cse, status=ConformityStatus.COMPLIANT)
    cse.refresh_from_db()
    assert not cse.needs_review and cse.flagged_in is None


def test_broken_file_leaves_library_untouched(loaded, manager):
    broken = V2.replace("title: Bruit", "titre: Bruit")
    with pytest.raises(LibraryFileError) as caught:
        services.library_import(user=manager.user, content=broken)
    assert [(e.entry, e.field) for e in caught.value.errors] == [("noise", "titre"), ("noise", "title")]
    library = RequirementLibrary.objects.get(code="test-ohs")
    assert library.current_version.number == "2026.1"
    assert library.versions.count() == 1
    assert Requirement.objects.get(key="boiler").is_in_force
    assert not ComplianceAssessment.objects.filter(needs_review=True).exists()


def test_same_version_twice_is_refused(loaded, manager):
    with pytest.raises(LibraryFileError):
        services.library_import(user=manager.user, content=V1)


def test_reader_cannot_import(member, site_a):
    reader = member(Role.READER)
    with pytest.raises(PermissionDenied):
        services.library_import(user=reader.user, content=V1)
    assert not RequirementLibrary.objects.exists()


def test_override_needs_justification(loaded, manager, site_b):
    boiler = assessment(site_b, "boiler")
    with pytest.raises(ValidationError):
        services.applicability_decide(user=manager.user, assessment=boiler, is_applicable=True)
    services.applicability_decide(
        user=manager.user,
        assessment=boiler,
        is_applicable=True,
        justification="Chaudière mobile louée l'hiver.",
    )
    boiler.refresh_from_db()
    assert boiler.applicability == Applicability.OVERRIDDEN
    assert boiler.is_applicable and boiler.status == ConformityStatus.TO_ASSESS
    # a confirmation keeps the proposal
    cse = assessment(site_b, "cse")
    services.applicability_decide(user=manager.user, assessment=cse, is_applicable=True)
    cse.refresh_from_db()
    assert cse.applicability == Applicability.CONFIRMED


def test_profile_change_refreshes_unconfirmed_proposals_and_flags_confirmed(loaded, manager, site_a, site_b):
    forklift_b = assessment(site_b, "forklift")
    assert not forklift_b.is_applicable
    boiler_a = assessment(site_a, "boiler")
    services.applicability_decide(user=manager.user, assessment=boiler_a, is_applicable=True)
    services.profile_save(user=manager.user, site=site_b, equipment=["forklifts"])
    services.profile_save(user=manager.user, site=site_a, icpe_rubriques=[], equipment=["forklifts"])
    forklift_b.refresh_from_db()
    assert forklift_b.is_applicable and forklift_b.status == ConformityStatus.TO_ASSESS
    boiler_a.refresh_from_db()
    assert boiler_a.applicability == Applicability.PROPOSED
    assert not boiler_a.is_applicable and boiler_a.needs_review


def test_gap_opens_an_action_once(loaded, manager, site_a):
    forklift = assessment(site_a, "forklift")
    services.assessment_record(
        user=manager.user,
        assessment=forklift,
        status=ConformityStatus.NONCOMPLIANT,
        evidence="Registre de sécurité",
        comment="Dernière VGP de mars : 9 mois.",
        gap_severity="major",
        gap_likelihood=3,
        gap_impact=4,
        assessed_on=date(2026, 11, 30),
    )
    forklift.refresh_from_db()
    action = forklift.action
    assert action is not None
    assert action.origin_object_id == forklift.pk
    assert action.site_id == site_a.pk
    assert action.owner == manager
    assert action.due_on == timezone.localdate() + timedelta(days=30)
    assert action.title == "Écart : Arrêté du 1er mars 2004, art. 23"
    # periodicity 6 months
    assert forklift.next_assessment_on == date(2027, 5, 30)
    services.assessment_record(user=manager.user, assessment=forklift, status=ConformityStatus.PARTIAL)
    assert Action.objects.count() == 1
    services.assessment_record(user=manager.user, assessment=forklift, status=ConformityStatus.COMPLIANT)
    forklift.refresh_from_db()
    assert forklift.gap_severity == ""
    assert (forklift.gap_likelihood, forklift.gap_impact, forklift.gap_score) == (None, None, None)


def test_not_applicable_cannot_be_assessed(loaded, manager, site_b):
    with pytest.raises(ValidationError):
        services.assessment_record(
            user=manager.user, assessment=assessment(site_b, "boiler"), status="compliant"
        )


def test_contributor_of_other_site_cannot_assess(loaded, member, site_a, site_b):
    contributor = member(Role.CONTRIBUTOR, site=site_b)
    with pytest.raises(PermissionDenied):
        services.assessment_record(
            user=contributor.user, assessment=assessment(site_a, "cse"), status="compliant"
        )
