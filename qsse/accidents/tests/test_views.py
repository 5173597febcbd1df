"""Pages in French: the register, the accident page with its tree, the hours grid, the dashboard
and the kiosk; the victim's personal data hidden from a reader in pages and the Excel export."""

import html
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from qsse.accidents import services
from qsse.accidents.models import Accident, CauseLink, CauseNode, HoursWorked
from qsse.organization.tests.factories import PersonFactory

from .factories import make_accident

pytestmark = pytest.mark.django_db

MEDICAL = "Plaie profonde de l'index gauche, 4 points de suture"


@pytest.fixture
def victim(site_a):
    return PersonFactory(first_name="Kévin", last_name="Girardot", site=site_a)


@pytest.fixture
def accident(manager, site_a, victim):
    return make_accident(
        manager.user,
        site_a,
        days_lost=6,
        victim=victim,
        lesion_seat="fingers",
        lesion_nature="cut",
        lesion_details=MEDICAL,
        first_aid="Pansement compressif par le SST",
    )


def _client(client, person):
    client.force_login(person.user)
    return client


def test_register_list_french_and_victim_column_for_manager_only(client, manager, reader, accident, victim):
    response = _client(client, manager).get("/accidents/")
    text = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Accidents et presqu'accidents" in text and accident.reference in text
    assert "Victime" in text and "Girardot" in text
    client.logout()
    text = html.unescape(_client(client, reader).get("/accidents/").content.decode())
    assert accident.reference in text
    assert "Victime" not in text and "Girardot" not in text


def test_excel_export_hides_victim_from_reader(client, manager, reader, accident):
    response = _client(client, reader).get("/accidents/?export=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert "Victime" not in header and "Siège des lésions" not in header
    assert sheet.cell(row=2, column=1).value == accident.reference
    client.logout()
    sheet = load_workbook(BytesIO(_client(client, manager).get("/accidents/?export=xlsx").content)).active
    header = [cell.value for cell in sheet[1]]
    row = [cell.value for cell in sheet[2]]
    assert row[header.index("Victime")] == "Kévin Girardot"
    assert row[header.index("Siège des lésions")] == "Doigts"


def test_accident_page_masks_medical_data_for_reader(client, manager, reader, accident):
    text = html.unescape(_client(client, reader).get(accident.get_absolute_url()).content.decode())
    assert "Données personnelles : accès restreint" in text
    assert MEDICAL not in text and "Pansement compressif" not in text and "Girardot" not in text
    assert "Arbre des causes" in text and "Ajouter un fait" not in text
    client.logout()
    text = html.unescape(_client(client, manager).get(accident.get_absolute_url()).content.decode())
    assert MEDICAL in text and "Pansement compressif" in text and "Girardot" in text
    assert "accès restreint" not in text


def test_create_accident_page(client, manager, site_a):
    response = _client(client, manager).post(
        "/accidents/new/",
        {
            "kind": "near_miss",
            "occurred_at": "2026-11-20T14:05",
            "site": site_a.pk,
            "place": "Allée centrale de l'entrepôt",
            "title": "Chariot frôlant un piéton",
            "description": "Le chariot a frôlé un piéton au croisement.",
            "days_lost": "0",
        },
    )
    accident = Accident.objects.get()
    assert response.status_code == 302 and response["Location"] == accident.get_absolute_url()
    assert accident.kind == "near_miss" and accident.reference == "ACC-2026-0001"
    assert CauseNode.objects.get(accident=accident, is_root=True).text == "L'événement"


def test_tree_edited_with_htmx(client, manager, accident):
    root = CauseNode.objects.get(accident=accident, is_root=True)
    client = _client(client, manager)
    response = client.post(
        f"/accidents/{accident.pk}/facts/",
        {
            "fact-text": "Pas de gants anti-coupure",
            "fact-kind": "habitual",
            "fact-component": "I",
            "fact-effect": root.pk,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert 'id="tree"' in text and "Pas de gants anti-coupure" in text and "<svg" in text
    client.post(
        f"/accidents/{accident.pk}/facts/",
        {
            "fact-text": "Arête vive non ébavurée",
            "fact-kind": "unusual",
            "fact-component": "MT",
            "fact-effect": root.pk,
        },
        HTTP_HX_REQUEST="true",
    )
    response = client.get(accident.get_absolute_url())
    text = html.unescape(response.content.decode())
    # Two causes of the injury: a conjunction, marked "ET" on the diagram.
    assert 'data-mark="ET"' in text
    assert text.count("<ellipse") >= 1 and 'data-kind="habitual"' in text
    gloves = CauseNode.objects.get(text="Pas de gants anti-coupure")
    response = client.post(
        f"/accidents/{accident.pk}/links/",
        {"link-cause": gloves.pk, "link-effect": root.pk},
        HTTP_HX_REQUEST="true",
    )
    assert "Ces deux faits sont déjà reliés." in html.unescape(response.content.decode())
    client.post(
        f"/accidents/{accident.pk}/facts/",
        {"fact-text": "Gants de sa taille absents du magasin", "fact-kind": "unusual", "fact-effect": ""},
        HTTP_HX_REQUEST="true",
    )
    stock = CauseNode.objects.get(text__startswith="Gants de sa taille")
    response = client.post(
        f"/accidents/{accident.pk}/links/",
        {"link-cause": stock.pk, "link-effect": gloves.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and CauseLink.objects.count() == 3
    response = client.post(f"/accidents/facts/{gloves.pk}/remove/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and not CauseNode.objects.filter(pk=gloves.pk).exists()


def test_reader_cannot_post_to_the_tree(client, reader, accident):
    response = _client(client, reader).post(
        f"/accidents/{accident.pk}/facts/",
        {"fact-text": "Fait", "fact-kind": "unusual"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 403


def test_hours_grid_and_dashboard(client, manager, site_a, accident):
    client = _client(client, manager)
    data = {f"hours_{month}": "" for month in range(1, 13)}
    data.update({f"headcount_{month}": "" for month in range(1, 13)})
    data.update({"hours_3": "13000", "headcount_3": "95"})
    response = client.post(f"/accidents/hours/?site={site_a.pk}&year=2026", data)
    assert response.status_code == 302
    assert HoursWorked.objects.get().hours == Decimal("13000.00")
    text = html.unescape(client.get(f"/accidents/hours/?site={site_a.pk}&year=2026").content.decode())
    assert "Heures travaillées" in text and "13000" in text
    text = html.unescape(client.get("/accidents/dashboard/?month=2026-03").content.decode())
    assert "Tableau de bord santé et sécurité" in text
    # March 2026: 1 accident with lost time, 6 days, 13,000 hours → TF 76,92, TG 0,46.
    assert "76,92" in text and "0,46" in text
    assert "non calculable" in text  # the other months have no hours
    assert 'data-seat="fingers"' in text


def test_kiosk_counts_days(client, manager, site_a):
    twelve_days_ago = timezone.localdate() - timedelta(days=12)
    make_accident(manager.user, site_a, when=timezone.make_aware(datetime.combine(twelve_days_ago, time(9))))
    text = html.unescape(_client(client, manager).get("/accidents/kiosk/").content.decode())
    assert 'id="kiosk-days">12<' in text
    assert "jours sans accident avec arrêt" in text


def test_action_from_cause_page(client, manager, accident):
    root = CauseNode.objects.get(accident=accident, is_root=True)
    node = services.fact_add(user=manager.user, accident=accident, text="Pas de gants", effect=root)
    response = _client(client, manager).post(
        f"/accidents/facts/{node.pk}/action/", {"owner": manager.pk, "type": "corrective", "due_on": ""}
    )
    assert response.status_code == 302
    node.refresh_from_db()
    assert node.action is not None and node.action.due_on > date.today()


def test_tree_pdf(client, manager, reader, accident):
    root = CauseNode.objects.get(accident=accident, is_root=True)
    services.fact_add(user=manager.user, accident=accident, text="Pas de gants", kind="habitual", effect=root)
    response = _client(client, manager).get(f"/accidents/{accident.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    from qsse.accidents import diagram, report, selectors

    tree = selectors.tree_get(accident)
    data = report.tree_data(accident, tree, diagram.build(tree.nodes, tree.links), None)
    assert "Girardot" not in data["summary"] and "<svg" in data["svg"]
    assert data["facts"][1] == ["Pas de gants", "Fait habituel (état)", "—", "—"]
    data = report.tree_data(
        accident, tree, diagram.build(tree.nodes, tree.links), selectors.victim_get(manager.user, accident)
    )
    assert "Victime : Kévin Girardot" in data["summary"]
