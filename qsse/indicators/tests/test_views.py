"""Pages: dashboards and kiosk, indicator page with its drill-down, entry grid, import, objectives."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from qsse.indicators import calculations, services
from qsse.indicators.models import Indicator, Measurement, Objective, Policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_manager(client, manager):
    client.force_login(manager.user)
    return client


def this_month(shift=0):
    return calculations.shift_period(
        calculations.period_start(timezone.localdate(), "monthly"), "monthly", shift
    )


def test_dashboard_cards_grouped_by_domain(
    client_manager, make_indicator, put_values, django_assert_max_num_queries
):
    otd = make_indicator("LOG-01", name="Livraisons à l'heure", domain="customer")
    put_values(otd, {this_month(-1): 93, this_month(): 96}, today=timezone.localdate())
    for number in range(20):
        make_indicator(f"ENV-{number:02d}", domain="environment")
    with django_assert_max_num_queries(12):
        response = client_manager.get(reverse("indicators:dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Livraisons à l&#x27;heure" in html and "<polyline" in html
    assert html.index('id="domain-environment"') < html.index('id="domain-customer"')


def test_site_and_process_dashboards_and_kiosk(client_manager, make_indicator, site_a, manager):
    from qsse.processes import services as process_services

    process = process_services.process_create(
        user=manager.user, code="REA-05", name="Usinage", kind="realisation"
    )
    make_indicator("USI-01", name="Rebut usinage", process=process, site=site_a)
    make_indicator("ENV-01", name="Tri des déchets", domain="environment")
    assert (
        "Rebut usinage"
        in client_manager.get(reverse("indicators:dashboard_site", args=[site_a.pk])).content.decode()
    )
    page = client_manager.get(reverse("indicators:dashboard_process", args=[process.pk])).content.decode()
    assert "Rebut usinage" in page and "Tri des déchets" not in page
    kiosk = client_manager.get(reverse("indicators:kiosk"), {"interval": 30}).content.decode()
    assert 'hx-trigger="every 30s"' in kiosk and "main-nav" not in kiosk
    # The first refresh shows the first domain (quality), the next one the next domain.
    first = client_manager.get(reverse("indicators:kiosk_cards"), {"step": 0}).content.decode()
    second = client_manager.get(reverse("indicators:kiosk_cards"), {"step": 1}).content.decode()
    assert "Rebut usinage" in first and "Tri des déchets" not in first
    assert "Tri des déchets" in second and "step=2" in second


def test_computed_indicator_page_links_to_its_records(client_manager, make_indicator, manager, site_a):
    from qsse.nonconformities import services as nc_services

    nc_services.nonconformity_create(
        user=manager.user, kind="nonconformity", title="Bavure", site=site_a, detected_on=timezone.localdate()
    )
    indicator = make_indicator(
        "NC-01",
        source="computed",
        computed_source="nonconformities.count",
        direction="lower_is_better",
        target=5,
        alert_threshold=8,
    )
    response = client_manager.get(indicator.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="last-value">1,0<' in html  # computed on display (the values were stale)
    start = this_month()
    assert f"detected_after={start.isoformat()}" in html and "kind=nonconformity" in html
    assert Measurement.objects.filter(indicator=indicator, is_computed=True).count() == 2
    response = client_manager.post(reverse("indicators:indicator_recompute", args=[indicator.pk]))
    assert response.status_code == 302


def test_create_indicator_through_the_form(client_manager):
    response = client_manager.post(
        reverse("indicators:indicator_create"),
        {
            "code": "nc-02",
            "name": "NC par mois",
            "domain": "quality",
            "direction": "lower_is_better",
            "target": "5",
            "alert_threshold": "8",
            "frequency": "monthly",
            "source": "computed",
            "computed_source": "nonconformities.count",
            "decimals": "0",
            "is_active": "on",
        },
    )
    indicator = Indicator.objects.get()
    assert response.status_code == 302 and response["Location"] == indicator.get_absolute_url()
    assert (indicator.code, indicator.unit) == ("NC-02", "NC")
    response = client_manager.post(
        reverse("indicators:indicator_create"), {"code": "X", "name": "X", "source": "computed"}
    )
    assert response.status_code == 200 and Indicator.objects.count() == 1


def test_entry_grid_saves_and_reports_bad_numbers(client_manager, make_indicator):
    indicator = make_indicator("LOG-01")
    url = reverse("indicators:indicator_entry", args=[indicator.pk])
    grid = client_manager.get(url, headers={"HX-Request": "true"}).content.decode()
    key = this_month(-1).isoformat()
    assert f'name="value-{key}"' in grid
    response = client_manager.post(
        url, {f"value-{key}": "93,5", f"comment-{key}": "grève"}, headers={"HX-Request": "true"}
    )
    assert (
        "Les valeurs sont enregistrées" in response.content.decode()
        or "The values are saved" in response.content.decode()
    )
    assert indicator.measurements.get().value == Decimal("93.5")
    response = client_manager.post(url, {f"value-{key}": "abc"}, headers={"HX-Request": "true"})
    assert "abc" in response.content.decode()
    assert indicator.measurements.get().value == Decimal("93.5")


def _xlsx(rows):
    workbook = Workbook()
    workbook.active.append(["indicateur", "période", "valeur"])
    for row in rows:
        workbook.active.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "mesures.xlsx"
    return buffer


def test_import_page(client_manager, make_indicator):
    make_indicator("LOG-01")
    url = reverse("indicators:measurement_import")
    response = client_manager.post(
        url, {"file": _xlsx([["LOG-01", "2026-01", 90], ["LOG-01", "2026-02", "x"]])}
    )
    assert response.status_code == 200 and 'id="import-problems"' in response.content.decode()
    assert Measurement.objects.count() == 0
    response = client_manager.post(
        url, {"file": _xlsx([["LOG-01", "2026-01", 90], ["LOG-01", "2026-02", 91]])}
    )
    assert response.status_code == 302 and Measurement.objects.count() == 2
    template = client_manager.get(reverse("indicators:import_template"))
    sheet = load_workbook(BytesIO(template.content)).active
    assert sheet.max_column == 5


def test_objective_pages_and_action_button(client_manager, manager, make_indicator):
    response = client_manager.post(
        reverse("indicators:policy_create"),
        {"title": "Politique QSSE 2026", "version": "1", "text": "Nous nous engageons…", "is_current": "on"},
    )
    policy = Policy.objects.get()
    assert response.status_code == 302
    response = client_manager.post(
        reverse("indicators:objective_create"),
        {
            "level": "strategic",
            "policy": policy.pk,
            "domain": "customer",
            "title": "Réduire les réclamations de 30 %",
            "status": "active",
            "target_date": "2020-12-31",
        },
    )
    objective = Objective.objects.get()
    assert response.status_code == 302
    page = client_manager.get(objective.get_absolute_url()).content.decode()
    assert 'id="smart-gaps"' in page and f"origin_id={objective.pk}" in page
    tree = client_manager.get(reverse("indicators:objective_tree")).content.decode()
    assert objective.reference in tree and "Politique QSSE 2026" in tree
    assert client_manager.get(reverse("indicators:objective_edit", args=[objective.pk])).status_code == 200
    # The action form accepts the objective as the origin of an action.
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(Objective)
    response = client_manager.get(
        reverse("actions:action_create"), {"origin_type": content_type.pk, "origin_id": objective.pk}
    )
    assert response.status_code == 200


def test_indicator_list_and_export(client_manager, make_indicator):
    make_indicator("LOG-01", name="Livraisons")
    assert "Livraisons" in client_manager.get(reverse("indicators:indicator_list")).content.decode()
    assert client_manager.get(reverse("indicators:indicator_list"), {"export": "xlsx"}).status_code == 200


def test_home_widget_lists_off_target_indicators(client_manager, make_indicator, put_values):
    indicator = make_indicator("LOG-01", name="Livraisons à l'heure")
    put_values(indicator, {this_month(): 80}, today=timezone.localdate())
    html = client_manager.get(reverse("core:dashboard")).content.decode()
    assert "widget-indicators-title" in html and "Livraisons à l&#x27;heure" in html


def test_services_helper_unused():
    assert services.STALE_AFTER.total_seconds() == 900
