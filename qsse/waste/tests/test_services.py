"""Services of the waste module: contractors, streams, register lines and their rules."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qsse.core.choices import Role
from qsse.waste import selectors, services
from qsse.waste.models import WasteRemoval

from .factories import code, make_contractor, make_stream, treatment

pytestmark = pytest.mark.django_db


def test_contractor_siret_and_roles(manager):
    contractor = make_contractor(manager.user, siret="732 829 320 00074")
    assert contractor.siret == "73282932000074"
    with pytest.raises(ValidationError) as error:
        make_contractor(manager.user, name="Faux", siret="73282932000075")
    assert error.value.message_dict["siret"] == [
        "Le numéro SIRET a 14 chiffres et une clé de contrôle valide."
    ]
    with pytest.raises(ValidationError) as error:
        make_contractor(
            manager.user, name="Sans rôle", is_collector=False, is_transporter=False, is_facility=False
        )
    assert "is_collector" in error.value.message_dict


def test_contributor_may_not_add_contractors(member, site_a):
    contributor = member(Role.CONTRIBUTOR, site=site_a)
    with pytest.raises(PermissionDenied):
        make_contractor(contributor.user)


def test_removal_takes_the_stream_values_and_derives(manager, site_a):
    facility = make_contractor(manager.user, name="Affinage Centre")
    stream = make_stream(
        manager.user,
        site_a,
        facility=facility,
        collector=facility,
        transporter=facility,
        treatment_code=treatment("R4"),
        sorting_flow="metal",
        container="Benne 10 m³",
    )
    removal = services.removal_record(
        user=manager.user, site=site_a, stream=stream, removed_on=date(2026, 3, 2), quantity=Decimal("3.25")
    )
    assert removal.reference == "DEC-2026-0001"
    assert (removal.usual_name, removal.waste_code.code, removal.facility, removal.treatment_code.code) == (
        "Copeaux acier",
        "120101",
        facility,
        "R4",
    )
    assert (removal.category, removal.is_hazardous, removal.treatment_kind, removal.year, removal.tonnes) == (
        "non_hazardous",
        False,
        "recovery",
        2026,
        Decimal("3.250"),
    )
    second = services.removal_record(
        user=manager.user, site=site_a, stream=stream, removed_on=date(2026, 4, 2), quantity=Decimal("1")
    )
    assert second.reference == "DEC-2026-0002"


def test_hazardous_removal_needs_a_valid_bsd(manager, site_a):
    facility = make_contractor(manager.user)
    values = {
        "user": manager.user,
        "site": site_a,
        "waste_code": code("12 01 09*"),
        "usual_name": "Émulsions usagées",
        "removed_on": date(2026, 3, 2),
        "quantity": Decimal("1.2"),
        "facility": facility,
        "treatment_code": treatment("D9"),
    }
    with pytest.raises(ValidationError) as error:
        services.removal_record(**values)
    assert error.value.message_dict["tracking_number"] == [
        "Un déchet dangereux part avec un bordereau de suivi : saisissez le numéro de BSD (Trackdéchets)."
    ]
    with pytest.raises(ValidationError) as error:
        services.removal_record(**values, tracking_number="12345")
    assert "Trackdéchets" in error.value.message_dict["tracking_number"][0]
    assert WasteRemoval.objects.count() == 0
    removal = services.removal_record(**values, tracking_number="bsd-20260302-4fx8q2kz7")
    assert removal.tracking_number == "BSD-20260302-4FX8Q2KZ7"
    assert (removal.category, removal.is_hazardous, removal.treatment_kind) == ("hazardous", True, "disposal")


def test_volume_without_density_is_kept_apart(manager, site_a):
    stream = make_stream(manager.user, site_a, "20 03 01", "DIB en mélange", treatment_code=treatment("D10"))
    no_density = services.removal_record(
        user=manager.user,
        site=site_a,
        stream=stream,
        removed_on=date(2026, 1, 5),
        quantity=Decimal("10"),
        unit="m3",
    )
    assert no_density.tonnes is None
    with_density = services.removal_record(
        user=manager.user,
        site=site_a,
        stream=stream,
        removed_on=date(2026, 1, 6),
        quantity=Decimal("10"),
        unit="m3",
        density=Decimal("0.12"),
    )
    assert with_density.tonnes == Decimal("1.200")
    total = selectors.overall(WasteRemoval.objects.all())
    assert (total.total_t, total.disposed_t, total.volume_without_density_m3, total.rate) == (
        Decimal("1.200"),
        Decimal("1.200"),
        Decimal("10.000"),
        Decimal("0.0"),
    )


def test_rules_on_date_quantity_site_and_roles(manager, site_a, site_b, today):
    stream = make_stream(manager.user, site_a)
    collector_only = make_contractor(
        manager.user, name="Collecte seule", is_transporter=False, is_facility=False
    )
    with pytest.raises(ValidationError) as error:
        services.removal_record(
            user=manager.user,
            site=site_b,
            stream=stream,
            removed_on=today + timedelta(days=1),
            quantity=Decimal("0"),
            facility=collector_only,
        )
    assert set(error.value.message_dict) == {"stream", "removed_on", "quantity", "facility"}
    assert error.value.message_dict["removed_on"] == ["Un enlèvement ne peut pas être daté dans le futur."]


def test_contributor_scoped_to_own_site(member, manager, site_a, site_b):
    stream = make_stream(manager.user, site_a)
    services.removal_record(
        user=manager.user, site=site_a, stream=stream, removed_on=date(2026, 2, 1), quantity=1
    )
    contributor = member(Role.CONTRIBUTOR, site=site_b)
    assert selectors.removal_list(contributor.user).count() == 0
    with pytest.raises(PermissionDenied):
        services.removal_record(
            user=contributor.user, site=site_a, stream=stream, removed_on=date(2026, 2, 1), quantity=1
        )
    reader = member(Role.READER, site=site_a)
    assert selectors.removal_list(reader.user).count() == 1
    with pytest.raises(PermissionDenied):
        services.removal_record(
            user=reader.user, site=site_a, stream=stream, removed_on=date(2026, 2, 1), quantity=1
        )


def test_dashboard_totals_by_year_category_stream(manager, site_a):
    chips = make_stream(manager.user, site_a, treatment_code=treatment("R4"))
    mixed = make_stream(manager.user, site_a, "20 03 01", "DIB", treatment_code=treatment("D10"))
    for stream, day, quantity in (
        (chips, date(2025, 5, 1), "4"),
        (chips, date(2026, 5, 1), "3"),
        (mixed, date(2026, 6, 1), "1"),
    ):
        services.removal_record(
            user=manager.user, site=site_a, stream=stream, removed_on=day, quantity=Decimal(quantity)
        )
    figures = selectors.dashboard(manager.user, year=2026, site_id=None)
    assert (figures["total"].total_t, figures["total"].rate) == (Decimal("4.000"), Decimal("75.0"))
    assert [(row.key, row.rate) for row in figures["by_year"]] == [
        (2025, Decimal("100.0")),
        (2026, Decimal("75.0")),
    ]
    assert [(row.key, row.total_t) for row in figures["by_stream"]] == [
        (chips.pk, Decimal("3.000")),
        (mixed.pk, Decimal("1.000")),
    ]
    assert figures["by_category"][0].label == "Non dangereux non inerte (DND)"


def test_sorting_status_of_a_site(manager, site_a):
    make_stream(manager.user, site_a, "15 01 01", "Cartons", sorting_flow="paper_cardboard")
    make_stream(manager.user, site_a, "12 01 01", "Copeaux", sorting_flow="metal")
    flows = {
        flow.obligation.flow: flow
        for flow in selectors.sorting_status(manager.user, site_a, date(2026, 11, 25))
    }
    assert flows["paper_cardboard"].is_sorted and flows["metal"].is_sorted
    assert flows["wood"].missing and flows["plastic"].missing and flows["glass"].missing
    assert flows["textile"].in_force and flows["biowaste"].in_force
    before = {f.obligation.flow: f for f in selectors.sorting_status(manager.user, site_a, date(2023, 6, 1))}
    assert not before["biowaste"].in_force and not before["textile"].missing


def test_yearly_totals_table_follows_every_write(member, manager, site_a, site_b):
    """Hand-worked: site A 2025 chips 4 t (R4); 2026 chips 3 t (R4), DIB 1 t (D10), DIB 10 m³ with no
    density; site B 2026 chips 2 t, then moved to 2025 on site A. The table read by the dashboard
    equals the register grouped by year, category, stream and site, after each write."""
    from qsse.waste.models import WasteYearTotal

    chips = make_stream(manager.user, site_a, treatment_code=treatment("R4"))
    mixed = make_stream(manager.user, site_a, "20 03 01", "DIB", treatment_code=treatment("D10"))
    chips_b = make_stream(manager.user, site_b, treatment_code=treatment("R4"))
    record = services.removal_record
    record(user=manager.user, site=site_a, stream=chips, removed_on=date(2025, 5, 1), quantity=Decimal(4))
    record(user=manager.user, site=site_a, stream=chips, removed_on=date(2026, 5, 1), quantity=Decimal(3))
    record(user=manager.user, site=site_a, stream=mixed, removed_on=date(2026, 6, 1), quantity=Decimal(1))
    record(
        user=manager.user,
        site=site_a,
        stream=mixed,
        removed_on=date(2026, 6, 2),
        quantity=Decimal(10),
        unit="m3",
    )
    moved = record(
        user=manager.user, site=site_b, stream=chips_b, removed_on=date(2026, 7, 1), quantity=Decimal(2)
    )
    figures = selectors.dashboard(manager.user, year=2026, site_id=None)
    assert (figures["total"].total_t, figures["total"].recovered_t, figures["total"].lines) == (
        Decimal("6.000"),
        Decimal("5.000"),
        4,
    )
    assert figures["total"].volume_without_density_m3 == Decimal("10.000")
    assert [(row.label, row.total_t) for row in figures["by_site"]] == [
        (site_a.name, Decimal("4.000")),
        (site_b.name, Decimal("2.000")),
    ]
    services.removal_update(
        user=manager.user, removal=moved, site=site_a, stream=chips, removed_on=date(2025, 7, 1)
    )
    figures = selectors.dashboard(manager.user, year=2026, site_id=None)
    assert (figures["total"].total_t, figures["total"].rate) == (Decimal("4.000"), Decimal("75.0"))
    assert [row.key for row in figures["by_site"]] == [site_a.pk]
    assert [(row.key, row.total_t, row.rate, row.lines) for row in figures["by_year"]] == [
        (2025, Decimal("6.000"), Decimal("100.0"), 2),
        (2026, Decimal("4.000"), Decimal("75.0"), 3),
    ]
    # The same figures as the register summed line by line, and as the table rebuilt whole.
    register = selectors.totals_by(WasteRemoval.objects.all(), "year")
    assert {key: (row.total_t, row.recovered_t, row.lines) for key, row in register.items()} == {
        row.key: (row.total_t, row.recovered_t, row.lines) for row in figures["by_year"]
    }
    before = sorted(
        WasteYearTotal.objects.values_list("year", "site", "stream", "treatment_kind", "tonnes", "lines")
    )
    services.refresh_year_totals()
    after = sorted(
        WasteYearTotal.objects.values_list("year", "site", "stream", "treatment_kind", "tonnes", "lines")
    )
    assert before == after
    # A member of site B only sees site B's totals: none left.
    reader = member(Role.READER, site=site_b)
    assert selectors.dashboard(reader.user, year=2025, site_id=None)["by_year"] == []
