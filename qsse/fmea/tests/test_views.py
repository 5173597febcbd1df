"""Pages: the worksheet (sorting, filters, pagination, bounded queries), in-place row editing,
actions, re-rating, approval, settings, rating guides and AP table upload."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qsse.core.choices import Role
from qsse.fmea import services
from qsse.fmea.bench_support import bench_urls, seed_large_fmea
from qsse.fmea.models import ApTable, Fmea, FmeaLine

from .factories import LINE, add_line, load_synthetic_table, make_fmea

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member, site_a):
    return member(Role.QSSE_MANAGER, username="manager")


@pytest.fixture
def fmea(manager, site_a):
    load_synthetic_table(manager.user)
    return make_fmea(manager.user, site=site_a)


def test_list_and_create(client, manager, site_a):
    client.force_login(manager.user)
    response = client.post(
        reverse("fmea:fmea_create"),
        {
            "kind": "process",
            "title": "AMDEC tournage",
            "site": site_a.pk,
            "prioritisation_method": "rpn",
            "team": [manager.pk],
        },
    )
    fmea = Fmea.objects.get()
    assert response.status_code == 302 and response.url == fmea.get_absolute_url()
    assert list(fmea.team.all()) == [manager]
    response = client.get(reverse("fmea:fmea_list"))
    assert fmea.reference in response.content.decode()
    response = client.get(reverse("fmea:fmea_list") + "?export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_worksheet_shows_rpn_and_ap(client, manager, fmea):
    add_line(manager.user, fmea, severity=9, occurrence=4, detection=5, failure_mode="Outil cassé")
    client.force_login(manager.user)
    page = client.get(fmea.get_absolute_url()).content.decode()
    assert "Outil cassé" in page
    assert 'data-rpn="180"' in page
    assert "badge text-bg-danger" in page  # AP H badge, with its text
    assert "Table d&#x27;essai" in page or "Table d'essai" in page


def test_worksheet_sorts_in_the_database(client, manager, fmea):
    for s, mode in ((3, "a"), (9, "b"), (6, "c")):
        add_line(manager.user, fmea, severity=s, failure_mode=f"mode {mode}")
    client.force_login(manager.user)
    response = client.get(
        fmea.get_absolute_url() + "?sort=-rpn", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="worksheet"
    )
    rpns = [line.rpn for line in response.context["lines_page"].object_list]
    assert rpns == [9 * 5 * 6, 6 * 5 * 6, 3 * 5 * 6]
    assert "<html" not in response.content.decode()  # the fragment only
    response = client.get(fmea.get_absolute_url() + "?sort=-ap")
    assert [line.ap for line in response.context["lines_page"].object_list] == ["H", "L", "L"]
    response = client.get(fmea.get_absolute_url() + "?ap=H")
    assert [line.failure_mode for line in response.context["lines_page"].object_list] == ["mode b"]
    response = client.get(fmea.get_absolute_url() + "?min_rpn=100")
    assert len(response.context["lines_page"].object_list) == 2


def test_worksheet_queries_are_bounded(client, manager, site_a, django_assert_max_num_queries):
    fmea = seed_large_fmea(manager.user, lines=200)
    for line in FmeaLine.objects.filter(fmea=fmea)[:20]:
        services.line_create_action(
            user=manager.user, line=line, title="Action", owner=manager, due_on=date(2026, 12, 1)
        )
    client.force_login(manager.user)
    with django_assert_max_num_queries(30):
        response = client.get(fmea.get_absolute_url() + "?sort=-rpn&all=1")
    assert response.status_code == 200
    assert len(response.context["lines_page"].object_list) == 200
    with django_assert_max_num_queries(12):
        client.get(fmea.get_absolute_url() + "?sort=-ap", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="worksheet")


def test_pagination_by_100(client, manager, site_a):
    fmea = seed_large_fmea(manager.user, lines=150)
    client.force_login(manager.user)
    response = client.get(fmea.get_absolute_url())
    assert len(response.context["lines_page"].object_list) == 100
    response = client.get(fmea.get_absolute_url() + "?page=2")
    assert len(response.context["lines_page"].object_list) == 50
    assert set(bench_urls(fmea)) == {"open", "sorted_by_rpn", "sorted_by_ap"}


def test_add_line_and_edit_in_place(client, manager, fmea):
    client.force_login(manager.user)
    data = {f"new-{key}": value for key, value in LINE.items()}
    response = client.post(reverse("fmea:line_add", args=[fmea.pk]), data)
    assert response.status_code == 302
    line = FmeaLine.objects.get()
    assert line.rpn == 210
    url = reverse("fmea:line_edit", args=[line.pk])
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert f'id="line-{line.pk}"' in response.content.decode() and "<form" in response.content.decode()
    edit = {f"line-{line.pk}-{key}": value for key, value in {**LINE, "detection": 2}.items()}
    response = client.post(url, edit, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'data-rpn="70"' in response.content.decode()
    edit[f"line-{line.pk}-severity"] = ""
    response = client.post(url, edit, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    line.refresh_from_db()
    assert line.detection == 2


def test_create_action_and_rerate(client, manager, fmea):
    line = add_line(manager.user, fmea, severity=9, occurrence=4, detection=5)
    client.force_login(manager.user)
    response = client.post(
        reverse("fmea:line_action", args=[line.pk]),
        {"title": "Capteur de bris d'outil", "owner": manager.pk, "due_on": "2026-12-15"},
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.action.title == "Capteur de bris d'outil"
    page = client.get(fmea.get_absolute_url()).content.decode()
    assert line.action.reference in page
    response = client.post(
        reverse("fmea:line_rerate", args=[line.pk]),
        {"revised_severity": 9, "revised_occurrence": 1, "revised_detection": 2, "revised_on": "2026-11-20"},
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.revised_rpn, line.revised_ap) == (18, "L")
    page = client.get(fmea.get_absolute_url()).content.decode()
    assert "IPR total 180 → 18 (réduction de 90,0 %)" in page


def test_approve_workflow_page(client, manager, fmea):
    add_line(manager.user, fmea)
    client.force_login(manager.user)
    client.post(reverse("fmea:fmea_status", args=[fmea.pk]), {"status": "approved"})
    fmea.refresh_from_db()
    assert fmea.status == "approved"


def test_pdf_and_excel_export(client, manager, fmea):
    add_line(manager.user, fmea)
    client.force_login(manager.user)
    response = client.get(reverse("fmea:worksheet_pdf", args=[fmea.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    response = client.get(reverse("fmea:worksheet_export", args=[fmea.pk]))
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_settings_and_ap_csv_upload(client, manager):
    client.force_login(manager.user)
    page = client.get(reverse("fmea:settings")).content.decode()
    assert "AIAG-VDA" in page
    csv = "severity_min;severity_max;occurrence_min;occurrence_max;detection_min;detection_max;priority\n"
    csv += "1;10;1;10;1;9;L\n"
    response = client.post(
        reverse("fmea:ap_table_import"),
        {"name": "Table incomplète", "file": SimpleUploadedFile("ap.csv", csv.encode())},
        follow=True,
    )
    assert "100 combinaisons ne sont couvertes par aucune règle" in response.content.decode()
    assert ApTable.objects.count() == 1  # only the shipped AIAG-VDA table
    csv += "1;10;1;10;10;10;H\n"
    client.post(
        reverse("fmea:ap_table_import"),
        {"name": "Complète", "file": SimpleUploadedFile("ap.csv", csv.encode())},
    )
    table = ApTable.objects.get(name="Complète")
    assert table.is_active and table.rules.count() == 2
    assert not ApTable.objects.get(name__startswith="AIAG-VDA 2019").is_active
    response = client.get(reverse("fmea:ap_table_csv", args=[table.pk]))
    assert response.content.decode().splitlines()[1:] == ["1,10,1,10,1,9,L", "1,10,1,10,10,10,H"]
    response = client.post(
        reverse("fmea:settings"),
        {"rpn_high_threshold": 120, "rpn_medium_threshold": 60, "default_method": "rpn"},
    )
    assert response.status_code == 302


def test_rating_guides_page(client, manager):
    client.force_login(manager.user)
    page = client.get(reverse("fmea:rating_guides")).content.decode()
    assert "Danger sans signe avant-coureur" in page
    data = {}
    for scale in ("severity", "occurrence", "detection"):
        for level in range(1, 11):
            data[f"{scale}-{level}-meaning"] = f"{scale} {level}"
            data[f"{scale}-{level}-criteria"] = ""
    client.post(reverse("fmea:rating_guides"), data)
    assert "severity 10" in client.get(reverse("fmea:rating_guides")).content.decode()


def test_rating_selects_show_the_guides_meaning(client, manager, fmea):
    """The S/O/D selects of the add form, the in-place edit and the re-rating carry each level's
    meaning from the rating guide (default wording, qsse/fmea/rating_guides.py)."""
    line = add_line(manager.user, fmea)
    client.force_login(manager.user)
    page = client.get(fmea.get_absolute_url()).content.decode()
    assert 'for="id_new-severity"' in page  # a real label, not a title attribute
    assert ">10 — Danger sans signe avant-coureur</option>" in page
    assert ">8 — Perte de la fonction principale</option>" in page
    row_form = client.get(reverse("fmea:line_edit", args=[line.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert '<option value="7" selected>7 — ' in row_form  # the line's S 7, with its meaning
    assert ">8 — Élevée</option>" in row_form  # occurrence 8
    assert ">8 — Détection très faible</option>" in row_form
    rerate = client.get(reverse("fmea:line_rerate", args=[line.pk])).content.decode()
    assert (
        'for="id_revised_severity"' in rerate and ">10 — Danger sans signe avant-coureur</option>" in rerate
    )
    prefix = f"line-{line.pk}"
    client.post(
        reverse("fmea:line_edit", args=[line.pk]),
        {
            **{f"{prefix}-{key}": value for key, value in LINE.items()},
            f"{prefix}-severity": "8",
            f"{prefix}-position": 1,
        },
    )
    line.refresh_from_db()
    assert (line.severity, line.rpn) == (8, 240)
