"""Pages of the HACCP module. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qsse.core.choices import Operation
from qsse.core.forms import apply_service_errors
from qsse.core.listing import Column, FilteredListView, excel_response
from qsse.core.permissions import can, user_person

from . import rating, selectors, services
from .choices import HazardOutcome, PlanStatus
from .filters import PlanFilter
from .forms import (
    ControlPointForm,
    HazardForm,
    MonitoringRecordForm,
    OprpForm,
    PlanForm,
    StepForm,
    StepVerifyForm,
)
from .models import ControlPoint, HaccpPlan

TABS = (
    ("team", gettext_lazy("Team and product")),
    ("flow", gettext_lazy("Flow diagram")),
    ("hazards", gettext_lazy("Hazard analysis")),
    ("ccp", gettext_lazy("HACCP plan (CCP / OPRP)")),
    ("records", gettext_lazy("Monitoring records")),
)


class PlanListView(LoginRequiredMixin, FilteredListView):
    template_name = "haccp/plan_list.html"
    title = gettext_lazy("HACCP plans")
    export_name = gettext_lazy("HACCP plans")
    filterset_class = PlanFilter
    default_sort = "reference"
    columns = (
        Column("reference", gettext_lazy("Reference"), sort="reference", link=True),
        Column("revision", gettext_lazy("Revision"), sort="revision"),
        Column("title", gettext_lazy("Title"), sort="title"),
        Column("site", gettext_lazy("Site"), sort="site__name"),
        Column("product_name", gettext_lazy("Product")),
        Column("leader", gettext_lazy("Team leader"), sort="leader__last_name"),
        Column("step_count", gettext_lazy("Steps"), sort="step_count"),
        Column("ccp_count", gettext_lazy("CCPs"), sort="ccp_count"),
        Column("status", gettext_lazy("Status"), sort="status"),
    )

    def get_base_queryset(self):
        return selectors.plan_list(self.request.user)

    create_model = HaccpPlan


def _plan(request: HttpRequest, pk: int) -> HaccpPlan:
    try:
        return selectors.plan_get(request.user, pk)
    except HaccpPlan.DoesNotExist as error:
        raise Http404 from error


def _require_edit(request: HttpRequest, plan: HaccpPlan) -> None:
    if not can(request.user, Operation.EDIT, plan):
        raise PermissionDenied


def _frozen(request: HttpRequest, plan: HaccpPlan, tab: str = "team") -> HttpResponse | None:
    """A redirect to the plan with the reason when the plan is not a draft (approved plans are frozen:
    a new revision is needed), else None."""
    try:
        services.ensure_editable(plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_tab_url(plan, tab))
    return None


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can(user, Operation.CREATE, HaccpPlan):
        raise PermissionDenied
    person = user_person(user)
    initial = {"leader": person, "site": person.site if person is not None else None}
    form = PlanForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        data, team = form.service_fields()
        try:
            plan = services.plan_create(user=user, team=team, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("HACCP plan %(reference)s created.") % {"reference": plan.reference})
            return redirect(plan.get_absolute_url())
    return render(request, "haccp/plan_form.html", {"form": form, "plan": None})


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    _require_edit(request, plan)
    if (refused := _frozen(request, plan)) is not None:
        return refused
    form = PlanForm(request.POST or None, instance=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        data, team = form.service_fields()
        try:
            services.plan_update(user=request.user, plan=_plan(request, pk), team=team, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("HACCP plan saved."))
            return redirect(plan.get_absolute_url())
    return render(request, "haccp/plan_form.html", {"form": form, "plan": plan})


def _detail_context(request: HttpRequest, plan: HaccpPlan, tab: str, **extra: Any) -> dict[str, Any]:
    user = request.user
    may_edit = can(user, Operation.EDIT, plan)
    can_edit = may_edit and plan.is_editable
    context: dict[str, Any] = {
        "plan": plan,
        "tab": tab,
        "tabs": TABS,
        "can_edit": can_edit,
        "can_record": may_edit and plan.accepts_records,
        "can_approve": can(user, Operation.CLOSE, plan) and plan.status == PlanStatus.DRAFT,
        "can_revise": may_edit and plan.status == PlanStatus.APPROVED and not selectors.plan_has_next(plan),
        "revisions": selectors.plan_revisions(plan),
        "checklist": selectors.plan_checklist(plan),
    }
    if tab == "team":
        context["team"] = list(plan.team.all())
    elif tab == "flow":
        steps = selectors.plan_steps(plan)
        context.update(
            steps=steps,
            step_form=StepForm(),
            verify_form=StepVerifyForm(initial={"verified_on": timezone.localdate()}),
        )
        context["svg_height"] = max(len(steps), 1) * 80
        for index, step in enumerate(steps):
            step.svg_y = index * 80
    elif tab == "hazards":
        hazards = list(selectors.plan_hazards(plan))
        first_name, second_name = rating.axis_names()
        context.update(
            hazards=hazards,
            hazard_form=extra.pop("hazard_form", None) or HazardForm(plan=plan),
            heat_grid=selectors.plan_heat_grid(plan),
            row_axis_name=first_name or _("Likelihood"),
            col_axis_name=second_name or _("Severity"),
            has_steps=plan.steps.exists(),
        )
    elif tab == "ccp":
        context["control_points"] = list(selectors.plan_control_points(plan))
        context["to_define"] = list(
            selectors.plan_hazards(plan).filter(
                outcome__in=[HazardOutcome.CCP, HazardOutcome.OPRP], control_point__isnull=True
            )
        )
    elif tab == "records":
        context["records"] = list(selectors.plan_monitoring_records(plan))
        context["control_points"] = list(selectors.plan_control_points(plan))
        context["record_form"] = extra.pop("record_form", None) or MonitoringRecordForm(
            user=user,
            plan=plan,
            initial={"measured_at": timezone.localtime().replace(second=0, microsecond=0)},
        )
    context.update(extra)
    return context


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    tab = request.GET.get("tab", "team")
    if tab not in dict(TABS):
        tab = "team"
    return render(request, "haccp/plan_detail.html", _detail_context(request, plan, tab))


@login_required
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    if not can(request.user, Operation.CLOSE, plan):
        raise PermissionDenied
    try:
        services.plan_approve(user=request.user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("HACCP plan approved."))
    return redirect(plan.get_absolute_url())


@login_required
@require_POST
def plan_new_revision(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    _require_edit(request, plan)
    try:
        revision = services.plan_new_revision(user=request.user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(plan.get_absolute_url())
    messages.success(
        request,
        _(
            "Revision %(revision)s of the HACCP plan created as a draft: "
            "revision %(previous)s stays in force until it is approved."
        )
        % {"revision": revision.revision, "previous": plan.revision},
    )
    return redirect(revision.get_absolute_url())


def _tab_url(plan: HaccpPlan, tab: str) -> str:
    return f"{reverse('haccp:plan_detail', args=[plan.pk])}?tab={tab}"


@login_required
@require_POST
def step_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    _require_edit(request, plan)
    if (refused := _frozen(request, plan, "flow")) is not None:
        return refused
    form = StepForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.step_add(user=request.user, plan=plan, **data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Step added to the flow diagram."))
    else:
        messages.error(request, _("The step was not added: check the number and the name."))
    return redirect(_tab_url(plan, "flow"))


@login_required
@require_POST
def step_verify(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    _require_edit(request, plan)
    if (refused := _frozen(request, plan, "flow")) is not None:
        return refused
    step = plan.steps.filter(pk=step_pk).first()
    if step is None:
        raise Http404
    form = StepVerifyForm(request.POST)
    if form.is_valid():
        try:
            services.step_verify(user=request.user, step=step, verified_on=form.cleaned_data["verified_on"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Give the date of the on-site verification."))
    return redirect(_tab_url(plan, "flow"))


def _step(request: HttpRequest, plan: HaccpPlan, step_pk: int):
    step = plan.steps.filter(pk=step_pk).first()
    if step is None:
        raise Http404
    return step


@login_required
def step_edit(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    _require_edit(request, plan)
    if (refused := _frozen(request, plan, "flow")) is not None:
        return refused
    step = _step(request, plan, step_pk)
    form = StepForm(request.POST or None, instance=step)
    form.fields["number"].required = True
    if request.method == "POST" and form.is_valid():
        try:
            services.step_update(user=request.user, step=step, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Step saved."))
            return redirect(_tab_url(plan, "flow"))
    status = 400 if request.method == "POST" else 200
    return render(request, "haccp/step_form.html", {"form": form, "plan": plan, "step": step}, status=status)


@login_required
@require_POST
def step_delete(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    _require_edit(request, plan)
    step = _step(request, plan, step_pk)
    try:
        services.step_delete(user=request.user, step=step)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Step deleted."))
    return redirect(_tab_url(plan, "flow"))


@login_required
def hazard_edit(request: HttpRequest, pk: int) -> HttpResponse:
    hazard = _hazard(request, pk)
    plan = hazard.step.plan
    _require_edit(request, plan)
    if (refused := _frozen(request, plan, "hazards")) is not None:
        return refused
    form = HazardForm(request.POST or None, instance=hazard, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            hazard = services.hazard_update(user=request.user, hazard=hazard, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Hazard saved: score %(score)s.") % {"score": hazard.score})
            return redirect(_tab_url(plan, "hazards"))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "haccp/hazard_form.html", {"form": form, "plan": plan, "hazard": hazard}, status=status
    )


@login_required
@require_POST
def hazard_delete(request: HttpRequest, pk: int) -> HttpResponse:
    hazard = _hazard(request, pk)
    plan = hazard.step.plan
    _require_edit(request, plan)
    try:
        services.hazard_delete(user=request.user, hazard=hazard)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Hazard deleted."))
    return redirect(_tab_url(plan, "hazards"))


@login_required
@require_POST
def hazard_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    _require_edit(request, plan)
    if (refused := _frozen(request, plan, "hazards")) is not None:
        return refused
    form = HazardForm(request.POST, plan=plan)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            hazard = services.hazard_add(user=request.user, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Hazard added: score %(score)s.") % {"score": hazard.score})
            return redirect(_tab_url(plan, "hazards"))
    context = _detail_context(request, plan, "hazards", hazard_form=form)
    return render(request, "haccp/plan_detail.html", context, status=400)


def _hazard(request: HttpRequest, pk: int):
    try:
        return selectors.hazard_get(request.user, pk)
    except ObjectDoesNotExist as error:
        raise Http404 from error


@login_required
def hazard_tree(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision tree wizard of one hazard: one question at a time, the path so far, the outcome."""
    hazard = _hazard(request, pk)
    plan = hazard.step.plan
    can_edit = can(request.user, Operation.EDIT, plan) and plan.is_editable
    status = 200
    if request.method == "POST":
        if not can(request.user, Operation.EDIT, plan):
            raise PermissionDenied
        try:
            if request.POST.get("reset"):
                hazard = services.hazard_tree_reset(user=request.user, hazard=hazard)
            elif request.POST.get("oprp"):
                form = OprpForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Explain why an OPRP is the right control."))
                hazard = services.hazard_classify_oprp(
                    user=request.user, hazard=hazard, justification=form.cleaned_data["justification"]
                )
            else:
                answer = request.POST.get("answer")
                if answer not in ("yes", "no"):
                    raise ValidationError(_("Answer yes or no."))
                hazard = services.hazard_answer(
                    user=request.user,
                    hazard=hazard,
                    question=request.POST.get("question", ""),
                    answer=answer == "yes",
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = 400
        if not request.htmx:
            return redirect(reverse("haccp:hazard_tree", args=[hazard.pk]))
    context = {**selectors.hazard_wizard(hazard), "plan": plan, "can_edit": can_edit, "oprp_form": OprpForm()}
    template = "haccp/partials/_tree_wizard.html" if request.htmx else "haccp/hazard_tree.html"
    return render(request, template, context, status=status)


@login_required
def control_point_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Define the critical limits, monitoring, corrective actions, verification and records of a CCP."""
    hazard = _hazard(request, pk)
    plan = hazard.step.plan
    _require_edit(request, plan)
    if (refused := _frozen(request, plan, "ccp")) is not None:
        return refused
    instance = ControlPoint.objects.filter(hazard=hazard).first()
    form = ControlPointForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.control_point_define(user=request.user, hazard=hazard, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Control point saved."))
            return redirect(_tab_url(plan, "ccp"))
    return render(request, "haccp/control_point_form.html", {"form": form, "hazard": hazard, "plan": plan})


@login_required
@require_POST
def record_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    _require_edit(request, plan)
    try:
        services.ensure_accepts_records(plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_tab_url(plan, "records"))
    form = MonitoringRecordForm(request.POST, user=request.user, plan=plan)
    if form.is_valid():
        try:
            record = services.monitoring_record_add(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if record.is_within_limits:
                messages.success(request, _("Record saved: within the critical limits."))
            else:
                messages.warning(
                    request,
                    _("Out of the critical limits: non-conformity %(reference)s opened.")
                    % {"reference": record.nonconformity.reference},
                )
            return redirect(_tab_url(plan, "records"))
    context = _detail_context(request, plan, "records", record_form=form)
    return render(request, "haccp/plan_detail.html", context, status=400)


def _hazard_columns() -> tuple[Column, ...]:
    return (
        Column("step.number", gettext_lazy("Step no.")),
        Column("step.name", gettext_lazy("Step")),
        Column("category", gettext_lazy("Category"), value=lambda h: h.get_category_display()),
        Column("description", gettext_lazy("Hazard")),
        Column("source", gettext_lazy("Cause / source")),
        Column("likelihood", gettext_lazy("Likelihood")),
        Column("severity", gettext_lazy("Severity")),
        Column("score", gettext_lazy("Score")),
        Column("level_name", gettext_lazy("Level")),
        Column(
            "is_significant",
            gettext_lazy("Significant"),
            value=lambda h: _("yes") if h.is_significant else _("no"),
        ),
        Column("control_measures", gettext_lazy("Control measures")),
        Column("outcome", gettext_lazy("Outcome"), value=lambda h: h.get_outcome_display()),
        Column("justification", gettext_lazy("Justification")),
    )


@login_required
def hazards_export(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    return excel_response(list(selectors.plan_hazards(plan)), _hazard_columns(), _("hazard analysis"))
