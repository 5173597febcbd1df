"""End to end in Chromium (French interface): the shared attachment panel of qsse/core on a
confidential document. The QSSE manager attaches a file; the process owner who reviewed the document
(so permitted to read it) downloads it from the page and finds the download in the log of confidential
downloads; a reader without rights gets 404 on the attachment's direct URL and on the document."""

import pytest
from playwright.sync_api import expect

from qsse.core.choices import Role
from qsse.core.models import Attachment
from qsse.core.tests.browser import axe_violations, log_in
from qsse.documents import services
from qsse.documents.models import DownloadLog
from qsse.processes import services as process_services

from .test_browser import _person, _publish_first_version, _switch_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def test_confidential_attachment_downloaded_logged_and_refused_to_a_reader(page, live_server, member, site_a):
    services.types_load()
    manager = _person(member, Role.QSSE_MANAGER, "manager", "Claire", "Morel", all_sites=True)
    reviewer = _person(member, Role.PROCESS_OWNER, "reviewer", "Luc", "Bernard", all_sites=True)
    _person(member, Role.READER, "reader", "Paul", "Robert")
    quality = process_services.process_create(
        user=manager.user, code="QUA", name="Management de la qualité", kind="management", owner=manager
    )
    document = _publish_first_version(manager, reviewer, manager, quality)
    services.document_update(user=manager.user, document=document, confidentiality="confidential")

    log_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/documents/{document.pk}/")
    panel = page.locator("#record-panels")
    expect(panel.get_by_role("heading", name="Pièces jointes (preuves)")).to_be_visible()
    page.set_input_files(
        "#attachment-file",
        files=[{"name": "grille-salaires.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.fill("#attachment-description", "Annexe confidentielle")
    panel.get_by_role("button", name="Joindre").click()
    expect(page.get_by_role("link", name="grille-salaires.pdf")).to_be_visible()
    expect(panel.get_by_role("heading", name="Historique")).to_be_visible()  # the editor sees the history
    assert axe_violations(page) == []
    attachment = Attachment.objects.get()

    _switch_user(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/documents/{document.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="grille-salaires.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "grille-salaires.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read() == PDF
    assert list(DownloadLog.objects.values_list("user_id", "what", "detail")) == [
        (reviewer.user_id, "attachment", "grille-salaires.pdf")
    ]
    page.goto(f"{live_server.url}/documents/downloads/")
    rows = page.locator("#download-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("reviewer")
    expect(rows.first).to_contain_text(document.reference)
    expect(rows.first).to_contain_text("attachment : grille-salaires.pdf")

    _switch_user(page, live_server, "reader")
    for path in (f"/attachments/{attachment.pk}/", f"/documents/{document.pk}/"):
        response = page.request.get(f"{live_server.url}{path}")
        assert response.status == 404, path
    assert DownloadLog.objects.count() == 1
