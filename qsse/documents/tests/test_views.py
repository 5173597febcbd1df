"""Pages: master list and exports, the editor, signing, tamper evidence, confidential documents."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qsse.core.choices import Role
from qsse.documents import services
from qsse.documents.models import DocumentType, DocumentVersion, DownloadLog, Signature, SignatureAttempt

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_signed_record_changed_in_the_database_is_shown_altered(client, published, manager):
    document, _reviewer, _approver = published()
    version = document.current_version
    client.force_login(manager.user)
    page = client.get(reverse("documents:version_detail", args=[version.pk])).content.decode()
    assert page.count('data-valid="true"') == 2 and 'id="tamper-alert"' not in page

    # Someone edits the approved text behind the application's back.
    DocumentVersion.objects.filter(pk=version.pk).update(description="1. Rédiger\n2. Publier sans vérifier")
    page = client.get(reverse("documents:version_detail", args=[version.pk])).content.decode()
    assert 'id="tamper-alert"' in page
    assert page.count('data-valid="false"') == 2  # both signatures covered the changed content
    assert "Enregistrement altéré" in page


def test_signature_record_changed_is_shown_altered(client, published, manager):
    document, _reviewer, _approver = published()
    version = document.current_version
    signature = version.signatures.get(meaning="approved")
    # The approval is reassigned to someone else directly in the table.
    Signature.objects.filter(pk=signature.pk).update(signer_name="Quelqu'un d'autre")
    client.force_login(manager.user)
    page = client.get(reverse("documents:version_detail", args=[version.pk])).content.decode()
    assert page.count('data-valid="false"') == 1 and page.count('data-valid="true"') == 1
    assert "l'enregistrement de la signature a été modifié" in page


def test_write_submit_sign_in_pages(client, manager, member, quality_process):
    reviewer = member(Role.PROCESS_OWNER, all_sites=True)
    client.force_login(manager.user)
    response = client.post(
        reverse("documents:document_create"),
        {
            "document_type": DocumentType.objects.get(code="procedure").pk,
            "title": "Maîtrise des produits non conformes",
            "owner": manager.pk,
            "process": quality_process.pk,
            "confidentiality": "internal",
            "content_kind": "written",
        },
    )
    version = DocumentVersion.objects.get(document__title="Maîtrise des produits non conformes")
    assert response.url == reverse("documents:version_edit", args=[version.pk])
    assert version.document.reference == "PRO-QUA-001"
    response = client.post(
        reverse("documents:version_edit", args=[version.pk]),
        {
            "purpose": "Isoler le produit **non conforme**.",
            "description": "<script>alert(1)</script>\n\n- Identifier\n- Isoler",
            "reviewers": [reviewer.pk],
            "approvers": [manager.pk],
            "is_major": "on",
            "submit": "1",
        },
    )
    version.refresh_from_db()
    assert version.status == "in_review"
    page = client.get(version.get_absolute_url()).content.decode()
    assert "<strong>non conforme</strong>" in page and "<li>Isoler</li>" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    client.force_login(reviewer.user)
    sign_url = reverse("documents:version_sign", args=[version.pk])
    response = client.post(sign_url, {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert "Mot de passe incorrect : la signature est refusée." in response.content.decode()
    assert SignatureAttempt.objects.filter(succeeded=False).count() == 1
    response = client.post(sign_url, {"password": PASSWORD, "confirm": "on", "comment": "RAS"})
    assert response.status_code == 302
    signature = version.signatures.get()
    assert (signature.meaning, signature.signer_name, signature.comment) == ("reviewed", str(reviewer), "RAS")


def test_confidential_document_hidden_from_a_reader(client, published, member):
    document, _r, _a = published(title="Plan de rémunération", confidentiality="confidential")
    reader = member(Role.READER)
    client.force_login(reader.user)
    assert document.reference not in client.get(reverse("documents:document_list")).content.decode()
    assert client.get(reverse("documents:document_detail", args=[document.pk])).status_code == 404
    version_pk = document.current_version_id
    assert client.get(reverse("documents:version_detail", args=[version_pk])).status_code == 404
    assert client.get(reverse("documents:version_pdf", args=[version_pk])).status_code == 404
    assert client.get(reverse("documents:version_file", args=[version_pk])).status_code == 404
    assert (
        document.reference not in client.get(reverse("core:search"), {"q": "rémunération"}).content.decode()
    )
    assert client.get(f"/api/v1/documents/documents/{document.pk}/").status_code == 404
    assert client.get(f"/api/v1/documents/versions/{version_pk}/").status_code == 404
    assert document.reference not in client.get("/api/v1/documents/documents/").content.decode()
    assert DownloadLog.objects.count() == 0


def test_uploaded_pdf_preview_and_logged_download(client, make_document, manager, member):
    document = make_document(
        title="Rapport d'audit de certification",
        document_type=DocumentType.objects.get(code="record"),
        confidentiality="confidential",
    )
    assert document.content_kind == "file"
    version = document.versions.get()
    upload = SimpleUploadedFile("rapport.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    services.version_update(user=manager.user, version=version, upload=upload)
    version.refresh_from_db()
    assert (version.file_name, version.file_size, version.file_mime) == ("rapport.pdf", 13, "application/pdf")
    client.force_login(manager.user)
    page = client.get(version.get_absolute_url()).content.decode()
    assert f'src="{reverse("documents:version_file", args=[version.pk])}?inline=1"' in page
    response = client.get(reverse("documents:version_file", args=[version.pk]), {"inline": "1"})
    assert response["Content-Disposition"].startswith("inline")
    response = client.get(reverse("documents:version_file", args=[version.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert list(DownloadLog.objects.values_list("what", "user_id")) == [
        ("file", manager.user_id),
        ("preview", manager.user_id),
    ]
    bad = SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")
    with pytest.raises(ValidationError):  # a text file is not a controlled document format
        services.version_update(user=manager.user, version=version, upload=bad)


def test_master_list_exports_and_procedure_pdf(client, published, manager):
    document, _r, _a = published(title="Maîtrise des documents")
    client.force_login(manager.user)
    response = client.get(reverse("documents:document_list"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    response = client.get(reverse("documents:document_list"), {"export": "pdf"})
    assert response.content.startswith(b"%PDF")
    response = client.get(reverse("documents:version_pdf", args=[document.current_version_id]))
    assert response.content.startswith(b"%PDF")


def test_master_list_query_count_does_not_grow(client, published, manager):
    published()
    client.force_login(manager.user)
    url = reverse("documents:document_list")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(4):
        published(title=f"Procédure {index}")
    with CaptureQueriesContext(connection) as more:
        assert client.get(url).status_code == 200
    assert len(more) == len(few)


def test_reader_acknowledges_and_sees_only_version_in_force(client, published, manager, member):
    reader = member(Role.READER)
    document, _r, _a = published(distribution_people=[reader])
    draft = services.version_create(
        user=manager.user, document=document, is_major=True, change_description="v2"
    )
    client.force_login(reader.user)
    assert client.get(reverse("documents:version_detail", args=[draft.pk])).status_code == 404
    page = client.get(reverse("documents:to_read")).content.decode()
    assert document.reference in page
    response = client.post(reverse("documents:version_acknowledge", args=[document.current_version_id]))
    assert response.status_code == 302
    assert document.current_version.read_requests.get(person=reader).acknowledged_at is not None
