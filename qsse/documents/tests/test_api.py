"""The API applies the same access rules and life cycle as the pages."""

import pytest

from qsse.core.choices import Role
from qsse.documents.models import DownloadLog, SignatureAttempt

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_list_is_scoped_and_versions_limited_for_readers(client, published, member, manager):
    from qsse.documents import services

    internal, _r, _a = published(title="Interne")
    published(title="Confidentiel", confidentiality="confidential")
    services.version_create(user=manager.user, document=internal, is_major=False, change_description="c")
    reader = member(Role.READER)
    client.force_login(reader.user)
    rows = client.get("/api/v1/documents/documents/").json()["results"]
    assert [row["reference"] for row in rows] == [internal.reference]
    assert rows[0]["current_version_label"] == "1.0"
    versions = client.get("/api/v1/documents/versions/").json()["results"]
    assert [(row["label"], row["status"]) for row in versions] == [("1.0", "published")]


def test_sign_through_the_api(client, make_document, manager, member):
    from qsse.documents import services

    reviewer = member(Role.PROCESS_OWNER, all_sites=True)
    version = make_document().versions.get()
    services.version_update(
        user=manager.user,
        version=version,
        sections={"purpose": "P"},
        reviewers=[reviewer],
        approvers=[manager],
    )
    client.force_login(manager.user)
    assert client.post(f"/api/v1/documents/versions/{version.pk}/submit/").json()["status"] == "in_review"
    client.force_login(reviewer.user)
    url = f"/api/v1/documents/versions/{version.pk}/sign/"
    response = client.post(url, {"meaning": "reviewed", "password": "nope"}, content_type="application/json")
    assert response.status_code == 400 and "password" in response.json()
    assert SignatureAttempt.objects.filter(succeeded=False).count() == 1
    response = client.post(
        url, {"meaning": "reviewed", "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200
    assert [(row["meaning"], row["is_valid"]) for row in response.json()] == [("reviewed", True)]


def test_a_reader_cannot_create_and_confidential_api_download_is_logged(
    client, make_document, manager, member
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qsse.documents import services
    from qsse.documents.models import DocumentType

    reader = member(Role.READER)
    client.force_login(reader.user)
    procedure = DocumentType.objects.get(code="procedure")
    response = client.post(
        "/api/v1/documents/documents/",
        {"document_type": procedure.pk, "title": "X", "owner": reader.pk},
        content_type="application/json",
    )
    assert response.status_code == 403
    document = make_document(
        confidentiality="confidential", document_type=DocumentType.objects.get(code="record")
    )
    version = document.versions.get()
    services.version_update(
        user=manager.user, version=version, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.7 x")
    )
    client.force_login(manager.user)
    response = client.get(f"/api/v1/documents/versions/{version.pk}/file/")
    assert response.status_code == 200
    assert list(DownloadLog.objects.values_list("what", flat=True)) == ["api"]
    client.force_login(reader.user)
    assert client.get(f"/api/v1/documents/versions/{version.pk}/file/").status_code == 404
