"""Every write of the FMEA module: FMEAs and their workflow (draft → in review → approved, a new
revision reopens), functions, worksheet lines with their stored RPN and AP, actions raised from
lines, re-rating after actions, imports, settings, rating guides and action-priority tables.

RPN and AP are computed here (qsse.fmea.calculations) and stored on each line, so that lists sort
and filter in the database; changing the AP table in use recomputes every line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from qsse.actions import services as action_services
from qsse.actions.choices import ActionType
from qsse.core.choices import Operation
from qsse.core.numbering import next_reference
from qsse.core.permissions import require, user_person
from qsse.core.services import event_record

from . import calculations, default_ap, selectors
from .calculations import ApRule
from .choices import AP_RANK, REFERENCE_PREFIX, FmeaStatus
from .models import ActionPriorityRule, ApTable, Fmea, FmeaFunction, FmeaLine, FmeaSettings, RatingGuide

FMEA_FIELDS = frozenset(
    {
        "title",
        "kind",
        "scope",
        "process",
        "site",
        "product",
        "leader",
        "prioritisation_method",
        "started_on",
        "due_on",
    }
)
LINE_FIELDS = frozenset(
    {
        "function",
        "position",
        "process_step",
        "failure_mode",
        "effect",
        "severity",
        "cause",
        "prevention_controls",
        "occurrence",
        "detection_controls",
        "detection",
        "recommended_action",
    }
)
BULK_BATCH = 1000


def _check_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")


def _ensure_editable(fmea: Fmea) -> None:
    if fmea.status == FmeaStatus.APPROVED:
        raise ValidationError(
            _("This FMEA is approved: start a new revision before changing it."), code="approved"
        )


# --- FMEA --------------------------------------------------------------------------------------


@transaction.atomic
def fmea_create(*, user: Any, title: str, kind: str, team: Sequence[Any] = (), **fields: Any) -> Fmea:
    """Create an FMEA numbered ``AMDEC-<year>-<nnnn>``; the prioritisation method defaults to the
    organisation's choice and the leader to the creator."""
    _check_fields(fields, FMEA_FIELDS)
    site = fields.get("site")
    require(user, Operation.CREATE, Fmea, site_id=getattr(site, "pk", None))
    fields.setdefault("prioritisation_method", selectors.current_settings().default_method)
    if "leader" not in fields:
        fields["leader"] = user_person(user)
    fmea = Fmea(title=(title or "").strip(), kind=kind, created_by=user, **fields)
    fmea.full_clean(exclude={"reference"})
    fmea.reference = next_reference(REFERENCE_PREFIX, timezone.localdate().year)
    fmea.save()
    if team:
        fmea.team.set(team)
    event_record(actor=user, target=fmea, verb=gettext_noop("FMEA created"), detail=fmea.title)
    return fmea


@transaction.atomic
def fmea_update(*, user: Any, fmea: Fmea, team: Sequence[Any] | None = None, **fields: Any) -> Fmea:
    """Change the header of an FMEA (title, scope, team, method...) that is not approved."""
    _check_fields(fields, FMEA_FIELDS)
    require(user, Operation.EDIT, fmea)
    _ensure_editable(fmea)
    new_site = fields.get("site")
    if new_site is not None and new_site.pk != fmea.site_id:
        require(user, Operation.CREATE, Fmea, site_id=new_site.pk)
    for name, value in fields.items():
        setattr(fmea, name, value)
    fmea.full_clean()
    fmea.save()
    if team is not None:
        fmea.team.set(team)
    return fmea


_MOVES = {
    FmeaStatus.IN_REVIEW: (FmeaStatus.DRAFT,),
    FmeaStatus.APPROVED: (FmeaStatus.IN_REVIEW, FmeaStatus.DRAFT),
    FmeaStatus.DRAFT: (FmeaStatus.IN_REVIEW, FmeaStatus.APPROVED),
}


@transaction.atomic
def fmea_set_status(*, user: Any, fmea: Fmea, status: str) -> Fmea:
    """Submit for review, approve, or send back to draft. Approving needs the "close" right; going
    back to draft from approved starts a new revision (revision + 1)."""
    if status not in _MOVES:
        raise ValidationError({"status": _("Unknown status.")})
    require(user, Operation.CLOSE if status == FmeaStatus.APPROVED else Operation.EDIT, fmea)
    fmea = Fmea.objects.select_for_update().get(pk=fmea.pk)
    if fmea.status not in _MOVES[status]:
        raise ValidationError(
            {
                "status": _("An FMEA cannot go from “%(current)s” to “%(target)s”.")
                % {"current": fmea.get_status_display(), "target": FmeaStatus(status).label}
            }
        )
    previous = fmea.get_status_display()
    if status == FmeaStatus.APPROVED:
        if not fmea.lines.exists():
            raise ValidationError({"status": _("An FMEA without any line cannot be approved.")})
        fmea.approved_on = timezone.localdate()
        fmea.approved_by = user
    elif status == FmeaStatus.DRAFT and fmea.status == FmeaStatus.APPROVED:
        fmea.revision += 1
        fmea.approved_on = None
        fmea.approved_by = None
    fmea.status = status
    fmea.save()
    event_record(
        actor=user,
        target=fmea,
        verb=gettext_noop("FMEA approved")
        if status == FmeaStatus.APPROVED
        else gettext_noop("Status changed"),
        detail=f"{previous} → {fmea.get_status_display()}",
    )
    return fmea


@transaction.atomic
def fmea_delete(*, user: Any, fmea: Fmea) -> None:
    require(user, Operation.DELETE, fmea)
    if fmea.lines.filter(action__isnull=False).exists():
        raise ValidationError(_("This FMEA has actions in the action plan: it cannot be deleted."))
    fmea.delete()


# --- Functional analysis -----------------------------------------------------------------------


@transaction.atomic
def function_add(
    *, user: Any, fmea: Fmea, kind: str, structure_element: str, description: str
) -> FmeaFunction:
    require(user, Operation.EDIT, fmea)
    _ensure_editable(fmea)
    position = (fmea.functions.aggregate(m=Max("position"))["m"] or 0) + 1
    function = FmeaFunction(
        fmea=fmea,
        kind=kind,
        structure_element=(structure_element or "").strip(),
        description=(description or "").strip(),
        position=position,
    )
    function.full_clean()
    function.save()
    return function


@transaction.atomic
def function_remove(*, user: Any, function: FmeaFunction) -> None:
    require(user, Operation.EDIT, function.fmea)
    _ensure_editable(function.fmea)
    function.delete()


# --- Worksheet lines ---------------------------------------------------------------------------


def _ap_of(lookup: dict[tuple[int, int, int], str], s: int | None, o: int | None, d: int | None) -> str:
    if s is None or o is None or d is None:
        return ""
    return lookup.get((s, o, d), "")


def compute_line(line: FmeaLine, lookup: dict[tuple[int, int, int], str]) -> None:
    """Set the stored RPN/AP (and revised RPN/AP) of ``line`` from its ratings; ratings not yet
    valid are left for ``full_clean`` to report."""
    try:
        line.rpn = calculations.risk_priority_number(line.severity, line.occurrence, line.detection)
    except calculations.RatingError:
        line.rpn = 0
    line.ap = _ap_of(lookup, line.severity, line.occurrence, line.detection)
    line.ap_rank = AP_RANK[line.ap]
    revised = (line.revised_severity, line.revised_occurrence, line.revised_detection)
    try:
        line.revised_rpn = calculations.risk_priority_number(*revised)  # type: ignore[arg-type]
    except calculations.RatingError:
        line.revised_rpn = None
    line.revised_ap = _ap_of(lookup, *revised) if line.revised_rpn is not None else ""


def _active_lookup() -> dict[tuple[int, int, int], str]:
    if selectors.active_ap_table() is None:
        ap_table_ensure_default()
    return calculations.ap_lookup(selectors.active_ap_rules())


def _next_position(fmea: Fmea) -> int:
    return (fmea.lines.aggregate(m=Max("position"))["m"] or 0) + 1


def _check_function(fmea: Fmea, function: FmeaFunction | None) -> None:
    if function is not None and function.fmea_id != fmea.pk:
        raise ValidationError({"function": _("This function belongs to another FMEA.")})


@transaction.atomic
def line_create(*, user: Any, fmea: Fmea, **fields: Any) -> FmeaLine:
    """Add a worksheet line (one failure mode, effect and cause); RPN and AP are computed."""
    _check_fields(fields, LINE_FIELDS)
    require(user, Operation.EDIT, fmea)
    _ensure_editable(fmea)
    _check_function(fmea, fields.get("function"))
    if not fields.get("position"):
        fields["position"] = _next_position(fmea)
    line = FmeaLine(fmea=fmea, **fields)
    compute_line(line, _active_lookup())
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def line_update(*, user: Any, line: FmeaLine, **fields: Any) -> FmeaLine:
    """Change a line; RPN and AP follow the ratings."""
    _check_fields(fields, LINE_FIELDS)
    require(user, Operation.EDIT, line.fmea)
    _ensure_editable(line.fmea)
    _check_function(line.fmea, fields.get("function"))
    for name, value in fields.items():
        setattr(line, name, value)
    compute_line(line, _active_lookup())
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def line_delete(*, user: Any, line: FmeaLine) -> None:
    require(user, Operation.EDIT, line.fmea)
    _ensure_editable(line.fmea)
    line.delete()


@transaction.atomic
def line_rerate(
    *,
    user: Any,
    line: FmeaLine,
    revised_severity: int,
    revised_occurrence: int,
    revised_detection: int,
    revised_on: date | None = None,
) -> FmeaLine:
    """Record the ratings after the actions; the revised RPN/AP are computed and kept next to the
    original ones for the before/after comparison."""
    require(user, Operation.EDIT, line.fmea)
    _ensure_editable(line.fmea)
    line.revised_severity = revised_severity
    line.revised_occurrence = revised_occurrence
    line.revised_detection = revised_detection
    line.revised_on = revised_on or timezone.localdate()
    compute_line(line, _active_lookup())
    line.full_clean()
    line.save()
    event_record(
        actor=user,
        target=line.fmea,
        verb=gettext_noop("Line re-rated"),
        detail=f"{line.position}. {line.failure_mode}: RPN {line.rpn} → {line.revised_rpn}",
    )
    return line


@transaction.atomic
def line_create_action(
    *, user: Any, line: FmeaLine, title: str, owner: Any, due_on: date, description: str = ""
) -> Any:
    """Raise a preventive action in the unified action plan from a line (its recommended action);
    the action's origin is the FMEA and the line keeps a link to it."""
    fmea = line.fmea
    require(user, Operation.EDIT, fmea)
    if line.action_id is not None:
        raise ValidationError(_("This line already has an action."), code="has_action")
    action = action_services.action_create(
        user=user,
        title=title,
        owner=owner,
        due_on=due_on,
        type=ActionType.PREVENTIVE,
        origin=fmea,
        site=fmea.site,
        process=fmea.process,
        description=description
        or _("FMEA %(reference)s, line %(position)s: %(mode)s")
        % {"reference": fmea.reference, "position": line.position, "mode": line.failure_mode},
    )
    line.action = action
    if not line.recommended_action:
        line.recommended_action = action.title
    line.save(update_fields=["action", "recommended_action"])
    return action


def _import_errors_message(errors: list[str]) -> str:
    return "\n".join(errors)


@transaction.atomic
def lines_import(*, user: Any, fmea: Fmea, rows: Sequence[dict[str, Any]]) -> list[FmeaLine]:
    """Create lines from parsed worksheet rows, all or nothing: every row is validated first and a
    ValidationError lists each bad row (``row_number`` key of the row dict) with its fields."""
    require(user, Operation.EDIT, fmea)
    _ensure_editable(fmea)
    lookup = _active_lookup()
    position = _next_position(fmea)
    lines: list[FmeaLine] = []
    errors: list[str] = []
    for offset, row in enumerate(rows):
        row = dict(row)
        row_number = row.pop("row_number", offset + 1)
        row.pop("position", None)  # imported lines follow the existing ones, in the sheet's order
        try:
            _check_fields(row, LINE_FIELDS)
        except TypeError as error:
            errors.append(str(error))
            continue
        line = FmeaLine(fmea=fmea, position=position + offset, **row)
        compute_line(line, lookup)
        try:
            line.full_clean(exclude={"fmea"})
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                label = FmeaLine._meta.get_field(field).verbose_name if field != "__all__" else ""
                errors.append(
                    _("Row %(row)s, %(column)s: %(message)s")
                    % {"row": row_number, "column": label, "message": " ".join(messages)}
                )
            continue
        lines.append(line)
    if errors:
        raise ValidationError(_import_errors_message(errors), code="import_errors")
    if not lines:
        raise ValidationError(_("The worksheet has no line to import."), code="empty")
    created = FmeaLine.objects.bulk_create(lines, batch_size=BULK_BATCH)
    event_record(
        actor=user,
        target=fmea,
        verb=gettext_noop("Lines imported"),
        detail=str(len(created)),
    )
    return created


# --- Settings, rating guides, action-priority tables ------------------------------------------


@transaction.atomic
def settings_update(
    *, user: Any, rpn_high_threshold: int, rpn_medium_threshold: int, default_method: str
) -> FmeaSettings:
    require(user, Operation.EDIT, FmeaSettings)
    fmea_settings = FmeaSettings.objects.select_for_update().order_by("pk").first() or FmeaSettings()
    fmea_settings.rpn_high_threshold = rpn_high_threshold
    fmea_settings.rpn_medium_threshold = rpn_medium_threshold
    fmea_settings.default_method = default_method
    fmea_settings.full_clean()
    fmea_settings.save()
    return fmea_settings


@transaction.atomic
def rating_guide_save(*, user: Any, scale: str, level: int, meaning: str, criteria: str = "") -> RatingGuide:
    """Create or change the meaning of one level of a rating scale."""
    require(user, Operation.EDIT, RatingGuide)
    guide = RatingGuide.objects.filter(scale=scale, level=level).first() or RatingGuide(
        scale=scale, level=level
    )
    guide.meaning = (meaning or "").strip()
    guide.criteria = (criteria or "").strip()
    guide.full_clean()
    guide.save()
    return guide


def _recompute_all_lines() -> int:
    lookup = _active_lookup()
    changed = []
    fields = ("id", "severity", "occurrence", "detection", "revised_severity", "revised_occurrence")
    for line in FmeaLine.objects.only(*fields, "revised_detection", "ap", "revised_ap", "rpn").iterator(
        chunk_size=2000
    ):
        before = (line.ap, line.revised_ap)
        compute_line(line, lookup)
        if (line.ap, line.revised_ap) != before:
            changed.append(line)
    FmeaLine.objects.bulk_update(changed, ["ap", "ap_rank", "revised_ap"], batch_size=BULK_BATCH)
    return len(changed)


@transaction.atomic
def ap_table_import(
    *, user: Any, name: str, rules: Sequence[ApRule], source: str = "", activate: bool = True
) -> ApTable:
    """Store an action-priority table after checking that its rules cover each of the 1,000
    S × O × D combinations exactly once; the error lists the gaps and overlaps."""
    require(user, Operation.CREATE, ApTable)
    validation = calculations.validate_ap_rules(rules)
    if not validation.is_valid:
        messages = [
            _("Rule %(number)s: %(message)s") % {"number": number, "message": message}
            for number, message in validation.rule_errors
        ]
        if validation.gaps:
            messages.append(
                ngettext(
                    "%(count)s combination is covered by no rule: %(cells)s",
                    "%(count)s combinations are covered by no rule: %(cells)s",
                    len(validation.gaps),
                )
                % {"count": len(validation.gaps), "cells": calculations.summarise_cells(validation.gaps)}
            )
        if validation.overlaps:
            messages.append(
                ngettext(
                    "%(count)s combination is covered by several rules: %(cells)s",
                    "%(count)s combinations are covered by several rules: %(cells)s",
                    len(validation.overlaps),
                )
                % {
                    "count": len(validation.overlaps),
                    "cells": calculations.summarise_cells(validation.overlaps),
                }
            )
        raise ValidationError(messages, code="invalid_ap_table")
    table = ApTable(name=(name or "").strip(), source=source, created_by=user)
    table.full_clean()
    table.save()
    ActionPriorityRule.objects.bulk_create(
        [
            ActionPriorityRule(
                table=table,
                severity_min=rule.severity_min,
                severity_max=rule.severity_max,
                occurrence_min=rule.occurrence_min,
                occurrence_max=rule.occurrence_max,
                detection_min=rule.detection_min,
                detection_max=rule.detection_max,
                priority=rule.priority,
            )
            for rule in rules
        ]
    )
    event_record(
        actor=user, target=table, verb=gettext_noop("Action-priority table loaded"), detail=table.name
    )
    if activate:
        ap_table_activate(user=user, table=table)
    return table


@transaction.atomic
def ap_table_activate(*, user: Any, table: ApTable) -> int:
    """Use ``table`` from now on; every line's AP is recomputed. Returns the number of lines changed."""
    require(user, Operation.EDIT, table)
    ApTable.objects.filter(is_active=True).exclude(pk=table.pk).update(is_active=False)
    if not table.is_active:
        table.is_active = True
        table.save(update_fields=["is_active", "updated_at"])
    event_record(
        actor=user, target=table, verb=gettext_noop("Action-priority table put in use"), detail=table.name
    )
    return _recompute_all_lines()


@transaction.atomic
def ap_table_ensure_default() -> ApTable:
    """The table in use; when none is (a database emptied after its migrations), the shipped
    AIAG-VDA 2019 table is stored if missing and put in use, and every line's AP is computed.

    Migration 0003 does the same on a fresh install; this is the safety net called where AP is
    computed. System reference data: no user, no permission check.
    """
    active = ApTable.objects.select_for_update().filter(is_active=True).first()
    if active is not None:
        return active
    table = ApTable.objects.filter(name=default_ap.DEFAULT_AP_TABLE_NAME).first()
    if table is None:
        table = ApTable.objects.create(
            name=default_ap.DEFAULT_AP_TABLE_NAME, source=default_ap.DEFAULT_AP_TABLE_SOURCE
        )
        ActionPriorityRule.objects.bulk_create(
            ActionPriorityRule(
                table=table,
                severity_min=rule.severity_min,
                severity_max=rule.severity_max,
                occurrence_min=rule.occurrence_min,
                occurrence_max=rule.occurrence_max,
                detection_min=rule.detection_min,
                detection_max=rule.detection_max,
                priority=rule.priority,
            )
            for rule in default_ap.read_default_rules()
        )
    table.is_active = True
    table.save(update_fields=["is_active", "updated_at"])
    _recompute_all_lines()
    return table
