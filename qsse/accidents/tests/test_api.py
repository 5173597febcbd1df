"""/api/v1/accidents/: the register with the victim's data hidden from unauthorised roles, the tree
of causes, hours worked and the rates."""

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from qsse.accidents import services
from qsse.accidents.models import CauseLink, CauseNode
from qsse.core.choices import Role

from .factories import make_accident

pytestmark = pytest.mark.django_db
BASE = "/api/v1/accidents/"


def api(person):
    client = APIClient()
    client.force_authenticate(person.user)
    return client


@pytest.fixture
def accident(manager, site_a):
    return make_accident(
        manager.user,
        site_a,
        days_lost=4,
        victim=manager,
        lesion_seat="eyes",
        lesion_details="Brûlure cornéenne",
    )


def test_victim_visible_to_manager_only(manager, reader, member, site_a, accident):
    data = api(manager).get(f"{BASE}accidents/{accident.pk}/").json()
    assert data["victim"]["lesion_seat"] == "eyes" and data["victim"]["victim_name"] == str(manager)
    assert data["personal_data_restricted"] is False
    for person in (reader, member(Role.PROCESS_OWNER, site=site_a, username="owner")):
        data = api(person).get(f"{BASE}accidents/{accident.pk}/").json()
        assert data["victim"] is None and data["personal_data_restricted"] is True
        assert "Brûlure" not in str(data)
        listing = api(person).get(f"{BASE}accidents/").json()
        assert listing["results"][0]["victim"] is None


def test_create_with_personal_data(manager, member, site_a):
    payload = {
        "kind": "lost_time",
        "occurred_at": "2026-10-05T08:15:00+02:00",
        "site": site_a.pk,
        "place": "Ligne de traitement de surface",
        "title": "Projection de solvant",
        "description": "Projection lors du remplissage du bac de dégraissage.",
        "days_lost": 2,
        "lesion_seat": "eyes",
        "lesion_nature": "chemical",
    }
    response = api(manager).post(f"{BASE}accidents/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["reference"] == "ACC-2026-0001"
    assert response.json()["victim"]["lesion_nature"] == "chemical"
    contributor = member(Role.CONTRIBUTOR, site=site_a, username="contrib")
    assert api(contributor).post(f"{BASE}accidents/", payload, format="json").status_code == 403
    payload.pop("lesion_seat"), payload.pop("lesion_nature")
    assert api(contributor).post(f"{BASE}accidents/", payload, format="json").status_code == 201


def test_tree_through_the_api(manager, reader, accident):
    root = CauseNode.objects.get(accident=accident, is_root=True)
    client = api(manager)
    first = client.post(
        f"{BASE}causes/",
        {"accident": accident.pk, "text": "Bac rempli à la main", "effect": root.pk},
        format="json",
    )
    second = client.post(
        f"{BASE}causes/",
        {"accident": accident.pk, "text": "Lunettes non portées", "kind": "habitual", "component": "I"},
        format="json",
    )
    assert first.status_code == 201 and second.status_code == 201
    link = client.post(f"{BASE}links/", {"cause": second.json()["id"], "effect": root.pk}, format="json")
    assert link.status_code == 201 and CauseLink.objects.count() == 2
    loop = client.post(f"{BASE}links/", {"cause": root.pk, "effect": first.json()["id"]}, format="json")
    assert loop.status_code == 400
    assert (
        api(reader).post(f"{BASE}causes/", {"accident": accident.pk, "text": "x"}, format="json").status_code
        == 403
    )


def test_hours_and_rates(manager, reader, site_a, accident):
    response = api(manager).post(
        f"{BASE}hours/",
        {"site": site_a.pk, "month": "2026-03-01", "hours": "12500", "average_headcount": "95"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    # Posting the same month again replaces it.
    api(manager).post(
        f"{BASE}hours/", {"site": site_a.pk, "month": "2026-03-01", "hours": "10000"}, format="json"
    )
    assert (
        api(reader)
        .post(f"{BASE}hours/", {"site": site_a.pk, "month": "2026-04-01", "hours": "1"}, format="json")
        .status_code
        == 403
    )
    rows = api(reader).get(f"{BASE}rates/", {"month": "2026-04"}).json()
    assert len(rows) == 12
    march = next(row for row in rows if row["month"] == "2026-03-01")
    # 1 accident with lost time, 4 days, 10,000 hours: TF = 100, TG = 0.40; no headcount → IF null.
    assert (march["tf"], march["tg"], march["frequency_index"]) == ("100.00", "0.40", None)
    april = next(row for row in rows if row["month"] == "2026-04-01")
    assert april["tf"] is None and april["tf_rolling_12_months"] is None
    services.hours_set(user=manager.user, site=site_a, month=date(2026, 4, 1), hours=Decimal(0))
    rows = api(reader).get(f"{BASE}rates/", {"month": "2026-04", "site": site_a.pk}).json()
    assert rows[-1]["month"] == "2026-04-01" and rows[-1]["tf"] is None  # 0 hours: not computable
