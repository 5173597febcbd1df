import pytest
from django.urls import reverse

from qsse.core.choices import Role
from qsse.organization.models import Organization
from qsse.organization.tests.factories import PersonFactory, WorkUnitFactory

pytestmark = pytest.mark.django_db


def test_overview_shows_the_users_sites_only(client, member, site_a, site_b):
    Organization.objects.update(
        legal_name="MBP SAS", siret="12345678900011", naf_code="25.62B", headcount=125
    )
    WorkUnitFactory(site=site_a, name="Atelier usinage", headcount=40)
    WorkUnitFactory(site=site_b, name="Cantine", headcount=4)
    reader = member(Role.READER, site=site_a)
    client.force_login(reader.user)
    page = client.get(reverse("organization:overview"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "MBP SAS" in page and "25.62B" in page
    assert "Atelier usinage (40 personnes exposées)" in page
    assert "Cantine" not in page


def test_people_list_filters_sorts_and_exports(client, member, site_a, site_b, django_assert_max_num_queries):
    for index in range(60):
        PersonFactory(site=site_a, last_name=f"Durand{index:02d}", first_name="Léa")
    PersonFactory(site=site_b, last_name="Hidden", first_name="Other site")
    manager = member(Role.QSSE_MANAGER, site=site_a)
    client.force_login(manager.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("organization:person_list"), {"sort": "-last_name"})
    page = response.content.decode()
    assert "Durand59" in page and "Durand00" not in page  # 50 per page, descending
    assert "Hidden" not in page
    assert "61 enregistrements" in page  # 60 + the manager, other site excluded
    filtered = client.get(reverse("organization:person_list"), {"q": "Durand05"}).content.decode()
    assert "Durand05" in filtered and "Durand06" not in filtered

    export = client.get(reverse("organization:person_list"), {"q": "Durand0", "export": "xlsx"})
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Nom", "Prénom")
    assert len(rows) == 11  # header + Durand00..Durand09


def test_people_api_is_scoped_and_read_only(client, member, site_a, site_b):
    PersonFactory(site=site_b, last_name="Elsewhere")
    contributor = member(Role.CONTRIBUTOR, site=site_a)
    client.force_login(contributor.user)
    names = [row["last_name"] for row in client.get("/api/v1/people/").json()["results"]]
    assert "Elsewhere" not in names and contributor.last_name in names
    assert client.post("/api/v1/people/", {"last_name": "X"}).status_code == 405
    sites = [row["code"] for row in client.get("/api/v1/sites/").json()["results"]]
    assert sites == ["MTL"]


def test_anonymous_requests_are_refused(client):
    assert client.get("/api/v1/people/").status_code in (401, 403)
    response = client.get(reverse("organization:person_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
