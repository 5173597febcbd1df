"""Pages of the criticality matrix: list, editor with live preview, activation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qsse.core.choices import Operation
from qsse.core.forms import apply_service_errors
from qsse.core.permissions import can

from .. import calculations, selectors, services
from ..choices import MatrixUsage
from ..forms import MatrixForm
from ..models import (
    CriticalityMatrix,
)
from ._common import _require

# --- Criticality matrix ------------------------------------------------------------------------


@login_required
def matrix_list(request: HttpRequest) -> HttpResponse:
    matrices = selectors.matrix_list(request.user)
    rows = []
    for matrix in matrices:
        levels = services.matrix_levels(matrix)
        grid = calculations.matrix_cells(matrix.rows, matrix.cols, levels)
        rows.append(
            {
                "matrix": matrix,
                "grid_rows": [(matrix.row_label(line[0].probability), line) for line in grid],
                "col_labels": [matrix.col_label(i) for i in range(1, matrix.cols + 1)],
                "levels": calculations.level_ranges(levels, matrix.rows * matrix.cols),
            }
        )
    return render(
        request,
        "context/matrix_list.html",
        {"matrices": rows, "can_create": can(request.user, Operation.CREATE, CriticalityMatrix)},
    )


def _preview_context(form: MatrixForm) -> dict[str, Any]:
    """The grid the form's values would give, or the problems that prevent it."""
    if not form.is_valid():
        return {"preview_problems": [], "preview_grid": None}
    data = form.service_fields()
    problems = services.matrix_problems(rows=data["rows"], cols=data["cols"], levels=data["levels"])
    levels = services.level_values(data["levels"])
    grid = calculations.matrix_cells(data["rows"], data["cols"], levels) if not problems else None
    row_labels = [line.strip() for line in data["row_labels"]]
    col_labels = [line.strip() for line in data["col_labels"]]

    def label(labels: list[str], value: int) -> str:
        return labels[value - 1] if value <= len(labels) and labels[value - 1] else str(value)

    return {
        "preview_problems": problems,
        "preview_grid": grid,
        "preview_levels": calculations.level_ranges(levels, data["rows"] * data["cols"]) if grid else [],
        "preview_row_axis": data["row_axis_name"],
        "preview_col_axis": data["col_axis_name"],
        "preview_rows": [(label(row_labels, line[0].probability), line) for line in grid] if grid else [],
        "preview_col_labels": [label(col_labels, i) for i in range(1, data["cols"] + 1)],
    }


def _matrix_form_page(request: HttpRequest, matrix: CriticalityMatrix | None) -> HttpResponse:
    if matrix is None:
        _require(request, Operation.CREATE, CriticalityMatrix)
        initial = {
            "name": "Probabilité × Gravité",
            "level_1_name": "Faible",
            "level_1_min_score": 1,
            "level_1_colour": "#2e7d32",
        }
    else:
        _require(request, Operation.EDIT, matrix)
        initial = MatrixForm.initial_for(matrix)
    form = MatrixForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.matrix_save(user=request.user, matrix=matrix, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if saved.is_active and saved.usage == MatrixUsage.RISKS_OPPORTUNITIES:
                messages.success(request, _("The matrix is saved and the register is rescored."))
            elif saved.is_active:
                messages.success(
                    request,
                    _("The matrix is saved and the records of “%(usage)s” are rescored.")
                    % {"usage": saved.get_usage_display()},
                )
            else:
                messages.success(request, _("The matrix is saved."))
            return redirect("context:matrix_list")
    preview_form = form if form.is_bound else MatrixForm(data=_unbound_data(form))
    return render(
        request,
        "context/matrix_form.html",
        {
            "form": form,
            "matrix": matrix,
            "register_count": (
                selectors.register_count()
                if matrix is not None and matrix.is_active and matrix.usage == MatrixUsage.RISKS_OPPORTUNITIES
                else None
            ),
            **_preview_context(preview_form),
        },
    )


def _unbound_data(form: MatrixForm) -> dict[str, Any]:
    """The values an unbound form shows (initial or field default), as submitted data."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.get_initial_for_field(field, name)
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    return data


@login_required
def matrix_create(request: HttpRequest) -> HttpResponse:
    return _matrix_form_page(request, None)


@login_required
def matrix_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _matrix_form_page(request, selectors.matrix_get(request.user, pk))


@login_required
@require_POST
def matrix_preview(request: HttpRequest) -> HttpResponse:
    """The live preview of the editor (htmx): the grid of the values typed so far."""
    return render(
        request, "context/partials/_matrix_preview.html", _preview_context(MatrixForm(request.POST))
    )


@login_required
@require_POST
def matrix_activate(request: HttpRequest, pk: int) -> HttpResponse:
    matrix = selectors.matrix_get(request.user, pk)
    count = services.matrix_activate(user=request.user, matrix=matrix)
    messages.success(
        request,
        _("“%(name)s” is now the active matrix; %(count)s records rescored.")
        % {"name": matrix.name, "count": count},
    )
    return redirect("context:matrix_list")
