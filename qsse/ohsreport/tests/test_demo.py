"""The report on the demo company's accident register (MBP, two sites, two years): the page and the
PDF data name no victim although the demo's victims are named; the year 2026, whose December has no
hours worked yet, is not computable while its third quarter is."""

from datetime import date

import pytest
from django.utils import translation

from qsse.accidents import selectors as accident_selectors
from qsse.accidents.models import AccidentVictim, HoursWorked
from qsse.demo.accidents import seed_accidents
from qsse.ohsreport import report as report_module
from qsse.ohsreport.calculations import Period
from qsse.ohsreport.selectors import ohs_report

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 25)


def test_report_on_the_demo_accidents(client):
    from qsse.demo.seeding import build_organisation

    org = build_organisation()
    manager = org.people["qsse_manager"]
    seed_accidents(org=org, user=manager.user, processes={}, today=TODAY)
    names = {
        record.victim.full_name for record in AccidentVictim.objects.select_related("victim") if record.victim
    }
    assert names
    site_ids = [site.pk for site in org.sites.values()]

    q3 = ohs_report(manager.user, Period(2026, 3), today=TODAY)
    assert sorted(q3.site_ids) == sorted(site_ids)
    september = accident_selectors.rates_by_month(site_ids, date(2026, 9, 1))[-1]
    assert q3.rolling.rates == september.rolling_rates
    assert q3.current.rates.tf is not None
    assert not HoursWorked.objects.filter(month=date(2026, 12, 1)).exists()
    year = ohs_report(manager.user, Period(2026), today=TODAY)
    assert (year.current.rates.tf, year.current.rates.tg) == (None, None)

    client.force_login(manager.user)
    page = client.get("/ohs-report/", {"period": "2026"}).content.decode()
    slides = client.get("/ohs-report/", {"period": "2026", "slides": "1"}).content.decode()
    api = client.get("/api/v1/ohs-report/", {"period": "2026"}).content.decode()
    with translation.override("fr"):
        pdf_data = str(report_module.report_data(year))
    for name in names:
        for output in (page, slides, api, pdf_data):
            assert name not in output
    assert "non calculable" in page
