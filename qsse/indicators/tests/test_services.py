"""Writes of the indicators module: entry, Excel import (all or nothing), computation, objectives."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from qsse.core.choices import Role
from qsse.core.models import BusinessEvent
from qsse.indicators import services
from qsse.indicators.models import Indicator, Measurement, Objective, Policy
from qsse.nonconformities import services as nc_services

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 25)


def xlsx(rows, header=("indicateur", "période", "valeur", "site", "commentaire")):
    workbook = Workbook()
    sheet = workbook.active
    if header:
        sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_import_good_file_imports_every_row(manager, make_indicator, site_a):
    otd = make_indicator("LOG-01")
    scrap = make_indicator("QUA-02", site=site_a, direction="lower_is_better", target=3, alert_threshold=5)
    rows = [
        ("LOG-01", "2026-01", 94.5, None, "janvier"),
        ("LOG-01", date(2026, 2, 14), "96,2", None, None),  # a date inside the month; a French decimal
        ("log-01", "2026-03", 97, "", ""),
        ("QUA-02", "2026-01", 4.1, "MTL", ""),
        ("QUA-02", "02/2026", 3.2, None, ""),  # the indicator's site by default
    ]
    assert services.measurements_import(manager.user, xlsx(rows), today=TODAY) == 5
    assert list(
        otd.measurements.order_by("period_start").values_list("period_start", "value", "comment")
    ) == [
        (date(2026, 1, 1), Decimal("94.5"), "janvier"),
        (date(2026, 2, 1), Decimal("96.2"), ""),
        (date(2026, 3, 1), Decimal("97"), ""),
    ]
    assert set(scrap.measurements.values_list("site__code", flat=True)) == {"MTL"}
    assert BusinessEvent.objects.filter(verb="Values imported").count() == 2
    # Importing again updates, never duplicates.
    assert (
        services.measurements_import(manager.user, xlsx([("LOG-01", "2026-01", 95, None, None)]), today=TODAY)
        == 1
    )
    assert otd.measurements.get(period_start=date(2026, 1, 1)).value == Decimal("95")
    assert Measurement.objects.count() == 5


def test_import_error_on_row_4_column_value_imports_nothing(manager, make_indicator, settings):
    settings.LANGUAGE_CODE = "en"
    make_indicator("LOG-01")
    rows = [
        ("LOG-01", "2026-01", 94.5, None, None),
        ("LOG-01", "2026-02", 95, None, None),
        ("LOG-01", "2026-03", "n.c.", None, None),  # row 4 of the file (row 1 is the header)
        ("LOG-01", "2026-04", 96, None, None),
    ]
    with pytest.raises(services.MeasurementImportError) as raised:
        services.measurements_import(
            manager.user, xlsx(rows, header=("indicator", "period", "value")), today=TODAY
        )
    assert [(p.row, p.column) for p in raised.value.problems] == [(4, "value")]
    assert str(raised.value.problems[0]) == "Row 4, column “value”: “n.c.” is not a number."
    assert Measurement.objects.count() == 0


def test_import_reports_every_problem_in_french(manager, make_indicator):
    from django.utils import translation

    make_indicator("LOG-01")
    rows = [
        ("INCONNU", "2026-01", 1, None, None),
        ("LOG-01", "janvier", 1, None, None),
        ("LOG-01", "2026-01", 1, "XYZ", None),
        ("LOG-01", "2030-01", 1, None, None),
        ("LOG-01", "2026-02", None, None, None),
    ]
    with translation.override("fr"), pytest.raises(services.MeasurementImportError) as raised:
        services.measurements_import(manager.user, xlsx(rows), today=TODAY)
    messages = [str(p) for p in raised.value.problems]
    assert messages[0] == "Ligne 2, colonne « indicateur » : indicateur « INCONNU » inconnu."
    assert [(p.row, p.column) for p in raised.value.problems] == [
        (2, "indicateur"),
        (3, "période"),
        (4, "site"),
        (5, "période"),
        (6, "valeur"),
    ]
    assert Measurement.objects.count() == 0


def test_import_empty_file_and_wrong_columns(manager, make_indicator, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(services.MeasurementImportError) as raised:
        services.measurements_import(manager.user, xlsx([], header=None), today=TODAY)
    assert str(raised.value.problems[0]) == "The file is empty."
    with pytest.raises(services.MeasurementImportError) as raised:
        services.measurements_import(manager.user, xlsx([]), today=TODAY)
    assert str(raised.value.problems[0]) == "The file contains no measurement."
    with pytest.raises(services.MeasurementImportError) as raised:
        services.measurements_import(manager.user, xlsx([("A", 1)], header=("code", "montant")), today=TODAY)
    assert [(p.row, p.column) for p in raised.value.problems] == [(1, "montant"), (1, "")]
    assert "missing columns: period, value." in str(raised.value.problems[1])
    with pytest.raises(services.MeasurementImportError):
        services.measurements_import(manager.user, BytesIO(b"not an excel file"), today=TODAY)


def test_import_refuses_computed_indicators_and_strangers(manager, make_indicator, member, site_b):
    make_indicator("NC-01", source="computed", computed_source="nonconformities.count")
    with pytest.raises(services.MeasurementImportError) as raised:
        services.measurements_import(manager.user, xlsx([("NC-01", "2026-01", 3, None, None)]), today=TODAY)
    assert raised.value.problems[0].column == "indicateur"
    # A contributor who does not own the indicator may not enter its values; one scoped to another
    # site does not even see a site's indicator.
    make_indicator("LOG-01")
    make_indicator("MOU-01", site=site_b)
    contributor = member(Role.CONTRIBUTOR, username="contrib")
    with pytest.raises(services.MeasurementImportError) as raised:
        services.measurements_import(
            contributor.user,
            xlsx([("LOG-01", "2026-01", 3, None, None), ("MOU-01", "2026-01", 3, None, None)]),
            today=TODAY,
        )
    assert [(p.row, p.column) for p in raised.value.problems] == [(2, "indicateur"), (3, "indicateur")]
    assert Measurement.objects.count() == 0


def test_owner_enters_values_reader_cannot(member, make_indicator, put_values):
    owner = member(Role.CONTRIBUTOR, username="owner")
    indicator = make_indicator("LOG-01", owner=owner)
    services.measurements_save(
        user=owner.user,
        indicator=indicator,
        entries=[(date(2026, 10, 12), Decimal("93"), "retard transporteur")],
        today=TODAY,
    )
    measurement = indicator.measurements.get()
    assert (measurement.period_start, measurement.value, measurement.entered_by) == (
        date(2026, 10, 1),
        Decimal("93"),
        owner.user,
    )
    reader = member(Role.READER, username="reader")
    with pytest.raises(PermissionDenied):
        services.measurements_save(
            user=reader.user,
            indicator=indicator,
            entries=[(date(2026, 10, 1), Decimal("1"), "")],
            today=TODAY,
        )
    # An empty value removes the measurement; a future period is refused.
    services.measurements_save(
        user=owner.user, indicator=indicator, entries=[(date(2026, 10, 1), None, "")], today=TODAY
    )
    assert not indicator.measurements.exists()
    with pytest.raises(ValidationError):
        services.measurements_save(
            user=owner.user, indicator=indicator, entries=[(date(2026, 12, 1), Decimal("1"), "")], today=TODAY
        )


def test_indicator_validation(manager, make_indicator, site_a):
    with pytest.raises(ValidationError) as raised:
        make_indicator("X-1", source="computed", computed_source="")
    assert "computed_source" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        make_indicator("X-2", direction="higher_is_better", target=95, alert_threshold=97)
    assert "alert_threshold" in raised.value.message_dict
    with pytest.raises(ValidationError):
        make_indicator("X-3", site=site_a, is_split_by_site=True)
    computed = make_indicator("X-4", source="computed", computed_source="nonconformities.count", unit="")
    assert computed.unit == "NC"


def _nc(manager, site, detected_on, kind="nonconformity", cost=None):
    extra = {"customer_name": "Client", "customer_reference": "C-1"} if kind == "complaint" else {}
    return nc_services.nonconformity_create(
        user=manager.user,
        kind=kind,
        title="Bavures",
        site=site,
        detected_on=detected_on,
        cost_of_nonquality=cost,
        **extra,
    )


def test_indicator_compute_per_period_and_site(manager, make_indicator, site_a, site_b):
    _nc(manager, site_a, date(2026, 9, 3), cost=Decimal("100"))
    _nc(manager, site_a, date(2026, 9, 30))
    _nc(manager, site_b, date(2026, 9, 15), cost=Decimal("50"))
    _nc(manager, site_b, date(2026, 10, 1))
    _nc(manager, site_b, date(2026, 10, 2), kind="complaint")
    count = make_indicator(
        "NC-01",
        source="computed",
        computed_source="nonconformities.count",
        is_split_by_site=True,
        direction="lower_is_better",
        target=2,
        alert_threshold=4,
    )
    written = services.indicator_compute(count, date(2026, 9, 1), date(2026, 11, 30), today=TODAY)
    values = {
        (m.site.code if m.site else None, m.period_start): m.value
        for m in count.measurements.select_related("site")
    }
    # 3 periods (Sept., Oct., Nov.) × 3 series (organisation, MOU, MTL) = 9 values.
    assert written == 9
    assert values[(None, date(2026, 9, 1))] == 3
    assert values[("MTL", date(2026, 9, 1))] == 2
    assert values[("MOU", date(2026, 10, 1))] == 1  # the complaint is not a non-conformity
    assert values[(None, date(2026, 11, 1))] == 0
    assert all(m.is_computed for m in count.measurements.all())
    cost = make_indicator(
        "NC-02",
        source="computed",
        computed_source="nonconformities.cost",
        target=100,
        alert_threshold=None,
        direction="lower_is_better",
    )
    services.indicator_compute(cost, date(2026, 9, 1), date(2026, 9, 30), today=TODAY)
    assert cost.measurements.get().value == Decimal("150")
    # Computing again updates in place.
    services.indicator_compute(count, date(2026, 9, 1), date(2026, 11, 30), today=TODAY)
    assert count.measurements.count() == 9


def test_refresh_stale_only_when_stale(manager, make_indicator):
    from django.utils import timezone

    indicator = make_indicator("NC-01", source="computed", computed_source="nonconformities.count")
    assert services.indicators_refresh_stale([indicator]) == 2  # current and previous month
    indicator.refresh_from_db()
    assert services.indicators_refresh_stale([indicator]) == 0
    later = timezone.now() + services.STALE_AFTER * 2
    assert services.indicators_refresh_stale([indicator], now=later) == 2


def test_compute_task_and_command(manager, make_indicator):
    from django.core.management import call_command

    from qsse.indicators.tasks import compute_indicators

    make_indicator("NC-01", source="computed", computed_source="actions.closed")
    result = compute_indicators.enqueue()
    assert result.return_value == 2
    call_command("compute_indicators", "--periods", "3")
    assert Measurement.objects.count() == 3


def test_objectives_reference_and_rules(manager, make_indicator, member):
    from qsse.processes import services as process_services

    policy = services.policy_create(
        user=manager.user, title="Politique QSSE", text="…", version="1", is_current=True
    )
    services.policy_create(user=manager.user, title="Politique QSSE", text="…", version="2", is_current=True)
    assert Policy.objects.filter(is_current=True).get().version == "2"
    strategic = services.objective_create(
        user=manager.user, level="strategic", title="Réduire les réclamations de 30 %", policy=policy
    )
    assert strategic.reference.startswith("OBJ-") and strategic.reference.endswith("-0001")
    with pytest.raises(ValidationError) as raised:
        services.objective_create(
            user=manager.user, level="process", title="Objectif usinage", parent=strategic
        )
    assert "process" in raised.value.message_dict
    owner = member(Role.PROCESS_OWNER, username="po")
    process = process_services.process_create(
        user=manager.user, code="REA-05", name="Usinage", kind="realisation", owner=owner
    )
    child = services.objective_create(
        user=manager.user,
        level="process",
        title="Réduire le rebut usinage",
        parent=strategic,
        process=process,
    )
    assert child.policy == policy  # from its strategic objective
    # The process owner edits their process's objective but creates none.
    services.objective_update(user=owner.user, objective=child, status="active")
    assert Objective.objects.get(pk=child.pk).status == "active"
    with pytest.raises(PermissionDenied):
        services.objective_create(user=owner.user, level="process", title="Autre objectif", process=process)
    assert services.objective_smart_gaps(child, TODAY) == [
        "measurable_statement",
        "indicator",
        "target_value",
        "owner",
        "justification",
        "deadline",
    ]
    assert Indicator.objects.count() == 0


def test_refresh_on_display_survives_a_concurrent_computation(manager, make_indicator, monkeypatch):
    from django.db import IntegrityError

    indicator = make_indicator("NC-01", source="computed", computed_source="nonconformities.count")

    def clash(**kwargs):
        raise IntegrityError("UNIQUE constraint failed")  # the other request inserted first

    monkeypatch.setattr(services, "_upsert", clash)
    assert services.indicators_refresh_stale([indicator]) == 0
    assert Measurement.objects.count() == 0
