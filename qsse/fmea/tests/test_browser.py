"""End to end in Chromium (French interface): a PFMEA of a machining process built through the
pages — header form, 10 failure modes typed into the worksheet, RPN and AP read in the grid, a line
edited in place, actions created from lines, a line re-rated with the before/after comparison —
and an axe-core WCAG 2.1 AA check of the worksheet page."""

import re

import pytest
from playwright.sync_api import expect

from qsse.core.choices import Role
from qsse.core.tests.browser import axe_violations, log_in
from qsse.fmea.models import Fmea, FmeaLine

from .factories import load_synthetic_table

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# (step, failure mode, effect, S, cause, O, D)
MODES = [
    ("OP10 Débit", "Longueur hors tolérance", "Surépaisseur insuffisante", 5, "Butée déréglée", 3, 4),
    ("OP10 Serrage", "Pièce mal serrée", "Pièce éjectée", 9, "Pression trop faible", 3, 7),
    ("OP20 Ébauche", "Bris d'outil", "Rayures, rebut", 7, "Plaquette usée", 5, 5),
    ("OP30 Finition", "Ø42 hors tolérance", "Montage impossible", 8, "Usure plaquette", 6, 6),
    ("OP30 Finition", "Rugosité Ra > 0,8", "Fuite au joint", 8, "Plaquette émoussée", 4, 5),
    ("OP40 Perçage", "Perçage trop court", "Vis ne se visse pas", 7, "Foret cassé", 3, 6),
    ("OP40 Taraudage", "Filetage incomplet", "Couple non tenu", 8, "Taraud usé", 4, 5),
    ("OP50 Ébavurage", "Bavures résiduelles", "Blocage moteur", 8, "Ébavurage incomplet", 5, 7),
    ("OP50 Lavage", "Copeaux résiduels", "Pollution client", 6, "Buses bouchées", 4, 6),
    ("OP60 Emballage", "Rayures transport", "Aspect non conforme", 5, "Pièces en vrac", 4, 8),
]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "viewport": {"width": 1500, "height": 1000}}


def test_build_a_pfmea_rate_act_and_rerate(page, live_server, member, site_a):
    manager = member(Role.QSSE_MANAGER, username="manager")
    load_synthetic_table(manager.user)
    log_in(page, live_server, "manager")

    page.goto(f"{live_server.url}/fmea/new/")
    page.locator("#id_title").fill("AMDEC tournage des carters CA-220")
    page.locator("#id_site").select_option(label="Montluçon")
    page.locator("#id_product").fill("Carter CA-220")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("AMDEC-")
    fmea = Fmea.objects.get()

    for number, (step, mode, effect, s, cause, o, d) in enumerate(MODES, start=1):
        if number > 1:
            page.locator("#add-line summary").click()
        page.locator("#id_new-process_step").fill(step)
        page.locator("#id_new-failure_mode").fill(mode)
        page.locator("#id_new-effect").fill(effect)
        page.locator("#id_new-severity").select_option(str(s))
        page.locator("#id_new-cause").fill(cause)
        page.locator("#id_new-occurrence").select_option(str(o))
        page.locator("#id_new-detection").select_option(str(d))
        page.get_by_role("button", name="Ajouter la ligne").click()
        expect(page.locator(".alert, [role=status], .toast").first).to_contain_text(f"Ligne {number} ajoutée")
    assert FmeaLine.objects.filter(fmea=fmea).count() == 10

    # RPN and AP in the grid: sorted by RPN descending, line 4 (8 × 6 × 6 = 288, AP L) comes first.
    page.goto(f"{live_server.url}{fmea.get_absolute_url()}?sort=-rpn")
    first_row = page.locator("#worksheet-table tbody tr").first
    expect(first_row).to_contain_text("Ø42 hors tolérance")
    expect(first_row.locator("[data-rpn]")).to_have_text("288")
    serrage = page.locator("#worksheet-table tbody tr", has_text="Pièce mal serrée")
    expect(serrage.locator("[data-rpn]")).to_have_text("189")
    expect(serrage.locator("[data-ap]")).to_contain_text("H")  # S 9, O ≥ 2 in the test table
    expect(page.locator("#fmea-figures tbody td").first).to_have_text("10")

    # Edit a line in place (htmx): detection of "Rayures transport" from 8 to 6.
    row = page.locator("#worksheet-table tbody tr", has_text="Rayures transport")
    row.get_by_role("link", name="Modifier").click()
    line = FmeaLine.objects.get(failure_mode="Rayures transport")
    page.locator(f"#id_line-{line.pk}-detection").select_option("6")
    page.get_by_role("button", name="Enregistrer la ligne").click()
    expect(page.locator(f"#line-{line.pk} [data-rpn]")).to_have_text("120")

    # Create actions from two lines.
    for mode, title in (
        ("Pièce mal serrée", "Contrôle de pression avant cycle"),
        ("Ø42 hors tolérance", "Palpeur en machine"),
    ):
        page.locator("#worksheet-table tbody tr", has_text=mode).get_by_role(
            "link", name="Créer une action"
        ).click()
        page.locator("#id_title").fill(title)
        page.locator("#id_due_on").fill("2026-12-15")
        page.get_by_role("button", name=re.compile("Créer l.action")).click()
        expect(page.locator("#worksheet-table tbody tr", has_text=mode)).to_contain_text("ACT-")
    assert FmeaLine.objects.filter(fmea=fmea, action__isnull=False).count() == 2

    # Re-rate "Pièce mal serrée" after its action: S 9, O 1, D 2 → RPN 18, AP L.
    page.locator("#worksheet-table tbody tr", has_text="Pièce mal serrée").get_by_role(
        "link", name="Recoter"
    ).click()
    page.locator("#id_revised_occurrence").select_option("1")
    page.locator("#id_revised_detection").select_option("2")
    page.get_by_role("button", name="Enregistrer les nouvelles cotations").click()
    before_after = page.locator("#before-after-table tbody tr", has_text="Pièce mal serrée")
    expect(before_after).to_contain_text("189")
    expect(before_after).to_contain_text("18")
    expect(before_after).to_contain_text("90,5 %")
    expect(before_after).to_contain_text("H → L")
    expect(
        page.locator("#before-after .qsse-chart canvas, #before-after .qsse-chart svg").first
    ).to_be_attached()

    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/fmea/")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/fmea/rating-guides/")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/fmea/settings/")
    assert axe_violations(page) == []
