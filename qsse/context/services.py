"""Every write of the context module: SWOT/PESTEL analyses and their versions, interested parties,
the context summary, the criticality matrix (and the recomputation of the register it drives) and
the risks and opportunities with their treatment actions.

Rules: an approved analysis is frozen (changes go to a new version); a record is scored on the
active matrix (score = probability × impact, level = the band containing the score); a significant
record gets a treatment action (preventive for a risk, improvement for an opportunity).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_update_with_history

from qsse.actions import selectors as action_selectors
from qsse.actions import services as action_services
from qsse.actions.choices import ActionType
from qsse.core.choices import Operation
from qsse.core.numbering import next_reference
from qsse.core.permissions import require, user_person
from qsse.core.services import event_record

from . import calculations
from .choices import (
    CATEGORIES_BY_KIND,
    OPPORTUNITY_STRATEGIES,
    REFERENCE_PREFIX,
    RISK_STRATEGIES,
    AnalysisKind,
    AnalysisStatus,
    RiskKind,
    RiskSource,
    RiskStatus,
)
from .models import (
    ContextAnalysis,
    ContextItem,
    ContextSummary,
    CriticalityLevel,
    CriticalityMatrix,
    InterestedParty,
    RiskOpportunity,
)

# Days given to a treatment action when the record has no review date.
TREATMENT_DELAY_DAYS = 60


def _check_fields(fields: dict[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")


# --- SWOT and PESTEL ---------------------------------------------------------------------------

ANALYSIS_FIELDS = frozenset({"title", "site", "analysed_on", "notes"})
ITEM_FIELDS = frozenset({"category", "text", "importance", "position"})


def _ensure_draft(analysis: ContextAnalysis) -> None:
    if analysis.status != AnalysisStatus.DRAFT:
        raise ValidationError(
            _("This analysis is approved and frozen: create a new version to change it."), code="approved"
        )


@transaction.atomic
def analysis_create(
    *, user: Any, kind: str, title: str, analysed_on: date, site: Any = None, notes: str = ""
) -> ContextAnalysis:
    """A new SWOT or PESTEL analysis, version 1, draft."""
    require(user, Operation.CREATE, ContextAnalysis, site_id=getattr(site, "pk", None))
    analysis = ContextAnalysis(
        kind=kind, title=title, analysed_on=analysed_on, site=site, notes=notes, created_by=user
    )
    analysis.full_clean()
    analysis.save()
    event_record(actor=user, target=analysis, verb=gettext_noop("Analysis created"), detail=title)
    return analysis


@transaction.atomic
def analysis_update(*, user: Any, analysis: ContextAnalysis, **fields: Any) -> ContextAnalysis:
    _check_fields(fields, ANALYSIS_FIELDS)
    require(user, Operation.EDIT, analysis)
    analysis = ContextAnalysis.objects.select_for_update().get(pk=analysis.pk)
    _ensure_draft(analysis)
    for name, value in fields.items():
        setattr(analysis, name, value)
    analysis.full_clean()
    analysis.save()
    return analysis


def _check_category(analysis: ContextAnalysis, category: str) -> None:
    if category not in CATEGORIES_BY_KIND[AnalysisKind(analysis.kind)]:
        raise ValidationError(
            {
                "category": _("This category does not belong to a %(kind)s analysis.")
                % {"kind": analysis.get_kind_display()}
            }
        )


@transaction.atomic
def analysis_item_add(
    *, user: Any, analysis: ContextAnalysis, category: str, text: str, importance: int = 2
) -> ContextItem:
    """Add an item at the end of its quadrant (SWOT) or column (PESTEL) of a draft analysis."""
    require(user, Operation.EDIT, analysis)
    _ensure_draft(analysis)
    _check_category(analysis, category)
    last = analysis.items.filter(category=category).aggregate(last=Max("position"))["last"]
    item = ContextItem(
        analysis=analysis,
        category=category,
        text=(text or "").strip(),
        importance=importance,
        position=(last or 0) + 1,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def analysis_item_update(*, user: Any, item: ContextItem, **fields: Any) -> ContextItem:
    _check_fields(fields, ITEM_FIELDS)
    analysis = item.analysis
    require(user, Operation.EDIT, analysis)
    _ensure_draft(analysis)
    if "category" in fields:
        _check_category(analysis, fields["category"])
    if "text" in fields:
        fields["text"] = (fields["text"] or "").strip()
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def analysis_item_delete(*, user: Any, item: ContextItem) -> None:
    analysis = item.analysis
    require(user, Operation.EDIT, analysis)
    _ensure_draft(analysis)
    item.delete()


@transaction.atomic
def analysis_approve(*, user: Any, analysis: ContextAnalysis) -> ContextAnalysis:
    """Approve (and freeze) a draft; it must have at least one item."""
    require(user, Operation.CLOSE, analysis)
    analysis = ContextAnalysis.objects.select_for_update().get(pk=analysis.pk)
    _ensure_draft(analysis)
    if not analysis.items.exists():
        raise ValidationError(_("An empty analysis cannot be approved: add its items first."), code="empty")
    analysis.status = AnalysisStatus.APPROVED
    analysis.approved_by = user
    analysis.approved_at = timezone.now()
    analysis.save()
    event_record(
        actor=user, target=analysis, verb=gettext_noop("Analysis approved"), detail=f"v{analysis.version}"
    )
    return analysis


@transaction.atomic
def analysis_new_version(
    *, user: Any, analysis: ContextAnalysis, analysed_on: date | None = None
) -> ContextAnalysis:
    """Copy an approved analysis and its items into version n+1 (draft); the old one stays readable."""
    require(user, Operation.CREATE, ContextAnalysis, site_id=analysis.site_id)
    analysis = ContextAnalysis.objects.select_for_update().get(pk=analysis.pk)
    if analysis.status != AnalysisStatus.APPROVED:
        raise ValidationError(_("Only an approved analysis gets a new version: this one is still a draft."))
    if ContextAnalysis.objects.filter(previous=analysis).exists():
        raise ValidationError(_("A newer version of this analysis exists already."), code="has_next")
    new = ContextAnalysis(
        kind=analysis.kind,
        title=analysis.title,
        site=analysis.site,
        analysed_on=analysed_on or timezone.localdate(),
        version=analysis.version + 1,
        previous=analysis,
        notes=analysis.notes,
        created_by=user,
    )
    new.full_clean()
    new.save()
    ContextItem.objects.bulk_create(
        [
            ContextItem(
                analysis=new,
                category=item.category,
                text=item.text,
                importance=item.importance,
                position=item.position,
            )
            for item in analysis.items.all()
        ]
    )
    event_record(
        actor=user,
        target=new,
        verb=gettext_noop("New version created"),
        detail=f"v{analysis.version} → v{new.version}",
    )
    return new


# --- Interested parties ------------------------------------------------------------------------

PARTY_FIELDS = frozenset(
    {"needs", "expectations", "influence", "interest", "is_relevant", "how_monitored", "site", "review_on"}
)


@transaction.atomic
def party_create(
    *, user: Any, name: str, category: str, processes: Sequence[Any] = (), **fields: Any
) -> InterestedParty:
    _check_fields(fields, PARTY_FIELDS)
    site = fields.get("site")
    require(user, Operation.CREATE, InterestedParty, site_id=getattr(site, "pk", None))
    party = InterestedParty(name=name, category=category, **fields)
    party.full_clean()
    party.save()
    if processes:
        party.processes.set(processes)
    return party


@transaction.atomic
def party_update(
    *, user: Any, party: InterestedParty, processes: Sequence[Any] | None = None, **fields: Any
) -> InterestedParty:
    _check_fields(fields, PARTY_FIELDS | {"name", "category"})
    require(user, Operation.EDIT, party)
    new_site = fields.get("site")
    if new_site is not None and new_site.pk != party.site_id:
        require(user, Operation.CREATE, InterestedParty, site_id=new_site.pk)
    for name, value in fields.items():
        setattr(party, name, value)
    party.full_clean()
    party.save()
    if processes is not None:
        party.processes.set(processes)
    return party


@transaction.atomic
def party_delete(*, user: Any, party: InterestedParty) -> None:
    require(user, Operation.DELETE, party)
    party.delete()


# --- Context summary ---------------------------------------------------------------------------

SUMMARY_FIELDS = frozenset({"text", "iso_9001", "iso_14001", "iso_45001", "iso_50001", "other_standards"})


@transaction.atomic
def summary_save(*, user: Any, site: Any = None, **fields: Any) -> ContextSummary:
    """Create or update the context summary of the organisation (``site`` None) or of one site."""
    _check_fields(fields, SUMMARY_FIELDS)
    summary = ContextSummary.objects.select_for_update().filter(site=site).first()
    if summary is None:
        require(user, Operation.CREATE, ContextSummary, site_id=getattr(site, "pk", None))
        summary = ContextSummary(site=site)
    else:
        require(user, Operation.EDIT, summary)
    for name, value in fields.items():
        setattr(summary, name, value)
    summary.full_clean(validate_constraints=False)
    summary.save()
    return summary


# --- Criticality matrix ------------------------------------------------------------------------

LEVEL_PROBLEMS = {
    "size": gettext_noop("The matrix has 3 to 5 levels on each axis."),
    "empty": gettext_noop("Give at least one criticality level."),
    "first_above_one": gettext_noop(
        "The first level must start at score 1 (or below) so that every cell has a level."
    ),
    "not_increasing": gettext_noop("The thresholds of the levels must be strictly increasing."),
    "unreachable": gettext_noop(
        "A threshold is above the highest score of the matrix (%(max)s): nobody would reach that level."
    ),
    "colour": gettext_noop("Give each colour as #rrggbb."),
}


def level_values(levels: Sequence[dict[str, Any]]) -> list[calculations.Level]:
    return [
        calculations.Level(
            name=str(level.get("name", "")).strip(),
            min_score=int(level.get("min_score") or 0),
            colour=str(level.get("colour") or ""),
            is_significant=bool(level.get("is_significant")),
        )
        for level in levels
    ]


def matrix_problems(*, rows: int, cols: int, levels: Sequence[dict[str, Any]]) -> list[str]:
    """The problems of a scale, translated (for the live preview and the service)."""
    values = level_values(levels)
    messages = [
        _(LEVEL_PROBLEMS[code]) % {"max": rows * cols}
        for code in calculations.validate_levels(values, rows, cols)
    ]
    if any(not level.name for level in values):
        messages.append(_("Every level needs a name."))
    return messages


def _labels(values: Sequence[str] | None, size: int) -> list[str]:
    labels = [str(value).strip() for value in (values or [])][:size]
    return labels + [""] * (size - len(labels))


@transaction.atomic
def matrix_save(
    *,
    user: Any,
    name: str,
    rows: int,
    cols: int,
    levels: Sequence[dict[str, Any]],
    matrix: CriticalityMatrix | None = None,
    row_axis_name: str = "Probabilité",
    col_axis_name: str = "Gravité",
    row_labels: Sequence[str] | None = None,
    col_labels: Sequence[str] | None = None,
    is_active: bool | None = None,
) -> CriticalityMatrix:
    """Create or change a matrix and replace its levels; when the matrix is (or becomes) the active
    one, every record of the register is rescored in the same transaction."""
    if matrix is None:
        require(user, Operation.CREATE, CriticalityMatrix)
        matrix = CriticalityMatrix()
    else:
        require(user, Operation.EDIT, matrix)
        matrix = CriticalityMatrix.objects.select_for_update().get(pk=matrix.pk)
    problems = matrix_problems(rows=rows, cols=cols, levels=levels)
    if problems:
        raise ValidationError(problems, code="levels")
    matrix.name = name
    matrix.rows = rows
    matrix.cols = cols
    matrix.row_axis_name = row_axis_name
    matrix.col_axis_name = col_axis_name
    matrix.row_labels = _labels(row_labels, rows)
    matrix.col_labels = _labels(col_labels, cols)
    activate = bool(is_active) and not matrix.is_active
    if activate:
        CriticalityMatrix.objects.filter(is_active=True).exclude(pk=matrix.pk).update(is_active=False)
        matrix.is_active = True
    matrix.full_clean(validate_constraints=False)
    matrix.save()
    matrix.levels.all().delete()
    CriticalityLevel.objects.bulk_create(
        [
            CriticalityLevel(
                matrix=matrix,
                name=level.name,
                min_score=level.min_score,
                colour=level.colour.lower(),
                is_significant=level.is_significant,
                order=index,
            )
            for index, level in enumerate(level_values(levels))
        ]
    )
    event_record(actor=user, target=matrix, verb=gettext_noop("Matrix saved"), detail=f"{rows} × {cols}")
    if matrix.is_active:
        count = register_recompute(matrix=matrix, user=user)
        event_record(actor=user, target=matrix, verb=gettext_noop("Register rescored"), detail=str(count))
    return matrix


@transaction.atomic
def matrix_activate(*, user: Any, matrix: CriticalityMatrix) -> int:
    """Make ``matrix`` the only active one and rescore the register; returns the records rescored."""
    require(user, Operation.EDIT, matrix)
    CriticalityMatrix.objects.filter(is_active=True).exclude(pk=matrix.pk).update(is_active=False)
    matrix.is_active = True
    matrix.save()
    count = register_recompute(matrix=matrix, user=user)
    event_record(actor=user, target=matrix, verb=gettext_noop("Matrix activated"), detail=str(count))
    return count


def active_matrix() -> CriticalityMatrix | None:
    return CriticalityMatrix.objects.filter(is_active=True).prefetch_related("levels").first()


def matrix_levels(matrix: CriticalityMatrix) -> list[calculations.Level]:
    return [
        calculations.Level(
            name=level.name,
            min_score=level.min_score,
            colour=level.colour,
            is_significant=level.is_significant,
            key=level.pk,
        )
        for level in matrix.levels.all()
    ]


def _score(record: RiskOpportunity, matrix: CriticalityMatrix, levels: list[calculations.Level]) -> None:
    """Set score, level and significance of ``record`` (probability and impact clamped to the grid)."""
    record.probability = min(max(record.probability, 1), matrix.rows)
    record.impact = min(max(record.impact, 1), matrix.cols)
    record.score = calculations.criticality_score(record.probability, record.impact)
    level = calculations.criticality_level(record.score, levels)
    record.level_id = level.key if level is not None else None
    record.is_significant = bool(level and level.is_significant)
    if record.residual_probability and record.residual_impact:
        record.residual_probability = min(record.residual_probability, matrix.rows)
        record.residual_impact = min(record.residual_impact, matrix.cols)
        record.residual_score = calculations.criticality_score(
            record.residual_probability, record.residual_impact
        )
    else:
        record.residual_score = None


def register_recompute(*, matrix: CriticalityMatrix, user: Any = None) -> int:
    """Rescore every record on ``matrix`` (a record outside a smaller grid moves to its edge)."""
    levels = matrix_levels(matrix)
    records = list(RiskOpportunity.objects.all())
    for record in records:
        _score(record, matrix, levels)
    bulk_update_with_history(
        records,
        RiskOpportunity,
        [
            "probability",
            "impact",
            "score",
            "level",
            "is_significant",
            "residual_probability",
            "residual_impact",
            "residual_score",
        ],
        batch_size=500,
        default_user=user if getattr(user, "is_authenticated", False) else None,
    )
    return len(records)


# --- Risks and opportunities -------------------------------------------------------------------

RISK_FIELDS = frozenset(
    {
        "title",
        "description",
        "process",
        "site",
        "source",
        "source_item",
        "source_party",
        "causes",
        "consequences",
        "probability",
        "impact",
        "owner",
        "treatment_strategy",
        "status",
        "residual_probability",
        "residual_impact",
        "review_on",
    }
)


def _require_matrix() -> CriticalityMatrix:
    matrix = active_matrix()
    if matrix is None:
        raise ValidationError(
            _("No criticality matrix is active: configure and activate one before scoring risks."),
            code="no_matrix",
        )
    return matrix


def _validate_record(record: RiskOpportunity, matrix: CriticalityMatrix) -> None:
    errors: dict[str, Any] = {}
    for name, size, axis in (
        ("probability", matrix.rows, matrix.row_axis_name),
        ("impact", matrix.cols, matrix.col_axis_name),
        ("residual_probability", matrix.rows, matrix.row_axis_name),
        ("residual_impact", matrix.cols, matrix.col_axis_name),
    ):
        value = getattr(record, name)
        if value is not None and not 1 <= value <= size:
            errors[name] = _("%(axis)s goes from 1 to %(size)s on the active matrix.") % {
                "axis": axis,
                "size": size,
            }
    if (record.residual_probability is None) != (record.residual_impact is None):
        errors["residual_impact"] = _(
            "Give both the residual probability and the residual impact, or neither."
        )
    allowed = RISK_STRATEGIES if record.kind == RiskKind.RISK else OPPORTUNITY_STRATEGIES
    if record.treatment_strategy and record.treatment_strategy not in allowed:
        errors["treatment_strategy"] = _("This strategy does not apply to a %(kind)s.") % {
            "kind": record.get_kind_display().lower()
        }
    if record.source == RiskSource.SWOT_ITEM and record.source_item_id is None:
        errors["source_item"] = _("Choose the SWOT / PESTEL item this comes from.")
    if record.source == RiskSource.INTERESTED_PARTY and record.source_party_id is None:
        errors["source_party"] = _("Choose the interested party this comes from.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def risk_opportunity_create(
    *,
    user: Any,
    kind: str,
    title: str,
    process: Any,
    probability: int,
    impact: int,
    today: date | None = None,
    **fields: Any,
) -> RiskOpportunity:
    """Record a risk or an opportunity numbered ``RO-<year>-<nnnn>``, scored on the active matrix.

    When it is significant, a treatment action is created at once; it is returned in the attribute
    ``auto_action`` of the record (None otherwise)."""
    _check_fields(fields, RISK_FIELDS)
    site = fields.get("site")
    require(user, Operation.CREATE, RiskOpportunity, site_id=getattr(site, "pk", None))
    matrix = _require_matrix()
    today = today or timezone.localdate()
    fields.setdefault("owner", user_person(user))
    record = RiskOpportunity(
        kind=kind,
        title=(title or "").strip(),
        process=process,
        probability=probability,
        impact=impact,
        created_by=user,
        **fields,
    )
    record.full_clean(exclude={"reference", "score", "level", "is_significant", "residual_score"})
    _validate_record(record, matrix)
    _score(record, matrix, matrix_levels(matrix))
    record.reference = next_reference(REFERENCE_PREFIX, today.year)
    record.save()
    event_record(
        actor=user, target=record, verb=gettext_noop("Risk or opportunity recorded"), detail=record.title
    )
    record.auto_action = _ensure_treatment_action(user=user, record=record, today=today)
    return record


@transaction.atomic
def risk_opportunity_update(
    *, user: Any, record: RiskOpportunity, today: date | None = None, **fields: Any
) -> RiskOpportunity:
    """Change a record and rescore it; closing needs the right to close. A record that becomes
    significant gets its treatment action (``auto_action``, as for a creation)."""
    fields.pop("kind", None)
    _check_fields(fields, RISK_FIELDS)
    require(user, Operation.EDIT, record)
    record = (
        RiskOpportunity.objects.select_for_update(of=("self",)).select_related("process").get(pk=record.pk)
    )
    new_site = fields.get("site")
    if new_site is not None and new_site.pk != record.site_id:
        require(user, Operation.CREATE, RiskOpportunity, site_id=new_site.pk)
    old_status, old_score = record.status, record.score
    if fields.get("status") == RiskStatus.CLOSED and old_status != RiskStatus.CLOSED:
        require(user, Operation.CLOSE, record)
    matrix = _require_matrix()
    for name, value in fields.items():
        setattr(record, name, value)
    record.full_clean(exclude={"score", "level", "is_significant", "residual_score"})
    _validate_record(record, matrix)
    _score(record, matrix, matrix_levels(matrix))
    record.save()
    if record.status != old_status:
        event_record(
            actor=user,
            target=record,
            verb=gettext_noop("Status changed"),
            detail=f"{RiskStatus(old_status).label} → {record.get_status_display()}",
        )
    if record.score != old_score:
        event_record(
            actor=user, target=record, verb=gettext_noop("Rescored"), detail=f"{old_score} → {record.score}"
        )
    record.auto_action = None
    if record.status != RiskStatus.CLOSED:
        record.auto_action = _ensure_treatment_action(
            user=user, record=record, today=today or timezone.localdate()
        )
    return record


@transaction.atomic
def risk_opportunity_delete(*, user: Any, record: RiskOpportunity) -> None:
    """Delete a record entered by mistake; one with actions must be closed instead."""
    require(user, Operation.DELETE, record)
    if action_selectors.origin_actions_summary(record)["total"]:
        raise ValidationError(
            _("This record has actions in the action plan: close it instead of deleting it."),
            code="has_actions",
        )
    record.delete()


def _treatment_owner(user: Any, record: RiskOpportunity) -> Any:
    if record.owner_id:
        return record.owner
    if record.process.owner_id:
        return record.process.owner
    return user_person(user)


def treatment_action_type(record: RiskOpportunity) -> str:
    return ActionType.PREVENTIVE if record.kind == RiskKind.RISK else ActionType.IMPROVEMENT


@transaction.atomic
def treatment_action_create(
    *,
    user: Any,
    record: RiskOpportunity,
    title: str = "",
    owner: Any = None,
    due_on: date | None = None,
    today: date | None = None,
) -> Any:
    """Create the treatment action of a record (preventive for a risk, improvement for an
    opportunity) in the action plan; the record moves to "treatment planned"."""
    require(user, Operation.EDIT, record)
    today = today or timezone.localdate()
    if record.status == RiskStatus.CLOSED:
        raise ValidationError(_("This record is closed: reopen it before planning its treatment."))
    owner = owner or _treatment_owner(user, record)
    if owner is None:
        raise ValidationError({"owner": _("Choose who carries out the treatment action.")})
    if not title:
        title = (
            _("Treat the risk: %(title)s")
            if record.kind == RiskKind.RISK
            else _("Seize the opportunity: %(title)s")
        ) % {"title": record.title}
    action = action_services.action_create(
        user=user,
        title=title[:255],
        owner=owner,
        due_on=due_on or record.review_on or today + timedelta(days=TREATMENT_DELAY_DAYS),
        type=treatment_action_type(record),
        origin=record,
        process=record.process,
        site=record.site,
        description=record.description,
    )
    if record.status == RiskStatus.IDENTIFIED:
        record.status = RiskStatus.PLANNED
        record.save(update_fields=["status", "updated_at"])
    event_record(
        actor=user, target=record, verb=gettext_noop("Treatment action created"), detail=action.reference
    )
    return action


def _ensure_treatment_action(*, user: Any, record: RiskOpportunity, today: date) -> Any:
    """The treatment action created for a significant record that has none yet, else None."""
    if not record.is_significant or action_selectors.origin_actions_summary(record)["total"]:
        return None
    if _treatment_owner(user, record) is None:
        return None
    return treatment_action_create(user=user, record=record, today=today)
