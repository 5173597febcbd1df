"""Pages: status with reasoning, catalogue search, register, forms, PDF, history, API; rights."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qsse.core.choices import Role
from qsse.icpe import services
from qsse.icpe.models import Installation, Rubrique

pytestmark = pytest.mark.django_db


@pytest.fixture
def declared(manager, site_a):
    return services.installation_create(
        user=manager.user,
        site=site_a,
        name="Chaudière gaz 2,5 MW",
        rubrique=Rubrique.objects.get(code="2910-A"),
        quantity=Decimal("2.5"),
    )


def test_pages_render(client, manager, site_a, declared):
    client.force_login(manager.user)
    for name, args in (
        ("icpe:overview", []),
        ("icpe:site_status", [site_a.pk]),
        ("icpe:rubrique_list", []),
        ("icpe:register", []),
        ("icpe:installation_detail", [declared.pk]),
        ("icpe:rubrique_detail", [Rubrique.objects.get(code="2910-A").pk]),
        ("icpe:control_list", []),
        ("icpe:history", []),
        ("icpe:installation_create", []),
        ("icpe:control_create", []),
        ("icpe:rubrique_create", []),
    ):
        assert client.get(reverse(name, args=args)).status_code == 200, name
    page = client.get(reverse("icpe:site_status", args=[site_a.pk])).content.decode()
    assert "2910-A: 1 MW ≤ 2,5 MW &lt; 20 MW → DC" in page
    assert client.get(reverse("icpe:rubrique_list"), {"q": "2565"}).content.decode().count("2565-") >= 3
    pdf = client.get(reverse("icpe:site_pdf", args=[site_a.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    export = client.get(reverse("icpe:register"), {"export": "xlsx"})
    assert export.status_code == 200


def test_declare_through_the_form_and_see_regime(client, manager, site_a):
    client.force_login(manager.user)
    response = client.post(
        reverse("icpe:installation_create"),
        {
            "site": site_a.pk,
            "name": "Centre d'usinage",
            "rubrique": Rubrique.objects.get(code="2560").pk,
            "quantity": "150",
            "is_in_service": "on",
        },
    )
    assert response.status_code == 302
    installation = Installation.objects.get(name="Centre d'usinage")
    page = client.get(reverse("icpe:site_status", args=[site_a.pk])).content.decode()
    assert 'data-regime="NC"' in page
    activity = installation.activities.get()
    client.post(
        reverse("icpe:activity_edit", args=[installation.pk, activity.pk]),
        {"rubrique": activity.rubrique_id, "quantity": "150.5"},
    )
    page = client.get(reverse("icpe:site_status", args=[site_a.pk])).content.decode()
    assert 'id="site-regime" data-regime="DC"' in page
    # A missing quantity is refused with a French-translatable message.
    response = client.post(
        reverse("icpe:installation_create"),
        {"site": site_a.pk, "name": "Sans quantité", "rubrique": activity.rubrique_id},
    )
    assert response.status_code == 200 and not Installation.objects.filter(name="Sans quantité").exists()


def test_reader_sees_but_cannot_declare(client, member, site_a, declared):
    reader = member(Role.READER, site=site_a)
    client.force_login(reader.user)
    assert client.get(reverse("icpe:site_status", args=[site_a.pk])).status_code == 200
    assert client.get(reverse("icpe:installation_create")).status_code == 403


def test_other_site_is_hidden(client, member, site_b, declared):
    other = member(Role.CONTRIBUTOR, site=site_b)
    client.force_login(other.user)
    assert client.get(reverse("icpe:installation_detail", args=[declared.pk])).status_code == 404


def test_api(manager, member, site_a, declared):
    api = APIClient()
    api.force_authenticate(manager.user)
    response = api.get(f"/api/v1/icpe/site-status/{site_a.pk}/")
    assert response.status_code == 200
    assert response.json()["regime"] == "DC"
    assert (
        response.json()["rubriques"][0]["reasoning"] == "2910-A: 1 MW ≤ 2,5 MW < 20 MW → DC"
    )  # French locale by default
    combustion = Rubrique.objects.get(code="2910-A")
    response = api.post(
        "/api/v1/icpe/quantities/",
        {"installation": declared.pk, "rubrique": Rubrique.objects.get(code="4331").pk, "quantity": "150"},
    )
    assert response.status_code == 201, response.json()
    assert api.get(f"/api/v1/icpe/site-status/{site_a.pk}/").json()["regime"] == "E"
    assert api.get("/api/v1/icpe/rubriques/", {"search": "2910"}).json()["results"][0]["id"] == combustion.pk
    reader = member(Role.READER, site=site_a)
    api.force_authenticate(reader.user)
    assert api.post("/api/v1/icpe/installations/", {"site": site_a.pk, "name": "X"}).status_code == 403
