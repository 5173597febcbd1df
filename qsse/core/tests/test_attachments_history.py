from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from qsse.core.choices import Role
from qsse.core.history import history_for
from qsse.core.models import Attachment, Comment
from qsse.core.services import attachment_add, comment_add, validate_attachment
from qsse.nonconformities.models import Nonconformity

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def nc(site_a):
    return Nonconformity.objects.create(
        reference="NC-2026-0042", title="Scratch", site=site_a, detected_on=date(2026, 5, 4)
    )


def test_pdf_with_pdf_content_is_accepted():
    assert validate_attachment(SimpleUploadedFile("report.PDF", PDF)) == ".pdf"


def test_oversized_upload_is_refused_with_sizes_in_the_message(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    with translation.override("en"), pytest.raises(ValidationError) as error:
        validate_attachment(SimpleUploadedFile("big.pdf", PDF + b"0" * 2000))
    assert "1.0\xa0KB" in error.value.messages[0]


def test_disallowed_type_and_disguised_content_are_refused():
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        validate_attachment(SimpleUploadedFile("tool.exe", b"MZ\x90\x00"))
    assert "ne sont pas acceptés" in error.value.messages[0]
    with pytest.raises(ValidationError):
        validate_attachment(SimpleUploadedFile("photo.png", b"MZ\x90\x00 not a png"))


def test_attachment_needs_edit_right(nc, member):
    reader = member(Role.READER)
    with pytest.raises(PermissionDenied):
        attachment_add(user=reader.user, target=nc, upload=SimpleUploadedFile("a.pdf", PDF))
    assert Attachment.objects.count() == 0


def test_upload_view_refuses_and_keeps_nothing(client, nc, member, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    manager = member(Role.QSSE_MANAGER)
    client.force_login(manager.user)
    url = reverse("core:attachment_upload", args=[ContentType.objects.get_for_model(nc).pk, nc.pk])
    response = client.post(url, {"file": SimpleUploadedFile("big.pdf", PDF * 20)}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    assert Attachment.objects.count() == 0
    settings.ATTACHMENT_MAX_BYTES = 10_000
    client.post(url, {"file": SimpleUploadedFile("ok.pdf", PDF), "description": "Photo"})
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.size, attachment.mime_type) == (
        "ok.pdf",
        len(PDF),
        "application/pdf",
    )
    download = client.get(reverse("core:attachment_download", args=[attachment.pk]))
    assert b"".join(download.streaming_content) == PDF


def test_history_lists_field_changes_with_actor(nc, member):
    manager = member(Role.QSSE_MANAGER)
    nc.title = "Deep scratch"
    nc._history_user = manager.user
    nc.save()
    with translation.override("en"):
        entries = history_for(nc)
    assert [entry.kind for entry in entries] == ["created", "changed"]
    change = entries[1].changes[0]
    assert (change.label, change.old, change.new) == ("Title", "Scratch", "Deep scratch")
    assert entries[1].actor == manager.user.username


def test_comments_are_kept_and_blank_ones_refused(nc, member):
    reader = member(Role.READER)
    comment_add(user=reader.user, target=nc, body="  Seen on line 3  ")
    assert Comment.objects.get().body == "Seen on line 3"
    with pytest.raises(ValidationError):
        comment_add(user=reader.user, target=nc, body="   ")


def test_a_workflow_step_shows_once_with_its_field_changes(nc, member):
    from qsse.core.services import event_record

    manager = member(Role.QSSE_MANAGER)
    nc.status = "analysis"
    nc._history_user = manager.user
    nc.save()
    event_record(actor=manager.user, target=nc, verb="Status changed", detail="Open → Analysis")
    with translation.override("en"):
        entries = history_for(nc)
    assert [(entry.kind, entry.title) for entry in entries] == [
        ("created", "Created"),
        ("event", "Status changed"),
    ]
    assert [(c.label, c.old, c.new) for c in entries[1].changes] == [("Status", "Open", "Analysis")]


def test_notification_is_stored_and_mailed_after_commit(
    member, django_capture_on_commit_callbacks, mailoutbox
):
    from qsse.core.models import Notification
    from qsse.core.services import notification_send

    person = member(Role.CONTRIBUTOR)
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(
            recipient=person.user,
            subject="Action assignée",
            body="ACT-2026-0001",
            url="/actions/1/",
            dedup_key="assigned-1",
        )
        notification_send(recipient=person.user, subject="Action assignée", dedup_key="assigned-1")
    assert Notification.objects.filter(recipient=person.user).count() == 1
    assert [(mail.subject, mail.to) for mail in mailoutbox] == [("Action assignée", [person.user.email])]
    assert mailoutbox[0].body == "ACT-2026-0001\n\nhttp://127.0.0.1:8000/actions/1/"


def test_a_mail_server_failure_does_not_break_the_action(member, settings, caplog):
    from qsse.core.services import _send_email

    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
        }
    }
    _send_email("Subject", "Body", "someone@example.test")
    assert "could not be sent" in caplog.text


def test_a_business_event_verb_longer_than_its_column_is_refused_on_every_database(nc, member):
    """PostgreSQL refuses a 61-character verb in a varchar(60) (the whole transaction fails); SQLite
    would store it: the service refuses it on both, so the suite finds it on SQLite too."""
    from qsse.core.models import BusinessEvent
    from qsse.core.services import event_record

    manager = member(Role.QSSE_MANAGER)
    event_record(actor=manager.user, target=nc, verb="x" * 60)
    with pytest.raises(ValueError, match="longer than 60 characters"):
        event_record(actor=manager.user, target=nc, verb="x" * 61)
    assert BusinessEvent.objects.filter(object_id=nc.pk).count() == 1
