"""End to end in Chromium (French interface), on the demo organisation with its compliance story
(``seed_compliance``): the ISO 45001 gap analysis of Montluçon with its radar (today against the
March snapshot) and a clause's rate; a snapshot taken from the page, which becomes a new column of
the clause table; the compliance dashboard with its top gap; axe-core WCAG 2.1 AA checks of both
pages; a Moulins contributor sees only the Moulins figures."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qsse.compliance.models import ComplianceSnapshot, RequirementLibrary
from qsse.core.tests.browser import axe_violations, log_in
from qsse.demo.company import DEMO_PASSWORD
from qsse.demo.compliance import seed_compliance
from qsse.demo.seeding import build_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mbp():
    org = build_organisation()
    seed_compliance(org=org, user=org.people["qsse_manager"].user, processes={}, today=timezone.localdate())
    return org


def test_iso_45001_gap_analysis_radar_and_snapshot(page, live_server, mbp):
    montlucon = mbp.sites["MTL"]
    iso = RequirementLibrary.objects.get(code="iso-45001-2018")
    log_in(page, live_server, mbp.people["qsse_manager"].user.username, DEMO_PASSWORD)

    page.goto(f"{live_server.url}/compliance/dashboard/")
    expect(page.get_by_role("heading", name="Tableau de bord de la conformité")).to_be_visible()
    # The worst gap of the demo: the forklift inspection at Moulins, 3 × 4 = 12 on the 4 × 4 matrix.
    expect(page.locator("#top-gaps tbody tr").first).to_contain_text("3 × 4 = 12 – Critique")
    assert axe_violations(page) == []
    expect(page.locator("#fig-standards").locator("..")).to_contain_text("ISO 45001:2018")

    page.goto(f"{live_server.url}/compliance/standards/{iso.pk}/gap-analysis/?site={montlucon.pk}")
    expect(page.get_by_role("heading", name="Analyse d’écart", exact=False).first).to_be_visible()
    # Now: 15 compliant, 6 partial of 21 assessed → 85.7 %; §6 = 6.1 + 6.2 compliant → 100 %.
    expect(page.locator("#standard-rate")).to_have_text("85,7 %")
    expect(page.locator('tr[data-clause="6"] .clause-rate')).to_have_text("100,0 %")
    # The radar is drawn (SVG) with today's polygon and the March one.
    expect(page.locator("#gap-radar svg")).to_be_visible()
    expect(page.locator("#gap-radar")).to_contain_text("Maintenant")
    expect(page.locator("#gap-radar")).to_contain_text("État des lieux ISO 45001 de mars")
    expect(page.locator("#compared-rate")).to_contain_text("67,5 %")
    assert axe_violations(page) == []

    page.get_by_label("Libellé").fill("Audit à blanc de novembre")
    page.get_by_role("button", name="Figer l’état des lieux").click()
    expect(page.get_by_role("status").filter(has_text="figé")).to_contain_text(
        "État des lieux « Audit à blanc de novembre » figé."
    )
    expect(page.locator("#clause-table thead")).to_contain_text("Audit à blanc de novembre")
    expect(page.locator('tr[data-clause="6"] td').last).to_have_text("100,0 %")
    snapshot = ComplianceSnapshot.objects.get(label="Audit à blanc de novembre")
    assert (snapshot.site, str(snapshot.rate)) == (montlucon, "85.7")


def test_moulins_contributor_sees_moulins_only(page, live_server, mbp):
    contributor = mbp.people["lead_assembly"]  # Céline Mercier, team leader at Moulins only
    log_in(page, live_server, contributor.user.username, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/compliance/dashboard/")
    grid = page.locator("#rate-grid thead")
    expect(grid).to_contain_text("Moulins")
    expect(grid).not_to_contain_text("Montluçon")
    expect(page.locator("#top-gaps")).to_contain_text("3 × 4 = 12 – Critique")
    assert axe_violations(page) == []
