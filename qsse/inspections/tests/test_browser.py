"""End to end in Chromium (French interface): the QSSE manager opens the inspections calendar, sees
the overdue VGP of the Moulins forklift marked and counted, opens it, records the inspection with
an observation, turns the observation into an action and opens that action; axe-core WCAG 2.1 AA
checks of the calendar, the equipment register, the inspection and visit pages."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.core.tests.browser import axe_violations, log_in
from qsse.inspections import services
from qsse.inspections.calculations import add_months
from qsse.inspections.models import InspectionVisit

from .factories import line_of, make_equipment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_overdue_inspection_recorded_and_observation_turned_into_an_action(
    page, live_server, member, site_a, site_b
):
    manager = member(Role.QSSE_MANAGER, username="manager", all_sites=True)
    manager.first_name, manager.last_name = "Claire", "Morel"
    manager.save()
    today = timezone.localdate()
    forklift = make_equipment(manager.user, site_b, name="Chariot Toyota expédition", identifier="CE-MOU-01")
    line = line_of(forklift, "forklift-vgp")
    services.schedule_update(user=manager.user, line=line, last_done_on=today - timedelta(days=200))
    make_equipment(
        manager.user,
        site_a,
        "racking",
        name="Palettiers entrepôt",
        identifier="RACK-MTL",
        commissioned_on=None,
    )
    log_in(page, live_server, "manager")

    # The calendar of the month: the overdue VGP is counted and marked on today's cell.
    page.goto(f"{live_server.url}/inspections/calendar/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Calendrier des vérifications")
    expect(page.locator("#overdue-count")).to_have_text("⚠ 1 vérification en retard")
    today_cell = page.locator(".calendar-grid td", has=page.locator(".badge", has_text="aujourd'hui"))
    overdue_link = today_cell.locator(".calendar-item[data-status='overdue'] a")
    expect(overdue_link).to_have_text(re.compile(r"^⚠ En retard : Chariot Toyota expédition – "))
    expect(today_cell.locator(".calendar-item[data-status='due_soon']")).to_contain_text(
        "Palettiers entrepôt"
    )
    assert axe_violations(page) == []
    page.get_by_role("tab", name="Liste").click()
    overdue_row = page.locator("#due-list tbody tr", has=page.locator("[data-status='overdue']")).first
    expect(overdue_row).to_contain_text("Chariot Toyota expédition (CE-MOU-01)")
    expect(overdue_row).to_contain_text("Moulins")
    assert axe_violations(page) == []

    # Open it: the inspection page says how late it is.
    page.get_by_role("tab", name="Mois").click()
    overdue_link.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Vérification générale périodique (VGP) des chariots élévateurs"
    )
    late = (today - line_of(forklift, "forklift-vgp").next_due_on).days
    expect(page.locator("#line-status")).to_contain_text("⚠ En retard")
    expect(page.locator("#line-status")).to_contain_text(f"({late} jours de retard)")
    assert axe_violations(page) == []

    # Record the inspection with an observation.
    page.get_by_role("link", name="Enregistrer une vérification").click()
    page.locator("#id_performed_on").fill(today.isoformat())
    page.locator("#id_body").fill("Bureau Veritas")
    page.locator("#id_inspector_name").fill("C. Noël")
    page.locator("#id_result").select_option("observations")
    page.locator("#id_report_reference").fill("BV-2026-40877")
    page.locator("#id_observation_0").fill("Klaxon inopérant")
    page.locator("#id_severity_0").select_option("major")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer la vérification").click()
    visit = InspectionVisit.objects.get()
    next_due = add_months(today, 6)
    expect(page.locator(".alert").first).to_contain_text(
        f"Vérification {visit.reference} enregistrée ; prochaine échéance le {next_due:%d/%m/%Y}."
    )
    expect(page.locator("#observations")).to_contain_text("Klaxon inopérant")
    assert axe_violations(page) == []

    # Turn the observation into an action, then open it.
    page.locator("#observations").get_by_role("button", name="Transformer en action").click()
    action = Action.objects.get()
    expect(page.locator(".alert").first).to_contain_text(
        f"Action {action.reference} ouverte pour l'observation."
    )
    assert (action.site_id, action.owner_id, action.due_on) == (
        site_b.pk,
        manager.pk,
        today + timedelta(days=30),
    )
    page.locator("#observations").get_by_role("link", name=action.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Lever l'observation sur Chariot Toyota expédition"
    )

    # Done: no longer overdue; the register checks out too.
    page.goto(f"{live_server.url}/inspections/calendar/")
    expect(page.locator("#overdue-count")).to_have_text("⚠ 0 vérification en retard")
    page.goto(f"{live_server.url}/inspections/equipment/")
    expect(page.locator("main")).to_contain_text("Chariot Toyota expédition")
    assert axe_violations(page) == []
    for path, heading in (
        ("/inspections/catalogue/", "Catalogue des vérifications"),
        ("/inspections/equipment/import/", "Importer le registre des équipements"),
        ("/inspections/", "Vérifications périodiques"),
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert axe_violations(page) == [], path
