"""Importing an equipment register from Excel: every row checked, errors named by row and column,
all or nothing; the inspections of each row scheduled and dated by its last inspection."""

from datetime import date, datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from qsse.core.choices import Role
from qsse.inspections.models import Equipment, InspectionSchedule

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(*rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("registre.xlsx", buffer.getvalue(), content_type=XLSX)


HEADER = (
    "Site",
    "Type d'équipement",
    "Nom",
    "Repère",
    "Emplacement",
    "Mise en service",
    "Quantité",
    "Dernière vérification",
)


@pytest.fixture
def client_manager(client, manager):
    client.force_login(manager.user)
    return client


def test_import_a_register(client_manager, site_a, site_b):
    upload = workbook(
        HEADER,
        ("MTL", "forklifts", "Chariot n° 3", "CE-03", "Magasin", datetime(2022, 3, 15), 1, "31/05/2026"),
        ("Moulins", "Extincteurs", "Extincteurs atelier", "", "Atelier", None, 12, None),
        (None, None, None, None, None, None, None, None),
    )
    response = client_manager.post(reverse("inspections:equipment_import"), {"file": upload}, follow=True)
    assert "2 équipements importés, 2 vérifications planifiées." in response.content.decode()
    forklift = InspectionSchedule.objects.get(equipment__identifier="CE-03")
    assert (forklift.last_done_on, forklift.next_due_on) == (date(2026, 5, 31), date(2026, 11, 30))
    extinguishers = Equipment.objects.get(name="Extincteurs atelier")
    assert (extinguishers.site, extinguishers.quantity) == (site_b, 12)
    assert extinguishers.kind.code == "fire_extinguishers"


def test_a_bad_file_imports_nothing_and_lists_every_error(client, member, site_a, site_b):
    contributor = member(Role.CONTRIBUTOR, site=site_a)
    client.force_login(contributor.user)
    upload = workbook(
        HEADER,
        ("MTL", "forklifts", "Chariot", "", "", "31/02/2020", "deux", None),
        ("MOU", "grues", "", "", "", None, 1, "01/01/2099"),
        ("MTL", "racking", "Palettiers", "", "", None, None, None),
    )
    response = client.post(reverse("inspections:equipment_import"), {"file": upload})
    assert response.status_code == 422
    assert response.context["errors"] == [
        "Ligne 2, colonne « Mise en service » : pas une date (jj/mm/aaaa).",
        "Ligne 2, colonne « Quantité » : un nombre entier d'au moins 1.",
        "Ligne 3, colonne « Site » : site inconnu, ou hors de vos sites.",
        "Ligne 3, colonne « Type d'équipement » : type d'équipement inconnu "
        "(indiquez son code ou son nom du catalogue).",
        "Ligne 3, colonne « Nom » : le nom est obligatoire.",
        "Ligne 3, colonne « Dernière vérification » : la date ne peut pas être dans le futur.",
    ]
    assert Equipment.objects.count() == 0


def test_not_a_workbook_and_missing_columns(client_manager):
    not_excel = SimpleUploadedFile("registre.xlsx", b"not a workbook", content_type=XLSX)
    response = client_manager.post(reverse("inspections:equipment_import"), {"file": not_excel})
    assert response.context["errors"] == ["Le fichier n'est pas un classeur Excel (.xlsx)."]
    missing = workbook(("Site", "Nom"))
    response = client_manager.post(reverse("inspections:equipment_import"), {"file": missing})
    assert response.context["errors"] == ["Colonnes manquantes : Type d'équipement."]


def test_template_reads_back_and_reader_cannot_import(client, client_manager, member, site_a):
    response = client_manager.get(reverse("inspections:equipment_import_template"))
    sheet = load_workbook(BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == list(HEADER)
    client.force_login(member(Role.READER, site=site_a).user)
    assert client.get(reverse("inspections:equipment_import")).status_code == 403
