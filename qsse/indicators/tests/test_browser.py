"""End to end in Chromium: a computed indicator defined through the form, seen on the dashboard with its
value and traffic light, its drill-down to the NC list; an Excel import; the kiosk; axe-core checks."""

import os
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from qsse.core.choices import Role
from qsse.core.tests.browser import axe_violations, log_in
from qsse.indicators import calculations, services
from qsse.indicators.models import Indicator, Measurement
from qsse.nonconformities import services as nc_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("INDICATOR_SCREENSHOTS")


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, username="manager", all_sites=True)


def test_computed_indicator_dashboard_drilldown_import_and_kiosk(page, live_server, manager, site_a):
    today = timezone.localdate()
    for offset in range(3):
        nc_services.nonconformity_create(
            user=manager.user,
            kind="nonconformity",
            title=f"Bavure {offset}",
            site=site_a,
            detected_on=max(today - timedelta(days=offset), today.replace(day=1)),
        )
    log_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/indicators/new/")
    page.get_by_role("textbox", name="Code (obligatoire)").fill("NC-01")
    page.get_by_role("textbox", name="Nom (obligatoire)").fill("NC par mois")
    page.get_by_label("Domaine").select_option(label="Qualité")
    page.get_by_label("Sens").select_option(label="Plus bas est meilleur")
    page.get_by_label("Cible", exact=True).fill("2")
    page.get_by_label("Seuil d'alerte").fill("4")
    page.get_by_label("Source des valeurs").select_option(
        label="Calculé à partir des enregistrements d'OpenQSSE"
    )
    page.get_by_label("Calculé à partir de").select_option("nonconformities.count")
    page.get_by_label("Décimales affichées").fill("0")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("NC-01 – NC par mois")
    expect(page.locator("#last-value")).to_have_text("3")
    expect(page.locator("#indicator-status")).to_contain_text("Alerte")

    # On the dashboard: the value and the traffic light in words.
    page.goto(f"{live_server.url}/indicators/dashboard/")
    card = page.locator("article.indicator-card", has_text="NC par mois")
    expect(card.locator(".card-value")).to_have_text("3")
    expect(card).to_contain_text("Alerte")
    shot(page, "1-dashboard")
    card.get_by_role("link", name="NC par mois").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("NC-01")
    # The drill-down of the current month lists the 3 records behind the value.
    page.locator("#measurements-table a.drilldown").first.click()
    start = calculations.period_start(today, "monthly")
    end = calculations.shift_period(start, "monthly", 1) - timedelta(days=1)
    expect(page).to_have_url(
        f"{live_server.url}/nonconformities/?kind=nonconformity&detected_after={start.isoformat()}"
        f"&detected_before={end.isoformat()}"
    )
    expect(page.locator("#list-table tbody tr")).to_have_count(3)

    # Import an Excel file of measurements through the page.
    services.indicator_create(
        user=manager.user, code="LOG-01", name="Livraisons à l'heure", target=95, alert_threshold=90, unit="%"
    )
    workbook = Workbook()
    workbook.active.append(["indicateur", "période", "valeur"])
    workbook.active.append(["LOG-01", "2026-01", 93.5])
    workbook.active.append(["LOG-01", "2026-02", "n.c."])
    buffer = BytesIO()
    workbook.save(buffer)
    page.goto(f"{live_server.url}/indicators/import/")
    page.get_by_label("Fichier Excel (.xlsx)").set_input_files(
        files=[{"name": "mesures.xlsx", "mimeType": "application/octet-stream", "buffer": buffer.getvalue()}]
    )
    page.get_by_role("button", name="Importer").click()
    expect(page.locator("#import-problems")).to_contain_text(
        "Ligne 3, colonne « valeur » : « n.c. » n'est pas un nombre."
    )
    assert not Measurement.objects.filter(indicator__code="LOG-01").exists()
    workbook.active["C3"] = 96
    buffer = BytesIO()
    workbook.save(buffer)
    page.get_by_label("Fichier Excel (.xlsx)").set_input_files(
        files=[{"name": "mesures.xlsx", "mimeType": "application/octet-stream", "buffer": buffer.getvalue()}]
    )
    page.get_by_role("button", name="Importer").click()
    expect(page.locator("[role=status]")).to_contain_text("2 valeurs importées")
    assert Measurement.objects.filter(indicator__code="LOG-01").count() == 2

    # The workshop screen: no navigation, large cards, refreshed by htmx.
    page.goto(f"{live_server.url}/indicators/kiosk/?interval=15")
    expect(page.locator("#main-nav")).to_have_count(0)
    expect(page.locator("#kiosk-cards")).to_have_attribute("hx-trigger", "every 15s")
    expect(page.locator("#kiosk-cards h2")).to_have_text("Qualité")
    shot(page, "2-kiosk")


def test_entry_grid_with_htmx(page, live_server, manager):
    indicator = services.indicator_create(
        user=manager.user, code="LOG-01", name="Livraisons à l'heure", target=95, alert_threshold=90, unit="%"
    )
    log_in(page, live_server, "manager")
    page.goto(f"{live_server.url}{indicator.get_absolute_url()}")
    page.get_by_role("button", name="Saisir des valeurs").click()
    month = calculations.period_start(timezone.localdate(), "monthly")
    page.locator(f"#value-{month.isoformat()}").fill("88,5")
    page.get_by_role("button", name="Enregistrer les valeurs").click()
    expect(page.locator("#entry-grid [role=status]")).to_contain_text("Les valeurs sont enregistrées")
    assert Indicator.objects.get().measurements.get().value == 88.5


def test_accessibility_of_dashboard_indicator_and_objective_tree(page, live_server, manager, site_a):
    indicator = services.indicator_create(
        user=manager.user,
        code="LOG-01",
        name="Livraisons à l'heure",
        target=95,
        alert_threshold=90,
        unit="%",
        domain="customer",
    )
    month = calculations.period_start(timezone.localdate(), "monthly")
    services.measurements_save(
        user=manager.user,
        indicator=indicator,
        entries=[(calculations.shift_period(month, "monthly", -i), 90 + i, "") for i in range(6)],
    )
    services.indicator_create(
        user=manager.user,
        code="NC-01",
        name="NC par mois",
        source="computed",
        computed_source="nonconformities.count",
        target=2,
        alert_threshold=4,
        direction="lower_is_better",
    )
    policy = services.policy_create(
        user=manager.user,
        title="Politique QSSE 2026",
        text="Nos engagements.",
        version="2026",
        is_current=True,
        signed_by=manager,
        signed_on=date(2026, 1, 12),
    )
    strategic = services.objective_create(
        user=manager.user,
        level="strategic",
        title="Livrer à l'heure 95 % des commandes",
        policy=policy,
        indicator=indicator,
        baseline_value=80,
        target_value=95,
        status="active",
    )
    from qsse.processes import services as process_services

    process = process_services.process_create(
        user=manager.user, code="REA-07", name="Expédition", kind="realisation"
    )
    services.objective_create(
        user=manager.user,
        level="process",
        title="Contrôle final en deux équipes",
        parent=strategic,
        process=process,
    )
    log_in(page, live_server, "manager")
    for path in (
        "/indicators/dashboard/",
        indicator.get_absolute_url(),
        "/indicators/objectives/",
        strategic.get_absolute_url(),
        "/indicators/kiosk/",
        "/indicators/",
        "/indicators/import/",
        "/indicators/new/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
