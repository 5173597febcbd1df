"""End to end in Chromium (French interface): the QSSE manager writes version 2.0 of a procedure in
the structured editor and sends it for review; the reviewer's wrong password is refused, then the
review and the approval are signed; the manager publishes and sees version 1.0 marked obsolete; an
operator acknowledges reading it. A reader without rights finds no trace of a confidential document
(list, search, direct URL, API). axe-core WCAG 2.1 AA checks of the pages on the way."""

import pytest
from playwright.sync_api import expect

from qsse.core.choices import Role
from qsse.core.tests.browser import axe_violations, log_in
from qsse.documents import services
from qsse.documents.models import DocumentType, DocumentVersion, SignatureAttempt
from qsse.processes import services as process_services

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _person(member, role, username, first, last, **kwargs):
    person = member(role, username=username, **kwargs)
    person.first_name, person.last_name = first, last
    person.save()
    return person


def _publish_first_version(manager, reviewer, operator, quality):
    document = services.document_create(
        user=manager.user,
        document_type=DocumentType.objects.get(code="procedure"),
        title="Maîtrise des produits non conformes",
        owner=manager,
        process=quality,
        distribution_people=[operator],
    )
    version = document.versions.get()
    services.version_update(
        user=manager.user,
        version=version,
        sections={"purpose": "Isoler le produit non conforme.", "description": "- Identifier\n- Isoler"},
        reviewers=[reviewer],
        approvers=[manager],
    )
    services.version_submit(user=manager.user, version=version)
    services.version_sign(user=reviewer.user, version=version, meaning="reviewed", password=PASSWORD)
    services.version_sign(user=manager.user, version=version, meaning="approved", password=PASSWORD)
    version.refresh_from_db()
    services.version_publish(user=manager.user, version=version)
    services.read_acknowledge(user=operator.user, version=version)
    return document


def _switch_user(page, live_server, username):
    page.context.clear_cookies()
    log_in(page, live_server, username)


def test_write_review_sign_publish_and_acknowledge(page, live_server, member, site_a):
    services.types_load()
    manager = _person(member, Role.QSSE_MANAGER, "manager", "Claire", "Morel", all_sites=True)
    reviewer = _person(member, Role.PROCESS_OWNER, "reviewer", "Luc", "Bernard", all_sites=True)
    operator = _person(member, Role.CONTRIBUTOR, "operator", "Inès", "Garnier")
    quality = process_services.process_create(
        user=manager.user, code="QUA", name="Management de la qualité", kind="management", owner=manager
    )
    document = _publish_first_version(manager, reviewer, operator, quality)
    log_in(page, live_server, "manager")

    # The manager starts version 2.0 from the document's page and writes it in the editor.
    page.goto(f"{live_server.url}/documents/{document.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "PRO-QUA-001 – Maîtrise des produits non conformes"
    )
    assert axe_violations(page) == []
    page.get_by_label("Description de la modification").fill("Ajout de la dérogation client")
    page.get_by_role("button", name="Démarrer une nouvelle version").click()
    expect(page.get_by_text("Brouillon de la version 2.0").first).to_be_visible()
    page.locator("#id_purpose").fill("Isoler et traiter le produit **non conforme**.")
    page.locator("#id_description").fill("- Identifier\n- Isoler\n- Demander une dérogation au client")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer et envoyer en vérification").click()
    expect(page.locator("[role=alert], .alert").filter(has_text="envoyée en vérification")).to_be_visible()
    expect(page.locator("#shown-version")).to_have_text("2.0")
    expect(page.locator("#section-purpose strong")).to_have_text("non conforme")
    version = DocumentVersion.objects.get(document=document, major=2)
    assert version.status == "in_review"

    # The reviewer signs: a wrong password is refused, then the right one is accepted.
    _switch_user(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/documents/versions/{version.pk}/")
    page.get_by_role("link", name="Signer la vérification").click()
    expect(page.locator("#sign-meaning")).to_have_text("Vérifié")
    assert axe_violations(page) == []
    page.get_by_label("Votre mot de passe").fill("not-my-password")
    page.get_by_label("Je signe cette version avec la signification indiquée ci-dessus.").check()
    page.get_by_role("button", name="Signer", exact=True).click()
    expect(page.locator("#sign-form .alert-danger")).to_contain_text(
        "Mot de passe incorrect : la signature est refusée."
    )
    assert SignatureAttempt.objects.filter(user=reviewer.user, succeeded=False).count() == 1
    page.get_by_label("Votre mot de passe").fill(PASSWORD)
    page.get_by_label("Je signe cette version avec la signification indiquée ci-dessus.").check()
    page.get_by_role("button", name="Signer", exact=True).click()
    expect(page.locator("#signatures-table tbody tr[data-valid='true']").last).to_contain_text("Luc Bernard")

    # The manager approves with their signature and publishes.
    _switch_user(page, live_server, "manager")
    page.goto(f"{live_server.url}/documents/versions/{version.pk}/")
    page.get_by_role("link", name="Signer l'approbation").click()
    page.get_by_label("Votre mot de passe").fill(PASSWORD)
    page.get_by_label("Je signe cette version avec la signification indiquée ci-dessus.").check()
    page.get_by_role("button", name="Signer", exact=True).click()
    expect(page.locator("[data-status='approved']").first).to_be_visible()
    page.get_by_role("button", name="Publier").click()
    expect(page.locator(".alert").filter(has_text="est publiée et en vigueur")).to_be_visible()
    versions = page.locator("#versions-list")
    expect(versions.locator("[data-version='2.0']")).to_contain_text("Publiée")
    expect(versions.locator("[data-version='1.0']")).to_contain_text("Périmée")
    versions.get_by_role("link", name="v1.0").click()
    expect(page.locator("#obsolete-banner")).to_contain_text("Version périmée")
    assert axe_violations(page) == []

    # The operator is asked to read the major version and acknowledges it.
    _switch_user(page, live_server, "operator")
    page.goto(f"{live_server.url}/documents/to-read/")
    row = page.locator("#to-read-table tbody tr", has_text="2.0")
    expect(row).to_contain_text("à lire")
    assert axe_violations(page) == []
    row.get_by_role("link").click()
    page.get_by_role("button", name="J'ai lu et compris cette version").click()
    expect(page.locator("#acknowledged")).to_contain_text("Lu le")
    assert version.read_requests.get(person=operator).acknowledged_at is not None


def test_reader_without_rights_finds_no_confidential_document(page, live_server, member, site_a):
    services.types_load()
    manager = _person(member, Role.QSSE_MANAGER, "manager", "Claire", "Morel", all_sites=True)
    reviewer = _person(member, Role.PROCESS_OWNER, "reviewer", "Luc", "Bernard", all_sites=True)
    _person(member, Role.READER, "reader", "Paul", "Robert")
    quality = process_services.process_create(
        user=manager.user, code="QUA", name="Management de la qualité", kind="management", owner=manager
    )
    confidential = _publish_first_version(manager, reviewer, manager, quality)
    services.document_update(user=manager.user, document=confidential, confidentiality="confidential")
    public = services.document_create(
        user=manager.user,
        document_type=DocumentType.objects.get(code="policy"),
        title="Politique qualité produits",
        owner=manager,
        confidentiality="public",
    )
    version = public.versions.get()
    services.version_update(
        user=manager.user,
        version=version,
        sections={"purpose": "P"},
        reviewers=[reviewer],
        approvers=[manager],
    )
    services.version_submit(user=manager.user, version=version)
    services.version_sign(user=reviewer.user, version=version, meaning="reviewed", password=PASSWORD)
    services.version_sign(user=manager.user, version=version, meaning="approved", password=PASSWORD)
    version.refresh_from_db()
    services.version_publish(user=manager.user, version=version)

    log_in(page, live_server, "reader")
    page.goto(f"{live_server.url}/documents/")
    table = page.locator("#list-table")
    expect(table).to_contain_text(public.reference)
    expect(table).not_to_contain_text(confidential.reference)
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/search/?q=produits")
    expect(page.get_by_text(public.reference)).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(confidential.reference)
    for path in (
        f"/documents/{confidential.pk}/",
        f"/documents/versions/{confidential.current_version_id}/",
        f"/documents/versions/{confidential.current_version_id}/pdf/",
        f"/api/v1/documents/documents/{confidential.pk}/",
        f"/api/v1/documents/versions/{confidential.current_version_id}/",
    ):
        response = page.request.get(f"{live_server.url}{path}")
        assert response.status == 404, path
    api_list = page.request.get(f"{live_server.url}/api/v1/documents/documents/").json()
    assert [row["reference"] for row in api_list["results"]] == [public.reference]
