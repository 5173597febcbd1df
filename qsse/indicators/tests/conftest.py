"""Fixtures of the indicators tests: data built through the real services."""

from datetime import date
from decimal import Decimal

import pytest

from qsse.core.choices import Role
from qsse.indicators import services


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, username="manager", all_sites=True)


@pytest.fixture
def make_indicator(manager):
    """``make_indicator(code, **fields)`` through ``indicator_create``."""

    def build(code="QUA-01", name=None, **fields):
        fields.setdefault("target", Decimal("95"))
        fields.setdefault("alert_threshold", Decimal("90"))
        fields.setdefault("unit", "%")
        return services.indicator_create(
            user=manager.user, code=code, name=name or f"Indicateur {code}", **fields
        )

    return build


@pytest.fixture
def put_values(manager):
    """``put_values(indicator, {date: value}, site=None)`` through ``measurements_save``."""

    def put(indicator, values, site=None, today=date(2026, 11, 25)):
        services.measurements_save(
            user=manager.user,
            indicator=indicator,
            entries=[(period, Decimal(str(value)), "") for period, value in values.items()],
            site=site,
            today=today,
        )

    return put
