"""Who may do what: readers read, managers define, owners enter values; site scope everywhere."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qsse.core.choices import Role
from qsse.indicators import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(member):
    return member(Role.READER, username="reader")


def test_reader_cannot_create_or_edit_in_pages(client, reader, manager, make_indicator):
    indicator = make_indicator("LOG-01")
    objective = services.objective_create(user=manager.user, level="strategic", title="Objectif de test")
    client.force_login(reader.user)
    assert client.get(reverse("indicators:dashboard")).status_code == 200
    assert client.get(indicator.get_absolute_url()).status_code == 200
    for url in (
        reverse("indicators:indicator_create"),
        reverse("indicators:indicator_edit", args=[indicator.pk]),
        reverse("indicators:indicator_entry", args=[indicator.pk]),
        reverse("indicators:objective_create"),
        reverse("indicators:objective_edit", args=[objective.pk]),
        reverse("indicators:policy_create"),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("indicators:indicator_recompute", args=[indicator.pk])).status_code == 403


def test_reader_cannot_write_through_the_api(reader, make_indicator):
    indicator = make_indicator("LOG-01")
    api = APIClient()
    api.force_authenticate(reader.user)
    assert api.get("/api/v1/indicators/indicators/").status_code == 200
    assert (
        api.post("/api/v1/indicators/indicators/", {"code": "X", "name": "X"}, format="json").status_code
        == 403
    )
    assert (
        api.patch(f"/api/v1/indicators/indicators/{indicator.pk}/", {"name": "Y"}, format="json").status_code
        == 403
    )
    response = api.post(
        "/api/v1/indicators/measurements/",
        {"indicator": indicator.pk, "period_start": "2026-01-01", "value": "1"},
        format="json",
    )
    assert response.status_code == 403
    assert (
        api.post(
            "/api/v1/indicators/objectives/", {"level": "strategic", "title": "X"}, format="json"
        ).status_code
        == 403
    )
    assert api.post("/api/v1/indicators/measurements/import/", {"rows": []}, format="json").status_code == 403


def test_process_owner_edits_own_process_indicator_only(member, manager, make_indicator):
    from qsse.processes import services as process_services

    owner = member(Role.PROCESS_OWNER, username="po")
    mine = process_services.process_create(
        user=manager.user, code="REA-05", name="Usinage", kind="realisation", owner=owner
    )
    other = process_services.process_create(
        user=manager.user, code="REA-06", name="Peinture", kind="realisation"
    )
    own_indicator = make_indicator("USI-01", process=mine)
    other_indicator = make_indicator("PEI-01", process=other)
    api = APIClient()
    api.force_authenticate(owner.user)
    assert (
        api.patch(
            f"/api/v1/indicators/indicators/{own_indicator.pk}/", {"target": 97}, format="json"
        ).status_code
        == 200
    )
    assert (
        api.patch(
            f"/api/v1/indicators/indicators/{other_indicator.pk}/", {"target": 97}, format="json"
        ).status_code
        == 403
    )
    assert (
        api.post("/api/v1/indicators/indicators/", {"code": "N", "name": "N"}, format="json").status_code
        == 403
    )
    # The owner of the process enters the values of its indicators, not of the others.
    ok = api.post(
        "/api/v1/indicators/measurements/",
        {"indicator": own_indicator.pk, "period_start": "2026-01-01", "value": "2"},
        format="json",
    )
    refused = api.post(
        "/api/v1/indicators/measurements/",
        {"indicator": other_indicator.pk, "period_start": "2026-01-01", "value": "2"},
        format="json",
    )
    assert (ok.status_code, refused.status_code) == (201, 403)


def test_scoped_user_sees_no_other_site_indicator(client, member, make_indicator, put_values, site_a, site_b):
    mtl = make_indicator("MTL-01", name="Indicateur Montluçon", site=site_a)
    mou = make_indicator("MOU-01", name="Indicateur Moulins", site=site_b)
    put_values(mou, {date(2026, 1, 1): 5})
    put_values(mtl, {date(2026, 1, 1): 6})
    user = member(Role.CONTRIBUTOR, site=site_a, username="mtl").user
    client.force_login(user)
    for url in (reverse("indicators:dashboard"), reverse("indicators:indicator_list")):
        html = client.get(url).content.decode()
        assert "Indicateur Montluçon" in html and "Indicateur Moulins" not in html
    assert client.get(mou.get_absolute_url()).status_code == 404
    assert client.get(reverse("indicators:dashboard_site", args=[site_b.pk])).status_code == 404
    api = APIClient()
    api.force_authenticate(user)
    codes = [row["code"] for row in api.get("/api/v1/indicators/indicators/").json()["results"]]
    assert codes == ["MTL-01"]
    measurements = api.get("/api/v1/indicators/measurements/").json()["results"]
    assert [row["indicator"] for row in measurements] == [mtl.pk]
    assert api.get(f"/api/v1/indicators/indicators/{mou.pk}/series/").status_code == 404


def test_process_owner_cannot_move_their_indicator_to_another_process(member, manager, make_indicator):
    from django.core.exceptions import PermissionDenied

    from qsse.indicators.models import Indicator
    from qsse.processes import services as process_services

    owner = member(Role.PROCESS_OWNER, username="po")
    mine = process_services.process_create(
        user=manager.user, code="REA-05", name="Usinage", kind="realisation", owner=owner
    )
    other = process_services.process_create(
        user=manager.user, code="REA-06", name="Peinture", kind="realisation"
    )
    indicator = make_indicator("USI-01", process=mine)
    with pytest.raises(PermissionDenied):
        services.indicator_update(user=owner.user, indicator=indicator, process=other)
    assert Indicator.objects.get().process == mine
