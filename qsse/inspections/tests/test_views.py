"""Pages: register with filters and Excel export, equipment and line pages, inspections list with
status badges, calendar with an overdue inspection, visit form, observation → action, catalogue;
French text, site scoping and rights, messages for bad input."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.core.models import Attachment
from qsse.inspections import services
from qsse.inspections.calculations import add_months
from qsse.inspections.models import InspectionVisit, Observation

from .factories import kind, line_of, make_equipment

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_manager(client, manager):
    client.force_login(manager.user)
    return client


@pytest.fixture
def overdue_forklift(manager, site_b, today):
    """The Moulins forklift whose last VGP was 200 days ago (due every 6 months: about 17 days late)."""
    forklift = make_equipment(manager.user, site_b, name="Chariot Toyota expédition", identifier="CE-MOU-01")
    line = line_of(forklift, "forklift-vgp")
    services.schedule_update(user=manager.user, line=line, last_done_on=today - timedelta(days=200))
    line.refresh_from_db()
    return line


def test_overdue_fixture_is_late(overdue_forklift, today):
    assert overdue_forklift.next_due_on == add_months(today - timedelta(days=200), 6)
    assert 14 <= (today - overdue_forklift.next_due_on).days <= 20


def test_calendar_marks_the_overdue_inspection_and_counts_it(client_manager, overdue_forklift, today):
    response = client_manager.get(reverse("inspections:calendar"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Calendrier des vérifications" in body
    assert "1 vérification en retard" in body
    assert "⚠ En retard : Chariot Toyota expédition" in body
    overdue = [row["item"] for row in response.context["due"] if row["item"].status == "overdue"]
    assert [item.line for item in overdue] == [overdue_forklift] * len(overdue)
    assert today in [item.due_on for item in overdue]  # shown on today's cell until done
    # Previous / next month links and the list view.
    assert "Mois précédent" in body and "Mois suivant" in body and 'id="due-list"' in body


def test_calendar_of_another_month_shows_the_repetitions(client_manager, overdue_forklift, today):
    # Done today (projected): due again in six months.
    target = add_months(today, 6)
    response = client_manager.get(reverse("inspections:calendar"), {"month": target.strftime("%Y-%m")})
    assert [row["item"].due_on for row in response.context["due"]] == [target]


def test_schedule_list_filters_by_status_with_badges(client_manager, overdue_forklift, manager, site_a):
    make_equipment(manager.user, site_a, "racking", name="Palettiers", identifier="", commissioned_on=None)
    response = client_manager.get(reverse("inspections:schedule_list"), {"status": "overdue"})
    body = response.content.decode()
    assert [row for row, _cells in response.context["rows"]] == [overdue_forklift]
    assert 'class="badge text-bg-danger" data-status="overdue">⚠ En retard</span>' in body
    response = client_manager.get(reverse("inspections:schedule_list"), {"status": "due_soon"})
    assert [row.inspection_type.code for row, _cells in response.context["rows"]] == ["racking-inspection"]


def test_register_export_to_excel(client_manager, overdue_forklift):
    response = client_manager.get(reverse("inspections:equipment_list"), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("Équipement", "Repère", "Type d'équipement")
    assert rows[1][0] == "Chariot Toyota expédition" and rows[1][6] == "En service" and rows[1][8] == 1


def test_contributor_of_moulins_sees_only_moulins(client, member, manager, site_a, site_b, overdue_forklift):
    montlucon = make_equipment(manager.user, site_a, name="Chariot Linde Montluçon", identifier="CE-MTL-01")
    contributor = member(Role.CONTRIBUTOR, site=site_b)
    client.force_login(contributor.user)
    response = client.get(reverse("inspections:equipment_list"))
    assert [row for row, _cells in response.context["rows"]] == [overdue_forklift.equipment]
    assert client.get(reverse("inspections:equipment_detail", args=[montlucon.pk])).status_code == 404
    assert (
        client.get(
            reverse("inspections:schedule_detail", args=[line_of(montlucon, "forklift-vgp").pk])
        ).status_code
        == 404
    )
    response = client.get(reverse("inspections:calendar"))
    assert "Chariot Linde Montluçon" not in response.content.decode()


def test_reader_cannot_declare_or_record(client, member, site_b, overdue_forklift):
    reader = member(Role.READER, site=site_b)
    client.force_login(reader.user)
    assert client.get(reverse("inspections:equipment_create")).status_code == 403
    assert client.get(reverse("inspections:visit_create", args=[overdue_forklift.pk])).status_code == 403
    assert client.get(reverse("inspections:schedule_detail", args=[overdue_forklift.pk])).status_code == 200


def test_declare_equipment_through_the_form(client_manager, site_a):
    response = client_manager.post(
        reverse("inspections:equipment_create"),
        {
            "site": site_a.pk,
            "kind": kind("electrical_installation").pk,
            "name": "TGBT bâtiment A",
            "identifier": "TGBT-A",
            "commissioned_on": "2015-06-30",
            "quantity": "1",
            "is_in_service": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "L&#x27;équipement est déclaré : 1 vérification(s) périodique(s) planifiée(s)." in body
    assert "Vérification périodique des installations électriques" in body
    assert "Arrêté du 26 décembre 2011" in body


def test_bad_equipment_input_gets_french_messages(client_manager, site_a, today):
    response = client_manager.post(
        reverse("inspections:equipment_create"),
        {
            "site": site_a.pk,
            "kind": kind("forklifts").pk,
            "name": "",
            "quantity": "0",
            "commissioned_on": (today + timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["name"] == ["Ce champ est obligatoire."]
    assert form.errors["quantity"] == ["Assurez-vous que cette valeur est supérieure ou égale à 1."]


def test_record_a_visit_with_a_report_and_observations(client_manager, overdue_forklift, today):
    report = SimpleUploadedFile("rapport-vgp.pdf", b"%PDF-1.4 rapport", content_type="application/pdf")
    response = client_manager.post(
        reverse("inspections:visit_create", args=[overdue_forklift.pk]),
        {
            "performed_on": today.isoformat(),
            "body": "Bureau Veritas",
            "inspector_name": "C. Noël",
            "result": "observations",
            "report_reference": "BV-2026-1",
            "report": report,
            "observation_0": "Klaxon inopérant",
            "severity_0": "major",
            "severity_1": "minor",
            "severity_2": "minor",
            "severity_3": "minor",
            "severity_4": "minor",
        },
    )
    visit = InspectionVisit.objects.get()
    assert response.status_code == 302 and response["Location"] == visit.get_absolute_url()
    overdue_forklift.refresh_from_db()
    assert overdue_forklift.last_done_on == today
    assert Attachment.objects.get().original_name == "rapport-vgp.pdf"
    page = client_manager.get(visit.get_absolute_url()).content.decode()
    assert "Klaxon inopérant" in page and "Transformer en action" in page and "rapport-vgp.pdf" in page


def test_visit_form_errors_are_in_french(client_manager, overdue_forklift, today):
    response = client_manager.post(
        reverse("inspections:visit_create", args=[overdue_forklift.pk]),
        {
            "performed_on": (today + timedelta(days=2)).isoformat(),
            "body": "Apave",
            "result": "unsafe",
            **{f"severity_{i}": "minor" for i in range(5)},
        },
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "La date de la vérification ne peut pas être dans le futur." in body
    assert (
        "Un rapport avec observations ou concluant au danger doit comporter au moins une observation." in body
    )
    assert InspectionVisit.objects.count() == 0


def test_observation_turned_into_an_action_from_the_page(client_manager, manager, overdue_forklift, today):
    visit = services.visit_record(
        user=manager.user,
        schedule=overdue_forklift,
        performed_on=today,
        body="Bureau Veritas",
        result="observations",
        observations=[{"text": "Klaxon inopérant", "severity": "critical"}],
    )
    observation = Observation.objects.get()
    response = client_manager.post(
        reverse("inspections:observation_action", args=[observation.pk]), {"owner": manager.pk}, follow=True
    )
    action = Action.objects.get()
    assert action.due_on == today + timedelta(days=7)
    body = response.content.decode()
    assert f"Action {action.reference} ouverte pour l&#x27;observation." in body
    assert action.get_absolute_url() in body
    assert response.redirect_chain[-1][0] == visit.get_absolute_url()


def test_not_required_without_justification_is_refused(client_manager, overdue_forklift):
    response = client_manager.post(
        reverse("inspections:schedule_not_required", args=[overdue_forklift.pk]), {"reason": ""}
    )
    assert response.status_code == 422
    assert (
        "Indiquez la justification de la non-application de cette vérification" in response.content.decode()
    )
    overdue_forklift.refresh_from_db()
    assert overdue_forklift.is_required


def test_catalogue_page_shows_legal_bases_and_what_is_to_verify(client_manager):
    response = client_manager.get(reverse("inspections:catalogue"))
    body = response.content.decode()
    assert "Catalogue des vérifications" in body
    assert "4 entrées reposent sur une source non confirmée" in body
    assert "Arrêté du 1er mars 2004 (SOCT0410464A), Article 23 a) et article 20-II" in body
    assert "jusqu'à 24 mois :" in body


def test_pages_stay_within_a_query_budget(client_manager, manager, site_a, django_assert_max_num_queries):
    for index in range(10):
        lighting = make_equipment(
            manager.user, site_a, "emergency_lighting", name=f"Blocs {index}", identifier=""
        )
        visit = services.visit_record(
            user=manager.user,
            schedule=line_of(lighting, "emergency-lighting-monthly"),
            performed_on=lighting.commissioned_on,
            body="Sodelec",
            result="observations",
            observations=[{"text": f"Bloc hors service n° {index}", "severity": "minor"}],
        )
        services.observation_create_action(
            user=manager.user, observation=visit.observations.get(), owner=manager
        )
    with django_assert_max_num_queries(14):
        assert client_manager.get(reverse("inspections:schedule_list")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client_manager.get(reverse("inspections:equipment_list")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client_manager.get(reverse("inspections:calendar")).status_code == 200
    with django_assert_max_num_queries(14):
        response = client_manager.get(reverse("inspections:visit_list"))
    assert len(response.context["rows"]) == 10
    with django_assert_max_num_queries(14):
        response = client_manager.get(reverse("inspections:observation_list"))
    assert len(response.context["rows"]) == 10


def test_register_pdf_of_the_filtered_inspections(client_manager, manager, overdue_forklift, site_a, today):
    from qsse.inspections import report, selectors

    make_equipment(manager.user, site_a, "ladders", name="Escabeau", identifier="ESC-1", commissioned_on=None)
    response = client_manager.get(reverse("inspections:schedule_list"), {"export": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    lines = selectors.with_last_visit(selectors.schedule_list(manager.user)).order_by("equipment__site__name")
    data = report.register_data(lines, today)
    assert data["labels"]["title"] == "Registre des vérifications périodiques"
    assert [site["name"] for site in data["sites"]] == ["Montluçon", "Moulins"]
    ladder, forklift = data["sites"][0]["rows"][0], data["sites"][1]["rows"][0]
    assert ladder["to_verify"].startswith("À vérifier : NON CONFIRMÉ")
    assert (ladder["status"], ladder["periodicity"]) == ("Échéance sous 30 jours", "12 mois")
    assert (forklift["equipment"], forklift["status"], forklift["overdue"]) == (
        "Chariot Toyota expédition (CE-MOU-01)",
        "En retard",
        True,
    )
    assert data["summary"] == f"2 vérifications, dont 1 en retard au {today:%d/%m/%Y}."


def test_own_kind_then_own_type_from_the_catalogue(client_manager, manager, site_a):
    response = client_manager.post(
        reverse("inspections:kind_create"),
        {"code": "press-brakes", "name_fr": "Presses plieuses", "name_en": ""},
    )
    assert response.status_code == 302 and response["Location"] == reverse("inspections:type_create")
    press = make_equipment(
        manager.user, site_a, "press-brakes", name="Presse plieuse Amada", identifier="PP-01"
    )
    assert press.schedule_lines.count() == 0
    response = client_manager.post(
        reverse("inspections:type_create"),
        {
            "code": "press-brake-check",
            "kind": kind("press-brakes").pk,
            "title_fr": "Vérification des dispositifs de protection des presses plieuses",
            "periodicity_months": "3",
            "inspector": "competent_person",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    line = line_of(press, "press-brake-check")
    assert (line.periodicity_months, line.next_due_on) == (3, date(2024, 4, 30))
    duplicate = client_manager.post(
        reverse("inspections:kind_create"), {"code": "press-brakes", "name_fr": "Autre"}
    )
    assert duplicate.status_code == 200
    assert duplicate.context["form"].errors["code"] == [
        "Ce code est déjà utilisé par un autre type d'équipement."
    ]


def test_contributor_cannot_change_the_catalogue(client, member, site_a):
    client.force_login(member(Role.CONTRIBUTOR, site=site_a).user)
    assert client.get(reverse("inspections:kind_create")).status_code == 403
    assert client.get(reverse("inspections:type_create")).status_code == 403
    assert "Nouveau type de vérification" not in client.get(reverse("inspections:catalogue")).content.decode()


def test_htmx_filtering_returns_the_table_with_badges(client_manager, overdue_forklift):
    response = client_manager.get(
        reverse("inspections:schedule_list"), {"status": "overdue"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body
    assert 'data-status="overdue">⚠ En retard</span>' in body
    assert "1 enregistrement" in body


def test_observations_to_remedy(client_manager, manager, overdue_forklift, today):
    from qsse.actions import services as action_services

    visit = services.visit_record(
        user=manager.user,
        schedule=overdue_forklift,
        performed_on=today,
        body="Bureau Veritas",
        result="observations",
        observations=[
            {"text": "Klaxon inopérant", "severity": "critical"},
            {"text": "Plaque de charge illisible", "severity": "minor"},
            {"text": "Rétroviseur fêlé", "severity": "major"},
        ],
    )
    horn, plate, mirror = visit.observations.order_by("pk")
    services.observation_create_action(user=manager.user, observation=horn, owner=manager)
    services.observation_create_action(user=manager.user, observation=mirror, owner=manager)
    mirror.refresh_from_db()
    action_services.action_set_status(user=manager.user, action=mirror.action, status="done")
    url = reverse("inspections:observation_list")

    def texts(**query):
        return [row.text for row, _cells in client_manager.get(url, query).context["rows"]]

    assert texts(treatment="no_action") == ["Plaque de charge illisible"]
    assert texts(treatment="action_open") == ["Klaxon inopérant"]
    assert texts(treatment="remedied") == ["Rétroviseur fêlé"]
    assert texts(severity="critical") == ["Klaxon inopérant"]
    body = client_manager.get(url, {"severity": "critical"}).content.decode()
    assert 'data-status="use_forbidden">✖ Critique (danger)</span>' in body
    assert f'href="{horn.get_absolute_url()}">{visit.reference}</a>' in body


def test_a_contributor_records_a_visit_with_its_report(client, member, overdue_forklift, site_b, today):
    contributor = member(Role.CONTRIBUTOR, site=site_b)
    client.force_login(contributor.user)
    report = SimpleUploadedFile("rapport.pdf", b"%PDF-1.4 rapport", content_type="application/pdf")
    response = client.post(
        reverse("inspections:visit_create", args=[overdue_forklift.pk]),
        {
            "performed_on": today.isoformat(),
            "body": "Bureau Veritas",
            "result": "compliant",
            "report": report,
            **{f"severity_{i}": "minor" for i in range(5)},
        },
    )
    visit = InspectionVisit.objects.get()
    assert response.status_code == 302
    assert Attachment.objects.get().object_id == visit.pk
    # The equipment itself stays the responsible's: the contributor cannot edit it.
    edit = reverse("inspections:equipment_edit", args=[overdue_forklift.equipment_id])
    assert client.get(edit).status_code == 403


def test_add_an_observation_after_the_visit(client_manager, manager, overdue_forklift, today):
    visit = services.visit_record(
        user=manager.user, schedule=overdue_forklift, performed_on=today, body="BV", result="compliant"
    )
    url = reverse("inspections:observation_add", args=[visit.pk])
    refused = client_manager.post(url, {"text": " ", "severity": "minor"})
    assert refused.status_code == 422
    assert "Ce champ est obligatoire." in refused.content.decode()
    text = "Éclairage de la plaque absent"
    response = client_manager.post(url, {"text": text, "severity": "major"}, follow=True)
    assert "L&#x27;observation est ajoutée." in response.content.decode()
    assert [(o.text, o.severity) for o in visit.observations.all()] == [(text, "major")]


def test_inspections_performed_by_body_and_period(client_manager, manager, overdue_forklift, today):
    services.visit_record(
        user=manager.user,
        schedule=overdue_forklift,
        performed_on=today,
        body="Bureau Veritas",
        result="compliant",
    )
    services.visit_record(
        user=manager.user,
        schedule=overdue_forklift,
        performed_on=today - timedelta(days=60),
        body="Apave",
        result="unsafe",
        observations=[{"text": "Freins", "severity": "critical"}],
    )
    url = reverse("inspections:visit_list")
    response = client_manager.get(url, {"body": "veritas"})
    assert [row.body for row, _cells in response.context["rows"]] == ["Bureau Veritas"]
    response = client_manager.get(url, {"performed_to": (today - timedelta(days=1)).isoformat()})
    rows = response.context["rows"]
    assert [(row.body, row.observation_count) for row, _cells in rows] == [("Apave", 1)]
    assert (
        'data-status="use_forbidden">✖ Dangereux – arrêt d&#x27;utilisation</span>'
        in response.content.decode()
    )
