"""Pages of the industrial risk control plan. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_filters import BooleanFilter, CharFilter, ChoiceFilter, FilterSet, ModelChoiceFilter

from qsse.core.choices import Operation
from qsse.core.forms import apply_service_errors, style_fields
from qsse.core.listing import Column, FilteredListView
from qsse.core.permissions import can, user_person
from qsse.organization import selectors as organization_selectors

from . import rating, report, selectors, services
from .choices import PhenomenonKind
from .forms import (
    ContactForm,
    DrillActionForm,
    DrillForm,
    MeasureActionForm,
    MeasureForm,
    PhenomenonForm,
    PlanForm,
    ProcedureForm,
    ResourceForm,
)
from .models import (
    DangerousPhenomenon,
    Drill,
    EmergencyContact,
    EmergencyPlan,
    EmergencyProcedure,
    EmergencyResource,
)


class LevelBadge:
    """A matrix level shown in its colour with its name and score (not colour alone)."""

    def __init__(self, name: str, score: int, colour: str):
        self.name, self.score, self.colour = name, score, colour

    def __str__(self) -> str:
        return f"{self.name} · {self.score}" if self.name else str(self.score)

    @property
    def html(self) -> str:
        from qsse.context.calculations import readable_text_colour

        if not self.colour:
            return str(self)
        return format_html(
            '<span class="badge" style="background:{};color:{}">{}</span>',
            self.colour,
            readable_text_colour(self.colour),
            str(self),
        )


def initial_badge(p: DangerousPhenomenon) -> LevelBadge:
    return LevelBadge(p.level, p.score, p.colour)


def residual_badge(p: DangerousPhenomenon) -> LevelBadge:
    return LevelBadge(p.residual_level, p.residual_score, p.residual_colour)


def _sites(request):
    return organization_selectors.site_list(request.user) if request else None


class PhenomenonFilter(FilterSet):
    site = ModelChoiceFilter(label=gettext_lazy("Site"), queryset=_sites)
    kind = ChoiceFilter(label=gettext_lazy("Phenomenon"), choices=PhenomenonKind.choices)
    installation = CharFilter(label=gettext_lazy("Installation"), lookup_expr="icontains")
    is_significant = BooleanFilter(label=gettext_lazy("Significant residual risk"))

    class Meta:
        model = DangerousPhenomenon
        fields = ["site", "kind", "installation", "is_significant"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django import forms

        self.form.fields["is_significant"].widget = forms.Select(
            choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))]
        )
        style_fields(self.form, small=True)


class PhenomenonListView(LoginRequiredMixin, FilteredListView):
    template_name = "industrialrisks/phenomenon_list.html"
    title = gettext_lazy("Dangerous phenomena")
    export_name = gettext_lazy("dangerous-phenomena")
    filterset_class = PhenomenonFilter
    default_sort = "-residual_score"
    columns = (
        Column("reference", gettext_lazy("Reference"), sort="reference", link=True),
        Column("title", gettext_lazy("Title"), sort="title"),
        Column("kind", gettext_lazy("Phenomenon"), sort="kind"),
        Column("site", gettext_lazy("Site"), sort="site__name"),
        Column("installation", gettext_lazy("Installation"), sort="installation"),
        Column("score", gettext_lazy("Before measures"), sort="score", value=initial_badge),
        Column("residual_score", gettext_lazy("After measures"), sort="residual_score", value=residual_badge),
        Column("measure_count", gettext_lazy("Measures"), sort="measure_count"),
        Column("planned_count", gettext_lazy("Planned"), sort="planned_count"),
        Column("owner", gettext_lazy("Owner")),
    )

    def get_base_queryset(self):
        return selectors.phenomenon_list(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_create"] = can(self.request.user, Operation.CREATE, DangerousPhenomenon)
        before, after = selectors.heat_grids(self.filterset.qs)
        context["grids"] = [(_("Before measures"), before, "before"), (_("After measures"), after, "after")]
        matrix = rating.active_matrix()
        context["axes"] = (matrix.row_axis_name, matrix.col_axis_name)
        return context


# --- Phenomena -----------------------------------------------------------------------------------


@login_required
def phenomenon_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, DangerousPhenomenon):
        raise PermissionDenied
    person = user_person(request.user)
    matrix = rating.active_matrix()
    form = PhenomenonForm(
        request.POST or None,
        initial={"site": getattr(person, "site", None), "owner": person},
        user=request.user,
        matrix=matrix,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            phenomenon = services.phenomenon_create(
                user=request.user, site=data.pop("site"), title=data.pop("title"), **data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(reference)s recorded: %(level)s (%(score)s) before measures.")
                % {"reference": phenomenon.reference, "level": phenomenon.level, "score": phenomenon.score},
            )
            return redirect(phenomenon)
    return render(
        request, "industrialrisks/form.html", {"form": form, "title": _("New dangerous phenomenon")}
    )


@login_required
def phenomenon_edit(request: HttpRequest, pk: int) -> HttpResponse:
    phenomenon = selectors.phenomenon_get(request.user, pk)
    if not can(request.user, Operation.EDIT, phenomenon):
        raise PermissionDenied
    form = PhenomenonForm(
        request.POST or None, instance=phenomenon, user=request.user, matrix=rating.active_matrix()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.phenomenon_update(user=request.user, phenomenon=phenomenon, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(phenomenon)
    return render(
        request,
        "industrialrisks/form.html",
        {"form": form, "title": _("Edit the phenomenon"), "phenomenon": phenomenon},
    )


def _phenomenon_context(
    request: HttpRequest, phenomenon: DangerousPhenomenon, **forms: Any
) -> dict[str, Any]:
    measures = list(phenomenon.measures.all())
    can_edit = can(request.user, Operation.EDIT, phenomenon)
    return {
        "phenomenon": phenomenon,
        "before": initial_badge(phenomenon),
        "after": residual_badge(phenomenon),
        "reduction": services.phenomenon_reduction(phenomenon),
        "prevention": [m for m in measures if m.role == "prevention"],
        "protection": [m for m in measures if m.role == "protection"],
        "axes": (rating.active_matrix().row_axis_name, rating.active_matrix().col_axis_name),
        "can_edit": can_edit,
        "measure_form": forms.get("measure_form") or MeasureForm(),
        "action_form": forms.get("action_form")
        or MeasureActionForm(user=request.user, initial={"owner": user_person(request.user)}),
        "action_measure_id": forms.get("action_measure_id"),
        "procedures": list(phenomenon.procedures.select_related("plan")),
    }


@login_required
def phenomenon_detail(request: HttpRequest, pk: int) -> HttpResponse:
    phenomenon = selectors.phenomenon_get(request.user, pk)
    return render(request, "industrialrisks/phenomenon_detail.html", _phenomenon_context(request, phenomenon))


@login_required
@require_POST
def phenomenon_delete(request: HttpRequest, pk: int) -> HttpResponse:
    phenomenon = selectors.phenomenon_get(request.user, pk)
    services.phenomenon_delete(user=request.user, phenomenon=phenomenon)
    messages.success(request, _("The phenomenon is removed."))
    return redirect("industrialrisks:phenomenon_list")


@login_required
@require_POST
def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    phenomenon = selectors.phenomenon_get(request.user, pk)
    if not can(request.user, Operation.EDIT, phenomenon):
        raise PermissionDenied
    form = MeasureForm(request.POST)
    if form.is_valid():
        try:
            services.measure_create(user=request.user, phenomenon=phenomenon, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Measure added."))
            return redirect(phenomenon)
    context = _phenomenon_context(request, phenomenon, measure_form=form)
    return render(request, "industrialrisks/phenomenon_detail.html", context, status=422)


@login_required
@require_POST
def measure_delete(request: HttpRequest, pk: int) -> HttpResponse:
    measure = selectors.measure_get(request.user, pk)
    services.measure_delete(user=request.user, measure=measure)
    messages.success(request, _("Measure removed."))
    return redirect(measure.phenomenon)


@login_required
@require_POST
def measure_existing(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a planned measure as in place."""
    measure = selectors.measure_get(request.user, pk)
    services.measure_update(user=request.user, measure=measure, status="existing")
    messages.success(request, _("The measure is now in place: review the residual rating."))
    return redirect(measure.phenomenon)


@login_required
@require_POST
def measure_action(request: HttpRequest, pk: int) -> HttpResponse:
    measure = selectors.measure_get(request.user, pk)
    form = MeasureActionForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            action = services.measure_to_action(user=request.user, measure=measure, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Action %(reference)s created.") % {"reference": action.reference})
            return redirect(measure.phenomenon)
    phenomenon = selectors.phenomenon_get(request.user, measure.phenomenon_id)
    context = _phenomenon_context(request, phenomenon, action_form=form, action_measure_id=measure.pk)
    return render(request, "industrialrisks/phenomenon_detail.html", context, status=422)


# --- Emergency plans -----------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    plans = list(selectors.plan_list(request.user))
    return render(
        request,
        "industrialrisks/plan_list.html",
        {
            "rows": [(plan, selectors.drill_status(plan, today=today)) for plan in plans],
            "can_create": can(request.user, Operation.CREATE, EmergencyPlan),
        },
    )


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, EmergencyPlan):
        raise PermissionDenied
    person = user_person(request.user)
    form = PlanForm(
        request.POST or None,
        initial={"site": getattr(person, "site", None), "owner": person, "revised_on": timezone.localdate()},
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            plan = services.plan_create(user=request.user, site=data.pop("site"), **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The emergency plan is created."))
            return redirect(plan)
    return render(
        request,
        "industrialrisks/form.html",
        {"form": form, "title": _("New emergency plan"), "in_plans": True},
    )


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    if not can(request.user, Operation.EDIT, plan):
        raise PermissionDenied
    form = PlanForm(request.POST or None, instance=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("site", None)
        try:
            services.plan_update(user=request.user, plan=plan, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(plan)
    return render(
        request,
        "industrialrisks/form.html",
        {"form": form, "title": _("Edit the emergency plan"), "plan": plan, "in_plans": True},
    )


def _plan_context(request: HttpRequest, plan: EmergencyPlan, **forms: Any) -> dict[str, Any]:
    from .choices import ContactCategory

    content = selectors.plan_content(plan)
    categories = dict(ContactCategory.choices)
    grouped: dict[str, list[EmergencyContact]] = {}
    for contact in content["contacts"]:
        grouped.setdefault(str(categories[contact.category]), []).append(contact)
    return {
        "plan": plan,
        **content,
        "contact_groups": list(grouped.items()),
        "status": selectors.drill_status(plan, today=timezone.localdate()),
        "can_edit": can(request.user, Operation.EDIT, plan),
        "can_log": can(request.user, Operation.CREATE, Drill, site_id=plan.site_id),
        "procedure_form": forms.get("procedure_form") or ProcedureForm(plan=plan),
        "contact_form": forms.get("contact_form") or ContactForm(),
        "resource_form": forms.get("resource_form") or ResourceForm(),
        "open": forms.get("open", ""),
    }


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    return render(request, "industrialrisks/plan_detail.html", _plan_context(request, plan))


PARTS = {
    "procedure": (
        ProcedureForm,
        services.procedure_create,
        EmergencyProcedure,
        gettext_lazy("Procedure added."),
    ),
    "contact": (ContactForm, services.contact_create, EmergencyContact, gettext_lazy("Contact added.")),
    "resource": (ResourceForm, services.resource_create, EmergencyResource, gettext_lazy("Resource added.")),
}


@login_required
@require_POST
def plan_part_create(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    if part not in PARTS:
        raise PermissionDenied
    if not can(request.user, Operation.EDIT, plan):
        raise PermissionDenied
    form_class, create, _model, message = PARTS[part]
    form = form_class(request.POST, plan=plan) if part == "procedure" else form_class(request.POST)
    if form.is_valid():
        try:
            create(user=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, str(message))
            return redirect(plan.get_absolute_url() + f"#{part}s")
    context = _plan_context(request, plan, **{f"{part}_form": form, "open": part})
    return render(request, "industrialrisks/plan_detail.html", context, status=422)


@login_required
@require_POST
def plan_part_delete(request: HttpRequest, pk: int, part: str, part_pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    if part not in PARTS:
        raise PermissionDenied
    model = PARTS[part][2]
    try:
        record = model.objects.get(plan=plan, pk=part_pk)
    except model.DoesNotExist as error:
        from django.http import Http404

        raise Http404 from error
    services.part_delete(user=request.user, part=record)
    messages.success(request, _("Removed."))
    return redirect(plan)


@login_required
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    response = HttpResponse(report.pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="plan-urgence-{plan.site.code}-rev{plan.revision}.pdf"'
    )
    return response


# --- Drills --------------------------------------------------------------------------------------


@login_required
def drill_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    if not can(request.user, Operation.CREATE, Drill, site_id=plan.site_id):
        raise PermissionDenied
    form = DrillForm(request.POST or None, plan=plan, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            drill = services.drill_record(user=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Drill %(reference)s logged.") % {"reference": drill.reference})
            return redirect(drill)
    return render(
        request,
        "industrialrisks/form.html",
        {"form": form, "title": _("Log a drill"), "plan": plan, "in_plans": True},
    )


def _drill_context(request: HttpRequest, drill: Drill, **forms: Any) -> dict[str, Any]:
    from qsse.actions.models import Action

    return {
        "drill": drill,
        "plan": drill.plan,
        "actions": list(selectors.drill_actions(request.user, drill)),
        "can_raise": can(request.user, Operation.CREATE, Action, site_id=drill.plan.site_id),
        "action_form": forms.get("action_form")
        or DrillActionForm(user=request.user, initial={"owner": user_person(request.user)}),
    }


@login_required
def drill_detail(request: HttpRequest, pk: int) -> HttpResponse:
    drill = selectors.drill_get(request.user, pk)
    return render(request, "industrialrisks/drill_detail.html", _drill_context(request, drill))


@login_required
@require_POST
def drill_action(request: HttpRequest, pk: int) -> HttpResponse:
    drill = selectors.drill_get(request.user, pk)
    form = DrillActionForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            action = services.drill_to_action(user=request.user, drill=drill, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Action %(reference)s created.") % {"reference": action.reference})
            return redirect(drill)
    return render(
        request,
        "industrialrisks/drill_detail.html",
        _drill_context(request, drill, action_form=form),
        status=422,
    )
