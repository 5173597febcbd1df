"""The report's figures on the hand-built third quarter of 2026 (see conftest): rates worked out by
hand with the formulas of the rules brief §2.1 (TF = lost-time accidents × 10⁶ / hours, TF2 with
accidents without lost time, TG = days lost × 10³ / hours, IF = lost-time accidents × 10³ /
headcount), site scoping, DUER changes, prevention plan and inspections."""

from datetime import date
from decimal import Decimal

import pytest

from qsse.inspections.models import InspectionSchedule
from qsse.ohsreport.calculations import Period
from qsse.ohsreport.selectors import ohs_report

from .conftest import Q3_TODAY

pytestmark = pytest.mark.django_db
Q3 = Period(2026, 3)


def test_rates_of_the_quarter_all_sites(manager, q3):
    report = ohs_report(manager.user, Q3, today=Q3_TODAY)
    figures, rates = report.current.figures, report.current.rates
    # Montluçon 30,000 h + Moulins 30,000 h; lost time: 2 + 1; days: 10 + 5 + 6; 1 without lost time.
    assert (figures.lost_time_accidents, figures.other_accidents, figures.days_lost) == (3, 1, 21)
    assert figures.hours_worked == Decimal("60000")
    assert rates.tf == Decimal("50.00")  # 3 × 1,000,000 / 60,000
    assert rates.tf2 == Decimal("66.67")  # 4 × 1,000,000 / 60,000 = 66.666…
    assert rates.tg == Decimal("0.35")  # 21 × 1,000 / 60,000
    assert rates.indice is None  # Moulins entered no headcount
    assert report.kinds == {"lost_time": 3, "no_lost_time": 1, "near_miss": 1}
    assert (report.lost_time, report.without_lost_time, report.near_misses) == (3, 1, 1)


def test_rates_of_one_site_and_quarter_without_hours(manager, q3, site_a):
    report = ohs_report(manager.user, Q3, [site_a.pk], today=Q3_TODAY)
    rates = report.current.rates
    assert report.site_names == ["Montluçon"]
    assert report.current.figures.hours_worked == Decimal("30000")
    assert rates.tf == Decimal("66.67")  # 2 × 1,000,000 / 30,000 = 66.666…
    assert rates.tf2 == Decimal("100.00")  # 3 × 1,000,000 / 30,000
    assert rates.tg == Decimal("0.50")  # 15 × 1,000 / 30,000
    assert rates.indice == Decimal("100.00")  # 2 × 1,000 / 20
    # Q2: one accident with lost time (3 days) but no hours entered: not computable, not zero.
    previous = report.previous
    assert (previous.start, previous.end) == (date(2026, 4, 1), date(2026, 7, 1))
    assert (previous.figures.lost_time_accidents, previous.figures.days_lost) == (1, 3)
    assert (previous.rates.tf, previous.rates.tf2, previous.rates.tg, previous.rates.indice) == (None,) * 4
    # The rolling 12 months (10/2025–09/2026) miss nine months of hours: not computable either.
    assert report.rolling.start == date(2025, 10, 1)
    assert report.rolling.figures.lost_time_accidents == 3
    assert report.rolling.rates.tf is None
    # The chart's months: the 12 ending with September, July at 10,000 h → TF 100.00 (1 accident).
    assert [row.month for row in report.months][-3:] == [date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1)]
    assert report.months[-3].rates.tf == Decimal("100.00")
    assert report.months[-2].rates.tf == Decimal("0.00")
    assert report.months[-4].rates.tf is None


def test_accidents_with_their_analysis(manager, q3, site_a):
    report = ohs_report(manager.user, Q3, [site_a.pk], today=Q3_TODAY)
    rows = report.accidents
    assert [row.title for row in rows] == [
        "Coupure à la main sur ébavurage",
        "Entorse légère",
        "Charge tombée du pont",
        "Chute de plain-pied",
    ]
    first = rows[0]
    assert (first.facts, first.is_analysed, first.actions_open, first.actions_closed) == (2, True, 1, 1)
    assert first.days_lost == 10 and first.occurred_on == date(2026, 7, 15)
    assert [row.is_analysed for row in rows[1:]] == [False, False, False]
    assert report.analysed_count == 1
    assert not hasattr(first, "victim")


def test_reader_sees_only_their_site(reader, q3, site_b):
    report = ohs_report(reader.user, Q3, today=Q3_TODAY)
    assert report.site_names == ["Montluçon"]
    assert report.current.rates.tf == Decimal("66.67")
    assert "Écrasement de pied au quai" not in [row.title for row in report.accidents]
    # Asking for a site out of scope shows nothing of it.
    other = ohs_report(reader.user, Q3, [site_b.pk], today=Q3_TODAY)
    assert other.site_names == [] and other.accidents == [] and other.current.figures.lost_time_accidents == 0


def test_prevention_plan(manager, q3, duer_q3, site_a):
    report = ohs_report(manager.user, Q3, today=Q3_TODAY)
    plan = report.plan
    # Accident causes: one done, one open due 31/10; DUER measure: planned, due 30/11.
    assert (plan.total, plan.done, plan.in_progress, plan.overdue) == (3, 1, 2, 0)
    assert plan.percent_done == Decimal("33.3")
    assert (plan.from_duer, plan.from_accidents) == (1, 2)
    later = ohs_report(manager.user, Q3, today=date(2026, 11, 5)).plan
    assert (later.in_progress, later.overdue) == (1, 1)
    # Actions opened after the quarter do not belong to its plan.
    assert ohs_report(manager.user, Period(2026, 2), today=Q3_TODAY).plan.total == 0


def test_duer_changes(manager, duer_q3):
    report = ohs_report(manager.user, Q3, today=Q3_TODAY)
    assert [(v.number, v.frozen_on, v.change_note) for v in report.versions] == [
        (1, date(2026, 8, 31), "Bruit réévalué")
    ]
    assert (report.hazards_added, report.hazards_rerated) == (2, 1)
    assert [r.situation for r in report.top_risks] == ["Bruit des centres d'usinage", "Sol glissant"]
    # Nothing of it in the second quarter.
    q2 = ohs_report(manager.user, Period(2026, 2), today=Q3_TODAY)
    assert (q2.versions, q2.hazards_added, q2.hazards_rerated) == ([], 0, 0)


def test_inspections(manager, inspections_q3, site_a):
    report = ohs_report(manager.user, Q3, [site_a.pk], today=Q3_TODAY)
    status = report.inspections
    lines = inspections_q3.schedule_lines.count()
    assert (status.overdue, status.due_soon, status.up_to_date) == (
        1,
        1 if lines > 1 else 0,
        max(lines - 2, 0),
    )
    assert status.performed == 1
    assert status.results == {"compliant": 0, "observations": 1, "unsafe": 0}
    assert [(v.performed_on, v.result) for v in status.visits] == [(date(2026, 8, 1), "observations")]
    everywhere = ohs_report(manager.user, Q3, today=Q3_TODAY).inspections
    assert (
        everywhere.overdue == 1 + InspectionSchedule.objects.filter(equipment__site__name="Moulins").count()
    )
