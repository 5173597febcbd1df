"""End to end in Chromium (French interface): the QSSE manager opens the retention schedule, sees
the temp worker's old accident file and his directory entry past retention, reviews what the
anonymisation will do, confirms it, finds the victim's name gone from the accident and the operation
traced in the purge log; then exports a person's data (subject access) as a ZIP. axe-core WCAG 2.1
AA checks of the schedule, the confirmation, the purge log, the inventory and the subject access
page."""

import io
import json
import zipfile

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qsse.accidents.models import AccidentVictim
from qsse.core.tests.browser import axe_violations, log_in
from qsse.retention.models import PurgeOperation, SubjectAccessRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "fr-FR",
        "viewport": {"width": 1400, "height": 1000},
        "accept_downloads": True,
    }


def test_anonymise_past_retention_and_export_a_persons_data(page, live_server, manager, story):
    old = story["old"]
    log_in(page, live_server, "manager")

    # Before: the accident page names the victim.
    page.goto(f"{live_server.url}{old.get_absolute_url()}")
    expect(page.locator("#victim")).to_contain_text("Kévin Durand")

    # The schedule counts the two records past retention.
    page.goto(f"{live_server.url}/retention/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de conservation")
    expect(page.locator("#past-total")).to_have_text(
        "2 enregistrements ont dépassé leur durée de conservation aujourd'hui"
    )
    victims_row = page.locator("tr[data-code='accident-victims']")
    expect(victims_row.locator(".past-count .badge")).to_have_text("1")
    expect(victims_row).to_contain_text("à vérifier")
    expect(page.locator("tr[data-code='former-people'] .past-count .badge")).to_have_text("1")
    expect(page.locator("tr[data-code='duer']")).to_contain_text("40 ans")
    assert axe_violations(page) == []

    # Review: the confirmation screen says what will happen to which record.
    victims_row.get_by_role("button", name="Examiner et confirmer").click()
    operation = PurgeOperation.objects.get(record_type__code="accident-victims")
    expect(page.get_by_role("heading", level=1)).to_contain_text(operation.reference)
    expect(page.locator("#confirm-summary")).to_contain_text("1 enregistrement sera anonymisé")
    expect(page.locator("#due-records")).to_contain_text(old.reference)
    expect(page.locator("#due-records")).to_contain_text("12/03/2019")
    expect(page.locator("#due-records")).to_contain_text("12/03/2024")
    assert axe_violations(page) == []
    page.get_by_label("Je confirme : anonymiser cet enregistrement maintenant.").check()
    page.get_by_role("button", name="Confirmer l'opération").click()
    expect(page.locator(".alert").first).to_contain_text("1 enregistrement traité (anonymiser)")
    expect(page.locator("#purge-status")).to_have_text("effectuée")
    expect(page.locator("#trace")).to_contain_text(old.reference)
    assert AccidentVictim.objects.get(accident=old).victim is None

    # The accident no longer names the victim nor describes the wound.
    page.goto(f"{live_server.url}{old.get_absolute_url()}")
    expect(page.locator("#victim")).not_to_contain_text("Durand")
    expect(page.locator("#victim")).not_to_contain_text("Plaie de 3 cm")
    expect(page.locator("main")).not_to_contain_text("Kévin Durand")

    # The purge log keeps the operation.
    page.goto(f"{live_server.url}/retention/purges/")
    row = page.locator("tbody tr", has_text=operation.reference)
    expect(row).to_contain_text("effectuée")
    expect(row).to_contain_text("anonymiser")
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/retention/inventory/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inventaire des données personnelles")
    expect(page.locator("main")).to_contain_text("données de santé (art. 9)")
    assert axe_violations(page) == []

    # Subject access: Léa Martin asks for her data.
    page.goto(f"{live_server.url}/retention/subject-access/")
    page.get_by_label("Personne").select_option(label="Martin Léa (Montluçon)")
    page.get_by_label("Demande reçue le").fill(timezone.localdate().isoformat())
    page.get_by_label("Notes").fill("Courrier reçu, identité vérifiée sur pièce")
    assert axe_violations(page) == []
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Exporter les données de la personne").click()
    download = download_info.value
    request = SubjectAccessRequest.objects.get()
    assert download.suggested_filename == f"{request.reference}.zip"
    archive = zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read()))
    payload = json.loads(archive.read("data.json"))
    assert payload["request"]["person"] == "Léa Martin"
    victim_records = [s for s in payload["sections"] if s["source"] == "accidents.victims"][0]["records"]
    assert victim_records[0]["fields"]["Détails médicaux"] == "Plaie de 3 cm à la paume, 4 points de suture"
    page.goto(f"{live_server.url}/retention/subject-access/")
    expect(page.locator("#access-requests")).to_contain_text(request.reference)
    expect(page.locator("#access-requests")).to_contain_text("Léa Martin")
