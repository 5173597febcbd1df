"""End to end in Chromium (French interface): a surveillance plan and a control point watching a
risk, created through the forms; the control due today in the calendar of due controls; a measured
value out of the acceptance limits recorded in the page (htmx, no page reload) that opens a
non-conformity whose reference appears; the next due date moved one week on in the calendar; and
axe-core WCAG 2.1 AA checks of the pages."""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from playwright.sync_api import expect

from qsse.core.choices import Role
from qsse.core.tests.browser import axe_violations, log_in
from qsse.surveillance.models import ControlPoint, ControlResult, SurveillancePlan

from .factories import make_matrix, make_process, make_risk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_control_point_out_of_limits_result_and_calendar(page, live_server, member, site_a):
    manager = member(Role.QSSE_MANAGER, username="manager")
    manager.first_name, manager.last_name = "Claire", "Martin"
    manager.save()
    operator = member(Role.CONTRIBUTOR, username="operator")
    operator.first_name, operator.last_name = "Hugo", "Petit"
    operator.save()
    process = make_process(manager.user)
    make_matrix(manager.user)
    # Probable (3) × Grave (3) = 9: "Élevé" on the 4 × 4 matrix (8–11).
    risk = make_risk(
        manager.user, process, title="Dérive du bain d'anodisation", probability=3, impact=3, site=site_a
    )
    today = timezone.localdate()
    log_in(page, live_server, "manager")

    page.goto(f"{live_server.url}/surveillance/")
    page.get_by_role("link", name="Nouveau plan de surveillance").click()
    page.locator("#id_title").fill("Plan de surveillance anodisation")
    page.locator("#id_site").select_option(label="Montluçon")
    page.locator("#id_process").select_option(str(process.pk))
    page.locator("#id_owner").select_option(str(manager.pk))
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan de surveillance anodisation")
    expect(page.locator(".alert").first).to_contain_text("Le plan de surveillance est créé.")
    plan = SurveillancePlan.objects.get()

    # The control point: bath temperature every week, 18–22 °C, due today, watching the risk.
    page.get_by_role("link", name="Ajouter un point de contrôle").click()
    page.locator("#id_reference").fill("AN-02")
    page.locator("#id_what").fill("Température du bain d'anodisation")
    page.locator("#id_method").fill("Thermomètre étalonné, lecture au milieu du bain")
    page.locator("#id_interval_count").fill("1")
    page.locator("#id_interval_unit").select_option("week")
    page.locator("#id_responsible").select_option(str(operator.pk))
    page.locator("#id_limit_kind").select_option("numeric")
    page.locator("#id_minimum").fill("18")
    page.locator("#id_maximum").fill("22")
    page.locator("#id_unit").fill("°C")
    page.locator("#id_record_to_keep").fill("FE-TS-12")
    page.locator("#id_next_due_on").fill(today.isoformat())
    risk_type = ContentType.objects.get_for_model(risk)
    page.locator("#id_risk").select_option(f"{risk_type.pk}:{risk.pk}")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("AN-02")
    point = ControlPoint.objects.get()
    assert (point.plan_id, point.next_due_on, point.risk_score) == (plan.pk, today, 9)
    expect(page.locator("dd .badge").first).to_have_text(re.compile(r"^Élevé · (score|cotation) 9$"))

    # The plan lists it; the calendar of the month shows it on today's cell and in the list.
    page.locator(".breadcrumb").get_by_role("link", name="Plan de surveillance anodisation").click()
    plan_row = page.locator("#control-points tbody tr", has_text="AN-02")
    expect(plan_row).to_contain_text("tous les 1 semaine(s)")
    expect(plan_row).to_contain_text("Hugo Petit")
    expect(plan_row.locator(".badge").first).to_have_text(re.compile(r"^Élevé · (score|cotation) 9$"))
    assert axe_violations(page) == []
    page.get_by_role("link", name="Calendrier des contrôles").click()
    today_cell = page.locator(".calendar-grid td", has=page.locator(".badge", has_text="aujourd'hui"))
    expect(today_cell).to_contain_text("AN-02")
    page.get_by_role("tab", name="Liste").click()
    # Due today, then repeated every week: the row of today.
    due_row = page.locator("#due-list tbody tr", has_text=today.strftime("%d/%m/%Y"))
    expect(due_row).to_contain_text("AN-02")
    expect(due_row).to_contain_text("Plan de surveillance anodisation")
    expect(due_row).to_contain_text("Échéance proche")
    assert axe_violations(page) == []

    # Record 24.5 °C (above 22 °C) in the page: htmx swaps the panel, the NC reference appears.
    due_row.get_by_role("link", name=re.compile("AN-02")).click()
    page.evaluate("window.beforeRecord = true")
    page.locator("#id_performed_on").fill(today.isoformat())
    page.locator("#id_value").fill("24.5")
    page.locator("#id_comment").fill("Régulation de chauffe en défaut")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    message = page.locator("#result-message")
    expect(message).to_contain_text("Résultat hors limites : non-conformité")
    result = ControlResult.objects.get()
    reference = result.nonconformity.reference
    assert re.fullmatch(r"NC-\d{4}-0001", reference)
    expect(message.get_by_role("link", name=reference)).to_be_visible()
    assert page.evaluate("window.beforeRecord") is True  # swapped in place, not reloaded
    result_row = page.locator("#results-table tbody tr").first
    expect(result_row).to_contain_text("24,500 °C")  # floatformat:"-3" of the page
    expect(result_row).to_contain_text("✖ hors limites")
    expect(result_row.get_by_role("link", name=reference)).to_be_visible()
    expect(result_row).to_contain_text("Régulation de chauffe en défaut")
    assert result.is_within_limits is False
    point.refresh_from_db()
    next_due = today + timedelta(days=7)
    assert (point.last_done_on, point.next_due_on) == (today, next_due)
    assert axe_violations(page) == []

    # Done today: no longer due today; the next control is one week on, in the calendar of its month.
    page.goto(f"{live_server.url}/surveillance/calendar/")
    today_cell = page.locator(".calendar-grid td", has=page.locator(".badge", has_text="aujourd'hui"))
    expect(today_cell).not_to_contain_text("AN-02")
    page.goto(f"{live_server.url}/surveillance/calendar/?month={next_due:%Y-%m}")
    page.get_by_role("tab", name="Liste").click()
    due_row = page.locator("#due-list tbody tr", has_text=next_due.strftime("%d/%m/%Y"))
    expect(due_row).to_contain_text("AN-02")
    expect(due_row).to_contain_text("Échéance proche")

    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    expect(page.locator("#control-points tbody tr", has_text="AN-02")).to_contain_text("✖ hors limites")
    page.goto(f"{live_server.url}/surveillance/")
    expect(page.locator("main")).to_contain_text("Plan de surveillance anodisation")
    assert axe_violations(page) == []
