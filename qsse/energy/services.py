"""Every write of the energy module: carriers and emission factors (reference data), meters,
consumption records (one by one or imported in bulk), relevant variables and their monthly values,
EnPIs and their baseline, savings levers and the actions they open."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qsse.actions import services as action_services
from qsse.actions.choices import ActionType
from qsse.core.bulk import bulk_insert_with_history
from qsse.core.choices import Operation
from qsse.core.permissions import require
from qsse.core.services import event_record

from . import calculations
from .choices import IndicatorKind, LeverStatus, RecordKind
from .models import (
    Consumption,
    EmissionFactor,
    EnergyCarrier,
    EnergyIndicator,
    EnergySettings,
    Meter,
    RelevantVariable,
    SavingsLever,
    VariableValue,
)

CARRIER_FIELDS = frozenset(
    {
        "name_fr",
        "name_en",
        "scope",
        "unit",
        "kwh_per_unit",
        "conversion_valid_from",
        "conversion_source",
        "conversion_source_url",
        "conversion_to_verify",
        "note",
        "order",
        "is_active",
    }
)
FACTOR_FIELDS = frozenset(
    {"kg_co2e_per_kwh", "version", "source", "source_url", "to_verify", "note", "valid_from"}
)
METER_FIELDS = frozenset(
    {
        "site",
        "name",
        "identifier",
        "carrier",
        "use",
        "parent",
        "multiplier",
        "responsible",
        "is_active",
        "notes",
    }
)
CONSUMPTION_FIELDS = frozenset(
    {
        "kind",
        "period_start",
        "period_end",
        "index_start",
        "index_end",
        "quantity",
        "cost",
        "reference",
        "note",
    }
)
VARIABLE_FIELDS = frozenset({"site", "name", "kind", "unit", "source", "responsible"})
INDICATOR_FIELDS = frozenset(
    {
        "site",
        "name",
        "carrier",
        "use",
        "variable",
        "kind",
        "baseline_start",
        "baseline_end",
        "target_percent",
        "responsible",
        "is_active",
    }
)
LEVER_FIELDS = frozenset(
    {
        "site",
        "title",
        "description",
        "carrier",
        "use",
        "estimated_kwh",
        "estimated_cost_saving",
        "investment",
        "status",
        "responsible",
    }
)


def _check_fields(fields: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unexpected fields: {sorted(unknown)}")


def _apply(obj: Any, fields: Mapping[str, Any]) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)


# --- Carriers and emission factors -----------------------------------------------------------------


@transaction.atomic
def carrier_create(*, user: Any, code: str, name_fr: str, **fields: Any) -> EnergyCarrier:
    _check_fields(fields, CARRIER_FIELDS)
    require(user, Operation.CREATE, EnergyCarrier)
    fields.setdefault("conversion_valid_from", timezone.localdate())
    carrier = EnergyCarrier(code=code, name_fr=(name_fr or "").strip(), **fields)
    carrier.full_clean()
    carrier.save()
    event_record(actor=user, target=carrier, verb=gettext_noop("Energy carrier added"))
    return carrier


@transaction.atomic
def carrier_update(*, user: Any, carrier: EnergyCarrier, **fields: Any) -> EnergyCarrier:
    """Change a carrier; a new conversion factor applies to the records written from now on (the
    kWh of past records stay as computed, which the history of the carrier documents)."""
    _check_fields(fields, CARRIER_FIELDS)
    require(user, Operation.EDIT, carrier)
    _apply(carrier, fields)
    carrier.full_clean()
    carrier.save()
    return carrier


@transaction.atomic
def factor_create(
    *,
    user: Any,
    carrier: EnergyCarrier,
    valid_from: date,
    kg_co2e_per_kwh: Decimal,
    source: str,
    **fields: Any,
) -> EmissionFactor:
    """Add a dated version of a carrier's emission factor (it applies from ``valid_from`` on)."""
    _check_fields(fields, FACTOR_FIELDS)
    require(user, Operation.CREATE, EmissionFactor)
    factor = EmissionFactor(
        carrier=carrier,
        valid_from=valid_from,
        kg_co2e_per_kwh=kg_co2e_per_kwh,
        source=(source or "").strip(),
        **fields,
    )
    factor.full_clean()
    factor.save()
    event_record(
        actor=user,
        target=carrier,
        verb=gettext_noop("Emission factor added"),
        detail=f"{factor.kg_co2e_per_kwh} kgCO2e/kWh ({factor.valid_from:%Y-%m-%d})",
    )
    return factor


@transaction.atomic
def factor_update(*, user: Any, factor: EmissionFactor, **fields: Any) -> EmissionFactor:
    _check_fields(fields, FACTOR_FIELDS)
    require(user, Operation.EDIT, factor)
    _apply(factor, fields)
    factor.full_clean()
    factor.save()
    return factor


def settings_get() -> EnergySettings:
    settings_row = EnergySettings.objects.order_by("pk").first()
    return settings_row or EnergySettings(significant_use_percent=80)


@transaction.atomic
def settings_update(*, user: Any, significant_use_percent: int) -> EnergySettings:
    settings_row = settings_get()
    require(user, Operation.EDIT, settings_row)
    settings_row.significant_use_percent = significant_use_percent
    settings_row.full_clean()
    settings_row.save()
    return settings_row


# --- Meters ------------------------------------------------------------------------------------------


def _check_meter(meter: Meter) -> None:
    errors: dict[str, list[str]] = {}
    parent = meter.parent
    if parent is not None:
        if parent.site_id != meter.site_id:
            errors.setdefault("parent", []).append(_("The parent meter must be on the same site."))
        if parent.carrier_id != meter.carrier_id:
            errors.setdefault("parent", []).append(
                _("The parent meter must measure the same energy carrier.")
            )
        seen = {meter.pk} if meter.pk else set()
        current: Meter | None = parent
        while current is not None:
            if current.pk in seen:
                errors.setdefault("parent", []).append(
                    _("A meter cannot be its own parent, even indirectly.")
                )
                break
            seen.add(current.pk)
            current = current.parent
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def meter_create(*, user: Any, site: Any, carrier: EnergyCarrier, name: str, **fields: Any) -> Meter:
    _check_fields(fields, METER_FIELDS)
    require(user, Operation.CREATE, Meter, site_id=site.pk)
    meter = Meter(site=site, carrier=carrier, name=(name or "").strip(), **fields)
    meter.full_clean()
    _check_meter(meter)
    meter.save()
    event_record(actor=user, target=meter, verb=gettext_noop("Meter declared"))
    return meter


@transaction.atomic
def meter_update(*, user: Any, meter: Meter, **fields: Any) -> Meter:
    _check_fields(fields, METER_FIELDS)
    stored = Meter.objects.select_related("site").get(pk=meter.pk)
    require(user, Operation.EDIT, stored)
    new_site = fields.get("site")
    if new_site is not None and new_site.pk != stored.site_id:
        require(user, Operation.CREATE, Meter, site_id=new_site.pk)
        if stored.consumptions.exists():
            raise ValidationError(
                {"site": _("A meter with consumption records cannot move to another site.")}
            )
    new_carrier = fields.get("carrier")
    if new_carrier is not None and new_carrier.pk != stored.carrier_id and stored.consumptions.exists():
        raise ValidationError(
            {"carrier": _("A meter with consumption records cannot change its energy carrier.")}
        )
    _apply(meter, fields)
    meter.full_clean()
    _check_meter(meter)
    meter.save()
    return meter


# --- Consumption records -------------------------------------------------------------------------


def _prepare_consumption(consumption: Consumption) -> None:
    """Derive quantity (from the indexes), month and kWh; raise ValidationError on bad input."""
    errors: dict[str, list[str]] = {}
    start, end = consumption.period_start, consumption.period_end
    if start and end and end < start:
        errors.setdefault("period_end", []).append(_("The end of the period is before its start."))
    elif start and end and (end - start).days > 92:
        errors.setdefault("period_end", []).append(
            _("A record covers at most three months: enter one record per invoice or per month.")
        )
    has_index = consumption.index_start is not None or consumption.index_end is not None
    if has_index:
        if consumption.index_start is None or consumption.index_end is None:
            errors.setdefault("index_end", []).append(_("Enter both the start and the end index."))
        else:
            try:
                consumption.quantity = calculations.consumption_from_index(
                    consumption.index_start, consumption.index_end, consumption.meter.multiplier
                )
            except ValueError:
                errors.setdefault("index_end", []).append(
                    _("The end index is lower than the start index (a replaced meter: enter two records).")
                )
    elif consumption.kind == RecordKind.READING:
        errors.setdefault("index_end", []).append(_("A meter reading needs its start and end index."))
    if consumption.quantity is None and "index_end" not in errors:
        errors.setdefault("quantity", []).append(_("Enter the quantity consumed."))
    elif consumption.quantity is not None and consumption.quantity < 0:
        errors.setdefault("quantity", []).append(_("The quantity cannot be negative."))
    if errors:
        raise ValidationError(errors)
    consumption.month = calculations.reference_month(start, end)
    consumption.kwh = calculations.to_kwh(consumption.quantity, consumption.meter.carrier.kwh_per_unit)


@transaction.atomic
def consumption_create(
    *, user: Any, meter: Meter, period_start: date, period_end: date, **fields: Any
) -> Consumption:
    """Record an invoice (quantity, cost) or a meter reading (indexes → quantity) of a meter,
    converted to kWh with the carrier's factor."""
    _check_fields(fields, CONSUMPTION_FIELDS)
    require(user, Operation.CREATE, Consumption, site_id=meter.site_id)
    consumption = Consumption(
        meter=meter,
        period_start=period_start,
        period_end=period_end,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        **fields,
    )
    _prepare_consumption(consumption)
    consumption.full_clean()
    consumption.save()
    return consumption


@transaction.atomic
def consumption_update(*, user: Any, consumption: Consumption, **fields: Any) -> Consumption:
    _check_fields(fields, CONSUMPTION_FIELDS)
    stored = Consumption.objects.select_related("meter__site").get(pk=consumption.pk)
    require(user, Operation.EDIT, stored)
    _apply(consumption, fields)
    _prepare_consumption(consumption)
    consumption.full_clean()
    consumption.save()
    return consumption


@transaction.atomic
def consumption_delete(*, user: Any, consumption: Consumption) -> None:
    require(user, Operation.DELETE, consumption)
    consumption.delete()


@transaction.atomic
def consumption_bulk_create(*, user: Any, rows: Iterable[dict[str, Any]]) -> list[Consumption]:
    """Create many records at once (the Excel import, the demo, the benchmark): each row holds the
    arguments of ``consumption_create``. Every row is checked first; the first invalid row raises
    ValidationError (its message names the row) and nothing is written."""
    records: list[Consumption] = []
    now = timezone.now()
    allowed_sites: dict[int, bool] = {}
    for number, row in enumerate(rows, start=1):
        row = dict(row)
        meter = row.pop("meter")
        if meter.site_id not in allowed_sites:
            require(user, Operation.CREATE, Consumption, site_id=meter.site_id)
            allowed_sites[meter.site_id] = True
        _check_fields(
            {k: v for k, v in row.items() if k not in {"period_start", "period_end"}}, CONSUMPTION_FIELDS
        )
        consumption = Consumption(
            meter=meter,
            created_by=user if getattr(user, "is_authenticated", False) else None,
            created_at=now,
            updated_at=now,
            **row,
        )
        try:
            _prepare_consumption(consumption)
            consumption.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise ValidationError(
                _("Row %(row)s: %(errors)s") % {"row": number, "errors": "; ".join(error.messages)}
            ) from error
        records.append(consumption)
    keys = [(c.meter_id, c.period_start, c.period_end) for c in records]
    if len(set(keys)) != len(keys):
        raise ValidationError(_("The same meter and period appear twice."))
    meter_ids = {c.meter_id for c in records}
    if meter_ids:
        existing = set(
            Consumption.objects.filter(meter_id__in=meter_ids).values_list(
                "meter_id", "period_start", "period_end"
            )
        )
        clash = [key for key in keys if key in existing]
        if clash:
            raise ValidationError(
                _("%(count)s record(s) already exist for the same meter and period.") % {"count": len(clash)}
            )
    return bulk_insert_with_history(Consumption, records, history_user=user)


# --- Relevant variables ------------------------------------------------------------------------------


@transaction.atomic
def variable_create(*, user: Any, site: Any, name: str, unit: str, **fields: Any) -> RelevantVariable:
    _check_fields(fields, VARIABLE_FIELDS)
    require(user, Operation.CREATE, RelevantVariable, site_id=site.pk)
    variable = RelevantVariable(site=site, name=(name or "").strip(), unit=(unit or "").strip(), **fields)
    variable.full_clean()
    variable.save()
    return variable


@transaction.atomic
def variable_update(*, user: Any, variable: RelevantVariable, **fields: Any) -> RelevantVariable:
    _check_fields(fields, VARIABLE_FIELDS)
    stored = RelevantVariable.objects.get(pk=variable.pk)
    require(user, Operation.EDIT, stored)
    _apply(variable, fields)
    variable.full_clean()
    variable.save()
    _recompute_indicators(variable)
    return variable


@transaction.atomic
def variable_set_values(
    *, user: Any, variable: RelevantVariable, values: Mapping[date, Decimal | None]
) -> int:
    """Write the monthly values of a variable (None deletes a month's value); returns how many
    months changed. The baselines of the EnPIs using the variable are computed again."""
    require(user, Operation.EDIT, variable)
    existing = {value.month: value for value in variable.values.all()}
    changed = 0
    for month, amount in values.items():
        month = calculations.month_start(month)
        current = existing.get(month)
        if amount is None:
            if current is not None:
                current.delete()
                changed += 1
            continue
        if amount < 0:
            raise ValidationError(
                _("%(month)s: a value cannot be negative.") % {"month": month.strftime("%m/%Y")}
            )
        if current is None:
            VariableValue.objects.create(variable=variable, month=month, value=amount)
            changed += 1
        elif current.value != amount:
            current.value = amount
            current.save()
            changed += 1
    if changed:
        _recompute_indicators(variable)
    return changed


def _recompute_indicators(variable: RelevantVariable) -> None:
    for indicator in variable.indicators.all():
        indicator_compute_baseline(indicator=indicator)


# --- EnPIs ---------------------------------------------------------------------------------------


def _check_indicator(indicator: EnergyIndicator) -> None:
    errors: dict[str, list[str]] = {}
    if (
        indicator.baseline_start
        and indicator.baseline_end
        and indicator.baseline_end < indicator.baseline_start
    ):
        errors["baseline_end"] = [_("The last month of the baseline is before its first month.")]
    if indicator.variable_id and indicator.site_id and indicator.variable.site_id != indicator.site_id:
        errors["variable"] = [_("The relevant variable must belong to the indicator's site.")]
    if errors:
        raise ValidationError(errors)


def indicator_compute_baseline(*, indicator: EnergyIndicator) -> EnergyIndicator:
    """Compute and store the baseline of an EnPI from the records of its baseline period: total kWh
    and variable, ratio, and the least-squares model with its R² (monthly points where both the kWh
    and the variable are known). An explanation is stored when the model cannot be fitted."""
    from . import selectors

    months = calculations.months_between(indicator.baseline_start, indicator.baseline_end)
    points = selectors.indicator_points(indicator, months[0], calculations.add_months(months[-1], 1))
    pairs = [(p.variable, p.kwh) for p in points if p.variable is not None and p.kwh is not None]
    indicator.baseline_points = len(pairs)
    indicator.baseline_kwh = Decimal(str(round(sum(k for _v, k in pairs), 3))) if pairs else None
    indicator.baseline_variable = Decimal(str(round(sum(v for v, _k in pairs), 3))) if pairs else None
    indicator.baseline_ratio = calculations.ratio(
        float(indicator.baseline_kwh or 0), float(indicator.baseline_variable or 0)
    )
    indicator.intercept = indicator.slope = indicator.r_squared = None
    indicator.baseline_error = ""
    if not pairs:
        indicator.baseline_error = _(
            "No month of the baseline has both a consumption and a value of the variable."
        )
    else:
        try:
            model = calculations.linear_regression([v for v, _k in pairs], [k for _v, k in pairs])
        except ValueError:
            if indicator.kind == IndicatorKind.REGRESSION:
                indicator.baseline_error = _(
                    "The linear model needs at least 3 months where the variable takes different values."
                )
        else:
            indicator.intercept, indicator.slope, indicator.r_squared = (
                model.intercept,
                model.slope,
                model.r_squared,
            )
    indicator.save(
        update_fields=[
            "baseline_points",
            "baseline_kwh",
            "baseline_variable",
            "baseline_ratio",
            "intercept",
            "slope",
            "r_squared",
            "baseline_error",
            "updated_at",
        ]
    )
    return indicator


@transaction.atomic
def indicator_create(
    *,
    user: Any,
    site: Any,
    name: str,
    variable: RelevantVariable,
    baseline_start: date,
    baseline_end: date,
    **fields: Any,
) -> EnergyIndicator:
    _check_fields(fields, INDICATOR_FIELDS)
    require(user, Operation.CREATE, EnergyIndicator, site_id=site.pk)
    indicator = EnergyIndicator(
        site=site,
        name=(name or "").strip(),
        variable=variable,
        baseline_start=calculations.month_start(baseline_start) if baseline_start else baseline_start,
        baseline_end=calculations.month_start(baseline_end) if baseline_end else baseline_end,
        **fields,
    )
    indicator.full_clean()
    _check_indicator(indicator)
    indicator.save()
    indicator_compute_baseline(indicator=indicator)
    event_record(actor=user, target=indicator, verb=gettext_noop("Energy baseline set"))
    return indicator


@transaction.atomic
def indicator_update(*, user: Any, indicator: EnergyIndicator, **fields: Any) -> EnergyIndicator:
    _check_fields(fields, INDICATOR_FIELDS)
    stored = EnergyIndicator.objects.get(pk=indicator.pk)
    require(user, Operation.EDIT, stored)
    for key in ("baseline_start", "baseline_end"):
        if fields.get(key):
            fields[key] = calculations.month_start(fields[key])
    _apply(indicator, fields)
    indicator.full_clean()
    _check_indicator(indicator)
    indicator.save()
    indicator_compute_baseline(indicator=indicator)
    if (stored.baseline_start, stored.baseline_end) != (indicator.baseline_start, indicator.baseline_end):
        event_record(
            actor=user,
            target=indicator,
            verb=gettext_noop("Energy baseline changed"),
            detail=f"{indicator.baseline_start:%m/%Y} – {indicator.baseline_end:%m/%Y}",
        )
    return indicator


# --- Savings levers ------------------------------------------------------------------------------


def _lever_tco2e(lever: SavingsLever) -> Decimal | None:
    from . import selectors

    factor = selectors.factor_on(lever.carrier_id, timezone.localdate())
    if factor is None or lever.estimated_kwh is None:
        return None
    return (calculations.kg_co2e(lever.estimated_kwh, factor.kg_co2e_per_kwh) / 1000).quantize(
        Decimal("0.001")
    )


@transaction.atomic
def lever_create(
    *, user: Any, site: Any, title: str, carrier: EnergyCarrier, estimated_kwh: Decimal, **fields: Any
) -> SavingsLever:
    """Record a savings lever; its tCO₂e avoided is computed from the carrier's current factor."""
    _check_fields(fields, LEVER_FIELDS)
    require(user, Operation.CREATE, SavingsLever, site_id=site.pk)
    lever = SavingsLever(
        site=site, title=(title or "").strip(), carrier=carrier, estimated_kwh=estimated_kwh, **fields
    )
    lever.full_clean()
    lever.estimated_tco2e = _lever_tco2e(lever)
    lever.save()
    event_record(actor=user, target=lever, verb=gettext_noop("Savings lever recorded"))
    return lever


@transaction.atomic
def lever_update(*, user: Any, lever: SavingsLever, **fields: Any) -> SavingsLever:
    _check_fields(fields, LEVER_FIELDS)
    stored = SavingsLever.objects.get(pk=lever.pk)
    require(user, Operation.EDIT, stored)
    _apply(lever, fields)
    lever.full_clean()
    lever.estimated_tco2e = _lever_tco2e(lever)
    lever.save()
    return lever


@transaction.atomic
def lever_create_action(
    *, user: Any, lever: SavingsLever, owner: Any, due_on: date, title: str = "", process: Any = None
) -> Any:
    """Open an improvement action for a lever (through the action plan's services), with the
    estimated gains in its description and the investment as its estimated cost."""
    require(user, Operation.EDIT, lever)
    if lever.action_id:
        raise ValidationError(_("An action is already open for this lever."))
    gains = _("Estimated savings per year: %(kwh)s kWh, %(eur)s €, %(co2)s tCO2e.") % {
        "kwh": f"{lever.estimated_kwh:,.0f}".replace(",", " "),
        "eur": f"{lever.estimated_cost_saving:,.0f}".replace(",", " ")
        if lever.estimated_cost_saving
        else "—",
        "co2": f"{lever.estimated_tco2e}" if lever.estimated_tco2e is not None else "—",
    }
    action = action_services.action_create(
        user=user,
        title=title or lever.title,
        owner=owner,
        due_on=due_on,
        type=ActionType.IMPROVEMENT,
        origin=lever,
        site=lever.site,
        process=process,
        description="\n\n".join(part for part in (lever.description, gains) if part),
        efficacy_criterion=_("Consumption of the use measured against the EnPI baseline after the action."),
        estimated_cost=lever.investment,
    )
    lever.action = action
    lever.status = LeverStatus.IN_ACTION
    lever.save(update_fields=["action", "status", "updated_at"])
    event_record(actor=user, target=lever, verb=gettext_noop("Action opened"), detail=action.reference)
    return action
