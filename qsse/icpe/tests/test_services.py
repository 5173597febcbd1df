"""Shipped nomenclature, declarations summed site-wide, threshold edits with history, controls, the
compliance profile update, and rights by role and site."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qsse.compliance.models import SiteProfile
from qsse.core.choices import Role
from qsse.icpe import nomenclature, selectors, services
from qsse.icpe.models import ClassifiedActivity, Rubrique, Threshold

pytestmark = pytest.mark.django_db


def rubrique(code):
    return Rubrique.objects.get(code=code)


def test_shipped_nomenclature_loaded_once_with_sources():
    entries = nomenclature.shipped()
    assert Rubrique.objects.filter(is_shipped=True).count() == len(entries) == 26
    assert services.nomenclature_load() == 0
    combustion = rubrique("2910-A")
    assert [(t.regime, t.value, t.is_inclusive) for t in combustion.thresholds.order_by("value")] == [
        ("DC", Decimal(1), True),
        ("E", Decimal(20), True),
        ("A", Decimal(50), True),
    ]
    machines = rubrique("2560")
    assert machines.to_verify and machines.note
    assert [(t.regime, t.is_inclusive) for t in machines.thresholds.order_by("value")] == [
        ("DC", False),
        ("E", False),
    ]
    assert rubrique("4331").seveso_low == 5000 and rubrique("4331").seveso_high == 50000
    assert all(r.source_url.startswith("https://") for r in Rubrique.objects.all())


def test_quantities_summed_site_wide_and_regime_changes_across_threshold(manager, site_a, site_b):
    user = manager.user
    boiler = services.installation_create(
        user=user, site=site_a, name="Chaudière gaz", rubrique=rubrique("2910-A"), quantity=Decimal("0.6")
    )
    services.installation_create(
        user=user,
        site=site_a,
        name="Générateur d'air chaud",
        rubrique=rubrique("2910-A"),
        quantity=Decimal("0.3"),
    )
    services.installation_create(
        user=user, site=site_b, name="Chaudière Moulins", rubrique=rubrique("2910-A"), quantity=Decimal(5)
    )
    status = selectors.site_status(user, site_a)
    # 0.6 + 0.3 = 0.9 MW < 1 MW: not classified.
    assert status.rows[0].result.quantity == Decimal("0.9")
    assert status.regime == "NC"
    activity = boiler.activities.get()
    services.activity_save(
        user=user, installation=boiler, rubrique=activity.rubrique, quantity=Decimal("0.7"), activity=activity
    )
    status = selectors.site_status(user, site_a)
    # 0.7 + 0.3 = 1.0 MW, "supérieure ou égale à 1 MW": DC.
    assert status.regime == "DC"
    assert status.classification.reasoning[0].startswith("2910-A: 1 MW ≤ 1 MW < 20 MW → DC")
    assert selectors.site_status(user, site_b).regime == "DC"
    assert activity.history.count() == 2
    # Out of service installations do not count.
    services.installation_update(user=user, installation=boiler, is_in_service=False)
    assert selectors.site_status(user, site_a).regime == "NC"


def test_threshold_edit_keeps_history_and_order_is_enforced(manager):
    combustion = rubrique("2910-A")
    dc = combustion.thresholds.get(regime="DC")
    services.threshold_save(
        user=manager.user,
        rubrique=combustion,
        regime="DC",
        value=Decimal(2),
        is_inclusive=False,
        threshold=dc,
    )
    dc.refresh_from_db()
    assert (dc.value, dc.is_inclusive) == (Decimal(2), False)
    assert dc.history.count() == 1  # loaded without history; the edit adds one row
    with pytest.raises(ValidationError):
        services.threshold_save(
            user=manager.user, rubrique=combustion, regime="D", value=Decimal(30), is_inclusive=True
        )
    assert not Threshold.objects.filter(rubrique=combustion, regime="D").exists()
    own = services.rubrique_create(
        user=manager.user, code="2921-1", title_fr="Refroidissement évaporatif", unit="kW"
    )
    assert not own.is_shipped
    with pytest.raises(ValidationError):
        services.rubrique_create(user=manager.user, code="2921-1", title_fr="Doublon", unit="kW")
    with pytest.raises(ValidationError):
        services.rubrique_update(
            user=manager.user, rubrique=own, seveso_low=Decimal(50), seveso_high=Decimal(10)
        )


def test_rights_by_role_and_site(member, site_a, site_b):
    reader = member(Role.READER, site=site_a)
    with pytest.raises(PermissionDenied):
        services.installation_create(user=reader.user, site=site_a, name="X")
    contributor = member(Role.CONTRIBUTOR, site=site_a)
    with pytest.raises(PermissionDenied):
        services.installation_create(user=contributor.user, site=site_b, name="X")
    with pytest.raises(PermissionDenied):
        services.rubrique_create(user=contributor.user, code="9999", title_fr="X", unit="t")
    manager = member(Role.QSSE_MANAGER, site=site_a, all_sites=True)
    services.installation_create(
        user=manager.user, site=site_b, name="Cuve", rubrique=rubrique("4331"), quantity=Decimal(60)
    )
    assert selectors.site_quantities(contributor.user) == {}
    assert list(selectors.site_quantities(manager.user)) == [site_b.pk]


def test_control_reminders_and_compliance_profile(manager, site_a):
    user = manager.user
    services.installation_create(
        user=user,
        site=site_a,
        name="Chaudière",
        rubrique=rubrique("2910-A"),
        quantity=Decimal("2.5"),
        commissioned_on=date(2010, 1, 1),
    )
    services.installation_create(
        user=user, site=site_a, name="Cabine", rubrique=rubrique("2940-2"), quantity=Decimal(5)
    )
    today = date(2026, 12, 3)
    [reminder] = selectors.control_reminders(user, today)
    assert reminder.rubrique.code == "2910-A" and reminder.status == "overdue"
    services.control_record(
        user=user, site=site_a, rubrique=rubrique("2910-A"), performed_on=date(2024, 6, 10), body="Apave"
    )
    [reminder] = selectors.control_reminders(user, today)
    assert reminder.due_on == date(2029, 6, 10) and reminder.status == "up_to_date"
    numbers = services.compliance_profile_update(user=user, site=site_a)
    assert numbers == ["2910"]
    profile = SiteProfile.objects.get(site=site_a)
    assert profile.icpe_rubriques == ["2910"] and "icpe_dc" in profile.activities
    assert ClassifiedActivity.objects.count() == 2
