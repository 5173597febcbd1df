"""The shared attachment, comment and history panels of qsse/core on a document, under the documents'
access rule (registered with qsse.core.registry.register_object_rule), and the paper original's
archive location."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qsse.core.choices import Operation, Role
from qsse.core.models import Attachment, Comment
from qsse.core.permissions import can, scope_queryset
from qsse.core.registry import object_rules_for
from qsse.documents import access, services
from qsse.documents.models import Document, DocumentType, DocumentVersion, DownloadLog

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def _attach(client, document, name="grille-salaires.pdf"):
    content_type_id = ContentType.objects.get_for_model(Document).pk
    url = reverse("core:attachment_upload", args=[content_type_id, document.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, PDF), "description": "Annexe"})


def test_the_documents_rule_is_the_one_core_asks():
    assert [rule.check for rule in object_rules_for(Document)] == [access.document_rule]
    assert [rule.check for rule in object_rules_for(DocumentVersion)] == [access.version_rule]


def test_core_views_refuse_a_reader_without_rights_with_404(client, published, manager, member):
    document, _r, _a = published(title="Politique de rémunération", confidentiality="confidential")
    client.force_login(manager.user)
    assert _attach(client, document).status_code == 302
    attachment = Attachment.objects.get()
    # A contributor could comment on and attach to a record by role; not on a confidential document.
    for role in (Role.READER, Role.CONTRIBUTOR):
        outsider = member(role)
        client.force_login(outsider.user)
        assert can(outsider.user, Operation.VIEW, document) is False
        content_type_id = ContentType.objects.get_for_model(Document).pk
        assert client.get(reverse("core:attachment_download", args=[attachment.pk])).status_code == 404
        assert _attach(client, document, "autre.pdf").status_code == 404
        comment_url = reverse("core:comment_add", args=[content_type_id, document.pk])
        assert client.post(comment_url, {"body": "Vu"}).status_code == 404
        assert client.post(reverse("core:attachment_delete", args=[attachment.pk])).status_code == 404
        version_type_id = ContentType.objects.get_for_model(DocumentVersion).pk
        version_comment = reverse("core:comment_add", args=[version_type_id, document.current_version_id])
        assert client.post(version_comment, {"body": "Vu"}).status_code == 404
    assert (Attachment.objects.count(), Comment.objects.count(), DownloadLog.objects.count()) == (1, 0, 0)


def test_a_user_with_rights_downloads_and_the_download_is_logged(client, published, manager, member):
    granted = member(Role.READER)
    document, _r, _a = published(title="Accord CSE", confidentiality="confidential")
    services.document_update(user=manager.user, document=document, granted_people=[granted])
    client.force_login(manager.user)
    _attach(client, document)
    attachment = Attachment.objects.get()
    client.force_login(granted.user)
    page = client.get(document.get_absolute_url()).content.decode()
    assert 'id="attachments-title"' in page and "grille-salaires.pdf" in page
    assert 'id="comments-title"' in page
    assert 'id="history-title"' not in page  # the history is for the document's editors
    response = client.get(reverse("core:attachment_download", args=[attachment.pk]), REMOTE_ADDR="10.0.0.7")
    assert b"".join(response.streaming_content) == PDF
    comment_url = reverse(
        "core:comment_add", args=[ContentType.objects.get_for_model(Document).pk, document.pk]
    )
    assert client.post(comment_url, {"body": "Lu"}).status_code == 302
    log = DownloadLog.objects.get()
    assert (log.user_id, log.version_id, log.what, log.detail, log.ip_address) == (
        granted.user_id,
        document.current_version_id,
        "attachment",
        "grille-salaires.pdf",
        "10.0.0.7",
    )
    client.force_login(manager.user)
    page = client.get(reverse("documents:download_log")).content.decode()
    assert "attachment : grille-salaires.pdf" in page
    page = client.get(document.get_absolute_url()).content.decode()
    assert 'id="history-title"' in page and "Pièce jointe ajoutée" in page and "Lu" in page


def test_downloads_of_other_documents_attachments_are_not_logged(client, published, manager):
    document, _r, _a = published(title="Procédure interne")
    client.force_login(manager.user)
    _attach(client, document, "annexe.pdf")
    response = client.get(reverse("core:attachment_download", args=[Attachment.objects.get().pk]))
    assert b"".join(response.streaming_content) == PDF
    assert DownloadLog.objects.count() == 0


def test_scope_queryset_applies_the_documents_rule(published, member):
    confidential, _r, _a = published(title="Salaires", confidentiality="confidential")
    internal, _r2, _a2 = published(title="Accueil")
    reader = member(Role.READER)
    visible = scope_queryset(reader.user, Document.objects.order_by("reference"))
    assert list(visible.values_list("pk", flat=True)) == [internal.pk]
    versions = scope_queryset(reader.user, DocumentVersion.objects.all())
    assert list(versions.values_list("pk", flat=True)) == [internal.current_version_id]
    assert confidential.pk not in visible.values_list("pk", flat=True)


def test_paper_original_location_in_form_page_and_api(client, manager, quality_process):
    client.force_login(manager.user)
    form = client.get(reverse("documents:document_create")).content.decode()
    assert (
        "original papier : emplacement" in form.lower()
        and "original papier : boîte ou classeur" in form.lower()
    )
    client.post(
        reverse("documents:document_create"),
        {
            "document_type": DocumentType.objects.get(code="record").pk,
            "title": "Registre des habilitations électriques",
            "owner": manager.pk,
            "process": quality_process.pk,
            "confidentiality": "internal",
            "content_kind": "file",
            "review_months": 36,
            "paper_location": "Bâtiment A, salle des archives, armoire 3",
            "paper_reference": "Boîte 12",
        },
    )
    document = Document.objects.get(title="Registre des habilitations électriques")
    assert (document.paper_location, document.paper_reference) == (
        "Bâtiment A, salle des archives, armoire 3",
        "Boîte 12",
    )
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Bâtiment A, salle des archives, armoire 3 · Boîte 12" in page
    row = client.get(f"/api/v1/documents/documents/{document.pk}/").json()
    assert (row["paper_location"], row["paper_reference"]) == (
        "Bâtiment A, salle des archives, armoire 3",
        "Boîte 12",
    )
