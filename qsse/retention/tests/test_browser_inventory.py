"""End to end in Chromium (French interface): the QSSE manager completes the personal data
inventory with the DPO's notes on the accident victims' data — opens the notes screen of that
source, writes two lines, saves, finds them on the inventory (and nowhere else), edits them again
from what was saved, cancels a change, then clears them. axe-core WCAG 2.1 AA checks of the notes
screen and of the inventory."""

import pytest
from playwright.sync_api import expect

from qsse.core.tests.browser import axe_violations, log_in
from qsse.retention.models import InventoryNote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VICTIMS = "Victimes d'accidents : identité, témoins et détails médicaux"


def test_write_edit_and_clear_the_notes_of_an_inventory_entry(page, live_server, manager, story):
    log_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/retention/inventory/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inventaire des données personnelles")
    victims = page.locator("#inventory-accidentsvictims")
    people = page.locator("#inventory-organizationformer_people")
    expect(victims.get_by_role("heading", level=2)).to_contain_text(VICTIMS)
    notes = victims.locator("dt:has-text('Notes') + dd")
    expect(notes).to_have_text("— Modifier les notes – " + VICTIMS)

    # The notes screen of that source: its title, the way back, an empty field.
    victims.get_by_role("link", name=f"Modifier les notes – {VICTIMS}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Notes : {VICTIMS}")
    expect(page.get_by_role("link", name="Inventaire des données personnelles")).to_be_visible()
    field = page.get_by_label("Notes")
    expect(field).to_have_value("")
    assert axe_violations(page) == []
    field.fill("Déclarations AT envoyées à la CPAM sous 48 h.\nCertificats médicaux gardés au service RH.")
    page.get_by_role("button", name="Enregistrer").click()

    # Back on the inventory: the message, the two lines under the victims' entry only.
    expect(page.get_by_role("heading", level=1)).to_have_text("Inventaire des données personnelles")
    expect(page.locator(".alert").first).to_contain_text("Les notes sont enregistrées.")
    expect(notes).to_contain_text("Déclarations AT envoyées à la CPAM sous 48 h.")
    expect(notes).to_contain_text("Certificats médicaux gardés au service RH.")
    expect(notes.locator("br")).to_have_count(1)
    expect(people.locator("dt:has-text('Notes') + dd")).to_contain_text("—")
    assert InventoryNote.objects.get(provider_key="accidents.victims").notes == (
        "Déclarations AT envoyées à la CPAM sous 48 h.\nCertificats médicaux gardés au service RH."
    )
    assert axe_violations(page) == []

    # Editing starts from what was saved; cancelling keeps it.
    victims.get_by_role("link", name=f"Modifier les notes – {VICTIMS}").click()
    expect(page.get_by_label("Notes")).to_have_value(
        "Déclarations AT envoyées à la CPAM sous 48 h.\nCertificats médicaux gardés au service RH."
    )
    page.get_by_label("Notes").fill("Brouillon abandonné")
    page.get_by_role("link", name="Annuler").click()
    expect(notes).to_contain_text("Déclarations AT envoyées à la CPAM sous 48 h.")
    expect(notes).not_to_contain_text("Brouillon abandonné")

    # Cleared: the entry shows the dash again.
    victims.get_by_role("link", name=f"Modifier les notes – {VICTIMS}").click()
    page.get_by_label("Notes").fill("")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".alert").first).to_contain_text("Les notes sont enregistrées.")
    expect(notes).to_have_text("— Modifier les notes – " + VICTIMS)
    assert InventoryNote.objects.get(provider_key="accidents.victims").notes == ""
