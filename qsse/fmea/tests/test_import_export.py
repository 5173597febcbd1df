"""Excel round trip of the worksheet: export in the usual layout, import of a good worksheet, and a
bad worksheet whose errors are reported by row and column with nothing imported."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from qsse.core.choices import Role
from qsse.fmea.models import FmeaLine

from .factories import add_line, load_synthetic_table, make_fmea

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FR_HEADERS = [
    "N°",
    "Étape du procédé / élément",
    "Mode de défaillance",
    "Effet de la défaillance",
    "G",
    "Cause de la défaillance",
    "Maîtrise actuelle (prévention)",
    "O",
    "Maîtrise actuelle (détection)",
    "D",
    "Action recommandée",
]


@pytest.fixture
def manager(member, site_a):
    return member(Role.QSSE_MANAGER, username="manager")


def _workbook(rows, headers=None) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["AMDEC usinage"])
    sheet.append([])
    sheet.append(
        headers
        or [
            "No.",
            "Process step / item",
            "Failure mode",
            "Effect of the failure",
            "S",
            "Cause of the failure",
            "Current prevention controls",
            "O",
            "Current detection controls",
            "D",
            "Recommended action",
        ]
    )
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("amdec.xlsx", buffer.getvalue(), content_type=XLSX)


GOOD = [
    [
        1,
        "OP10 Débit",
        "Longueur hors tolérance",
        "Surépaisseur à usiner",
        4,
        "Butée déréglée",
        "Réglage validé",
        3,
        "Contrôle 1re pièce",
        5,
        "",
    ],
    [
        2,
        "OP20 Tournage",
        "Ø42 hors tolérance",
        "Montage impossible",
        9,
        "Usure plaquette",
        "",
        4,
        "Autocontrôle",
        6,
        "Capteur d'usure",
    ],
]


def test_export_in_the_usual_layout(client, manager, site_a):
    load_synthetic_table(manager.user)
    fmea = make_fmea(manager.user, site=site_a)
    add_line(manager.user, fmea, severity=9, occurrence=4, detection=5, failure_mode="Outil cassé")
    client.force_login(manager.user)
    with translation.override("en"):
        response = client.get(reverse("fmea:worksheet_export", args=[fmea.pk]), HTTP_ACCEPT_LANGUAGE="en")
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value.endswith(fmea.title)
    header = [cell.value for cell in sheet[5]]
    assert header[:6] == [
        "No.",
        "Process step / item",
        "Function",
        "Failure mode",
        "Effect of the failure",
        "S",
    ]
    row = {header[i]: cell.value for i, cell in enumerate(sheet[6])}
    assert (row["Failure mode"], row["S"], row["O"], row["D"], row["RPN"], row["AP"]) == (
        "Outil cassé",
        9,
        4,
        5,
        180,
        "H",
    )


def test_export_headers_follow_the_language(client, manager, site_a):
    fmea = make_fmea(manager.user, site=site_a)
    client.force_login(manager.user)
    client.cookies["django_language"] = "fr"
    response = client.get(reverse("fmea:worksheet_export", args=[fmea.pk]), HTTP_ACCEPT_LANGUAGE="fr")
    sheet = load_workbook(BytesIO(response.content)).active
    assert [cell.value for cell in sheet[5]][3] == "Mode de défaillance"


def test_import_a_good_worksheet(client, manager, site_a):
    load_synthetic_table(manager.user)
    fmea = make_fmea(manager.user, site=site_a)
    client.force_login(manager.user)
    response = client.post(reverse("fmea:worksheet_import", args=[fmea.pk]), {"file": _workbook(GOOD)})
    assert response.status_code == 302
    lines = list(FmeaLine.objects.filter(fmea=fmea).order_by("position"))
    assert [(line.failure_mode, line.rpn, line.ap) for line in lines] == [
        ("Longueur hors tolérance", 60, "L"),
        ("Ø42 hors tolérance", 216, "H"),
    ]
    assert lines[1].recommended_action == "Capteur d'usure"


def test_import_french_headers(client, manager, site_a):
    fmea = make_fmea(manager.user, site=site_a)
    client.force_login(manager.user)
    response = client.post(
        reverse("fmea:worksheet_import", args=[fmea.pk]), {"file": _workbook(GOOD, FR_HEADERS)}
    )
    assert response.status_code == 302
    assert FmeaLine.objects.filter(fmea=fmea).count() == 2


def test_bad_rows_are_reported_and_nothing_is_imported(client, manager, site_a):
    fmea = make_fmea(manager.user, site=site_a)
    bad = [
        GOOD[0],
        [2, "OP20", "Ø42", "Montage impossible", 12, "Usure", "", "x", "", 6, ""],
        [3, "OP30", "", "Bavure", 5, "Outil émoussé", "", 3, "", "", ""],
    ]
    client.force_login(manager.user)
    response = client.post(reverse("fmea:worksheet_import", args=[fmea.pk]), {"file": _workbook(bad)})
    assert response.status_code == 400
    errors = response.context["errors"]
    assert "Ligne 5, colonne « G » : « 12 » n'est pas un nombre entier de 1 à 10." in errors
    assert "Ligne 5, colonne « O » : « x » n'est pas un nombre entier de 1 à 10." in errors
    assert "Ligne 6, colonne « D » : une cotation de 1 à 10 est obligatoire." in errors
    assert FmeaLine.objects.count() == 0


def test_missing_failure_mode_is_reported_by_the_service(client, manager, site_a):
    fmea = make_fmea(manager.user, site=site_a)
    bad = [GOOD[0], [3, "OP30", "", "Bavure", 5, "Outil émoussé", "", 3, "", 4, ""]]
    client.force_login(manager.user)
    response = client.post(reverse("fmea:worksheet_import", args=[fmea.pk]), {"file": _workbook(bad)})
    assert response.status_code == 400
    assert any(error.startswith("Ligne 5, mode de défaillance :") for error in response.context["errors"])
    assert FmeaLine.objects.count() == 0


def test_not_an_excel_file(client, manager, site_a):
    fmea = make_fmea(manager.user, site=site_a)
    client.force_login(manager.user)
    response = client.post(
        reverse("fmea:worksheet_import", args=[fmea.pk]), {"file": SimpleUploadedFile("a.xlsx", b"not excel")}
    )
    assert response.context["errors"] == ["Le fichier n'est pas un classeur Excel (.xlsx)."]
