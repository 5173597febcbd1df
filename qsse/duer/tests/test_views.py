"""Pages of the DUER in French: overview, work unit (htmx add), freeze, PDF and Excel, programme,
work-station sheet, and the scope of a contributor of another site."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from qsse.core.choices import Role
from qsse.duer import services
from qsse.duer.models import DuerVersion, Hazard

from .factories import family, make_duer, make_hazard, make_matrix, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_fr(client):
    client.cookies["django_language"] = "fr"
    return client


def test_overview_lists_units_with_top_residual(client_fr, manager, duer, unit):
    make_matrix(manager.user)
    make_hazard(manager.user, duer, unit, probability=3, gravity=4, control_level=2)  # 9.00 Élevé
    make_hazard(manager.user, duer, unit, probability=2, gravity=2, control_level=1)  # 4.00 Modéré
    client_fr.force_login(manager.user)
    response = client_fr.get(duer.get_absolute_url())
    assert response.status_code == 200
    text = response.content.decode()
    assert "Atelier d&#x27;usinage" in text
    assert "Élevé · 9" in text
    assert "Mise à jour annuelle obligatoire" in text


def test_hazard_added_with_htmx(client_fr, manager, duer, unit):
    client_fr.force_login(manager.user)
    url = reverse("duer:hazard_create", args=[duer.pk, unit.pk])
    response = client_fr.post(
        url,
        {
            "family": family("Électricité").pk,
            "sub_danger": "",
            "situation": "Armoire électrique ouverte",
            "exposed_count": 3,
            "existing_measures": "",
            "probability": 2,
            "gravity": 4,
            "control_level": 3,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Danger ajouté." in response.content.decode()
    hazard = Hazard.objects.get()
    assert (hazard.raw_score, hazard.residual_score) == (8, Decimal("4.00"))


def test_freeze_then_pdf_and_excel(client_fr, manager, duer, unit):
    make_hazard(manager.user, duer, unit)
    client_fr.force_login(manager.user)
    response = client_fr.post(
        reverse("duer:version_list", args=[duer.pk]), {"change_note": "Première version"}
    )
    assert response.status_code == 302
    version = DuerVersion.objects.get()
    pdf = client_fr.get(reverse("duer:version_pdf", args=[version.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    xlsx = client_fr.get(reverse("duer:version_excel", args=[version.pk]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    page = client_fr.get(reverse("duer:version_list", args=[duer.pk])).content.decode()
    assert "Première version" in page and "v1" in page


def test_programme_is_a_papripact_from_50_employees(client_fr, manager, duer, unit):
    hazard = make_hazard(manager.user, duer, unit)
    measure = services.measure_create(
        user=manager.user, hazard=hazard, description="Capotage", principle="source", measure_type="technical"
    )
    year = timezone.localdate().year
    services.measure_to_action(
        user=manager.user,
        measure=measure,
        owner=manager,
        due_on=date(year, 9, 30),
        estimated_cost=Decimal("1200"),
    )
    client_fr.force_login(manager.user)
    url = reverse("duer:programme", args=[duer.pk])
    text = client_fr.get(url).content.decode()
    assert "PAPRIPACT" in text and "Capotage" in text and "1200 €" in text
    organisation = unit.site.organization
    organisation.headcount = 49
    organisation.save()
    text = client_fr.get(url).content.decode()
    assert (
        "Liste des actions de prévention" in text
        and "PAPRIPACT)" not in text.split("<h1")[1].split("</h1>")[0]
    )


def test_workstation_sheet_lists_ppe(client_fr, manager, duer, unit):
    hazard = make_hazard(manager.user, duer, unit)
    services.measure_create(
        user=manager.user,
        hazard=hazard,
        description="Bouchons moulés",
        principle="collective",
        measure_type="technical",
        protection="individual",
    )
    client_fr.force_login(manager.user)
    text = client_fr.get(reverse("duer:workstation_sheet", args=[duer.pk, unit.pk])).content.decode()
    assert "Équipements de protection individuelle à porter" in text and "Bouchons moulés" in text


def test_contributor_of_another_site_does_not_see_a_site_duer(client_fr, member, manager, site_a, site_b):
    duer = make_duer(manager.user, manager, site=site_a, title="DUER Montluçon")
    other = member(Role.CONTRIBUTOR, site=site_b, username="moulins")
    client_fr.force_login(other.user)
    assert client_fr.get(duer.get_absolute_url()).status_code == 404
    reader = member(Role.READER, site=site_a, username="reader")
    client_fr.force_login(reader.user)
    unit = make_unit(site_a)
    response = client_fr.post(reverse("duer:hazard_create", args=[duer.pk, unit.pk]), {})
    assert response.status_code == 403


def test_ranking_highest_residual_first(client_fr, manager, duer, unit, site_a):
    other = make_unit(site_a, "Entrepôt", 8)
    make_hazard(
        manager.user, duer, unit, situation="Bruit", probability=3, gravity=3, control_level=3
    )  # 4.50
    make_hazard(
        manager.user, duer, other, situation="Chariots", probability=3, gravity=4, control_level=2
    )  # 9.00
    make_hazard(
        manager.user, duer, unit, situation="Copeaux", probability=2, gravity=4, control_level=1
    )  # 8.00
    client_fr.force_login(manager.user)
    text = client_fr.get(reverse("duer:ranking", args=[duer.pk])).content.decode()
    positions = [text.index(word) for word in ("Chariots", "Copeaux", "Bruit")]
    assert positions == sorted(positions)


def test_own_hazard_family_added_by_a_manager_only(client_fr, manager, member):
    client_fr.force_login(manager.user)
    url = reverse("duer:family_list")
    response = client_fr.post(url, {"name": "Travail isolé", "sub_dangers": "Travailleur isolé\nAstreinte"})
    assert response.status_code == 302
    text = client_fr.get(url).content.decode()
    assert "Travail isolé" in text and "famille propre" in text
    contributor = member(Role.CONTRIBUTOR, username="contributor")
    client_fr.force_login(contributor.user)
    assert client_fr.post(url, {"name": "Autre"}).status_code == 403


def test_hazard_and_measure_removed(client_fr, manager, duer, unit):
    hazard = make_hazard(manager.user, duer, unit)
    measure = services.measure_create(
        user=manager.user, hazard=hazard, description="Capotage", principle="source", measure_type="technical"
    )
    client_fr.force_login(manager.user)
    response = client_fr.post(reverse("duer:measure_delete", args=[measure.pk]), HTTP_HX_REQUEST="true")
    assert "Mesure de prévention supprimée." in response.content.decode()
    assert not hazard.measures.exists()
    response = client_fr.post(reverse("duer:hazard_delete", args=[hazard.pk]))
    assert response.status_code == 302 and not Hazard.objects.exists()


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


# Not named "page": that is pytest-playwright's fixture, whose browser parameter would make pytest
# move every browser test (which empty the database) before the other database tests.
@pytest.mark.parametrize(
    "url_name", ["duer:duer_detail", "duer:ranking", "duer:version_list", "duer:programme"]
)
def test_pages_read_a_constant_number_of_queries(client_fr, manager, duer, unit, site_a, url_name):
    make_matrix(manager.user)

    def grow(count):
        for index in range(count):
            other = make_unit(site_a, f"Unité {url_name} {index}", 5)
            hazard = make_hazard(manager.user, duer, other)
            measure = services.measure_create(
                user=manager.user, hazard=hazard, description="Mesure", principle="plan", measure_type="human"
            )
            services.measure_to_action(
                user=manager.user, measure=measure, owner=manager, due_on=timezone.localdate()
            )
        services.version_freeze(user=manager.user, duer=duer, change_note="v")

    client_fr.force_login(manager.user)
    url = reverse(url_name, args=[duer.pk])
    grow(2)
    small = _queries(client_fr, url)
    grow(5)
    assert _queries(client_fr, url) == small


def test_work_unit_page_reads_a_constant_number_of_queries(client_fr, manager, duer, unit):
    client_fr.force_login(manager.user)
    url = reverse("duer:work_unit", args=[duer.pk, unit.pk])

    def grow(count):
        for _index in range(count):
            hazard = make_hazard(manager.user, duer, unit)
            for _measure in range(2):
                measure = services.measure_create(
                    user=manager.user,
                    hazard=hazard,
                    description="Mesure",
                    principle="plan",
                    measure_type="human",
                )
            services.measure_to_action(
                user=manager.user, measure=measure, owner=manager, due_on=timezone.localdate()
            )

    grow(1)
    small = _queries(client_fr, url)
    grow(4)
    assert _queries(client_fr, url) == small


def test_dashboard_card_lists_the_duer_to_update(client_fr, manager, duer, unit):
    # The organisation of the factories has 125 employees: the yearly update applies; never frozen.
    client_fr.force_login(manager.user)
    text = client_fr.get("/").content.decode()
    assert "1 DUER à mettre à jour (mise à jour annuelle, R4121-2)" in text and "jamais figé" in text
    services.version_freeze(user=manager.user, duer=duer, change_note="v1")
    assert "Tous les DUER sont à jour." in client_fr.get("/").content.decode()
