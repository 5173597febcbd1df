"""The page, the slide mode, the PDF and the API in French, scoped to the user's sites, with no
victim name or medical detail anywhere (the report goes to the CSE)."""

import json
from datetime import date

import pytest
import typst
from django.urls import reverse

from qsse.ohsreport import report as report_module
from qsse.ohsreport.calculations import Period
from qsse.ohsreport.selectors import ohs_report

from .conftest import MEDICAL_DETAILS, Q3_TODAY, VICTIM_LAST_NAME

pytestmark = pytest.mark.django_db
URL = "/ohs-report/"


def test_page_in_french_with_the_figures(client, manager, q3, site_a):
    client.force_login(manager.user)
    response = client.get(URL, {"period": "2026-Q3", "site": site_a.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rapport santé et sécurité au travail – T3 2026" in page
    assert "Taux d'accidents" in page and "Accidents analysés" in page
    assert 'id="figure-tf">66,67<' in page
    assert 'id="figure-tg">0,50<' in page
    # Q2 has no hours entered: its rates read "non calculable".
    assert "non calculable" in page
    assert "1 événements analysés sur 4." in page
    assert "arbre des causes : 2 faits" in page
    assert 'id="trend-options"' in page
    assert VICTIM_LAST_NAME not in page and "Bernadette" not in page and MEDICAL_DETAILS not in page


def test_slides_one_section_each(client, manager, q3):
    client.force_login(manager.user)
    response = client.get(URL, {"period": "2026-Q3", "slides": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("data-slide") == 6
    assert "Diapositive suivante" in page and "Diapositive %(current)s sur %(total)s" in page
    assert VICTIM_LAST_NAME not in page


def test_page_scoped_to_the_reader_site(client, reader, q3, site_b):
    client.force_login(reader.user)
    page = client.get(URL, {"period": "2026-Q3"}).content.decode()
    assert "Coupure à la main sur ébavurage" in page
    assert "Écrasement de pied au quai" not in page
    assert "Moulins" not in page
    # Asking for Moulins shows nothing of it.
    page = client.get(URL, {"period": "2026-Q3", "site": site_b.pk}).content.decode()
    assert "Écrasement de pied au quai" not in page


def test_unknown_period_falls_back_to_the_last_complete_quarter(client, manager):
    client.force_login(manager.user)
    assert client.get(URL, {"period": "nonsense"}).status_code == 200


def test_login_required(client):
    assert client.get(URL).status_code == 302


def _query(data: dict, selector: str) -> list:
    result = typst.query(
        str(report_module.TEMPLATE),
        selector,
        field="value",
        root=str(report_module.TEMPLATE.parent),
        sys_inputs={"data": json.dumps(data, ensure_ascii=False, default=str)},
    )
    return json.loads(result)


@pytest.mark.parametrize(
    ("lang", "subtitle", "tf"),
    [("fr", "T3 2026 – Montluçon", "66,67"), ("en", "Q3 2026 – Montluçon", "66.67")],
)
def test_pdf_in_french_or_english(client, manager, q3, site_a, lang, subtitle, tf):
    from django.utils import translation

    client.force_login(manager.user)
    response = client.get(reverse("ohsreport:pdf"), {"period": "2026-Q3", "site": site_a.pk, "lang": lang})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    with translation.override(lang):
        data = report_module.report_data(
            ohs_report(manager.user, Period(2026, 3), [site_a.pk], today=Q3_TODAY)
        )
    assert _query(data, "<subtitle>") == [subtitle]
    rates = _query(data, "<rates>")
    assert rates[0][5] == tf
    assert rates[1][5] == ("non calculable" if lang == "fr" else "not computable")
    assert [row[0] for row in _query(data, "<accident>")] == [
        r.reference for r in ohs_report(manager.user, Period(2026, 3), [site_a.pk], today=Q3_TODAY).accidents
    ]
    text = json.dumps(data, ensure_ascii=False)
    assert VICTIM_LAST_NAME not in text and "Bernadette" not in text and MEDICAL_DETAILS not in text


def test_api_figures(client, manager, q3, site_a):
    client.force_login(manager.user)
    response = client.get("/api/v1/ohs-report/", {"period": "2026-Q3", "site": site_a.pk})
    assert response.status_code == 200
    data = response.json()
    assert data["period"] == "2026-Q3" and data["sites"] == ["Montluçon"]
    assert data["current"]["tf"] == "66.67" and data["current"]["tg"] == "0.50"
    assert data["current"]["hours_worked"] == "30000.00"
    assert data["previous"]["tf"] is None
    assert data["kinds"] == {"lost_time": 2, "no_lost_time": 1, "near_miss": 1}
    assert data["accidents"][0]["facts"] == 2 and data["accidents"][0]["actions_open"] == 1
    text = response.content.decode()
    assert VICTIM_LAST_NAME not in text and MEDICAL_DETAILS not in text and "victim" not in text


def test_api_scoped_and_validated(client, reader, q3):
    client.force_login(reader.user)
    data = client.get("/api/v1/ohs-report/", {"period": "2026-Q3"}).json()
    assert data["sites"] == ["Montluçon"]
    assert data["current"]["lost_time_accidents"] == 2
    assert client.get("/api/v1/ohs-report/", {"period": "2026-T3"}).status_code == 400


def test_menu_entry_and_query_budget(client, manager, q3, duer_q3, inspections_q3, site_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from qsse.accidents.tests.factories import make_accident

    from .conftest import at

    client.force_login(manager.user)
    assert 'href="/ohs-report/"' in client.get("/").content.decode()
    with CaptureQueriesContext(connection) as first:
        assert client.get(URL, {"period": "2026-Q3"}).status_code == 200
    assert len(first) <= 30
    # Two more accidents of the quarter: the same number of queries (no query per row).
    for day in (date(2026, 7, 3), date(2026, 8, 28)):
        make_accident(manager.user, site_a, when=at(day), kind="near_miss", title="Presqu'accident")
    with CaptureQueriesContext(connection) as second:
        assert client.get(URL, {"period": "2026-Q3"}).status_code == 200
    assert len(second) == len(first)
