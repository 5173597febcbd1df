"""End to end in Chromium (French interface), on the demo organisation (MBP: Montluçon and Moulins,
their people and accounts): a broken library file refused with its line and reason; the library
imported; applicability proposed for both sites with the reason shown; one proposal overridden
(refused without a justification, then recorded with one); a requirement assessed as non-compliant
with its evidence (text and an attached file) and its gap rated, which opens an action shown on the
page; a new version of the library imported, its changes listed and the assessments to redo
flagged in the register and on the assessment page; axe-core WCAG 2.1 AA checks of the pages."""

import re

import pytest
from playwright.sync_api import expect

from qsse.actions.models import Action
from qsse.compliance import services
from qsse.compliance.models import ComplianceAssessment, Requirement, RequirementLibrary
from qsse.core.tests.browser import axe_violations, log_in
from qsse.demo.company import DEMO_PASSWORD
from qsse.demo.seeding import build_organisation

from .factories import V1, V2

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# V1 with the operator of a criterion misspelt: refused at the line of that operator.
BROKEN = V1.replace(
    '- {fact: organisation_headcount, op: ">=", value: 11}',
    '- {fact: organisation_headcount, op: "=>", value: 11}',
)


@pytest.fixture
def mbp():
    """The demo organisation with the compliance profiles of its two sites (as the demo declares them)."""
    org = build_organisation()
    manager = org.people["qsse_manager"].user
    services.profile_save(
        user=manager,
        site=org.sites["MTL"],
        icpe_rubriques=["2910", "2565"],
        equipment=["forklifts", "chemicals"],
    )
    services.profile_save(user=manager, site=org.sites["MOU"], equipment=["forklifts", "canteen", "racking"])
    return org


def _upload(page, live_server, name, content):
    page.goto(f"{live_server.url}/compliance/libraries/import/")
    page.get_by_label("Fichier de bibliothèque (YAML ou JSON)").set_input_files(
        files=[{"name": name, "mimeType": "application/yaml", "buffer": content.encode()}]
    )
    page.get_by_role("button", name="Importer").click()


def test_import_applicability_assessment_and_watch(page, live_server, mbp):
    montlucon, moulins = mbp.sites["MTL"], mbp.sites["MOU"]
    log_in(page, live_server, "claire.morel", DEMO_PASSWORD)

    # A broken file is refused with the line and the reason; nothing is loaded.
    _upload(page, live_server, "sst-casse.yaml", BROKEN)
    expect(page.get_by_role("alert")).to_contain_text(
        "Le fichier est refusé ; la bibliothèque en vigueur est inchangée."
    )
    error_row = page.locator("#import-errors tbody tr").first
    # The error points at the field of the entry: the ``applies_if`` line of the CSE requirement.
    lines = BROKEN.splitlines()
    broken_line = lines.index("    applies_if:", lines.index("  - key: cse")) + 1
    expect(error_row.locator("td").first).to_have_text(str(broken_line))
    expect(error_row).to_contain_text("cse")
    assert RequirementLibrary.objects.count() == 0
    assert axe_violations(page) == []

    # The library imported: four new requirements, proposed for both sites.
    _upload(page, live_server, "sst.yaml", V1)
    expect(page.locator(".alert").first).to_contain_text(
        "Version 2026.1 chargée : 4 nouvelles, 0 modifiées, 0 abrogées ; 0 évaluations à revoir."
    )
    library = RequirementLibrary.objects.get(code="test-ohs")
    assert ComplianceAssessment.objects.filter(requirement__library=library).count() == 8
    expect(page.locator("#version-changes tbody tr")).to_have_count(4)
    assert axe_violations(page) == []

    # The register of Moulins: the combustion plant (rubrique 2910) does not apply there; it does at
    # Montluçon.
    page.goto(f"{live_server.url}/compliance/?library={library.pk}&site={moulins.pk}")
    rows = page.locator("#list-table tbody tr")
    expect(rows).to_have_count(4)
    combustion = rows.filter(has_text="Combustion")
    expect(combustion).to_contain_text("Non")
    assert axe_violations(page) == []
    boiler_mtl = ComplianceAssessment.objects.get(requirement__key="boiler", site=montlucon)
    assert boiler_mtl.is_applicable and boiler_mtl.status == "to_assess"

    # The proposal for the CSE at Moulins: applicable (the company has 125 employees). Overridden:
    # the CSE is the company's, followed at Montluçon.
    cse_mou = ComplianceAssessment.objects.get(requirement__key="cse", site=moulins)
    page.goto(f"{live_server.url}/compliance/assessments/{cse_mou.pk}/")
    expect(page.locator("#proposal-reason")).to_contain_text("125")
    page.get_by_label("Non applicable").check()
    page.get_by_role("button", name="Enregistrer l'applicabilité").click()
    expect(page.get_by_text("Ne pas suivre la proposition demande une justification.")).to_be_visible()
    cse_mou.refresh_from_db()
    assert cse_mou.is_applicable
    page.get_by_label("Non applicable").check()
    page.get_by_label("Justification").fill("CSE unique de l'entreprise, suivi sur le site de Montluçon.")
    page.get_by_role("button", name="Enregistrer l'applicabilité").click()
    expect(page.locator(".alert").first).to_contain_text("Applicabilité enregistrée.")
    expect(page.get_by_text("Proposition : Applicable ·")).to_contain_text("Modifiée par l'utilisateur")
    cse_mou.refresh_from_db()
    assert (cse_mou.is_applicable, cse_mou.applicability, cse_mou.status) == (
        False,
        "overridden",
        "not_applicable",
    )

    # The forklift inspection at Moulins: non-compliant, evidence written and attached, gap rated.
    forklift = ComplianceAssessment.objects.get(requirement__key="forklift", site=moulins)
    page.goto(f"{live_server.url}/compliance/assessments/{forklift.pk}/")
    page.locator("#id_status").select_option("noncompliant")
    page.locator("#id_gap_severity").select_option("major")
    page.locator("#id_gap_likelihood").fill("3")
    page.locator("#id_gap_impact").fill("3")
    page.get_by_role("textbox", name="Preuves").fill(
        "Dernier rapport VGP du chariot n°2 daté de mars : échéance de septembre dépassée."
    )
    page.locator("#id_action_owner").select_option(label=str(mbp.people["qsse_manager"]))
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer l'évaluation").click()
    expect(page.locator(".alert").first).to_contain_text("Évaluation enregistrée.")
    forklift.refresh_from_db()
    assert (forklift.status, forklift.gap_severity) == ("noncompliant", "major")
    assert (forklift.gap_likelihood, forklift.gap_impact) == (3, 3)
    action = Action.objects.get(pk=forklift.action_id)
    assert action.title == "Écart : Arrêté du 1er mars 2004, art. 23"
    assert action.site_id == moulins.pk
    page.locator("#attachment-file").set_input_files(
        files=[
            {
                "name": "rapport-vgp-chariot-2.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n%%EOF\n",
            }
        ]
    )
    page.locator("#attachment-description").fill("Rapport VGP de mars")
    page.get_by_role("button", name="Joindre").click()
    expect(page.get_by_role("link", name="rapport-vgp-chariot-2.pdf")).to_be_visible()
    page.get_by_role("link", name=re.compile(re.escape(action.reference))).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Écart : Arrêté du 1er mars 2004, art. 23")

    # Version 2026.2: the CSE requirement reworded, the combustion one dropped (repealed), noise added.
    _upload(page, live_server, "sst-v2.yaml", V2)
    # Flagged: the CSE at both sites (modified) and the combustion plant at both (repealed).
    expect(page.locator(".alert").first).to_contain_text(
        "Version 2026.2 chargée : 1 nouvelles, 1 modifiées, 1 abrogées ; 4 évaluations à revoir."
    )
    changes = page.locator("#version-changes tbody tr")
    expect(changes).to_have_count(3)
    expect(changes.filter(has_text="Comité social et économique")).to_contain_text("Modifiée")
    expect(changes.filter(has_text="Combustion")).to_contain_text("Abrogée")
    assert not Requirement.objects.get(key="boiler").is_in_force

    page.goto(f"{live_server.url}/compliance/?library={library.pk}&needs_review=true")
    flagged = page.locator("#list-table tbody tr").filter(has_text="Comité social et économique")
    expect(flagged).to_have_count(2)
    page.goto(f"{live_server.url}/compliance/assessments/{cse_mou.pk}/")
    expect(page.locator("#watch-flag")).to_contain_text("Modifiée dans la version 2026.2")
    assert axe_violations(page) == []
