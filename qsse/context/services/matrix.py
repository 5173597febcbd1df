"""Writes of the criticality matrix; saving or activating the active matrix rescores the register."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_update_with_history

from qsse.core.choices import Operation
from qsse.core.permissions import require
from qsse.core.services import event_record

from .. import calculations
from ..choices import MatrixUsage
from ..models import (
    CriticalityLevel,
    CriticalityMatrix,
    RiskOpportunity,
)

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
    usage: str = MatrixUsage.RISKS_OPPORTUNITIES,
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
    if matrix.usage != usage and matrix.is_active:
        # Moving the active matrix to another tool would leave its first tool without one.
        raise ValidationError(
            {"usage": _("Make another matrix active for this tool before using this one elsewhere.")}
        )
    matrix.usage = usage
    matrix.name = name
    matrix.rows = rows
    matrix.cols = cols
    matrix.row_axis_name = row_axis_name
    matrix.col_axis_name = col_axis_name
    matrix.row_labels = _labels(row_labels, rows)
    matrix.col_labels = _labels(col_labels, cols)
    activate = bool(is_active) and not matrix.is_active
    if activate:
        CriticalityMatrix.objects.filter(is_active=True, usage=matrix.usage).exclude(pk=matrix.pk).update(
            is_active=False
        )
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
        count = rescore_usage(matrix=matrix, user=user)
        event_record(actor=user, target=matrix, verb=gettext_noop("Register rescored"), detail=str(count))
    return matrix


@transaction.atomic
def matrix_activate(*, user: Any, matrix: CriticalityMatrix) -> int:
    """Make ``matrix`` the only active one and rescore the register; returns the records rescored."""
    require(user, Operation.EDIT, matrix)
    CriticalityMatrix.objects.filter(is_active=True, usage=matrix.usage).exclude(pk=matrix.pk).update(
        is_active=False
    )
    matrix.is_active = True
    matrix.save()
    count = rescore_usage(matrix=matrix, user=user)
    event_record(actor=user, target=matrix, verb=gettext_noop("Matrix activated"), detail=str(count))
    return count


def active_matrix(usage: str = MatrixUsage.RISKS_OPPORTUNITIES) -> CriticalityMatrix | None:
    """The active matrix of a risk tool (the register of risks and opportunities by default)."""
    return CriticalityMatrix.objects.filter(is_active=True, usage=usage).prefetch_related("levels").first()


# Other risk tools (HACCP, HAZOP, surveillance...) rescore their records when their matrix changes.
_matrix_listeners: dict[str, list[Callable[[int], Any]]] = {}


def register_matrix_listener(usage: str, callback: Callable[[int], Any]) -> None:
    """``callback(matrix_id)`` is called, inside the saving transaction, when the active matrix of
    ``usage`` is saved or activated: it rescores that tool's records."""
    callbacks = _matrix_listeners.setdefault(usage, [])
    if callback not in callbacks:
        callbacks.append(callback)


def rescore_usage(*, matrix: CriticalityMatrix, user: Any = None) -> int:
    """Rescore what the active ``matrix`` rates: the register itself, or the listeners of its usage."""
    if matrix.usage == MatrixUsage.RISKS_OPPORTUNITIES:
        return register_recompute(matrix=matrix, user=user)
    count = 0
    for callback in _matrix_listeners.get(matrix.usage, []):
        count += int(callback(matrix.pk) or 0)
    return count


DEFAULT_MATRIX_NAMES = {
    MatrixUsage.RISKS_OPPORTUNITIES: ("Probabilité", "Gravité"),
    MatrixUsage.HACCP: ("Probabilité", "Gravité"),
    MatrixUsage.HAZOP: ("Fréquence", "Gravité"),
    MatrixUsage.SURVEILLANCE: ("Fréquence", "Gravité"),
}


@transaction.atomic
def matrix_ensure_default(*, usage: str) -> CriticalityMatrix:
    """The active matrix of ``usage``, created as a 4 × 4 grid with four levels when there is none.

    Faible 1–3, Modéré 4–7, Élevé 8–11 (significant), Critique 12–16 (significant): a starting point
    that the QSSE manager adjusts in the matrix editor.
    """
    existing = active_matrix(usage)
    if existing is not None:
        return existing
    row_axis, col_axis = DEFAULT_MATRIX_NAMES.get(usage, ("Probabilité", "Gravité"))
    matrix = CriticalityMatrix.objects.create(
        name=f"{MatrixUsage(usage).label} 4 × 4",
        usage=usage,
        rows=4,
        cols=4,
        row_axis_name=row_axis,
        col_axis_name=col_axis,
        row_labels=["Rare", "Possible", "Probable", "Très probable"],
        col_labels=["Mineure", "Modérée", "Grave", "Très grave"],
        is_active=True,
    )
    CriticalityLevel.objects.bulk_create(
        [
            CriticalityLevel(matrix=matrix, name="Faible", min_score=1, colour="#2e7d32", order=0),
            CriticalityLevel(matrix=matrix, name="Modéré", min_score=4, colour="#f9a825", order=1),
            CriticalityLevel(
                matrix=matrix, name="Élevé", min_score=8, colour="#ef6c00", is_significant=True, order=2
            ),
            CriticalityLevel(
                matrix=matrix, name="Critique", min_score=12, colour="#c62828", is_significant=True, order=3
            ),
        ]
    )
    return matrix


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
