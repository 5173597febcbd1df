"""Pages: plan list and page, control point page with htmx result form, calendar, my controls,
risks ranking, dashboard widget; query budgets."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from qsse.core.choices import Role
from qsse.nonconformities.models import Nonconformity
from qsse.surveillance import services
from qsse.surveillance.models import ControlPoint, ControlResult

from .factories import make_plan, make_point

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def client_manager(client, manager):
    client.force_login(manager.user)
    return client


def test_plan_list_with_counts_within_a_query_budget(
    client_manager, manager, site_a, django_assert_max_num_queries, today
):
    for index in range(12):
        plan = make_plan(manager.user, manager, site_a, title=f"Plan {index:02d}")
        make_point(manager.user, plan, manager, next_due_on=today - timedelta(days=3))
        make_point(manager.user, plan, manager, reference="AN-03", next_due_on=today + timedelta(days=30))
    with django_assert_max_num_queries(12):
        response = client_manager.get(reverse("surveillance:plan_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Plan 00" in body and "Plan 11" in body
    first = response.context["rows"][0][0]
    assert (first.control_count, first.overdue_count) == (2, 1)


def test_plan_page_ranks_controls_by_score_with_level_text(
    client_manager, manager, plan, point, django_assert_max_num_queries
):
    low = make_point(manager.user, plan, manager, reference="AN-09", what="Aspect visuel")
    for index in range(10):
        make_point(manager.user, plan, manager, reference=f"X-{index}", what=f"Contrôle {index}")
    with django_assert_max_num_queries(16):
        response = client_manager.get(reverse("surveillance:plan_detail", args=[plan.pk]))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows[0]["point"] == point  # score 9 ranks before the unrated controls
    assert low in [row["point"] for row in rows[1:]]
    body = response.content.decode()
    assert "Élevé · score 9" in body


def test_record_an_out_of_limits_result_with_htmx_shows_the_nc(client_manager, point, today):
    response = client_manager.post(
        reverse("surveillance:control_result_create", args=[point.pk]),
        {"performed_on": today.isoformat(), "value": "25.5", "comment": "Groupe froid en panne"},
        **HTMX,
    )
    assert response.status_code == 200
    nc = Nonconformity.objects.get()
    body = response.content.decode()
    assert nc.reference in body
    assert "non-conformité" in body.lower()
    assert ControlResult.objects.get().nonconformity == nc


def test_record_with_errors_answers_422_and_writes_nothing(client_manager, point, today):
    response = client_manager.post(
        reverse("surveillance:control_result_create", args=[point.pk]),
        {"performed_on": today.isoformat(), "value": ""},
        **HTMX,
    )
    assert response.status_code == 422
    assert "Saisissez la valeur mesurée." in response.content.decode()
    assert ControlResult.objects.count() == 0


def test_control_point_page_shows_history_chart_and_table(client_manager, manager, point):
    services.control_result_record(
        user=manager.user, control_point=point, performed_on=date(2026, 1, 12), value=Decimal("20.5")
    )
    services.control_result_record(
        user=manager.user, control_point=point, performed_on=date(2026, 1, 19), value=Decimal("23")
    )
    response = client_manager.get(reverse("surveillance:control_point_detail", args=[point.pk]))
    assert response.status_code == 200
    chart = response.context["chart"]
    assert [item["value"] for item in chart["series"][0]["data"]] == [
        ["2026-01-12", 20.5],
        ["2026-01-19", 23.0],
    ]
    assert [line["yAxis"] for line in chart["series"][0]["markLine"]["data"]] == [18.0, 22.0]
    body = response.content.decode()
    assert 'id="results-table"' in body and "hors limites" in body


def test_calendar_shows_the_due_controls_of_the_month(
    client_manager, manager, plan, point, today, django_assert_max_num_queries
):
    # Next January; the weekly control is first due on its first Monday (5 Jan in 2027 would be 4).
    year = today.year + 1
    monday = date(year, 1, 1) + timedelta(days=(7 - date(year, 1, 1).weekday()) % 7)
    ControlPoint.objects.filter(pk=point.pk).update(next_due_on=monday)
    monthly = make_point(
        manager.user,
        plan,
        manager,
        reference="DG-01",
        what="Détecteur",
        interval_unit="month",
        next_due_on=date(year, 1, 31),
    )
    with django_assert_max_num_queries(12):
        response = client_manager.get(reverse("surveillance:calendar") + f"?month={year}-01")
    assert response.status_code == 200
    due = [(item.point.reference, item.due_on) for item in response.context["due"]]
    mondays = [monday + timedelta(weeks=n) for n in range(5) if (monday + timedelta(weeks=n)).month == 1]
    assert due == [*(("AN-02", day) for day in mondays), ("DG-01", date(year, 1, 31))]
    assert all(item.status == "on_time" for item in response.context["due"])
    body = response.content.decode()
    assert 'id="due-list"' in body and monthly.what in body


def test_calendar_of_a_past_month_shows_the_missed_due_date_as_overdue(client_manager, point):
    # Due on Monday 5 Jan 2026 and never done: January shows that one date, overdue.
    response = client_manager.get(reverse("surveillance:calendar") + "?month=2026-01")
    assert [(item.due_on, item.status) for item in response.context["due"]] == [(date(2026, 1, 5), "overdue")]


def test_calendar_flags_overdue_controls_with_text(client_manager, point, today):
    ControlPoint.objects.filter(pk=point.pk).update(next_due_on=today - timedelta(days=40))
    response = client_manager.get(reverse("surveillance:calendar"))
    items = [(item.due_on, item.status) for item in response.context["due"] if item.point == point]
    # Due 40 days ago (before the month): shown on today as overdue, then weekly from today.
    assert items[0] == (today, "overdue")
    assert all(day > today for day, _ in items[1:])
    assert [day for day, _ in items[1:]] == [
        today + timedelta(weeks=n) for n in range(1, 6) if (today + timedelta(weeks=n)).month == today.month
    ]
    # The status is said in words, not only in red (the page is in French: "En retard").
    assert f"⚠ {response.context['status_labels']['overdue']}" in response.content.decode()


def test_calendar_filters_by_responsible(client_manager, manager, member, plan, point, site_a):
    other = member(Role.CONTRIBUTOR, site=site_a)
    make_point(manager.user, plan, other, reference="CN-01", what="Fluide de coupe")
    response = client_manager.get(reverse("surveillance:calendar") + f"?responsible={other.pk}")
    assert {item.point.reference for item in response.context["due"]} == {"CN-01"}


def test_my_controls(client, manager, member, plan, point, site_a, today):
    operator = member(Role.CONTRIBUTOR, site=site_a)
    mine = make_point(
        manager.user, plan, operator, reference="CN-01", what="Fluide de coupe", next_due_on=today
    )
    client.force_login(operator.user)
    response = client.get(reverse("surveillance:my_controls"))
    assert [row["point"] for row in response.context["rows"]] == [mine]


def test_risk_ranking_lists_watched_risks_by_score(
    client_manager, manager, plan, point, risk, process, site_a
):
    from .factories import make_risk

    small = make_risk(
        manager.user, process, title="Bruit de la ventilation", probability=1, impact=2, site=site_a
    )
    make_point(manager.user, plan, manager, reference="VE-01", what="Débit", risk=small)
    response = client_manager.get(reverse("surveillance:risk_ranking"))
    assert [(row.label, row.score, row.level_name) for row in response.context["rows"]] == [
        (f"{risk.reference} – Dérive du bain d'anodisation", 9, "Élevé"),
        (f"{small.reference} – Bruit de la ventilation", 2, "Faible"),
    ]


def test_dashboard_widget_counts_overdue(client_manager, point, today):
    ControlPoint.objects.filter(pk=point.pk).update(next_due_on=today - timedelta(days=1))
    response = client_manager.get(reverse("core:dashboard"))
    body = response.content.decode()
    assert "contrôle en retard" in body


def test_create_plan_and_control_point_through_the_forms(client_manager, manager, site_a, risk, today):
    response = client_manager.post(
        reverse("surveillance:plan_create"),
        {"title": "Plan anodisation", "site": site_a.pk, "owner": manager.pk, "status": "active"},
    )
    plan = manager.owned_surveillance_plans.get()
    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    from django.contrib.contenttypes.models import ContentType

    risk_value = f"{ContentType.objects.get_for_model(risk).pk}:{risk.pk}"
    response = client_manager.post(
        reverse("surveillance:control_point_create", args=[plan.pk]),
        {
            "reference": "AN-01",
            "what": "Concentration H2SO4",
            "method": "Titrage",
            "interval_count": 1,
            "interval_unit": "week",
            "responsible": manager.pk,
            "limit_kind": "numeric",
            "minimum": "180",
            "maximum": "200",
            "unit": "g/L",
            "next_due_on": today.isoformat(),
            "risk": risk_value,
            "is_active": "on",
        },
    )
    point = plan.control_points.get()
    assert response.status_code == 302
    assert point.risk == risk and point.risk_score == 9
