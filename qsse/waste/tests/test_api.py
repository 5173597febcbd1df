"""Waste API: the same rules and permissions as the pages."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from qsse.core.choices import Role

from .factories import make_contractor, make_stream, treatment

pytestmark = pytest.mark.django_db


def test_removal_api_rules_stats_and_permissions(manager, member, site_a):
    facility = make_contractor(manager.user)
    stream = make_stream(
        manager.user, site_a, "12 01 09*", "Émulsions", facility=facility, treatment_code=treatment("D9")
    )
    api = APIClient()
    api.force_authenticate(manager.user)
    payload = {
        "site": site_a.pk,
        "stream": stream.pk,
        "removed_on": "2026-03-02",
        "quantity": "1.500",
        "unit": "t",
    }
    response = api.post("/api/v1/waste/removals/", payload, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert response.json()["tracking_number"] == [
        "Un déchet dangereux part avec un bordereau de suivi : saisissez le numéro de BSD (Trackdéchets)."
    ]
    payload["tracking_number"] = "BSD-20260302-4FX8Q2KZ7"
    response = api.post("/api/v1/waste/removals/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["reference"], response.json()["category"], response.json()["tonnes"]) == (
        "DEC-2026-0001",
        "hazardous",
        "1.500",
    )
    stats = api.get("/api/v1/waste/removals/stats/", {"year": 2026}).json()
    assert (stats["total"]["total_t"], stats["total"]["rate"], stats["hazardous_t"]) == (
        "1.500",
        "0.0",
        "1.500",
    )
    assert (
        api.get("/api/v1/waste/codes/", {"search": "12 01 09"}).json()["results"][0]["display"] == "12 01 09*"
    )
    reader = member(Role.READER, site=site_a, username="reader")
    api.force_authenticate(reader.user)
    assert api.get("/api/v1/waste/removals/").json()["count"] == 1
    assert api.post("/api/v1/waste/removals/", payload, format="json").status_code == 403
    assert date(2026, 3, 2).year == 2026
