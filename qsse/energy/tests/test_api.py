"""/api/v1/energy/: carriers and factors, meters and records through the services, variables and
their values, EnPI report, levers → actions, yearly summary; rights and sites."""

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.energy import services
from qsse.energy.models import Consumption, EmissionFactor

from .factories import carrier, make_meter, month_record

pytestmark = pytest.mark.django_db
BASE = "/api/v1/energy/"


def api(person):
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def test_carriers_with_their_factors(manager):
    response = api(manager).get(f"{BASE}carriers/")
    assert response.status_code == 200
    gas = next(item for item in response.json() if item["code"] == "natural_gas")
    assert gas["kwh_per_unit"] == "0.901000"
    assert gas["emission_factors"][0]["kg_co2e_per_kwh"] == "0.227000"
    assert gas["emission_factors"][0]["to_verify"] is True


def test_record_through_the_api_and_summary(manager, site_a):
    meter = make_meter(manager.user, site_a, "fuel_oil", "Cuve fioul", identifier="FOD-1")
    client = api(manager)
    response = client.post(
        f"{BASE}consumptions/",
        {
            "meter": meter.pk,
            "period_start": "2025-01-01",
            "period_end": "2025-01-31",
            "quantity": "1000",
            "cost": "1100",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["kwh"] == "9970.000" and response.json()["month"] == "2025-01-01"
    duplicate = client.post(
        f"{BASE}consumptions/",
        {"meter": meter.pk, "period_start": "2025-01-01", "period_end": "2025-01-31", "quantity": "5"},
        format="json",
    )
    assert duplicate.status_code == 400
    summary = client.get(f"{BASE}summary/", {"year": 2025}).json()
    # 9,970 kWh × 0.324 = 3,230.28 kg (scope 1)
    assert summary["kwh"] == pytest.approx(9970)
    assert summary["scope_1"] == pytest.approx(3.23028)
    assert summary["carriers"][0]["cost_per_kwh"] == pytest.approx(1100 / 9970)


def test_reader_and_sites(member, manager, site_a, site_b):
    meter_a = make_meter(manager.user, site_a)
    make_meter(manager.user, site_b, name="Moulins")
    month_record(manager.user, meter_a, 2025, 1, 100)
    reader = member(Role.READER, site=site_b)
    client = api(reader)
    assert [m["name"] for m in client.get(f"{BASE}meters/").json()["results"]] == ["Moulins"]
    assert client.get(f"{BASE}consumptions/").json()["count"] == 0
    assert client.get(f"{BASE}meters/{meter_a.pk}/").status_code == 404
    response = client.post(
        f"{BASE}meters/", {"site": site_b.pk, "carrier": "electricity", "name": "X"}, format="json"
    )
    assert response.status_code == 403
    assert client.post(f"{BASE}factors/", {}, format="json").status_code == 403
    assert client.get(f"{BASE}summary/", {"year": 2025}).json()["kwh"] == 0


def test_factor_version_meter_and_variable_values(manager, site_a):
    client = api(manager)
    response = client.post(
        f"{BASE}factors/",
        {
            "carrier": "electricity",
            "valid_from": "2026-01-01",
            "kg_co2e_per_kwh": "0.052",
            "source": "Base Empreinte",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert EmissionFactor.objects.filter(carrier=carrier("electricity")).count() == 2
    again = client.post(
        f"{BASE}factors/",
        {"carrier": "electricity", "valid_from": "2026-01-01", "kg_co2e_per_kwh": "0.05", "source": "x"},
        format="json",
    )
    assert again.status_code == 400
    meter = client.post(
        f"{BASE}meters/",
        {"site": site_a.pk, "carrier": "natural_gas", "name": "Chaudière", "use": "heating"},
        format="json",
    )
    assert meter.status_code == 201 and meter.json()["carrier"] == "natural_gas"
    variable = client.post(
        f"{BASE}variables/", {"site": site_a.pk, "name": "DJU", "unit": "DJU", "kind": "degree_days"}
    )
    assert variable.status_code == 201
    values = client.post(
        f"{BASE}variables/{variable.json()['id']}/values/",
        [{"month": "2025-01-15", "value": "402"}, {"month": "2025-02-01", "value": "350.5"}],
        format="json",
    )
    assert values.status_code == 200
    assert values.json() == [
        {"month": "2025-01-01", "value": "402.000"},
        {"month": "2025-02-01", "value": "350.500"},
    ]


def test_indicator_report_and_lever_action(manager, site_a):
    user = manager.user
    meter = make_meter(user, site_a)
    parts = services.variable_create(user=user, site=site_a, name="Pièces", unit="pièces")
    services.variable_set_values(
        user=user, variable=parts, values={date(2025, m, 1): Decimal(1000 * m) for m in (1, 2, 3)}
    )
    for m in (1, 2, 3):
        month_record(user, meter, 2025, m, 10_000 + 5 * 1000 * m)
    client = api(manager)
    response = client.post(
        f"{BASE}indicators/",
        {
            "site": site_a.pk,
            "name": "kWh/pièce",
            "variable": parts.pk,
            "kind": "regression",
            "baseline_start": "2025-01-01",
            "baseline_end": "2025-03-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["intercept"] == pytest.approx(10_000) and data["slope"] == pytest.approx(5)
    report = client.get(f"{BASE}indicators/{data['id']}/report/", {"year": 2025}).json()
    assert report["rows"][0]["enpi"] == pytest.approx(15.0)
    assert report["savings"]["savings_kwh"] == pytest.approx(0)
    lever = client.post(
        f"{BASE}levers/",
        {
            "site": site_a.pk,
            "title": "LED",
            "carrier": "electricity",
            "use": "lighting",
            "estimated_kwh": "40000",
        },
        format="json",
    )
    assert lever.status_code == 201 and lever.json()["estimated_tco2e"] == "1.920"
    opened = client.post(
        f"{BASE}levers/{lever.json()['id']}/action/",
        {"owner": manager.pk, "due_on": "2026-06-30"},
        format="json",
    )
    assert opened.status_code == 200, opened.json()
    assert Action.objects.get(reference=opened.json()["action_reference"]).type == "improvement"
    assert Consumption.objects.count() == 3
