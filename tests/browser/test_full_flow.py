"""Acceptance test in Chromium, in French and in English: a customer complaint from the report to its
closure, through the process map, the 5 whys, the Ishikawa diagram, the corrective action on the
Kanban board and its efficacy check; plus an oversized upload and keyboard use.

The browser asks for the other language (Accept-Language): the language button of the login page
switches the interface, and every step checks texts in the chosen language.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.core.models import Attachment
from qsse.nonconformities import services as nc_services
from qsse.nonconformities.models import Nonconformity
from qsse.processes import services as process_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-1234-word"

# What the user reads, in each language (the French texts come from the apps' catalogues).
TEXTS = {
    "fr": {
        "button": "Français",
        "other_locale": "en-GB",
        "login_title": "Connexion à OpenQSSE",
        "hello": "Bonjour",
        "quality": "Qualité",
        "nc_list": "Non-conformités et réclamations",
        "report": "Déclarer une non-conformité",
        "steering": "Pilotage",
        "process_map": "Cartographie des processus",
        "complaint": "Réclamation client",
        "title": "Titre",
        "customer": "Client",
        "customer_reference": "Référence client",
        "severity": "Gravité",
        "major": "Majeure",
        "process": "Processus",
        "what": "Quoi ? (le problème)",
        "save": "Enregistrer",
        "open": "Ouverte",
        "start_whys": "Commencer les 5 pourquoi",
        "why": "Pourquoi n° {n}",
        "because": "Parce que (réponse n° {n})",
        "save_whys": "Enregistrer les 5 pourquoi",
        "analysis": "Analyse",
        "retain_last": "Retenir la dernière réponse comme cause racine",
        "retained_message": "La dernière réponse est retenue comme cause racine.",
        "category": "Catégorie (7M)",
        "cause": "Cause (obligatoire)",
        "add_cause": "Ajouter la cause",
        "create_action": "Créer une action corrective",
        "action_title": "Action (obligatoire)",
        "owner": "Responsable",
        "due_on": "Échéance",
        "create_the_action": "Créer l’action",
        "actions_in_progress": "Actions en cours",
        "action_plan": "Plan d'action",
        "kanban": "Tableau Kanban",
        "planned": "Planifiée",
        "in_progress": "En cours",
        "done": "Réalisée",
        "check_efficacy_of": "Vérifier l'efficacité de {reference}",
        "effective": "Efficace",
        "evidence": "Preuves et commentaire",
        "record_check": "Enregistrer la vérification de l'efficacité",
        "checked": "Efficacité vérifiée",
        "close_record": "Clôturer la fiche",
        "closure_comment": "Commentaire de clôture",
        "closed": "Clôturée",
        "cannot_close": "Cette fiche ne peut pas encore être clôturée",
        "history": "Historique",
        "created": "Création",
        "reported": "Non-conformité déclarée",
        "whys_updated": "5 pourquoi mis à jour",
        "root_cause_retained": "Cause racine retenue",
        "action_created_on_nc": "Action corrective créée",
        "nc_closed": "Non-conformité clôturée",
        "status_changed": "Statut modifié",
        "action_created": "Action créée",
        "attach": "Joindre",
        "file": "Fichier",
        "too_large": "Le fichier est trop volumineux",
        "no_attachment": "Aucune pièce jointe.",
        # Django admin's catalogue ("Passer au…") comes before the core's ("Aller au…").
        "skip": re.compile("^(Aller|Passer) au contenu principal$"),
        "status_of": "Statut de {reference}",
        "move": "Déplacer",
        "now_status": "est désormais « Réalisée »",
    },
    "en": {
        "button": "English",
        "other_locale": "fr-FR",
        "login_title": "Log in to OpenQSSE",
        "hello": "Hello",
        "quality": "Quality",
        "nc_list": "Non-conformities and complaints",
        "report": "Report a non-conformity",
        "steering": "Steering",
        "process_map": "Process map",
        "complaint": "Customer complaint",
        "title": "Title",
        "customer": "Customer",
        "customer_reference": "Customer reference",
        "severity": "Severity",
        "major": "Major",
        "process": "Process",
        "what": "What? (the problem)",
        "save": "Save",
        "open": "Open",
        "start_whys": "Start the 5 whys",
        "why": "Why no. {n}",
        "because": "Because (answer no. {n})",
        "save_whys": "Save the 5 whys",
        "analysis": "Analysis",
        "retain_last": "Retain the last answer as root cause",
        "retained_message": "The last answer is retained as a root cause.",
        "category": "Category (7M)",
        "cause": "Cause (required)",
        "add_cause": "Add the cause",
        "create_action": "Create a corrective action",
        "action_title": "Action (required)",
        "owner": "Owner",
        "due_on": "Due date",
        "create_the_action": "Create the action",
        "actions_in_progress": "Actions in progress",
        "action_plan": "Action plan",
        "kanban": "Kanban board",
        "planned": "Planned",
        "in_progress": "In progress",
        "done": "Done",
        "check_efficacy_of": "Check the efficacy of {reference}",
        "effective": "Effective",
        "evidence": "Evidence and comment",
        "record_check": "Record the efficacy check",
        "checked": "Efficacy checked",
        "close_record": "Close the record",
        "closure_comment": "Closure comment",
        "closed": "Closed",
        "cannot_close": "This record cannot be closed yet",
        "history": "History",
        "created": "Created",
        "reported": "Non-conformity reported",
        "whys_updated": "5 whys updated",
        "root_cause_retained": "Root cause retained",
        "action_created_on_nc": "Corrective action created",
        "nc_closed": "Non-conformity closed",
        "status_changed": "Status changed",
        "action_created": "Action created",
        "attach": "Attach",
        "file": "File",
        "too_large": "The file is too large",
        "no_attachment": "No attachment.",
        "skip": re.compile("^Skip to main content$"),
        "status_of": "Status of {reference}",
        "move": "Move",
        "now_status": "is now “Done”",
    },
}


@pytest.fixture(params=["fr", "en"])
def lang(request):
    return request.param


@pytest.fixture
def texts(lang):
    return TEXTS[lang]


@pytest.fixture
def browser_context_args(browser_context_args, texts):
    """The browser prefers the other language, so that the language button has something to do."""
    return {
        **browser_context_args,
        "locale": texts["other_locale"],
        "viewport": {"width": 1400, "height": 1000},
    }


@pytest.fixture
def organisation(member, site_a, site_b):
    """A small organisation: a QSSE manager, a process owner, two sites, five processes, four flows."""
    manager = member(Role.QSSE_MANAGER, username="manager", all_sites=True)
    owner = member(Role.PROCESS_OWNER, site=site_a, username="pilote")
    member(Role.CONTRIBUTOR, site=site_b, username="operator")

    def create(code, name, kind, process_owner=None):
        return process_services.process_create(
            user=manager.user, code=code, name=name, kind=kind, owner=process_owner
        )

    processes = {
        "M01": create("M01", "Strategy", "management", manager),
        "R01": create("R01", "Sales", "realisation"),
        "R02": create("R02", "Machining", "realisation", owner),
        "S01": create("S01", "Purchasing", "support"),
        "S02": create("S02", "Maintenance", "support"),
    }
    for source, target, flow in [
        ("M01", "R01", "Commercial policy"),
        ("R01", "R02", "Customer orders"),
        ("S01", "R02", "Raw material"),
        ("S02", "R02", "Available machines"),
    ]:
        process_services.interaction_add(
            user=manager.user, source=processes[source], target=processes[target], flow=flow
        )
    return {"manager": manager, "owner": owner, "processes": processes, "site": site_a}


def log_in(page, live_server, texts, username="manager"):
    """Through the login form, after choosing the language with the language button."""
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("button", name=texts["button"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(texts["login_title"])
    # Ids, not labels: "Username" and "Log in" take their French from Django's own catalogues.
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(texts["hello"])


def open_menu(page, menu, item):
    navigation = page.locator("#main-nav")
    navigation.get_by_role("button", name=menu, exact=True).click()
    navigation.get_by_role("link", name=item, exact=True).click()


def history_panel(page, texts):
    return page.locator("section").filter(has=page.get_by_role("heading", name=texts["history"], exact=True))


def history_entries(page, texts, title):
    """The entries of the history panel whose title is ``title``."""
    return (
        history_panel(page, texts)
        .locator("li.list-group-item")
        .filter(has=page.locator("strong", has_text=re.compile(f"^{re.escape(title)}$")))
    )


def test_complaint_from_report_to_closure(page, live_server, organisation, lang, texts):
    t = texts
    owner, machining = organisation["owner"], organisation["processes"]["R02"]
    log_in(page, live_server, t)
    expect(page.locator("html")).to_have_attribute("lang", lang)

    # --- The process map: five boxes in their bands, the flows drawn as arrows, a box is a link.
    open_menu(page, t["steering"], t["process_map"])
    expect(page.get_by_role("heading", level=1)).to_have_text(t["process_map"])
    process_map = page.locator("svg.process-map")
    expect(process_map).to_be_visible()
    expect(process_map.locator("a.process-box")).to_have_count(5)
    expect(process_map.locator("a.process-box rect.box-rect")).to_have_count(5)
    expect(process_map.locator("path.flow")).to_have_count(4)
    arrow = process_map.locator(f'path.flow[data-target="{machining.pk}"]').first
    expect(arrow).to_have_attribute("marker-end", "url(#process-map-arrowhead)")
    assert arrow.bounding_box()["width"] + arrow.bounding_box()["height"] > 20  # drawn, not degenerate
    box = process_map.locator('a.process-box[data-code="R02"]')
    expect(box).to_have_attribute("href", f"/processes/{machining.pk}/")
    expect(box).to_contain_text("Machining")
    box.click()
    expect(page).to_have_url(f"{live_server.url}/processes/{machining.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("R02 – Machining")

    # --- A customer complaint through the QQOQCCP form.
    open_menu(page, t["quality"], t["report"])
    expect(page.locator("#section-customer")).to_be_hidden()
    page.get_by_label(t["complaint"], exact=True).check()
    expect(page.locator("#section-customer")).to_be_visible()
    page.get_by_role("textbox", name=t["title"]).fill("Scratches on hub 4411")
    page.get_by_label(t["customer"], exact=True).fill("Automobiles Dupont")
    page.get_by_label(t["customer_reference"]).fill("CLM-2026-118")
    page.get_by_label(t["severity"]).select_option(label=t["major"])
    page.get_by_label(t["process"], exact=True).select_option(str(machining.pk))
    page.get_by_label(t["what"]).fill("Visible scratches on the bearing face")
    page.locator("#id_quantity_affected").fill("120")
    page.get_by_role("button", name=t["save"], exact=True).click()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(re.compile(r"REC-\d{4}-0001"))
    expect(heading).to_contain_text("Scratches on hub 4411")
    expect(page.locator("#description")).to_contain_text("Automobiles Dupont")
    expect(page.locator("#description")).to_contain_text("CLM-2026-118")
    expect(page.locator("#nc-status [aria-current=step]")).to_have_text(t["open"])
    complaint = Nonconformity.objects.get()
    assert (complaint.kind, complaint.customer_reference, complaint.severity) == (
        "complaint",
        "CLM-2026-118",
        2,
    )

    # --- 5 whys (three of them), the last answer retained as root cause.
    page.get_by_role("link", name=t["start_whys"]).click()
    chain = [
        ("Why are the hubs scratched?", "They knock against each other in the bin"),
        ("Why do they knock together?", "They are loaded loose, without dividers"),
        ("Why without dividers?", "The packaging instruction does not require them"),
    ]
    for number, (question, answer) in enumerate(chain, start=1):
        page.get_by_label(t["why"].format(n=number), exact=True).fill(question)
        page.get_by_label(t["because"].format(n=number), exact=True).fill(answer)
    page.get_by_role("button", name=t["save_whys"]).click()
    expect(page.locator("#whys .why-chain li")).to_have_count(3)
    expect(page.locator("#whys .why-chain li").last).to_contain_text(chain[-1][1])
    expect(page.locator("#nc-status [aria-current=step]")).to_have_text(t["analysis"])
    page.get_by_role("button", name=t["retain_last"]).click()
    expect(page.get_by_role("status")).to_contain_text(t["retained_message"])
    root_cause_row = page.locator("#root-causes li.list-group-item").filter(has_text=chain[-1][1])
    expect(root_cause_row).to_have_count(1)

    # --- Ishikawa: causes in two categories, drawn on the fishbone.
    page.get_by_label(t["category"]).select_option("method")
    page.get_by_role("textbox", name=t["cause"], exact=True).fill("Packaging instruction incomplete")
    page.get_by_role("button", name=t["add_cause"]).click()
    fishbone = page.locator("svg.fishbone")
    expect(fishbone.locator('g[data-category="method"]')).to_contain_text("Packaging instruction incomplete")
    page.get_by_label(t["category"]).select_option("material")
    page.get_by_role("textbox", name=t["cause"], exact=True).fill("Bins without dividers")
    page.get_by_role("button", name=t["add_cause"]).click()
    expect(fishbone.locator("g.fishbone-bone")).to_have_count(2)
    expect(fishbone.locator('g[data-category="material"]')).to_contain_text("Bins without dividers")
    expect(fishbone).to_be_visible()

    # --- The corrective action, created from the retained root cause.
    root_cause_row.get_by_role("link", name=t["create_action"]).click()
    action_form = root_cause_row.locator("form[hx-post]")
    action_form.get_by_role("textbox", name=t["action_title"]).fill("Add dividers to the hub bins")
    action_form.get_by_label(t["owner"]).select_option(str(owner.pk))
    due_on = timezone.localdate() + timedelta(days=30)
    action_form.get_by_label(t["due_on"]).fill(due_on.isoformat())
    action_form.get_by_role("button", name=t["create_the_action"]).click()
    expect(root_cause_row.locator("table tbody tr")).to_have_count(1)
    action = Action.objects.get()
    expect(root_cause_row.locator("table")).to_contain_text(action.reference)
    expect(root_cause_row.locator("table")).to_contain_text(t["planned"])
    expect(page.locator("#nc-status [aria-current=step]")).to_have_text(t["actions_in_progress"])
    # Not closable while the action is open: the button is disabled and says why.
    expect(page.get_by_role("button", name=t["close_record"])).to_be_disabled()
    expect(page.locator("#closure-blockers")).to_contain_text(t["cannot_close"])

    # --- The Kanban board: drag the card to "in progress", then to "done".
    open_menu(page, t["action_plan"], t["kanban"])
    expect(page.get_by_role("heading", level=1)).to_have_text(t["kanban"])
    expect(page.locator("#column-in_progress")).to_contain_text(t["in_progress"])
    card = page.locator(f'li.kanban-card[data-id="{action.pk}"]')
    expect(page.locator(f'ul[data-status="planned"] li[data-id="{action.pk}"]')).to_be_visible()
    for status in ("in_progress", "done"):
        column = page.locator(f'ul.kanban-list[data-status="{status}"]')
        card.drag_to(column, source_position={"x": 4, "y": 4})
        expect(column.locator(f'li[data-id="{action.pk}"]')).to_be_visible()
        # The badge is updated once the server has accepted the move.
        expect(page.locator(f'[data-count="{status}"]')).to_have_text("1")
    expect(page.locator('[data-count="planned"]')).to_have_text("0")
    expect(page.locator('[data-count="in_progress"]')).to_have_text("0")
    page.reload()
    done_card = page.locator(f'ul[data-status="done"] li[data-id="{action.pk}"]')
    expect(done_card).to_be_visible()
    assert Action.objects.get(pk=action.pk).status == "done"

    # --- The efficacy check, from the link of the done card.
    done_card.get_by_role("link", name=t["check_efficacy_of"].format(reference=action.reference)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(action.reference)
    page.get_by_label(t["effective"], exact=True).check()
    page.get_by_label(t["evidence"]).fill("No scratch on the next 5 deliveries")
    page.get_by_role("button", name=t["record_check"]).click()
    expect(page.get_by_test_id("action-status")).to_have_text(t["checked"])
    expect(page.get_by_test_id("efficacy-result")).to_have_text(t["effective"])

    # The action's history: created, each status change, the efficacy check.
    action_history = history_panel(page, t)
    expect(action_history).to_contain_text(t["action_created"])
    changes = history_entries(page, t, t["status_changed"])
    expect(changes).to_have_count(2)
    expect(changes.nth(0)).to_contain_text(f"{t['planned']} → {t['in_progress']}")
    expect(changes.nth(1)).to_contain_text(f"{t['in_progress']} → {t['done']}")
    check = history_entries(page, t, t["checked"])
    expect(check).to_contain_text(f"{t['effective']} – No scratch on the next 5 deliveries")

    # --- Back on the complaint (the origin link of the action): it can be closed now.
    page.get_by_role("link", name=re.compile(complaint.reference)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(complaint.reference)
    expect(page.locator("#closure-blockers")).to_have_count(0)
    close_button = page.get_by_role("button", name=t["close_record"])
    expect(close_button).to_be_enabled()
    page.get_by_label(t["closure_comment"]).fill("Dividers in place, customer informed")
    close_button.click()
    expect(page.locator("#nc-status [aria-current=step]")).to_have_text(t["closed"])
    expect(page.locator("#closure")).to_contain_text("Dividers in place, customer informed")
    assert Nonconformity.objects.get().status == "closed"

    # Every step in the record's history, in order.
    entries = history_panel(page, t).locator("li.list-group-item strong")
    titles = [title.strip() for title in entries.all_inner_texts()]
    expected = [
        t["reported"],
        t["whys_updated"],
        t["root_cause_retained"],
        t["action_created_on_nc"],
        t["nc_closed"],
    ]
    positions = [titles.index(title) for title in expected]
    assert positions == sorted(positions), titles
    assert t["created"] in titles and t["status_changed"] in titles, titles


def test_an_oversized_upload_is_refused_with_a_translated_message(
    page, live_server, organisation, texts, settings
):
    settings.ATTACHMENT_MAX_BYTES = 100
    record = nc_services.nonconformity_create(
        user=organisation["manager"].user,
        kind="nonconformity",
        title="Burr on flange 220",
        site=organisation["site"],
        detected_on=timezone.localdate(),
    )
    log_in(page, live_server, texts)
    page.goto(f"{live_server.url}{record.get_absolute_url()}")
    page.get_by_label(texts["file"], exact=True).set_input_files(
        {"name": "measurements.txt", "mimeType": "text/plain", "buffer": b"0.12 mm\n" * 40}
    )
    page.get_by_role("button", name=texts["attach"], exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(texts["too_large"])
    expect(page.locator("section[aria-labelledby=attachments-title]")).to_contain_text(texts["no_attachment"])
    assert not Attachment.objects.exists()


def test_keyboard_skip_link_and_kanban_move(page, live_server, organisation, texts):
    manager = organisation["manager"]
    record = nc_services.nonconformity_create(
        user=manager.user,
        kind="nonconformity",
        title="Wrong torque on line 2",
        site=organisation["site"],
        detected_on=timezone.localdate(),
    )
    root_cause = nc_services.root_cause_add(
        user=manager.user, nonconformity=record, description="Torque wrench not calibrated", source="other"
    )
    action = nc_services.root_cause_create_action(
        user=manager.user,
        root_cause=root_cause,
        title="Calibrate the torque wrenches",
        owner=organisation["owner"],
        due_on=timezone.localdate() + timedelta(days=10),
    )
    log_in(page, live_server, texts)
    page.goto(f"{live_server.url}/actions/board/")

    # The skip link is the first tab stop and leads to the main content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=texts["skip"])
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()

    # The card's keyboard control: choose the status with the arrow keys, then "Move".
    status = page.get_by_label(texts["status_of"].format(reference=action.reference))
    status.focus()
    expect(status).to_have_value("planned")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(status).to_have_value("done")
    page.keyboard.press("Tab")
    move = page.locator(f'li[data-id="{action.pk}"]').get_by_role("button", name=texts["move"])
    expect(move).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(texts["now_status"])
    expect(page.locator(f'ul[data-status="done"] li[data-id="{action.pk}"]')).to_be_visible()
    assert Action.objects.get(pk=action.pk).status == "done"
