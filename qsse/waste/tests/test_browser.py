"""End to end in Chromium (French interface): the QSSE manager records a waste removal and sees it
in the register and the recovery rate change on the dashboard; a hazardous removal without a BSD
number is refused with the French message; axe-core WCAG 2.1 AA checks of the pages."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qsse.core.choices import Role
from qsse.core.tests.browser import axe_violations, log_in
from qsse.waste import services
from qsse.waste.models import WasteRemoval

from .factories import make_contractor, make_stream, treatment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_record_a_removal_see_register_and_rate_and_refuse_missing_bsd(page, live_server, member, site_a):
    manager = member(Role.QSSE_MANAGER, username="manager", all_sites=True)
    today = timezone.localdate()
    facility = make_contractor(manager.user, name="Ferrailles du Centre")
    chips = make_stream(
        manager.user, site_a, facility=facility, treatment_code=treatment("R4"), sorting_flow="metal"
    )
    mixed = make_stream(manager.user, site_a, "20 03 01", "DIB en mélange", treatment_code=treatment("D10"))
    make_stream(
        manager.user,
        site_a,
        "12 01 09*",
        "Émulsions usagées",
        facility=facility,
        treatment_code=treatment("D9"),
    )
    services.removal_record(
        user=manager.user, site=site_a, stream=mixed, removed_on=date(today.year, 1, 2), quantity=Decimal("3")
    )
    log_in(page, live_server, "manager")

    page.goto(f"{live_server.url}/waste/dashboard/?year={today.year}")
    expect(page.locator("#figure-rate")).to_have_text("0,0 %")
    assert axe_violations(page) == []

    # Record 1 t of steel chips (R4) from its stream: the rate goes to 1 / 4 = 25 %.
    page.goto(f"{live_server.url}/waste/streams/{chips.pk}/")
    page.get_by_role("link", name="Enregistrer un enlèvement").click()
    page.locator("#id_removed_on").fill(today.isoformat())
    page.locator("#id_quantity").fill("1")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    removal = WasteRemoval.objects.get(stream=chips)
    expect(page.locator(".alert").first).to_contain_text(
        f"Enlèvement {removal.reference} enregistré au registre."
    )
    page.goto(f"{live_server.url}/waste/")
    expect(page.locator("#list-table")).to_contain_text(removal.reference)
    expect(page.locator("#list-table")).to_contain_text("Copeaux acier")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/waste/dashboard/?year={today.year}")
    expect(page.locator("#figure-rate")).to_have_text("25,0 %")

    # A hazardous removal without BSD number is refused, in French.
    page.goto(f"{live_server.url}/waste/removals/new/")
    page.locator("#id_site").select_option(str(site_a.pk))
    page.locator("#id_removed_on").fill(today.isoformat())
    page.locator("#id_waste_code").fill("12 01 09")
    page.locator("#id_usual_name").fill("Émulsions d'usinage")
    page.locator("#id_quantity").fill("1.2")
    page.locator("#id_facility").select_option(str(facility.pk))
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#id_tracking_number_error")).to_have_text(
        "Un déchet dangereux part avec un bordereau de suivi : saisissez le numéro de BSD (Trackdéchets)."
    )
    assert WasteRemoval.objects.count() == 2
    assert axe_violations(page) == []

    for path in ("/waste/codes/?q=emulsion", "/waste/streams/", "/waste/contractors/", "/waste/treatments/"):
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
