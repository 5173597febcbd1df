"""Pages of the register of risks and opportunities and of its heat map."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qsse.core.choices import Operation
from qsse.core.forms import apply_service_errors
from qsse.core.listing import Column, FilteredListView
from qsse.core.permissions import can, user_person
from qsse.organization import selectors as organization_selectors
from qsse.processes import selectors as process_selectors

from .. import calculations, selectors, services
from ..choices import RiskKind
from ..filters import RiskFilter
from ..forms import RiskForm, TreatmentActionForm
from ..models import (
    RiskOpportunity,
)
from ._common import _flash_errors, _require

# --- Risks and opportunities -------------------------------------------------------------------


def _level_badge(row: RiskOpportunity) -> str:
    return row.level.name if row.level_id else "—"


class RiskListView(LoginRequiredMixin, FilteredListView):
    template_name = "context/risk_list.html"
    title = gettext_lazy("Risks and opportunities")
    export_name = gettext_lazy("risks and opportunities")
    filterset_class = RiskFilter
    default_sort = "-score"
    columns = (
        Column("reference", gettext_lazy("Reference"), sort="reference", link=True),
        Column("kind", gettext_lazy("Kind"), sort="kind"),
        Column("title", gettext_lazy("Title"), sort="title"),
        Column("process", gettext_lazy("Process"), sort="process__code", value=lambda r: r.process.code),
        Column(
            "site", gettext_lazy("Site"), sort="site__name", value=lambda r: r.site or _("Whole organisation")
        ),
        Column("probability", gettext_lazy("P"), sort="probability"),
        Column("impact", gettext_lazy("I"), sort="impact"),
        Column("score", gettext_lazy("Score"), sort="score"),
        Column("level", gettext_lazy("Level"), sort="score", value=_level_badge),
        Column("status", gettext_lazy("Status"), sort="status"),
        Column("owner", gettext_lazy("Owner"), sort="owner__last_name"),
        Column("review_on", gettext_lazy("Review due"), sort="review_on"),
    )

    def get_base_queryset(self):
        return selectors.risk_list(self.request.user)

    create_model = RiskOpportunity


@login_required
def risk_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require(request, Operation.CREATE, RiskOpportunity)
    matrix = services.active_matrix()
    if matrix is None:
        messages.error(
            request, _("No criticality matrix is active: configure and activate one before scoring risks.")
        )
        return redirect("context:matrix_list")
    person = user_person(user)
    kind = request.GET.get("kind")
    initial = {"kind": kind if kind in RiskKind.values else RiskKind.RISK, "owner": person}
    form = RiskForm(request.POST or None, initial=initial, user=user, matrix=matrix)
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        try:
            record = services.risk_opportunity_create(
                user=user,
                kind=form.cleaned_data["kind"],
                title=data.pop("title"),
                process=data.pop("process"),
                probability=data.pop("probability"),
                impact=data.pop("impact"),
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("%(reference)s is recorded.") % {"reference": record.reference})
            _announce_action(request, record)
            return redirect(record)
    return render(
        request,
        "context/risk_form.html",
        {"form": form, "matrix": matrix, "title": _("New risk or opportunity")},
    )


def _announce_action(request: HttpRequest, record: RiskOpportunity) -> None:
    action = getattr(record, "auto_action", None)
    if action is not None:
        messages.info(
            request,
            _(
                "It is significant (%(level)s): the treatment action %(action)s "
                "was created in the action plan."
            )
            % {"level": record.level.name if record.level_id else "", "action": action.reference},
        )


@login_required
def risk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.risk_get(request.user, pk)
    _require(request, Operation.EDIT, record)
    matrix = services.active_matrix()
    form = RiskForm(request.POST or None, instance=record, user=request.user, matrix=matrix)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.risk_opportunity_update(
                user=request.user, record=record, **form.service_fields()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            _announce_action(request, record)
            return redirect(record)
    return render(
        request,
        "context/risk_form.html",
        {
            "form": form,
            "record": record,
            "matrix": matrix,
            "title": _("Edit %(reference)s") % {"reference": record.reference},
        },
    )


@login_required
def risk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.risk_get(request.user, pk)
    matrix = services.active_matrix()
    actions = selectors.risk_actions(request.user, record)
    level_colour = record.level.colour if record.level_id else "#ffffff"
    return render(
        request,
        "context/risk_detail.html",
        {
            "record": record,
            "matrix": matrix,
            "level_colour": level_colour,
            "probability_label": matrix.row_label(record.probability) if matrix else "",
            "impact_label": matrix.col_label(record.impact) if matrix else "",
            "level_text_colour": calculations.readable_text_colour(level_colour),
            "can_edit": can(request.user, Operation.EDIT, record),
            "can_delete": can(request.user, Operation.DELETE, record),
            **actions,
            "action_form": TreatmentActionForm(
                user=request.user,
                initial={
                    "title": _("Treat the risk: %(title)s") % {"title": record.title}
                    if record.kind == RiskKind.RISK
                    else _("Seize the opportunity: %(title)s") % {"title": record.title},
                    "owner": record.owner,
                    "due_on": record.review_on,
                },
            ),
        },
    )


@login_required
@require_POST
def risk_treatment_action(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.risk_get(request.user, pk)
    _require(request, Operation.EDIT, record)
    form = TreatmentActionForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            action = services.treatment_action_create(user=request.user, record=record, **form.cleaned_data)
        except ValidationError as error:
            _flash_errors(request, error)
        else:
            messages.success(
                request, _("Treatment action %(reference)s created.") % {"reference": action.reference}
            )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(f"{record.get_absolute_url()}#actions")


@login_required
def risk_delete(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.risk_get(request.user, pk)
    _require(request, Operation.DELETE, record)
    if request.method == "POST":
        reference = record.reference
        try:
            services.risk_opportunity_delete(user=request.user, record=record)
        except ValidationError as error:
            _flash_errors(request, error)
            return redirect(record)
        messages.success(request, _("%(reference)s is deleted.") % {"reference": reference})
        return redirect("context:risk_list")
    return render(request, "context/risk_confirm_delete.html", {"record": record})


@login_required
def heat_map(request: HttpRequest) -> HttpResponse:
    user = request.user
    processes = process_selectors.process_list(user, active=True)
    sites = organization_selectors.site_list(user)
    process = (
        processes.filter(pk=request.GET.get("process")).first()
        if request.GET.get("process", "").isdigit()
        else None
    )
    site = sites.filter(pk=request.GET.get("site")).first() if request.GET.get("site", "").isdigit() else None
    residual = request.GET.get("basis") == "residual"
    maps = selectors.heat_maps(user, process=process, site=site, residual=residual)
    first_param, second_param = (
        ("residual_probability", "residual_impact") if residual else ("probability", "impact")
    )
    base_query = {"status": "not_closed"}
    if process is not None:
        base_query["process"] = process.pk
    if site is not None:
        base_query["site"] = site.pk
    list_url = reverse("context:risk_list")
    drill = {
        heat.kind: {
            (cell.cell.probability, cell.cell.impact): f"{list_url}?"
            + urlencode(
                {
                    **base_query,
                    "kind": heat.kind,
                    first_param: cell.cell.probability,
                    second_param: cell.cell.impact,
                }
            )
            for line in heat.grid
            for cell in line
        }
        for heat in maps
    }
    rendered = [
        {
            "map": heat,
            "rows": [
                (
                    label,
                    [(cell, drill[heat.kind][(cell.cell.probability, cell.cell.impact)]) for cell in line],
                )
                for label, line in zip(heat.row_labels, heat.grid, strict=True)
            ],
            "table": sorted(
                (cell for line in heat.grid for cell in line if cell.count),
                key=lambda cell: (-cell.cell.score, -cell.cell.probability),
            ),
        }
        for heat in maps
    ]
    return render(
        request,
        "context/heat_map.html",
        {
            "maps": rendered,
            "processes": processes,
            "sites": sites,
            "process": process,
            "site": site,
            "matrix": maps[0].matrix if maps else None,
            "residual": residual,
        },
    )
