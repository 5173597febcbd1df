"""Every write of the indicators module: the QSSE policy, objectives, indicators, measurements
(entry, Excel or JSON import) and the computation of computed indicators.

Who may do what: policies, objectives and indicators are reference data (``REFERENCE_DATA_GRANTS``):
administrators and QSSE managers create and change them, a process owner changes those of the
processes they own. Values are entered by managers, by the indicator's owner and by the owner of its
process (``MEASUREMENT_GRANTS``), inside their sites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qsse.core.choices import Operation
from qsse.core.numbering import next_reference
from qsse.core.permissions import Scope, grant, require, user_person, user_site_ids
from qsse.core.registry import indicator_sources
from qsse.core.services import event_record

from . import calculations
from .choices import Source
from .models import Indicator, Measurement, Objective, Policy

MAX_IMPORT_ROWS = 100_000
STALE_AFTER = timedelta(minutes=15)  # computed values older than this are refreshed on display

POLICY_FIELDS = frozenset({"title", "text", "version", "signed_by", "signed_on", "is_current"})
OBJECTIVE_FIELDS = frozenset(
    {
        "level",
        "policy",
        "parent",
        "process",
        "site",
        "domain",
        "title",
        "measurable_statement",
        "indicator",
        "baseline_value",
        "target_value",
        "target_date",
        "owner",
        "justification",
        "status",
    }
)
INDICATOR_FIELDS = frozenset(
    {
        "code",
        "name",
        "definition",
        "domain",
        "process",
        "site",
        "is_split_by_site",
        "owner",
        "unit",
        "direction",
        "target",
        "alert_threshold",
        "frequency",
        "source",
        "computed_source",
        "decimals",
        "is_active",
    }
)


def _check_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")


def _changes(obj: Any, fields: dict[str, Any]) -> list[str]:
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, fields[name])
    return changed


# --- Policy ------------------------------------------------------------------------------------


def _make_only_current(policy: Policy) -> None:
    Policy.objects.filter(is_current=True).exclude(pk=policy.pk).update(is_current=False)


@transaction.atomic
def policy_create(*, user: Any, title: str, text: str, version: str, **fields: Any) -> Policy:
    """Create a version of the QSSE policy; when ``is_current`` it replaces the current one."""
    _check_fields(fields, POLICY_FIELDS)
    require(user, Operation.CREATE, Policy)
    policy = Policy(title=(title or "").strip(), text=text, version=(version or "").strip(), **fields)
    policy.full_clean(validate_constraints=False)
    if policy.is_current:
        Policy.objects.filter(is_current=True).update(is_current=False)
    policy.save()
    event_record(actor=user, target=policy, verb=gettext_noop("Policy created"), detail=str(policy))
    return policy


@transaction.atomic
def policy_update(*, user: Any, policy: Policy, **fields: Any) -> Policy:
    _check_fields(fields, POLICY_FIELDS)
    require(user, Operation.EDIT, policy)
    if not _changes(policy, fields):
        return policy
    policy.full_clean(validate_constraints=False)
    if policy.is_current:
        _make_only_current(policy)
    policy.save()
    return policy


# --- Objectives --------------------------------------------------------------------------------


@transaction.atomic
def objective_create(*, user: Any, level: str, title: str, **fields: Any) -> Objective:
    """Create an objective numbered ``OBJ-<year>-<nnnn>``; a process objective takes the policy of
    its strategic objective when none is given."""
    _check_fields(fields, OBJECTIVE_FIELDS)
    site = fields.get("site")
    require(user, Operation.CREATE, Objective, site_id=site.pk if site is not None else None)
    objective = Objective(level=level, title=(title or "").strip(), **fields)
    if objective.parent_id and not objective.policy_id:
        objective.policy = objective.parent.policy
    objective.full_clean(exclude=["reference"])
    objective.reference = next_reference("OBJ", timezone.localdate().year)
    objective.save()
    event_record(actor=user, target=objective, verb=gettext_noop("Objective created"), detail=objective.title)
    return objective


@transaction.atomic
def objective_update(*, user: Any, objective: Objective, **fields: Any) -> Objective:
    _check_fields(fields, OBJECTIVE_FIELDS)
    require(user, Operation.EDIT, objective)
    old_status = objective.get_status_display()
    changed = _changes(objective, fields)
    if not changed:
        return objective
    if {"site", "process", "owner"} & set(changed):
        # A process owner may not hand the objective to a site or process out of their reach.
        require(user, Operation.EDIT, objective)
    objective.full_clean(exclude=["reference"])
    objective.save()
    if "status" in changed:
        event_record(
            actor=user,
            target=objective,
            verb=gettext_noop("Status changed"),
            detail=f"{old_status} → {objective.get_status_display()}",
        )
    return objective


def objective_smart_gaps(objective: Objective, today: date) -> list[str]:
    """The SMART gaps of ``objective`` (codes of calculations.smart_gaps)."""
    return calculations.smart_gaps(
        calculations.SmartInput(
            title=objective.title,
            measurable_statement=objective.measurable_statement,
            has_indicator=objective.indicator_id is not None,
            target_value=objective.target_value,
            target_date=objective.target_date,
            has_owner=objective.owner_id is not None,
            justification=objective.justification,
            status=objective.status,
            level=objective.level,
            has_process=objective.process_id is not None,
        ),
        today,
    )


# --- Indicators --------------------------------------------------------------------------------


@transaction.atomic
def indicator_create(*, user: Any, code: str, name: str, **fields: Any) -> Indicator:
    """Create an indicator; a computed one takes its unit and domain from its source when not given."""
    _check_fields(fields, INDICATOR_FIELDS)
    site = fields.get("site")
    require(user, Operation.CREATE, Indicator, site_id=site.pk if site is not None else None)
    indicator = Indicator(code=(code or "").strip().upper(), name=(name or "").strip(), **fields)
    source = indicator_sources.get(indicator.computed_source)
    if indicator.source == Source.COMPUTED and source is not None and not indicator.unit:
        indicator.unit = str(source.unit)
    indicator.full_clean()
    indicator.save()
    event_record(actor=user, target=indicator, verb=gettext_noop("Indicator created"), detail=str(indicator))
    return indicator


@transaction.atomic
def indicator_update(*, user: Any, indicator: Indicator, **fields: Any) -> Indicator:
    _check_fields(fields, INDICATOR_FIELDS)
    require(user, Operation.EDIT, indicator)
    if "code" in fields:
        fields["code"] = (fields["code"] or "").strip().upper()
    changed = _changes(indicator, fields)
    if not changed:
        return indicator
    if {"site", "process", "owner"} & set(changed):
        # A process owner may not hand the indicator to a site or process out of their reach.
        require(user, Operation.EDIT, indicator)
    indicator.full_clean()
    if {"computed_source", "source", "site", "is_split_by_site"} & set(changed):
        indicator.computed_at = None  # recompute at the next display
    indicator.save()
    return indicator


# --- Measurements ------------------------------------------------------------------------------


def can_enter_measurements(user: Any, indicator: Indicator, site_id: int | None = None) -> bool:
    """Whether ``user`` may enter or import values of ``indicator`` (for ``site_id``'s series)."""
    scope = grant(user, Operation.CREATE, Measurement)
    if scope is Scope.NONE or not indicator.is_active:
        return False
    site_ids = user_site_ids(user)
    for target in (indicator.site_id, site_id):
        if site_ids is not None and target is not None and target not in site_ids:
            return False
    if scope is Scope.OWN:
        person = user_person(user)
        return person is not None and person.pk in indicator.responsible_person_ids()
    return True


def _require_entry(user: Any, indicator: Indicator, site_id: int | None) -> None:
    if not can_enter_measurements(user, indicator, site_id):
        raise PermissionDenied


def _series_site_error(indicator: Indicator, site: Any) -> str:
    """Why ``site`` cannot carry a value of ``indicator``, or ""."""
    if indicator.site_id and site is not None and site.pk != indicator.site_id:
        return _("This indicator belongs to the site %(site)s.") % {"site": indicator.site.code}
    if not indicator.site_id and not indicator.is_split_by_site and site is not None:
        return _("This indicator has one value for the whole organisation: leave the site empty.")
    return ""


def _upsert(
    *, user: Any, rows: list[tuple[Indicator, Any, date, Decimal, str]], computed: bool = False
) -> int:
    """Write (indicator, site, period start, value, comment) rows: update the existing values, create
    the others; two queries per batch whatever the number of rows."""
    if not rows:
        return 0
    indicator_ids = {row[0].pk for row in rows}
    periods = {row[2] for row in rows}
    existing = {
        (m.indicator_id, m.site_id, m.period_start): m
        for m in Measurement.objects.filter(indicator_id__in=indicator_ids, period_start__in=periods)
    }
    entered_by = user if getattr(user, "is_authenticated", False) else None
    now = timezone.now()
    to_create, to_update = [], []
    for indicator, site, period, value, comment in rows:
        key = (indicator.pk, site.pk if site is not None else None, period)
        measurement = existing.get(key)
        if measurement is None:
            to_create.append(
                Measurement(
                    indicator=indicator,
                    site=site,
                    period_start=period,
                    value=value,
                    comment=comment,
                    entered_by=entered_by,
                    entered_at=now,
                    is_computed=computed,
                )
            )
        elif measurement.value != value or measurement.comment != comment:
            measurement.value, measurement.comment = value, comment
            measurement.entered_by, measurement.entered_at, measurement.is_computed = (
                entered_by,
                now,
                computed,
            )
            to_update.append(measurement)
        elif computed:
            measurement.entered_at = now
            to_update.append(measurement)
    Measurement.objects.bulk_create(to_create, batch_size=2000)
    Measurement.objects.bulk_update(
        to_update, ["value", "comment", "entered_by", "entered_at", "is_computed"], batch_size=2000
    )
    return len(to_create) + len(to_update)


def _quantize(value: Decimal | int | float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.0001"))


@transaction.atomic
def measurements_save(
    *,
    user: Any,
    indicator: Indicator,
    entries: list[tuple[date, Decimal | None, str]],
    site: Any = None,
    today: date | None = None,
) -> int:
    """Save the values typed in the entry grid: (period start, value or None to remove, comment).

    Returns the number of values written or removed. Raises PermissionDenied, or ValidationError
    (nothing written) for a computed indicator, a wrong site or a period in the future.
    """
    _require_entry(user, indicator, site.pk if site is not None else None)
    if indicator.is_computed:
        raise ValidationError(_("The values of a computed indicator are computed, not entered."))
    error = _series_site_error(indicator, site)
    if error:
        raise ValidationError({"site": error})
    if site is None and indicator.site_id:
        site = indicator.site
    today = today or timezone.localdate()
    current = calculations.period_start(today, indicator.frequency)
    rows, removed = [], []
    for period, value, comment in entries:
        period = calculations.period_start(period, indicator.frequency)
        if period > current:
            raise ValidationError(_("A value cannot be entered for a future period."))
        if value is None:
            removed.append(period)
        else:
            rows.append((indicator, site, period, _quantize(value), (comment or "").strip()[:500]))
    deleted = 0
    if removed:
        deleted, _detail = Measurement.objects.filter(
            indicator=indicator, site=site, period_start__in=removed
        ).delete()
    written = _upsert(user=user, rows=rows)
    if written or deleted:
        event_record(
            actor=user,
            target=indicator,
            verb=gettext_noop("Values entered"),
            detail=", ".join(f"{p:%Y-%m}" for p, v, c in entries),
        )
    return written + deleted


# --- Import (Excel file or JSON rows) ----------------------------------------------------------

COLUMN_ALIASES = {
    "indicator": ("indicator", "indicateur", "indicator code", "code indicateur", "code"),
    "period": ("period", "période", "periode", "mois", "month", "date"),
    "value": ("value", "valeur"),
    "site": ("site", "site code", "code site"),
    "comment": ("comment", "commentaire"),
}
REQUIRED_COLUMNS = ("indicator", "period", "value")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_FRENCH_DATE_RE = re.compile(r"^(?:(\d{1,2})/)?(\d{1,2})/(\d{4})$")


@dataclass(frozen=True)
class ImportProblem:
    row: int  # the row number in the file (the header is row 1), or in the JSON list (from 1)
    column: str  # the column as named in the file
    message: str

    def __str__(self) -> str:
        if self.row and self.column:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return self.message


class MeasurementImportError(ValidationError):
    """The file or the rows were refused; ``problems`` names each row and column at fault."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        super().__init__([str(problem) for problem in problems[:200]])


def _parse_period(raw: Any) -> date | None:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw or "").strip()
    match = _MONTH_RE.match(text)
    try:
        if match:
            return date(int(match[1]), int(match[2]), int(match[3] or 1))
        match = _FRENCH_DATE_RE.match(text)
        if match:
            return date(int(match[3]), int(match[2]), int(match[1] or 1))
    except ValueError:
        return None
    return None


def _parse_value(raw: Any) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float, Decimal)):
        try:
            return _quantize(Decimal(str(raw)))
        except InvalidOperation:
            return None
    text = str(raw or "").strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    try:
        return _quantize(value)
    except InvalidOperation:
        return None


@transaction.atomic
def measurements_import_rows(
    *,
    user: Any,
    rows: list[dict[str, Any]],
    headers: dict[str, str] | None = None,
    row_numbers: list[int] | None = None,
    today: date | None = None,
) -> int:
    """Validate every row, then write them all in one transaction; returns the number of values written.

    ``rows`` are dicts with the keys indicator (code), period (date, "YYYY-MM" or "YYYY-MM-DD"), value,
    and optionally site (code) and comment. ``headers`` maps these keys to the names of the columns
    in the user's file and ``row_numbers`` the numbers of the rows (for the messages; 1, 2… by default).
    Raises MeasurementImportError naming every row and column at fault: nothing is written then.
    """
    from . import selectors

    headers = headers or {key: key for key in COLUMN_ALIASES}
    today = today or timezone.localdate()
    problems: list[ImportProblem] = []
    if not rows:
        raise MeasurementImportError([ImportProblem(0, "", _("The file contains no measurement."))])
    if len(rows) > MAX_IMPORT_ROWS:
        raise MeasurementImportError(
            [ImportProblem(0, "", _("At most %(count)s rows per import.") % {"count": MAX_IMPORT_ROWS})]
        )
    codes = {str(row.get("indicator") or "").strip().upper() for row in rows}
    indicators = {
        indicator.code: indicator
        for indicator in selectors.indicator_list(user).filter(code__in=codes).select_related("site")
    }
    from qsse.organization import selectors as organization_selectors

    sites = {site.code.upper(): site for site in organization_selectors.site_list(user)}
    valid: list[tuple[Indicator, Any, date, Decimal, str]] = []
    seen: dict[tuple[int, int | None, date], int] = {}
    for offset, row in enumerate(rows):
        number = row_numbers[offset] if row_numbers else offset + 1
        row_problems = []
        code = str(row.get("indicator") or "").strip().upper()
        indicator = indicators.get(code)
        if not code:
            row_problems.append(
                ImportProblem(number, headers["indicator"], _("the indicator code is missing."))
            )
        elif indicator is None:
            row_problems.append(
                ImportProblem(
                    number, headers["indicator"], _("unknown indicator “%(code)s”.") % {"code": code}
                )
            )
        elif indicator.is_computed:
            row_problems.append(
                ImportProblem(
                    number,
                    headers["indicator"],
                    _("the indicator %(code)s is computed: its values cannot be imported.") % {"code": code},
                )
            )
        raw_period = row.get("period")
        period = _parse_period(raw_period)
        if period is None:
            row_problems.append(
                ImportProblem(
                    number,
                    headers["period"],
                    _("“%(value)s” is not a date or a month (YYYY-MM).") % {"value": raw_period or ""},
                )
            )
        raw_value = row.get("value")
        value = _parse_value(raw_value)
        if raw_value is None or str(raw_value).strip() == "":
            row_problems.append(ImportProblem(number, headers["value"], _("the value is missing.")))
        elif value is None:
            row_problems.append(
                ImportProblem(
                    number, headers["value"], _("“%(value)s” is not a number.") % {"value": raw_value}
                )
            )
        site_code = str(row.get("site") or "").strip().upper()
        site = None
        if site_code:
            site = sites.get(site_code)
            if site is None:
                row_problems.append(
                    ImportProblem(
                        number, headers["site"], _("unknown site “%(code)s”.") % {"code": site_code}
                    )
                )
        if indicator is not None and not indicator.is_computed:
            if site_code and site is not None or not site_code:
                error = _series_site_error(indicator, site)
                if error:
                    row_problems.append(ImportProblem(number, headers["site"], error))
            if site is None and indicator.site_id:
                site = indicator.site
            if not row_problems and not can_enter_measurements(user, indicator, site.pk if site else None):
                row_problems.append(
                    ImportProblem(
                        number,
                        headers["indicator"],
                        _("you may not enter the values of %(code)s.") % {"code": code},
                    )
                )
            if period is not None:
                period = calculations.period_start(period, indicator.frequency)
                if period > calculations.period_start(today, indicator.frequency):
                    row_problems.append(
                        ImportProblem(number, headers["period"], _("the period is in the future."))
                    )
        if not row_problems and indicator is not None and period is not None and value is not None:
            key = (indicator.pk, site.pk if site is not None else None, period)
            if key in seen:
                row_problems.append(
                    ImportProblem(
                        number,
                        headers["period"],
                        _("same indicator, site and period as row %(row)s.") % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = number
                comment = str(row.get("comment") or "").strip()[:500]
                valid.append((indicator, site, period, value, comment))
        problems.extend(row_problems)
    if problems:
        raise MeasurementImportError(problems)
    written = _upsert(user=user, rows=valid)
    for indicator in {row[0].pk: row[0] for row in valid}.values():
        event_record(
            actor=user,
            target=indicator,
            verb=gettext_noop("Values imported"),
            detail=str(sum(1 for row in valid if row[0].pk == indicator.pk)),
        )
    return written


def _header_key(name: str) -> str | None:
    cleaned = " ".join(str(name or "").strip().lower().replace("_", " ").split())
    for key, aliases in COLUMN_ALIASES.items():
        if cleaned in aliases:
            return key
    return None


def measurements_import(user: Any, file: BinaryIO, *, today: date | None = None) -> int:
    """Import the measurements of an Excel file (.xlsx): columns indicator code, period (a date or
    YYYY-MM), value, and optionally site code and comment, with a header row.

    Every row is checked first; any problem and nothing is imported (MeasurementImportError naming
    the row and the column). Returns the number of values written.
    """
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - zip, XML and format errors of every kind
        raise MeasurementImportError(
            [ImportProblem(0, "", _("This file cannot be read: send an Excel file (.xlsx)."))]
        ) from error
    try:
        sheet = workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = next(lines, None)
        if header is None or not any(cell not in (None, "") for cell in header):
            raise MeasurementImportError([ImportProblem(0, "", _("The file is empty."))])
        positions: dict[str, int] = {}
        headers: dict[str, str] = {key: key for key in COLUMN_ALIASES}
        problems = []
        for index, name in enumerate(header):
            if name in (None, ""):
                continue
            key = _header_key(name)
            if key is None or key in positions:
                problems.append(
                    ImportProblem(
                        1,
                        str(name),
                        _("unexpected column; the columns are: indicator, period, value, site, comment."),
                    )
                )
                continue
            positions[key] = index
            headers[key] = str(name)
        missing = [key for key in REQUIRED_COLUMNS if key not in positions]
        if missing:
            problems.append(
                ImportProblem(
                    1,
                    "",
                    _("missing columns: %(columns)s.") % {"columns": ", ".join(missing)},
                )
            )
        if problems:
            raise MeasurementImportError(problems)
        rows: list[dict[str, Any]] = []
        for line in lines:
            if line is None or all(cell in (None, "") for cell in line):
                rows.append({})  # keeps the row numbers; skipped below
                continue
            rows.append(
                {key: (line[index] if index < len(line) else None) for key, index in positions.items()}
            )
            if len(rows) > MAX_IMPORT_ROWS:
                break
    finally:
        workbook.close()
    numbered = [(number, row) for number, row in enumerate(rows, start=2) if row]
    if not numbered:
        raise MeasurementImportError([ImportProblem(0, "", _("The file contains no measurement."))])
    # Blank lines are skipped; the numbers given in messages stay those of the file.
    return measurements_import_rows(
        user=user,
        rows=[row for _number, row in numbered],
        headers=headers,
        row_numbers=[number for number, _row in numbered],
        today=today,
    )


def import_template() -> bytes:
    """An Excel file with the expected columns and two example rows."""
    from io import BytesIO

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Measurements")[:31]
    sheet.append([_("indicator"), _("period"), _("value"), _("site"), _("comment")])
    today = timezone.localdate()
    sheet.append(["ENE-01", f"{today:%Y-%m}", 1.25, "MTL", ""])
    sheet.append(["CLI-02", f"{today:%Y-%m}", 96.5, "", _("example row: replace it")])
    for column in "ABCDE":
        sheet.column_dimensions[column].width = 18
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Computed indicators -----------------------------------------------------------------------


def _computed_series_sites(indicator: Indicator) -> list[Any]:
    """The sites of the series a computed indicator keeps: its site, or None (the organisation) and,
    when split, every active site."""
    if indicator.site_id:
        return [indicator.site]
    if indicator.is_split_by_site:
        from qsse.organization.models import Site

        return [None, *Site.objects.filter(is_active=True).order_by("code")]
    return [None]


@transaction.atomic
def indicator_compute(
    indicator: Indicator, start: date, end: date, *, user: Any = None, today: date | None = None
) -> int:
    """Compute and store the values of a computed indicator for the periods from the one containing
    ``start`` to the one containing ``end`` (never beyond the current period), for each of its series.

    Returns the number of values written; a period whose source gives no value (None) is left empty.
    """
    source = indicator_sources.get(indicator.computed_source)
    if not indicator.is_computed or source is None:
        raise ValidationError(_("This indicator is not computed from a known source."))
    today = today or timezone.localdate()
    end = min(end, today)
    rows = []
    for period in calculations.period_starts(start, end, indicator.frequency):
        period_end = calculations.shift_period(period, indicator.frequency, 1)
        for site in _computed_series_sites(indicator):
            value = source.compute(period, period_end, frozenset({site.pk}) if site is not None else None)
            if value is not None:
                rows.append((indicator, site, period, _quantize(Decimal(str(value))), ""))
    written = _upsert(user=user, rows=rows, computed=True)
    indicator.computed_at = timezone.now()
    Indicator.objects.filter(pk=indicator.pk).update(computed_at=indicator.computed_at)
    return written


def indicator_recompute(*, user: Any, indicator: Indicator, periods: int = 24) -> int:
    """The "Recompute" button: the last ``periods`` periods, for whoever may enter its values."""
    _require_entry(user, indicator, None)
    today = timezone.localdate()
    start = calculations.shift_period(
        calculations.period_start(today, indicator.frequency), indicator.frequency, -(periods - 1)
    )
    written = indicator_compute(indicator, start, today, user=user, today=today)
    event_record(actor=user, target=indicator, verb=gettext_noop("Values recomputed"), detail=str(written))
    return written


def indicators_compute_all(*, today: date | None = None, periods: int = 2) -> int:
    """Recompute the current and previous ``periods`` − 1 periods of every active computed indicator."""
    today = today or timezone.localdate()
    written = 0
    for indicator in Indicator.objects.filter(is_active=True, source=Source.COMPUTED).select_related("site"):
        if indicator.computed_source not in indicator_sources:
            continue
        start = calculations.shift_period(
            calculations.period_start(today, indicator.frequency), indicator.frequency, -(periods - 1)
        )
        written += indicator_compute(indicator, start, today, today=today)
    return written


def indicators_refresh_stale(indicators: list[Indicator], *, now: datetime | None = None) -> int:
    """Refresh the current and previous period of the computed ``indicators`` computed more than
    ``STALE_AFTER`` ago (or never): cheap, and nothing to do on most page views."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    written = 0
    for indicator in indicators:
        if not indicator.is_computed or indicator.computed_source not in indicator_sources:
            continue
        if indicator.computed_at is not None and now - indicator.computed_at < STALE_AFTER:
            continue
        current = calculations.period_start(today, indicator.frequency)
        try:
            written += indicator_compute(
                indicator, calculations.shift_period(current, indicator.frequency, -1), today, today=today
            )
        except IntegrityError:
            # Another page view computed the same values at the same instant: theirs stand.
            continue
    return written
