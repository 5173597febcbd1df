"""Life-cycle rules of documents, through the real services."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from qsse.core.choices import Role
from qsse.core.models import Notification
from qsse.documents import services
from qsse.documents.models import DocumentType, ReadRequest, SignatureAttempt

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_references_follow_the_type_and_process(make_document, manager):
    first = make_document(title="Maîtrise des documents")
    second = make_document(title="Audits internes")
    manual = make_document(
        title="Manuel qualité", document_type=DocumentType.objects.get(code="manual"), process=None
    )
    assert (first.reference, second.reference, manual.reference) == ("PRO-QUA-001", "PRO-QUA-002", "MAN-01")
    version = first.versions.get()
    assert (version.label, version.status) == ("1.0", "draft")
    assert first.status == "in_preparation" and first.review_months == 36


def test_a_reader_cannot_create(member, procedure_type):
    reader = member(Role.READER)
    with pytest.raises(PermissionDenied):
        services.document_create(user=reader.user, document_type=procedure_type, title="X", owner=reader)


def test_submission_needs_content_reviewer_and_approver(make_document, manager):
    version = make_document().versions.get()
    with pytest.raises(ValidationError) as error:
        services.version_submit(user=manager.user, version=version)
    assert error.value.messages == [
        "Rédigez le contenu ou déposez le fichier d'abord.",
        "Choisissez au moins un vérificateur.",
        "Choisissez au moins un approbateur.",
    ]


def test_full_life_cycle_with_signatures_and_obsolete_previous(published, manager, member):
    reader = member(Role.READER)
    document, reviewer, approver = published(distribution_people=[reader])
    first = document.current_version
    assert (first.status, document.status) == ("published", "in_force")
    assert document.next_review_on == first.effective_on.replace(year=first.effective_on.year + 3)
    assert list(first.signatures.values_list("meaning", "signer_id")) == [
        ("reviewed", reviewer.user_id),
        ("approved", approver.user_id),
    ]
    assert ReadRequest.objects.filter(version=first, person=reader, acknowledged_at__isnull=True).exists()

    # A major revision: 2.0 copies the content, then goes through the same cycle.
    second = services.version_create(
        user=manager.user, document=document, is_major=True, change_description="Refonte"
    )
    assert (second.label, second.purpose) == ("2.0", "Décrire la maîtrise.")
    with pytest.raises(ValidationError):  # one open version at a time
        services.version_create(user=manager.user, document=document, is_major=False)
    services.version_submit(user=manager.user, version=second)
    services.version_sign(user=reviewer.user, version=second, meaning="reviewed", password=PASSWORD)
    services.version_sign(user=approver.user, version=second, meaning="approved", password=PASSWORD)
    second.refresh_from_db()
    services.version_publish(user=manager.user, version=second)
    first.refresh_from_db()
    document.refresh_from_db()
    assert (first.status, second.status) == ("obsolete", "published")
    assert first.obsolete_at is not None and document.current_version == second
    # A minor revision after 2.0 is 2.1.
    assert services.version_create(user=manager.user, document=document, is_major=False).label == "2.1"


def test_wrong_password_refused_and_logged_then_locked(make_document, manager, member):
    reviewer = member(Role.PROCESS_OWNER)
    version = make_document().versions.get()
    services.version_update(
        user=manager.user,
        version=version,
        sections={"purpose": "P"},
        reviewers=[reviewer],
        approvers=[manager],
    )
    services.version_submit(user=manager.user, version=version)
    with pytest.raises(ValidationError) as error:
        services.version_sign(user=reviewer.user, version=version, meaning="reviewed", password="wrong")
    assert error.value.message_dict == {"password": ["Mot de passe incorrect : la signature est refusée."]}
    assert version.signatures.count() == 0
    attempt = SignatureAttempt.objects.get()
    assert (attempt.user_id, attempt.succeeded, attempt.meaning) == (reviewer.user_id, False, "reviewed")
    # The approver may not sign before the review.
    with pytest.raises(ValidationError):
        services.version_sign(user=manager.user, version=version, meaning="approved", password=PASSWORD)
    for _ in range(4):
        with pytest.raises(ValidationError):
            services.version_sign(user=reviewer.user, version=version, meaning="reviewed", password="wrong")
    # Five wrong passwords in a row: even the right one is refused now.
    with pytest.raises(ValidationError) as error:
        services.version_sign(user=reviewer.user, version=version, meaning="reviewed", password=PASSWORD)
    assert error.value.message_dict == {
        "password": ["Trop de mots de passe incorrects : la signature est bloquée pendant 30 minutes."]
    }
    assert SignatureAttempt.objects.filter(succeeded=False).count() == 5
    assert version.signatures.count() == 0


def test_only_named_signers_sign(make_document, manager, member):
    reviewer, outsider = member(Role.PROCESS_OWNER), member(Role.PROCESS_OWNER)
    version = make_document().versions.get()
    services.version_update(
        user=manager.user,
        version=version,
        sections={"purpose": "P"},
        reviewers=[reviewer],
        approvers=[manager],
    )
    services.version_submit(user=manager.user, version=version)
    with pytest.raises(PermissionDenied):  # not named: the draft does not exist for them
        services.version_sign(user=outsider.user, version=version, meaning="reviewed", password=PASSWORD)
    services.version_sign(user=reviewer.user, version=version, meaning="reviewed", password=PASSWORD)
    with pytest.raises(ValidationError):  # never twice in a cycle
        services.version_sign(user=reviewer.user, version=version, meaning="reviewed", password=PASSWORD)


def test_rejection_starts_a_new_cycle_and_frozen_versions_cannot_be_edited(make_document, manager, member):
    reviewer = member(Role.PROCESS_OWNER)
    version = make_document().versions.get()
    services.version_update(
        user=manager.user,
        version=version,
        sections={"purpose": "P"},
        reviewers=[reviewer],
        approvers=[manager],
    )
    services.version_submit(user=manager.user, version=version)
    with pytest.raises(ValidationError):
        services.version_update(user=manager.user, version=version, sections={"purpose": "changed"})
    services.version_sign(user=reviewer.user, version=version, meaning="reviewed", password=PASSWORD)
    with pytest.raises(ValidationError):
        services.version_reject(user=reviewer.user, version=version, reason=" ")
    services.version_reject(user=reviewer.user, version=version, reason="Section 3 incomplète")
    version.refresh_from_db()
    assert (version.status, version.review_cycle) == ("draft", 2)
    services.version_update(user=manager.user, version=version, sections={"purpose": "P2"})
    services.version_submit(user=manager.user, version=version)
    # The review of cycle 1 does not count: the reviewer signs again before the approver.
    assert services.expected_meaning(manager.user, version) is None
    assert services.expected_meaning(reviewer.user, version) == "reviewed"


def test_publish_needs_approval_and_the_right(published, make_document, manager, member):
    version = make_document().versions.get()
    with pytest.raises(ValidationError):
        services.version_publish(user=manager.user, version=version)
    document, _reviewer, _approver = published()
    contributor = member(Role.CONTRIBUTOR)
    with pytest.raises(PermissionDenied):
        services.document_withdraw(user=contributor.user, document=document, reason="x")
    services.document_withdraw(user=manager.user, document=document, reason="Remplacé par PRO-QUA-009")
    document.refresh_from_db()
    assert (document.status, document.current_version, document.versions.get().status) == (
        "withdrawn",
        None,
        "archived",
    )


def test_distribution_by_role_and_site_and_acknowledgement(published, member, site_b):
    operator_a = member(Role.CONTRIBUTOR)
    auditor = member(Role.AUDITOR)
    operator_b = member(Role.READER, site=site_b)
    document, reviewer, approver = published(distribution_roles=["auditor"], distribution_sites=[site_b])
    version = document.current_version
    asked = set(ReadRequest.objects.filter(version=version).values_list("person_id", flat=True))
    assert asked == {auditor.pk, operator_b.pk}
    assert operator_a.pk not in asked
    assert Notification.objects.filter(recipient=auditor.user, kind="document_read").count() == 1
    services.read_acknowledge(user=auditor.user, version=version)
    from qsse.documents import selectors

    stats = selectors.read_stats(version)
    assert (stats["requested"], stats["acknowledged"], stats["rate"]) == (2, 1, 50.0)


def test_reminders_for_unread_versions_and_periodic_reviews(published, member, manager):
    reader = member(Role.READER)
    document, _r, _a = published(distribution_people=[reader])
    request = ReadRequest.objects.get(person=reader)
    today = timezone.localdate()
    assert services.document_reminders_send(today) == 0  # asked today: nothing to remind yet
    ReadRequest.objects.filter(pk=request.pk).update(requested_at=timezone.now() - timedelta(days=15))
    document.__class__.objects.filter(pk=document.pk).update(next_review_on=today + timedelta(days=10))
    assert services.document_reminders_send(today) == 2
    assert services.document_reminders_send(today) == 0  # the same day: nothing new
    assert Notification.objects.filter(recipient=manager.user, kind="document_review_due").count() == 1
    services.review_record(user=manager.user, document=document, today=today)
    document.refresh_from_db()
    from qsse.documents.calculations import add_months

    assert document.next_review_on == add_months(today, 36)
