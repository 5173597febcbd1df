"""End to end in Chromium (French interface): the QSSE manager adds a waste contractor (collector
and transporter, with its SIRET and transport/collection receipt), names it as the collector and
transporter of a waste stream, and sees it on the stream and, from the contractor, the stream it
serves; axe-core WCAG 2.1 AA checks of the pages."""

import pytest
from playwright.sync_api import expect

from qsse.core.choices import Role
from qsse.core.tests.browser import axe_violations, log_in
from qsse.waste.models import Contractor

from .factories import make_stream, treatment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_add_a_contractor_and_name_it_on_a_stream(page, live_server, member, site_a):
    manager = member(Role.QSSE_MANAGER, username="manager", all_sites=True)
    stream = make_stream(manager.user, site_a, "20 03 01", "DIB en mélange", treatment_code=treatment("D10"))
    log_in(page, live_server, "manager")

    page.goto(f"{live_server.url}/waste/contractors/new/")
    page.locator("#id_name").fill("Transports Allier Déchets")
    page.locator("#id_siret").fill("73282932000074")
    page.locator("#id_is_collector").check()
    page.locator("#id_is_transporter").check()
    page.locator("#id_receipt_number").fill("REC-03-2024-0117")
    page.locator("#id_receipt_valid_until").fill("2030-06-30")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".alert").first).to_contain_text("Le prestataire est ajouté.")
    contractor = Contractor.objects.get(name="Transports Allier Déchets")
    assert (contractor.is_collector, contractor.is_transporter, contractor.is_facility) == (True, True, False)
    body = page.locator("main")
    expect(body).to_contain_text("73282932000074")
    expect(body).to_contain_text("REC-03-2024-0117 (valable jusqu'au 30/06/2030)")
    expect(body).to_contain_text("collecteur, transporteur")
    assert axe_violations(page) == []

    # Name it as the collector and the transporter of the stream.
    page.goto(f"{live_server.url}/waste/streams/{stream.pk}/edit/")
    page.locator("#id_collector").select_option(label="Transports Allier Déchets")
    page.locator("#id_transporter").select_option(label="Transports Allier Déchets")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".alert").first).to_contain_text("Les modifications sont enregistrées.")
    stream.refresh_from_db()
    assert (stream.collector_id, stream.transporter_id) == (contractor.pk, contractor.pk)
    expect(page.locator("main")).to_contain_text("Transports Allier Déchets")

    # The contractor's page lists the stream it serves.
    page.goto(f"{live_server.url}/waste/contractors/{contractor.pk}/")
    streams = page.locator("section[aria-labelledby='streams-title']")
    expect(streams).to_contain_text("DIB en mélange (20 03 01)")
    expect(streams).to_contain_text(site_a.name)
