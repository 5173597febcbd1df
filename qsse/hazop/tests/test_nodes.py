"""Nodes are edited, and deleted only while they have no deviation: services, pages and API."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from qsse.core.choices import Role
from qsse.hazop import services
from qsse.hazop.models import HazopNode

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, all_sites=True)


@pytest.fixture
def study(manager, site_a):
    study = services.study_create(
        user=manager.user, title="HAZOP dépotage", installation="Poste de dépotage acide", site=site_a
    )
    services.node_add(user=manager.user, study=study, name="Flexible de dépotage", parameters=["flow"])
    services.node_add(user=manager.user, study=study, name="Cuve de stockage", parameters=["level"])
    return study


def test_node_update_and_delete(manager, member, study, site_a):
    hose, tank = study.nodes.order_by("number")
    hose = services.node_update(
        user=manager.user,
        node=hose,
        name="Flexible DN50",
        design_intent="Transférer 20 m³/h d’acide du camion à la cuve",
        parameters=["flow", "pressure"],
    )
    hose.refresh_from_db()
    assert (hose.number, hose.name, hose.parameters) == (1, "Flexible DN50", ["flow", "pressure"])
    with pytest.raises(ValidationError):
        services.node_update(user=manager.user, node=hose, parameters=["colour"])

    services.deviations_generate(user=manager.user, node=tank, parameters=["level"], guide_words=["more"])
    with pytest.raises(ValidationError) as error:
        services.node_delete(user=manager.user, node=tank)
    assert error.value.messages == [
        "Le nœud « Cuve de stockage » ne peut pas être supprimé : il a 1 dérive dans le tableau HAZOP."
    ]
    reader = member(Role.READER, site=site_a)
    with pytest.raises(PermissionDenied):
        services.node_delete(user=reader.user, node=hose)
    with pytest.raises(PermissionDenied):
        services.node_update(user=reader.user, node=hose, name="x")
    services.node_delete(user=manager.user, node=hose)
    assert list(study.nodes.values_list("name", flat=True)) == ["Cuve de stockage"]


def test_pages(client, manager, member, study, site_a):
    hose, tank = study.nodes.order_by("number")
    services.deviations_generate(
        user=manager.user, node=tank, parameters=["level"], guide_words=["no", "more"]
    )
    client.force_login(manager.user)
    page = client.get(reverse("hazop:study_detail", args=[study.pk])).content.decode()
    assert reverse("hazop:node_edit", args=[study.pk, hose.pk]) in page
    assert reverse("hazop:node_delete", args=[study.pk, tank.pk]) in page
    form = client.get(reverse("hazop:node_edit", args=[study.pk, hose.pk]))
    assert form.status_code == 200 and "Modifier le nœud" in form.content.decode()
    response = client.post(
        reverse("hazop:node_edit", args=[study.pk, hose.pk]),
        {"name": "Flexible DN50", "design_intent": "Dépotage", "parameters": ["flow"]},
        follow=True,
    )
    assert "Le nœud « Flexible DN50 » est enregistré." in response.content.decode()
    assert HazopNode.objects.get(pk=hose.pk).name == "Flexible DN50"

    refused = client.post(reverse("hazop:node_delete", args=[study.pk, tank.pk]), follow=True)
    assert (
        "Le nœud « Cuve de stockage » ne peut pas être supprimé : il a 2 dérives dans le tableau HAZOP."
        in refused.content.decode()
    )
    assert HazopNode.objects.filter(pk=tank.pk).exists()
    deleted = client.post(reverse("hazop:node_delete", args=[study.pk, hose.pk]), HTTP_HX_REQUEST="true")
    assert deleted.status_code == 204 and deleted["HX-Redirect"] == study.get_absolute_url()
    assert not HazopNode.objects.filter(pk=hose.pk).exists()

    client.force_login(member(Role.READER, site=site_a).user)
    assert client.get(reverse("hazop:node_edit", args=[study.pk, tank.pk])).status_code == 403
    assert client.post(reverse("hazop:node_delete", args=[study.pk, tank.pk])).status_code == 403


def test_api(manager, member, study, site_a):
    hose, tank = study.nodes.order_by("number")
    services.deviations_generate(user=manager.user, node=tank, parameters=["level"], guide_words=["no"])
    api = APIClient()
    api.force_authenticate(manager.user)
    reader = APIClient()
    reader.force_authenticate(member(Role.READER, site=site_a).user)
    assert reader.patch(f"/api/v1/hazop/nodes/{hose.pk}/", {"name": "x"}, format="json").status_code == 403
    assert reader.delete(f"/api/v1/hazop/nodes/{hose.pk}/").status_code == 403
    patched = api.patch(f"/api/v1/hazop/nodes/{hose.pk}/", {"name": "Flexible DN50"}, format="json")
    assert patched.status_code == 200 and patched.data["name"] == "Flexible DN50"
    refused = api.delete(f"/api/v1/hazop/nodes/{tank.pk}/")
    assert refused.status_code == 400
    assert refused.data["non_field_errors"] == [
        "Le nœud « Cuve de stockage » ne peut pas être supprimé : il a 1 dérive dans le tableau HAZOP."
    ]
    assert api.delete(f"/api/v1/hazop/nodes/{hose.pk}/").status_code == 204
    assert list(study.nodes.values_list("name", flat=True)) == ["Cuve de stockage"]
