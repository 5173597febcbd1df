"""Pages of the SWOT and PESTEL analyses (items edited in place with htmx)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qsse.core.choices import Operation
from qsse.core.forms import apply_service_errors
from qsse.core.permissions import can

from .. import selectors, services
from ..choices import AnalysisKind, ContextCategory
from ..forms import AnalysisForm, ItemForm
from ..models import (
    ContextAnalysis,
    ContextItem,
)
from ._common import _flash_errors, _require

# --- SWOT and PESTEL ---------------------------------------------------------------------------


@login_required
def analysis_list(request: HttpRequest) -> HttpResponse:
    analyses = selectors.analysis_list(request.user)
    return render(
        request,
        "context/analysis_list.html",
        {
            "swot": [a for a in analyses if a.kind == AnalysisKind.SWOT],
            "pestel": [a for a in analyses if a.kind == AnalysisKind.PESTEL],
            "can_create": can(request.user, Operation.CREATE, ContextAnalysis),
        },
    )


@login_required
def analysis_create(request: HttpRequest) -> HttpResponse:
    _require(request, Operation.CREATE, ContextAnalysis)
    kind = request.GET.get("kind")
    initial = {
        "kind": kind if kind in AnalysisKind.values else AnalysisKind.SWOT,
        "analysed_on": timezone.localdate(),
    }
    form = AnalysisForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            analysis = services.analysis_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The analysis is created: add its items."))
            return redirect(analysis)
    return render(request, "context/analysis_form.html", {"form": form, "title": _("New context analysis")})


@login_required
def analysis_edit(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = selectors.analysis_get(request.user, pk)
    _require(request, Operation.EDIT, analysis)
    form = AnalysisForm(request.POST or None, instance=analysis, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.analysis_update(user=request.user, analysis=analysis, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(analysis)
    return render(
        request,
        "context/analysis_form.html",
        {"form": form, "analysis": analysis, "title": _("Edit %(analysis)s") % {"analysis": analysis}},
    )


def _labelled_changes(analysis: ContextAnalysis) -> dict[str, list[tuple[str, str]]] | None:
    changes = selectors.analysis_changes(analysis)
    if changes is None:
        return None
    labels = dict(ContextCategory.choices)
    return {
        "added": [(str(labels.get(category, category)), text) for category, text in changes.added],
        "removed": [(str(labels.get(category, category)), text) for category, text in changes.removed],
    }


def _analysis_context(request: HttpRequest, analysis: ContextAnalysis) -> dict[str, Any]:
    can_edit = not analysis.is_approved and can(request.user, Operation.EDIT, analysis)
    return {
        "analysis": analysis,
        "blocks": selectors.analysis_blocks(analysis),
        "can_edit": can_edit,
        "can_approve": not analysis.is_approved and can(request.user, Operation.CLOSE, analysis),
        "can_version": analysis.is_approved and can(request.user, Operation.CREATE, ContextAnalysis),
        "next_version": selectors.analysis_next_version(analysis),
        "changes": _labelled_changes(analysis),
    }


@login_required
def analysis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = selectors.analysis_get(request.user, pk)
    return render(request, "context/analysis_detail.html", _analysis_context(request, analysis))


def _block_response(request: HttpRequest, analysis_pk: int, category: str, **extra: Any) -> HttpResponse:
    analysis = selectors.analysis_get(request.user, analysis_pk)
    context = _analysis_context(request, analysis)
    block = next(block for block in context["blocks"] if block.key == category)
    context.update({"block": block, **extra})
    return render(request, "context/partials/_block.html", context)


@login_required
@require_POST
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = selectors.analysis_get(request.user, pk)
    _require(request, Operation.EDIT, analysis)
    form = ItemForm(request.POST, kind=analysis.kind)
    errors: list[str] = []
    if form.is_valid():
        try:
            services.analysis_item_add(user=request.user, analysis=analysis, **form.cleaned_data)
        except ValidationError as error:
            errors = error.messages
    else:
        errors = [message for field_errors in form.errors.values() for message in field_errors]
    category = request.POST.get("category", "")
    if request.htmx and category in {block.key for block in selectors.analysis_blocks(analysis)}:
        return _block_response(request, pk, category, block_errors=errors)
    for message in errors:
        messages.error(request, message)
    return redirect(analysis)


def _item(request: HttpRequest, pk: int, item_pk: int) -> tuple[ContextAnalysis, ContextItem]:
    analysis = selectors.analysis_get(request.user, pk)
    return analysis, get_object_or_404(ContextItem, pk=item_pk, analysis=analysis)


@login_required
def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    analysis, item = _item(request, pk, item_pk)
    _require(request, Operation.EDIT, analysis)
    form = ItemForm(
        request.POST or None,
        kind=analysis.kind,
        initial={"category": item.category, "text": item.text, "importance": item.importance},
        prefix=f"item{item.pk}",
    )
    if request.method == "POST" and form.is_valid():
        old_category = item.category
        try:
            services.analysis_item_update(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if request.htmx and old_category == item.category:
                return _block_response(request, pk, item.category)
            return _htmx_reload(request, analysis)
    template = "context/partials/_item_form.html" if request.htmx else "context/item_form.html"
    return render(request, template, {"analysis": analysis, "item": item, "form": form})


def _htmx_reload(request: HttpRequest, target: Any) -> HttpResponse:
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target.get_absolute_url()
        return response
    return redirect(target)


@login_required
@require_POST
def item_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    analysis, item = _item(request, pk, item_pk)
    category = item.category
    errors: list[str] = []
    try:
        services.analysis_item_delete(user=request.user, item=item)
    except ValidationError as error:
        errors = error.messages
    if request.htmx:
        return _block_response(request, pk, category, block_errors=errors)
    for message in errors:
        messages.error(request, message)
    return redirect(analysis)


@login_required
@require_POST
def analysis_approve(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = selectors.analysis_get(request.user, pk)
    try:
        services.analysis_approve(user=request.user, analysis=analysis)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("The analysis is approved; it can no longer change."))
    return redirect(analysis)


@login_required
@require_POST
def analysis_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = selectors.analysis_get(request.user, pk)
    try:
        new = services.analysis_new_version(user=request.user, analysis=analysis)
    except ValidationError as error:
        _flash_errors(request, error)
        return redirect(analysis)
    messages.success(
        request,
        _("Version %(version)s is created as a draft, with the items of the previous one.")
        % {"version": new.version},
    )
    return redirect(new)
