"""/api/v1/indicators/…: numbers for computed results, writes through the services."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from qsse.indicators import calculations
from qsse.indicators.models import Indicator, Measurement, Objective

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(manager):
    client = APIClient()
    client.force_authenticate(manager.user)
    return client


def month(shift=0):
    return calculations.shift_period(
        calculations.period_start(timezone.localdate(), "monthly"), "monthly", shift
    )


def test_indicator_list_with_last_value_and_status(
    api, make_indicator, put_values, django_assert_max_num_queries
):
    indicator = make_indicator("LOG-01")
    put_values(indicator, {month(-2): 97, month(-1): 93}, today=timezone.localdate())
    for number in range(10):
        make_indicator(f"X-{number}")
    with django_assert_max_num_queries(8):
        response = api.get("/api/v1/indicators/indicators/", {"search": "LOG"})
    row = response.json()["results"][0]
    assert (row["code"], row["last_value"], row["status"], row["target"]) == ("LOG-01", 93.0, "alert", 95.0)
    assert row["last_period"] == month(-1).isoformat()


def test_create_indicator_and_objective(api, manager):
    response = api.post(
        "/api/v1/indicators/indicators/",
        {
            "code": "env-01",
            "name": "Taux de recyclage",
            "domain": "environment",
            "target": 80,
            "alert_threshold": 70,
            "unit": "%",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Indicator.objects.get().code == "ENV-01"
    response = api.post(
        "/api/v1/indicators/indicators/",
        {"code": "X", "name": "X", "source": "computed", "computed_source": "inconnu"},
        format="json",
    )
    assert response.status_code == 400 and "computed_source" in response.json()
    response = api.post(
        "/api/v1/indicators/objectives/",
        {
            "level": "strategic",
            "title": "Recycler 80 % des déchets",
            "indicator": Indicator.objects.get().pk,
            "target_value": 80,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reference"].startswith("OBJ-") and "owner" in body["smart_gaps"]
    assert Objective.objects.count() == 1


def test_series_endpoint(api, make_indicator, put_values):
    indicator = make_indicator("QUA-02", direction="lower_is_better", target=3, alert_threshold=5)
    put_values(indicator, {month(-2): 6, month(-1): 5, month(): 4}, today=timezone.localdate())
    body = api.get(f"/api/v1/indicators/indicators/{indicator.pk}/series/", {"periods": 3}).json()
    assert [point["value"] for point in body["points"]] == [6.0, 5.0, 4.0]
    assert [point["status"] for point in body["points"]] == ["off_target", "alert", "alert"]
    # Slope −1 per month on a lower-is-better indicator: improving.
    assert (body["trend"], body["trend_slope"], body["status"], body["target"]) == (
        "improving",
        -1.0,
        "alert",
        3.0,
    )


def test_measurement_create_and_bulk_import(api, make_indicator):
    indicator = make_indicator("LOG-01")
    response = api.post(
        "/api/v1/indicators/measurements/",
        {"indicator": indicator.pk, "period_start": month(-1).isoformat(), "value": "94.5"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["value"] == 94.5
    rows = [
        {"indicator": "LOG-01", "period": "2026-01", "value": 91},
        {"indicator": "LOG-01", "period": "2026-02", "value": "douze"},
        {"indicator": "NOPE", "period": "2026-02", "value": 1},
    ]
    response = api.post("/api/v1/indicators/measurements/import/", {"rows": rows}, format="json")
    assert response.status_code == 400
    assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [(2, "value"), (3, "indicator")]
    assert Measurement.objects.count() == 1
    response = api.post("/api/v1/indicators/measurements/import/", {"rows": rows[:1]}, format="json")
    assert response.status_code == 201 and response.json() == {"imported": 1}
    values = api.get("/api/v1/indicators/measurements/", {"indicator": indicator.pk}).json()["results"]
    assert sorted(row["value"] for row in values) == [91.0, 94.5]
    assert Measurement.objects.get(period_start=date(2026, 1, 1)).value == Decimal("91")
