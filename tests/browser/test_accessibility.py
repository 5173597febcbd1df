"""WCAG 2.1 A/AA checks with axe-core (npm, installed by `make setup`) on every main page, in French
and in English: no violation at all is accepted (contrast, labels, names, ARIA, nesting...)."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from qsse.actions import services as action_services
from qsse.core.choices import Role
from qsse.nonconformities import services as nc_services
from qsse.processes import services as process_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def records(member, site_a):
    manager = member(Role.QSSE_MANAGER, username="manager", all_sites=True)
    user = manager.user
    sales = process_services.process_create(
        user=user, code="R01", name="Vente", kind="realisation", owner=manager
    )
    machining = process_services.process_create(user=user, code="R02", name="Usinage", kind="realisation")
    process_services.process_create(user=user, code="M01", name="Direction", kind="management", owner=manager)
    process_services.process_create(user=user, code="S01", name="Maintenance", kind="support", owner=manager)
    process_services.interaction_add(user=user, source=sales, target=machining, flow="Commandes")
    complaint = nc_services.nonconformity_create(
        user=user,
        kind="complaint",
        title="Rayures sur carters",
        site=site_a,
        detected_on=date(2026, 3, 2),
        customer_name="Auto-Systèmes",
        customer_reference="CL-778",
        process=machining,
        owner=manager,
        description_what="Rayures profondes",
        severity=2,
    )
    nc_services.why_steps_set(
        user=user,
        nonconformity=complaint,
        steps=[("Pourquoi ?", "Pièces en vrac"), ("Pourquoi ?", "Pas d'intercalaires")],
    )
    nc_services.ishikawa_cause_add(
        user=user, nonconformity=complaint, category="method", text="Pas de gamme", is_retained=True
    )
    nc_services.ishikawa_cause_add(user=user, nonconformity=complaint, category="material", text="Bacs usés")
    root_cause = complaint.root_causes.first()
    action = nc_services.root_cause_create_action(
        user=user,
        root_cause=root_cause,
        title="Mettre des intercalaires",
        owner=manager,
        due_on=timezone.localdate() + timedelta(days=10),
    )
    nc_services.eight_d_save(user=user, nonconformity=complaint, d1_team="Qualité, production")
    overdue = action_services.action_create(
        user=user,
        title="Former l'équipe",
        owner=manager,
        due_on=timezone.localdate() - timedelta(days=3),
        site=site_a,
    )
    action_services.action_set_status(user=user, action=overdue, status="in_progress")
    return {"complaint": complaint, "action": action, "process": machining}


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {node.get('failureSummary', '')[:200]}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


@pytest.mark.parametrize("locale", ["fr-FR", "en-GB"])
def test_main_pages_have_no_wcag_violation(browser, live_server, records, locale):
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    assert axe_violations(page) == []
    page.fill("#id_username", "manager")
    page.fill("#id_password", "pass-1234-word")
    page.locator("main button.btn-primary[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    complaint, action, process = records["complaint"], records["action"], records["process"]
    paths = [
        "/",
        "/processes/map/",
        "/processes/",
        f"/processes/{process.pk}/",
        "/actions/",
        "/actions/board/",
        "/actions/mine/",
        f"/actions/{action.pk}/",
        "/actions/new/",
        "/nonconformities/",
        "/nonconformities/new/",
        f"/nonconformities/{complaint.pk}/",
        f"/nonconformities/{complaint.pk}/8d/",
        "/organisation/",
        "/organisation/people/",
        "/notifications/",
        "/search/?q=REC",
    ]
    found = {}
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    context.close()
    assert found == {}
