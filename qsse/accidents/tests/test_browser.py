"""End to end in Chromium (French interface): the QSSE manager records an accident with the victim's
lesions, builds its tree of causes with a conjunction on screen (htmx), opens an action from a
cause, enters the hours worked and reads TF and TG on the dashboard; a reader opens the same
accident and sees it without the victim's name and medical details. axe-core WCAG 2.1 AA checks
of the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qsse.accidents.models import Accident, CauseLink, CauseNode
from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.core.tests.browser import axe_violations, log_in
from qsse.organization.tests.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_accident_tree_of_causes_actions_dashboard_and_reader(page, live_server, member, site_a):
    manager = member(Role.QSSE_MANAGER, username="manager", all_sites=True)
    member(Role.READER, username="lecteur")
    PersonFactory(first_name="Kévin", last_name="Girardot", site=site_a)
    # The accident happened on the 10th of last month.
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=10)
    log_in(page, live_server, "manager")

    # Record the accident with the victim's lesions.
    page.goto(f"{live_server.url}/accidents/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Déclarer un accident ou un presqu'accident")
    page.locator("#id_kind").select_option("lost_time")
    page.locator("#id_occurred_at").fill(f"{last_month.isoformat()}T09:30")
    page.locator("#id_site").select_option(str(site_a.pk))
    page.locator("#id_place").fill("Atelier d'usinage, poste d'ébavurage")
    page.locator("#id_title").fill("Coupure à la main lors de l'ébavurage")
    page.locator("#id_description").fill("La lame a ripé sur l'arête de la bride.")
    page.locator("#id_days_lost").fill("5")
    page.locator("#id_victim").select_option(label="Kévin Girardot")
    page.locator("#id_lesion_nature").select_option("cut")
    page.locator("#id_lesion_seat").select_option("hand")
    page.locator("#id_lesion_details").fill("Plaie de la paume, 5 points de suture")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    accident = Accident.objects.get()
    expect(page.locator(".alert").first).to_contain_text(f"Accident {accident.reference} enregistré.")
    expect(page.locator("#victim")).to_contain_text("Kévin Girardot")
    expect(page.locator("#victim")).to_contain_text("Plaie de la paume")

    # The tree: two facts both needed for the injury (a conjunction), added with htmx.
    tree = page.locator("#tree")
    page.locator("#id_fact-text").fill("La main gauche tient la pièce dans l'axe de la lame")
    page.locator("#id_fact-kind").select_option("habitual")
    page.locator("#id_fact-component").select_option("T")
    page.locator("#id_fact-effect").select_option(label="La lésion")
    page.get_by_role("button", name="Ajouter le fait").click()
    expect(tree.locator("#fact-list")).to_contain_text("La main gauche tient la pièce")
    page.locator("#id_fact-text").fill("L'opérateur ne porte pas de gants anti-coupure")
    page.locator("#id_fact-kind").select_option("unusual")
    page.locator("#id_fact-component").select_option("I")
    page.locator("#id_fact-effect").select_option(label="La lésion")
    page.get_by_role("button", name="Ajouter le fait").click()
    expect(tree.locator("svg [data-mark='ET']")).to_have_count(1)
    expect(tree.locator("svg [data-kind='habitual'] rect")).to_have_count(1)
    expect(tree.locator("svg [data-kind='unusual'] ellipse")).to_have_count(1)
    assert CauseLink.objects.count() == 2
    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)

    # A corrective action from the "no gloves" cause.
    gloves = CauseNode.objects.get(text__startswith="L'opérateur ne porte pas")
    item = page.locator(f"#fact-{gloves.pk}")
    item.locator("summary").click()
    item.locator("select[name=owner]").select_option(str(manager.pk))
    item.locator("details form button[type=submit]").click()
    action = Action.objects.get()
    expect(page.locator(".alert").first).to_contain_text(f"Action {action.reference} ouverte pour la cause.")
    expect(page.locator(f"#fact-{gloves.pk}")).to_contain_text(action.reference)
    assert action.origin == gloves and action.site == site_a

    # Hours worked of last month, then TF and TG on the dashboard.
    page.goto(f"{live_server.url}/accidents/hours/?site={site_a.pk}&year={last_month.year}")
    page.locator(f"#id_hours_{last_month.month}").fill("12500")
    page.locator(f"#id_headcount_{last_month.month}").fill("95")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".alert").first).to_contain_text("Heures travaillées enregistrées.")
    page.goto(f"{live_server.url}/accidents/dashboard/?site={site_a.pk}&month={last_month:%Y-%m}")
    row = page.locator(f"#rates-table tr[data-month='{last_month:%Y-%m}']")
    # 1 accident with lost time, 5 days, 12,500 hours: TF = 80,00; TG = 0,40; IF = 1,000 / 95 = 10,53.
    expect(row).to_contain_text("80,00")
    expect(row).to_contain_text("0,40")
    expect(row).to_contain_text("10,53")
    expect(page.locator("#rates-table")).to_contain_text("non calculable")
    expect(page.locator("#seat-table tr[data-seat='hand']")).to_contain_text("1")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/accidents/")
    expect(page.locator("#list-table")).to_contain_text("Kévin Girardot")
    assert axe_violations(page) == []

    # A reader sees the accident and its tree, not the victim's name or medical details.
    page.context.clear_cookies()
    log_in(page, live_server, "lecteur")
    page.goto(f"{live_server.url}{accident.get_absolute_url()}")
    expect(page.locator("#victim")).to_contain_text("Données personnelles : accès restreint")
    expect(page.locator("main")).not_to_contain_text("Girardot")
    expect(page.locator("main")).not_to_contain_text("Plaie de la paume")
    expect(page.locator("#tree")).to_contain_text("L'opérateur ne porte pas de gants anti-coupure")
    expect(page.get_by_role("button", name="Ajouter le fait")).to_have_count(0)
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/accidents/")
    expect(page.locator("#list-table")).to_contain_text(accident.reference)
    expect(page.locator("main")).not_to_contain_text("Girardot")


def test_accident_analysis_updates_the_duer(page, live_server, member, site_a):
    """From the accident page the manager links the accident to the DUER hazard of its work unit
    (htmx); the DUER shows the hazard to re-evaluate with the accident; saving the hazard's new
    rating clears the mark, and the accident page then reads "re-evaluated"."""
    from qsse.duer.tests.factories import make_duer, make_hazard, make_unit

    from .factories import make_accident

    manager = member(Role.QSSE_MANAGER, username="manager", all_sites=True)
    unit = make_unit(site_a)
    duer = make_duer(manager.user, manager)
    hazard = make_hazard(
        manager.user, duer, unit, sub_danger="Coupure par les bavures", probability=2, gravity=2
    )
    make_hazard(manager.user, duer, unit, probability=3, gravity=2)
    accident = make_accident(manager.user, site_a, work_unit=unit)
    log_in(page, live_server, "manager")

    page.goto(f"{live_server.url}{accident.get_absolute_url()}")
    panel = page.locator("#duer")
    expect(panel).to_contain_text("Pas encore relié à un danger du DUER.")
    page.locator("#id_duer-hazard").select_option(str(hazard.pk))
    page.locator("#id_duer-note").fill("Gants anti-coupure absents du poste")
    expect(page.locator("#id_duer-flag_review")).to_be_checked()
    panel.get_by_role("button", name="Relier au danger").click()
    expect(panel).to_contain_text("L'accident est relié au danger du DUER.")
    expect(panel.locator(".duer-link")).to_contain_text("Coupure par les bavures")
    expect(panel.locator(".duer-link")).to_contain_text("à réévaluer")
    assert axe_violations(page) == []

    panel.get_by_role("link", name="Atelier d'usinage · Coupure par les bavures").click()
    row = page.locator(f"#hazard-{hazard.pk}")
    expect(row.locator(".review-flag")).to_have_text("À réévaluer")
    expect(page.locator(".feedback")).to_contain_text(accident.reference)
    expect(page.locator(".feedback")).to_contain_text("Gants anti-coupure absents du poste")
    assert axe_violations(page) == []

    # The re-evaluation: the probability goes up from 2 to 3, the mark goes.
    row.get_by_role("link", name="Modifier").click()
    page.locator("#id_probability").select_option("3")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(f"#hazard-{hazard.pk} .review-flag")).to_have_count(0)
    expect(page.locator(f"#hazard-{hazard.pk}")).to_contain_text("3 × 2 = 6")
    hazard.refresh_from_db()
    assert (hazard.needs_review, hazard.raw_score) == (False, 6)

    page.goto(f"{live_server.url}{accident.get_absolute_url()}")
    expect(page.locator("#duer .duer-link")).to_contain_text("réévalué")
