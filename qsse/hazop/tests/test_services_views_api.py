from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from qsse.core.choices import Role
from qsse.hazop import services
from qsse.hazop.models import Deviation

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, all_sites=True)


def _study(user, site):
    study = services.study_create(
        user=user, title="HAZOP fontaine", installation="Fontaine de dégraissage solvant", site=site
    )
    node = services.node_add(
        user=user, study=study, name="Cuve de solvant", parameters=["temperature", "level"]
    )
    return study, node


def test_generation_and_deviation_text(manager, site_a):
    study, node = _study(manager.user, site_a)
    assert study.reference.startswith("HAZOP-")
    created = services.deviations_generate(
        user=manager.user,
        node=node,
        parameters=["temperature", "level"],
        guide_words=["more", "less", "late"],
    )
    assert len(created) == 4
    assert created[0].text == "Plus de température"
    # Running it again adds nothing.
    assert (
        services.deviations_generate(user=manager.user, node=node, parameters=["level"], guide_words=["more"])
        == []
    )
    with pytest.raises(ValidationError):
        services.deviation_add(user=manager.user, node=node, parameter="level", guide_word="more")


def test_rating_and_action(manager, site_a):
    study, node = _study(manager.user, site_a)
    deviation = services.deviation_add(
        user=manager.user, node=node, parameter="temperature", guide_word="more"
    )
    deviation = services.deviation_update(
        user=manager.user,
        deviation=deviation,
        causes="Thermostat défaillant",
        consequences="Vapeurs de solvant",
        likelihood=3,
        severity=4,
        recommendation="Ajouter un thermostat de sécurité",
    )
    assert deviation.score == 12 and deviation.is_significant and deviation.status == "analysed"
    with pytest.raises(ValidationError):
        services.deviation_update(user=manager.user, deviation=deviation, likelihood=None)
    deviation = services.deviation_create_action(
        user=manager.user,
        deviation=deviation,
        owner=manager,
        due_on=timezone.localdate() + timedelta(days=30),
    )
    assert deviation.action.origin_object_id == deviation.pk
    assert deviation.action.site == site_a
    assert deviation.status == "action"
    with pytest.raises(ValidationError):
        services.deviation_create_action(
            user=manager.user, deviation=deviation, owner=manager, due_on=timezone.localdate()
        )


def test_reader_cannot_write(member, manager, site_a):
    reader = member(Role.READER, site=site_a)
    with pytest.raises(PermissionDenied):
        _study(reader.user, site_a)
    study, node = _study(manager.user, site_a)
    with pytest.raises(PermissionDenied):
        services.deviations_generate(user=reader.user, node=node, parameters=["level"], guide_words=["no"])


def test_pages(client, manager, member, site_a, site_b, django_assert_max_num_queries):
    study, node = _study(manager.user, site_a)
    services.deviations_generate(
        user=manager.user, node=node, parameters=["level"], guide_words=["no", "more"]
    )
    client.force_login(manager.user)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("hazop:study_list")).status_code == 200
    page = client.get(reverse("hazop:study_detail", args=[study.pk])).content.decode()
    assert page.count('<tr id="deviation-') == 2
    assert Deviation.objects.get(guide_word="no").text in page
    response = client.post(
        reverse("hazop:deviations_generate", args=[study.pk, node.pk]),
        {"parameters": ["temperature"], "guide_words": ["more"]},
    )
    assert response.status_code == 302 and Deviation.objects.count() == 3
    deviation = Deviation.objects.get(parameter="temperature")
    row = client.get(reverse("hazop:deviation_row", args=[deviation.pk]), {"edit": 1}, HTTP_HX_REQUEST="true")
    assert "<form" in row.content.decode()
    saved = client.post(
        reverse("hazop:deviation_row", args=[deviation.pk]),
        {"text": deviation.text, "causes": "Résistance bloquée", "likelihood": "2", "severity": "4"},
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200 and "2 × 4 = 8" in saved.content.decode()
    by_score = client.get(reverse("hazop:study_detail", args=[study.pk]), {"sort": "score"}).content.decode()
    assert by_score.index("Résistance bloquée") < by_score.index(
        "deviation-" + str(Deviation.objects.get(guide_word="no").pk)
    )
    assert client.get(reverse("hazop:worksheet_export", args=[study.pk])).status_code == 200
    reader = member(Role.READER, site=site_a)
    client.force_login(reader.user)
    assert client.get(reverse("hazop:study_create")).status_code == 403
    assert client.post(reverse("hazop:deviation_row", args=[deviation.pk]), {"text": "x"}).status_code == 403
    other = member(Role.QSSE_MANAGER, site=site_b)
    client.force_login(other.user)
    assert study.reference not in client.get(reverse("hazop:study_list")).content.decode()
    assert client.get(reverse("hazop:study_detail", args=[study.pk])).status_code == 404


def test_api(manager, member, site_a, site_b):
    study, node = _study(manager.user, site_a)
    api = APIClient()
    api.force_authenticate(manager.user)
    generated = api.post(
        f"/api/v1/hazop/nodes/{node.pk}/generate/",
        {"parameters": ["level"], "guide_words": ["no", "more"]},
        format="json",
    )
    assert generated.status_code == 201 and len(generated.data) == 2
    pk = generated.data[1]["id"]
    updated = api.patch(f"/api/v1/hazop/deviations/{pk}/", {"likelihood": 4, "severity": 4}, format="json")
    assert updated.status_code == 200
    assert updated.data["score"] == 16 and updated.data["is_significant"] is True
    reader = APIClient()
    reader.force_authenticate(member(Role.READER, site=site_a).user)
    assert reader.patch(f"/api/v1/hazop/deviations/{pk}/", {"causes": "x"}, format="json").status_code == 403
    other = APIClient()
    other.force_authenticate(member(Role.QSSE_MANAGER, site=site_b).user)
    data = other.get("/api/v1/hazop/studies/").data
    rows = data["results"] if isinstance(data, dict) else data
    assert rows == []
