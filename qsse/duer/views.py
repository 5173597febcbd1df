"""Pages of the DUER: the list of DUERs, the overview (work units, heat map, yearly update), the
evaluation of a work unit (htmx add and edit of hazards and measures, measure → action), the ranking
of residual risks, the versions (freeze, PDF, Excel), the PAPRIPACT or list of actions, and the
work-station sheet. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qsse.core.choices import Operation
from qsse.core.forms import apply_service_errors
from qsse.core.permissions import can
from qsse.organization.models import WorkUnit

from . import rating, report, selectors, services, snapshot
from .choices import MeasureType, Protection
from .forms import ActionForm, DuerForm, FamilyForm, FreezeForm, HazardForm, MeasureForm
from .models import Duer, HazardFamily

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def duer_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "duer/duer_list.html",
        {"duers": selectors.duer_list(user), "can_create": can(user, Operation.CREATE, Duer)},
    )


@login_required
def duer_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, Duer):
        raise PermissionDenied
    form = DuerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            duer = services.duer_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The DUER is created."))
            return redirect(duer)
    return render(request, "duer/form.html", {"form": form, "title": _("New DUER")})


@login_required
def duer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    duer = selectors.duer_get(user, pk)
    return render(
        request,
        "duer/duer_detail.html",
        {
            "duer": duer,
            "rows": selectors.unit_rows(user, duer),
            "heat": selectors.heat_map(user, duer),
            "axes": rating.axis_names(),
            "status": selectors.update_status(duer, today=timezone.localdate()),
            "can_edit": can(user, Operation.EDIT, duer),
        },
    )


def _unit_context(request: HttpRequest, duer: Duer, unit: WorkUnit, **extra: Any) -> dict[str, Any]:
    user = request.user
    return {
        "duer": duer,
        "unit": unit,
        "hazards": selectors.unit_hazards(user, duer, unit),
        "can_edit": can(user, Operation.EDIT, duer),
        "hazard_form": extra.pop("hazard_form", None)
        or HazardForm(initial={"exposed_count": unit.headcount}),
        "measure_form": MeasureForm(),
        # The owners are listed once, not once per measure's form.
        "owner_choices": list(ActionForm().fields["owner"].choices),
        **extra,
    }


def _unit_of(duer: Duer, unit_pk: int) -> WorkUnit:
    queryset = snapshot.work_units_of(duer)
    return get_object_or_404(queryset, pk=unit_pk)


@login_required
def work_unit(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    duer = selectors.duer_get(request.user, pk)
    unit = _unit_of(duer, unit_pk)
    return render(request, "duer/work_unit.html", _unit_context(request, duer, unit))


def _render_hazards(request: HttpRequest, duer: Duer, unit: WorkUnit, **extra: Any) -> HttpResponse:
    context = _unit_context(request, duer, unit, **extra)
    if request.htmx:
        return render(request, "duer/partials/_hazards.html", context)
    return render(request, "duer/work_unit.html", context)


@login_required
@require_POST
def hazard_create(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    duer = selectors.duer_get(request.user, pk)
    unit = _unit_of(duer, unit_pk)
    if not can(request.user, Operation.EDIT, duer):
        raise PermissionDenied
    form = HazardForm(request.POST)
    if form.is_valid():
        try:
            services.hazard_create(user=request.user, duer=duer, work_unit=unit, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if not request.htmx:
                messages.success(request, _("Hazard added."))
                return redirect("duer:work_unit", duer.pk, unit.pk)
            return _render_hazards(request, duer, unit, message=_("Hazard added."))
    return _render_hazards(request, duer, unit, hazard_form=form, open_form=True)


@login_required
def hazard_edit(request: HttpRequest, pk: int) -> HttpResponse:
    hazard = selectors.hazard_get(request.user, pk)
    if not can(request.user, Operation.EDIT, hazard):
        raise PermissionDenied
    form = HazardForm(request.POST or None, instance=hazard)
    if request.method == "POST" and form.is_valid():
        try:
            services.hazard_update(user=request.user, hazard=hazard, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Hazard updated."))
            return redirect("duer:work_unit", hazard.duer_id, hazard.work_unit_id)
    return render(
        request,
        "duer/form.html",
        {"form": form, "title": _("Edit the hazard"), "duer": hazard.duer, "unit": hazard.work_unit},
    )


@login_required
@require_POST
def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    hazard = selectors.hazard_get(request.user, pk)
    duer, unit = hazard.duer, hazard.work_unit
    if not can(request.user, Operation.EDIT, hazard):
        raise PermissionDenied
    form = MeasureForm(request.POST)
    errors = None
    if form.is_valid():
        try:
            services.measure_create(user=request.user, hazard=hazard, **form.cleaned_data)
        except ValidationError as error:
            errors = error.messages
    else:
        errors = [f"{form.fields[name].label} : {' '.join(errs)}" for name, errs in form.errors.items()]
    if not request.htmx:
        if errors:
            messages.error(request, " ".join(errors))
        else:
            messages.success(request, _("Prevention measure added."))
        return redirect("duer:work_unit", duer.pk, unit.pk)
    return _render_hazards(
        request, duer, unit, message=None if errors else _("Prevention measure added."), errors=errors
    )


@login_required
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a prevention measure (its wording, principle, type, protection)."""
    measure = selectors.measure_get(request.user, pk)
    hazard = measure.hazard
    if not can(request.user, Operation.EDIT, hazard):
        raise PermissionDenied
    form = MeasureForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_update(user=request.user, measure=measure, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Prevention measure updated."))
            return redirect(hazard.get_absolute_url())
    return render(
        request,
        "duer/form.html",
        {
            "form": form,
            "title": _("Edit the prevention measure"),
            "duer": hazard.duer,
            "unit": hazard.work_unit,
        },
    )


@login_required
@require_POST
def measure_to_action(request: HttpRequest, pk: int) -> HttpResponse:
    measure = selectors.measure_get(request.user, pk)
    hazard = measure.hazard
    if not can(request.user, Operation.EDIT, hazard):
        raise PermissionDenied
    form = ActionForm(request.POST)
    errors = None
    action = None
    if form.is_valid():
        try:
            action = services.measure_to_action(user=request.user, measure=measure, **form.cleaned_data)
        except ValidationError as error:
            errors = error.messages
    else:
        errors = [f"{form.fields[name].label} : {' '.join(errs)}" for name, errs in form.errors.items()]
    message = _("Action %(reference)s raised.") % {"reference": action.reference} if action else None
    if not request.htmx:
        if errors:
            messages.error(request, " ".join(errors))
        else:
            messages.success(request, message)
        return redirect("duer:work_unit", hazard.duer_id, hazard.work_unit_id)
    return _render_hazards(request, hazard.duer, hazard.work_unit, message=message, errors=errors)


@login_required
def ranking(request: HttpRequest, pk: int) -> HttpResponse:
    duer = selectors.duer_get(request.user, pk)
    return render(
        request, "duer/ranking.html", {"duer": duer, "hazards": selectors.ranking(request.user, duer)}
    )


@login_required
def version_list(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    duer = selectors.duer_get(user, pk)
    can_edit = can(user, Operation.EDIT, duer)
    form = FreezeForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                version = services.version_freeze(
                    user=user, duer=duer, change_note=form.cleaned_data["change_note"]
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Version %(number)s frozen.") % {"number": version.number})
                return redirect("duer:version_list", duer.pk)
    return render(
        request,
        "duer/version_list.html",
        {
            "duer": duer,
            "versions": selectors.version_list(user, duer),
            "form": form,
            "can_edit": can_edit,
            "status": selectors.update_status(duer, today=timezone.localdate()),
        },
    )


def _slug(duer: Duer) -> str:
    return f"duer-{duer.pk}"


@login_required
def version_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(request.user, pk)
    body = report.pdf(
        version.content,
        heading=_("Version %(number)s") % {"number": version.number},
        dated=date_format(version.frozen_on, "SHORT_DATE_FORMAT") + f" — {version.frozen_by_name}",
        note=version.change_note,
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{_slug(version.duer)}-v{version.number}-{version.frozen_on.isoformat()}.pdf"'
    )
    return response


@login_required
def version_excel(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(request.user, pk)
    response = HttpResponse(report.excel(version.content), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_slug(version.duer)}-v{version.number}.xlsx"'
    return response


@login_required
def draft_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    duer = selectors.duer_get(request.user, pk)
    today = timezone.localdate()
    body = report.pdf(
        snapshot.duer_content(duer),
        heading=_("Draft (not frozen)"),
        dated=date_format(today, "SHORT_DATE_FORMAT"),
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_slug(duer)}-draft-{today.isoformat()}.pdf"'
    return response


@login_required
def draft_excel(request: HttpRequest, pk: int) -> HttpResponse:
    duer = selectors.duer_get(request.user, pk)
    response = HttpResponse(report.excel(snapshot.duer_content(duer)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_slug(duer)}-draft.xlsx"'
    return response


@login_required
def programme(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    duer = selectors.duer_get(user, pk)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    actions = selectors.programme_actions(user, duer, year=year)
    measures = selectors.measures_by_action(actions)
    rows = [(action, measures.get(action.pk)) for action in actions]
    total = sum((action.estimated_cost or 0) for action in actions)
    return render(
        request,
        "duer/programme.html",
        {
            "duer": duer,
            "year": year,
            "rows": rows,
            "total_cost": total,
            "status": selectors.update_status(duer, today=today),
        },
    )


@login_required
def workstation_sheet(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    duer = selectors.duer_get(request.user, pk)
    unit = _unit_of(duer, unit_pk)
    hazards = selectors.unit_hazards(request.user, duer, unit)
    ppe, instructions = [], []
    for hazard in hazards:
        for measure in hazard.measures.all():
            if measure.protection == Protection.INDIVIDUAL:
                ppe.append(measure)
            elif measure.measure_type in (MeasureType.ORGANISATIONAL, MeasureType.HUMAN):
                instructions.append(measure)
    return render(
        request,
        "duer/workstation_sheet.html",
        {"duer": duer, "unit": unit, "hazards": hazards, "ppe": ppe, "instructions": instructions},
    )


@login_required
def family_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    can_create = can(user, Operation.CREATE, HazardFamily)
    form = FamilyForm(request.POST or None)
    if request.method == "POST":
        if not can_create:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.family_create(user=user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Hazard family added."))
                return redirect(reverse("duer:family_list"))
    return render(
        request,
        "duer/family_list.html",
        {"families": HazardFamily.objects.order_by("order", "name"), "form": form, "can_create": can_create},
    )


@login_required
@require_POST
def hazard_delete(request: HttpRequest, pk: int) -> HttpResponse:
    hazard = selectors.hazard_get(request.user, pk)
    if not can(request.user, Operation.DELETE, hazard):
        raise PermissionDenied
    duer, unit = hazard.duer, hazard.work_unit
    services.hazard_delete(user=request.user, hazard=hazard)
    if request.htmx:
        return _render_hazards(request, duer, unit, message=_("Hazard removed."))
    messages.success(request, _("Hazard removed."))
    return redirect("duer:work_unit", duer.pk, unit.pk)


@login_required
@require_POST
def measure_delete(request: HttpRequest, pk: int) -> HttpResponse:
    measure = selectors.measure_get(request.user, pk)
    hazard = measure.hazard
    if not can(request.user, Operation.EDIT, hazard):
        raise PermissionDenied
    services.measure_delete(user=request.user, measure=measure)
    if request.htmx:
        return _render_hazards(
            request, hazard.duer, hazard.work_unit, message=_("Prevention measure removed.")
        )
    messages.success(request, _("Prevention measure removed."))
    return redirect("duer:work_unit", hazard.duer_id, hazard.work_unit_id)
