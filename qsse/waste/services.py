"""Every write of the waste module: contractors, streams, the register (one removal, or an Excel
import checked as a whole). The derived values of a register line (tonnes, category, hazardous,
recovery or disposal, year) are computed here, never in views or forms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qsse.core.bulk import bulk_insert_with_history
from qsse.core.choices import Operation
from qsse.core.models import ReferenceCounter
from qsse.core.numbering import format_reference, next_reference
from qsse.core.permissions import require
from qsse.core.services import event_record

from . import calculations
from .choices import QuantityUnit
from .models import Contractor, WasteRemoval, WasteStream, WasteYearTotal

REFERENCE_PREFIX = "DEC"
CONTRACTOR_FIELDS = frozenset(
    {
        "name",
        "siret",
        "address",
        "is_collector",
        "is_transporter",
        "is_facility",
        "receipt_number",
        "receipt_valid_until",
        "permit_number",
        "notes",
        "is_active",
    }
)
STREAM_FIELDS = frozenset(
    {
        "site",
        "name",
        "waste_code",
        "sorting_flow",
        "container",
        "sorting_instructions",
        "collector",
        "transporter",
        "facility",
        "treatment_code",
        "density",
        "responsible",
        "is_active",
    }
)
REMOVAL_FIELDS = frozenset(
    {
        "site",
        "stream",
        "removed_on",
        "usual_name",
        "waste_code",
        "is_pop",
        "quantity",
        "unit",
        "density",
        "collector",
        "transporter",
        "second_transporter",
        "facility",
        "treatment_code",
        "tracking_number",
        "notes",
    }
)


def _check_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")


def siret_is_valid(siret: str) -> bool:
    """14 digits passing the Luhn check (INSEE key of the SIRET)."""
    if len(siret) != 14 or not siret.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(siret)):
        digit = int(char)
        if index % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


# --- Contractors -------------------------------------------------------------------------------


def _clean_contractor(contractor: Contractor) -> None:
    contractor.siret = "".join((contractor.siret or "").split())
    errors: dict[str, list[str]] = {}
    if contractor.siret and not siret_is_valid(contractor.siret):
        errors["siret"] = [_("The SIRET number has 14 digits and a valid check key.")]
    if not (contractor.is_collector or contractor.is_transporter or contractor.is_facility):
        errors["is_collector"] = [_("Tick at least one role: collector, transporter or treatment facility.")]
    if errors:
        raise ValidationError(errors)
    contractor.full_clean()


@transaction.atomic
def contractor_create(*, user: Any, name: str, **fields: Any) -> Contractor:
    require(user, Operation.CREATE, Contractor)
    _check_fields(fields, CONTRACTOR_FIELDS)
    contractor = Contractor(name=(name or "").strip(), **fields)
    _clean_contractor(contractor)
    contractor.save()
    event_record(
        actor=user, target=contractor, verb=gettext_noop("Waste contractor added"), detail=contractor.name
    )
    return contractor


@transaction.atomic
def contractor_update(*, user: Any, contractor: Contractor, **fields: Any) -> Contractor:
    require(user, Operation.EDIT, contractor)
    _check_fields(fields, CONTRACTOR_FIELDS)
    for name, value in fields.items():
        setattr(contractor, name, value)
    _clean_contractor(contractor)
    contractor.save()
    return contractor


# --- Streams -----------------------------------------------------------------------------------


def _clean_stream(stream: WasteStream) -> None:
    errors: dict[str, list[str]] = {}
    for field, flag, message in (
        ("collector", "is_collector", _("This contractor is not registered as a collector.")),
        ("transporter", "is_transporter", _("This contractor is not registered as a transporter.")),
        ("facility", "is_facility", _("This contractor is not registered as a treatment facility.")),
    ):
        contractor = getattr(stream, field)
        if contractor is not None and not getattr(contractor, flag):
            errors[field] = [message]
    if errors:
        raise ValidationError(errors)
    stream.full_clean()


@transaction.atomic
def stream_create(*, user: Any, site: Any, name: str, waste_code: Any, **fields: Any) -> WasteStream:
    require(user, Operation.CREATE, WasteStream, site_id=getattr(site, "pk", None))
    _check_fields(fields, STREAM_FIELDS)
    stream = WasteStream(site=site, name=(name or "").strip(), waste_code=waste_code, **fields)
    _clean_stream(stream)
    stream.save()
    event_record(actor=user, target=stream, verb=gettext_noop("Waste stream created"), detail=str(stream))
    return stream


@transaction.atomic
def stream_update(*, user: Any, stream: WasteStream, **fields: Any) -> WasteStream:
    require(user, Operation.EDIT, stream)
    _check_fields(fields, STREAM_FIELDS)
    if "site" in fields and fields["site"] != stream.site:
        require(user, Operation.CREATE, WasteStream, site_id=fields["site"].pk)
    for name, value in fields.items():
        setattr(stream, name, value)
    _clean_stream(stream)
    stream.save()
    return stream


# --- Register ----------------------------------------------------------------------------------


def tracking_number_message(problem: str) -> str:
    return {
        "missing": _("A hazardous waste leaves with a tracking slip: enter the BSD number (Trackdéchets)."),
        "format": _(
            "This tracking slip number is not valid: since 1 January 2022 a hazardous-waste slip is a "
            "Trackdéchets number such as BSD-20250114-4FX8Q2KZ7 (otherwise 4 to 40 letters or digits)."
        ),
        "date": _("The tracking slip number is dated after the removal date."),
    }[problem]


def _derive(removal: WasteRemoval, *, today: date) -> None:
    """Fill in what a register line derives from its fields, and check its rules; raises a
    ValidationError naming the fields (French messages)."""
    stream = removal.stream
    if stream is not None:
        for name in ("waste_code", "collector", "transporter", "facility", "treatment_code", "density"):
            if getattr(removal, f"{name}_id" if name != "density" else name) is None:
                setattr(removal, name, getattr(stream, name))
        if not removal.usual_name:
            removal.usual_name = stream.name
    removal.usual_name = (removal.usual_name or "").strip()
    removal.tracking_number = (
        (removal.tracking_number or "").strip().upper() if removal.tracking_number else ""
    )
    errors: dict[str, list[str]] = {}
    if stream is not None and removal.site_id and stream.site_id != removal.site_id:
        errors["stream"] = [_("This waste stream belongs to another site.")]
    if removal.removed_on and removal.removed_on > today:
        errors["removed_on"] = [_("A removal cannot be dated in the future.")]
    if removal.quantity is not None and removal.quantity <= 0:
        errors["quantity"] = [_("The quantity must be greater than zero.")]
    if removal.density is not None and removal.density <= 0:
        errors["density"] = [_("The density must be greater than zero.")]
    for field, flag, message in (
        ("collector", "is_collector", _("This contractor is not registered as a collector.")),
        ("transporter", "is_transporter", _("This contractor is not registered as a transporter.")),
        ("second_transporter", "is_transporter", _("This contractor is not registered as a transporter.")),
        ("facility", "is_facility", _("This contractor is not registered as a treatment facility.")),
    ):
        contractor = getattr(removal, field)
        if contractor is not None and not getattr(contractor, flag):
            errors[field] = [message]
    code = removal.waste_code if removal.waste_code_id else None
    if code is not None and removal.removed_on:
        problem = calculations.tracking_number_problem(
            removal.tracking_number, is_hazardous=code.is_hazardous, removed_on=removal.removed_on
        )
        if problem:
            errors["tracking_number"] = [tracking_number_message(problem)]
        if code.is_hazardous and removal.facility_id is None:
            errors["facility"] = [_("Give the destination of a hazardous waste (treatment facility).")]
    if errors:
        raise ValidationError(errors)
    removal.is_hazardous = code.is_hazardous if code else False
    removal.category = code.category if code else ""
    removal.treatment_kind = removal.treatment_code.kind if removal.treatment_code_id else ""
    removal.year = removal.removed_on.year
    if removal.unit not in QuantityUnit.values:
        raise ValidationError({"unit": [_("The unit is t or m³.")]})
    removal.tonnes = calculations.quantity_in_tonnes(removal.quantity, removal.unit, removal.density)


@transaction.atomic
def removal_record(
    *,
    user: Any,
    site: Any,
    removed_on: date,
    quantity: Decimal,
    unit: str = QuantityUnit.TONNE,
    stream: WasteStream | None = None,
    waste_code: Any = None,
    today: date | None = None,
    **fields: Any,
) -> WasteRemoval:
    """Write a line of the register: a removal of waste from ``site``. The stream, when given,
    provides the code, contractors, treatment code and density not given. Returns the line, with
    its reference (``DEC-2026-0042``)."""
    require(user, Operation.CREATE, WasteRemoval, site_id=getattr(site, "pk", None))
    _check_fields(fields, REMOVAL_FIELDS)
    removal = WasteRemoval(
        site=site,
        stream=stream,
        removed_on=removed_on,
        quantity=quantity,
        unit=unit,
        waste_code=waste_code,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        **fields,
    )
    if waste_code is None and stream is None:
        raise ValidationError({"waste_code": [_("Choose the waste code (or a waste stream).")]})
    _derive(removal, today=today or timezone.localdate())
    removal.reference = next_reference(REFERENCE_PREFIX, removal.removed_on.year)
    removal.full_clean()
    removal.save()
    refresh_year_totals({(removal.year, removal.site_id)})
    event_record(
        actor=user, target=removal, verb=gettext_noop("Waste removal recorded"), detail=removal.usual_name
    )
    return removal


@transaction.atomic
def removal_update(
    *, user: Any, removal: WasteRemoval, today: date | None = None, **fields: Any
) -> WasteRemoval:
    require(user, Operation.EDIT, removal)
    _check_fields(fields, REMOVAL_FIELDS)
    if "site" in fields and fields["site"] != removal.site:
        require(user, Operation.CREATE, WasteRemoval, site_id=fields["site"].pk)
    before = (removal.year, removal.site_id)
    for name, value in fields.items():
        setattr(removal, name, value)
    _derive(removal, today=today or timezone.localdate())
    removal.full_clean()
    removal.save()
    refresh_year_totals({before, (removal.year, removal.site_id)})
    return removal


def _reserve_references(year: int, count: int) -> list[str]:
    """``count`` consecutive references of ``year`` (the counter row locked, like next_reference)."""
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(prefix=REFERENCE_PREFIX, year=year, last_number=0)], ignore_conflicts=True
    )
    counter = ReferenceCounter.objects.select_for_update().get(prefix=REFERENCE_PREFIX, year=year)
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return [format_reference(REFERENCE_PREFIX, year, number) for number in range(first, first + count)]


@transaction.atomic
def removal_import(
    *,
    user: Any,
    rows: list[dict[str, Any]],
    read_errors: list[tuple[int, str]] = (),  # type: ignore[assignment]
    column_titles: dict[str, str] | None = None,
    today: date | None = None,
) -> int:
    """Write the register lines read from an Excel file (see importing.py), all or nothing: every
    rule broken (and every error of reading, ``read_errors``) is listed, by row, in one
    ValidationError, and nothing is written. Lines are numbered in date order. Returns the number
    of lines written."""
    today = today or timezone.localdate()
    removals: list[WasteRemoval] = []
    errors: list[tuple[int, str]] = list(read_errors)
    for row in rows:
        line = row.pop("_line")
        site = row["site"]
        if not _can_create(user, site):
            errors.append(
                _("Row %(line)s: you may not record removals for the site %(site)s.")
                % {"line": line, "site": site.name}
            )
            continue
        removal = WasteRemoval(created_by=user, **row)
        try:
            _derive(removal, today=today)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                label = (column_titles or {}).get(field) or (
                    WasteRemoval._meta.get_field(field).verbose_name if field != "__all__" else ""
                )
                for message in messages:
                    errors.append(
                        (
                            line,
                            _("Row %(line)s, column « %(column)s »: %(message)s")
                            % {"line": line, "column": label, "message": message},
                        )
                    )
            continue
        removals.append(removal)
    if errors:
        raise ValidationError([message for _line, message in sorted(errors, key=lambda item: item[0])])
    removals.sort(key=lambda item: item.removed_on)
    by_year: dict[int, list[WasteRemoval]] = {}
    for removal in removals:
        by_year.setdefault(removal.year, []).append(removal)
    for year, items in by_year.items():
        for removal, reference in zip(items, _reserve_references(year, len(items)), strict=True):
            removal.reference = reference
    bulk_insert_with_history(WasteRemoval, removals, history_user=user)
    refresh_year_totals({(removal.year, removal.site_id) for removal in removals})
    return len(removals)


def refresh_year_totals(slices: set[tuple[int, int]] | None = None) -> int:
    """Recompute the yearly totals (``WasteYearTotal``) of the given (year, site) slices from the
    register, or all of them (``None``): one GROUP BY per slice on the totals index. Called in the
    transaction of every write to the register, so the totals never drift from the lines (a
    recomputation, not an increment: a missed call is repaired by the next one). Returns the
    number of total rows written."""
    lines = WasteRemoval.objects.order_by()
    totals = WasteYearTotal.objects.all()
    if slices is not None:
        slices = {(year, site) for year, site in slices if year and site}
        if not slices:
            return 0
        condition = Q()
        for year, site in slices:
            condition |= Q(year=year, site_id=site)
        lines, totals = lines.filter(condition), totals.filter(condition)
    totals.delete()
    rows = lines.values("year", "site", "stream", "category", "treatment_kind").annotate(
        sum_t=Sum("tonnes"),
        sum_m3=Sum("quantity", filter=Q(tonnes__isnull=True, unit=QuantityUnit.CUBIC_METRE)),
        count=Count("pk"),
    )
    created = WasteYearTotal.objects.bulk_create(
        [
            WasteYearTotal(
                year=row["year"],
                site_id=row["site"],
                stream_id=row["stream"],
                category=row["category"],
                treatment_kind=row["treatment_kind"],
                tonnes=row["sum_t"] or Decimal(0),
                volume_without_density_m3=row["sum_m3"] or Decimal(0),
                lines=row["count"],
            )
            for row in rows
        ],
        batch_size=500,
    )
    return len(created)


def _can_create(user: Any, site: Any) -> bool:
    from qsse.core.permissions import can

    return can(user, Operation.CREATE, WasteRemoval, site_id=site.pk)
