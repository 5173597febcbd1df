"""Pages of the surveillance plan. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

import calendar as month_calendar
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import ChoiceFilter, FilterSet, ModelChoiceFilter

from qsse.core.choices import Operation
from qsse.core.forms import apply_service_errors, style_fields
from qsse.core.listing import Column, FilteredListView, query_without
from qsse.core.permissions import can, user_person
from qsse.organization import selectors as organization_selectors

from . import charts, selectors, services
from .calculations import add_months, readable_text_colour
from .choices import ControlStatus, PlanStatus
from .forms import CalendarFilterForm, ControlPointForm, PlanForm, ResultForm
from .models import ControlPoint, ControlResult, SurveillancePlan


def _sites(request):
    return organization_selectors.site_list(request.user) if request else None


class PlanFilter(FilterSet):
    site = ModelChoiceFilter(label=gettext_lazy("Site"), queryset=_sites)
    status = ChoiceFilter(label=gettext_lazy("Status"), choices=PlanStatus.choices)

    class Meta:
        model = SurveillancePlan
        fields = ["site", "status"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self.form, small=True)


class PlanListView(LoginRequiredMixin, FilteredListView):
    template_name = "surveillance/plan_list.html"
    title = gettext_lazy("Surveillance plans")
    export_name = gettext_lazy("surveillance-plans")
    filterset_class = PlanFilter
    default_sort = "title"
    columns = (
        Column("title", gettext_lazy("Title"), sort="title", link=True),
        Column("site", gettext_lazy("Site"), sort="site__name"),
        Column("process", gettext_lazy("Process"), sort="process__code"),
        Column("owner", gettext_lazy("Owner"), sort="owner__last_name"),
        Column("status", gettext_lazy("Status"), sort="status"),
        Column("control_count", gettext_lazy("Active controls"), sort="control_count"),
        Column("overdue_count", gettext_lazy("Overdue controls"), sort="overdue_count"),
    )

    def get_base_queryset(self):
        return selectors.plan_list(self.request.user, today=timezone.localdate())

    create_model = SurveillancePlan


def _level_badge(score: int | None, level: str, colour: str) -> dict[str, Any]:
    background = colour or "#e9ecef"
    return {
        "score": score,
        "level": level,
        "colour": background,
        "text_colour": readable_text_colour(background),
    }


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    today = timezone.localdate()
    points = selectors.plan_control_points(request.user, plan)
    rows = [
        {
            "point": point,
            "badge": _level_badge(point.shown_score, point.shown_level, point.shown_colour),
            "status": selectors.status_of(point, today),
        }
        for point in points
    ]
    return render(
        request,
        "surveillance/plan_detail.html",
        {
            "plan": plan,
            "rows": rows,
            "status_labels": dict(ControlStatus.choices),
            "can_edit": can(request.user, Operation.EDIT, plan),
        },
    )


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, SurveillancePlan):
        raise PermissionDenied
    person = user_person(request.user)
    initial = {"owner": person, "site": getattr(person, "site", None), "status": PlanStatus.ACTIVE}
    form = PlanForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            plan = services.plan_create(
                user=request.user, title=data.pop("title"), owner=data.pop("owner"), **data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The surveillance plan is created."))
            return redirect(plan)
    return render(request, "surveillance/form.html", {"form": form, "title": _("New surveillance plan")})


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    if not can(request.user, Operation.EDIT, plan):
        raise PermissionDenied
    form = PlanForm(request.POST or None, instance=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(user=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(plan)
    return render(
        request, "surveillance/form.html", {"form": form, "title": _("Edit the plan"), "plan": plan}
    )


@login_required
def control_point_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, plan_pk)
    if not can(request.user, Operation.EDIT, plan):
        raise PermissionDenied
    initial = {"responsible": user_person(request.user), "next_due_on": timezone.localdate()}
    form = ControlPointForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            point = services.control_point_create(
                user=request.user,
                plan=plan,
                reference=data.pop("reference"),
                what=data.pop("what"),
                method=data.pop("method"),
                responsible=data.pop("responsible"),
                next_due_on=data.pop("next_due_on"),
                risk=data.pop("risk"),
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The control point is added."))
            return redirect(point)
    return render(
        request,
        "surveillance/form.html",
        {"form": form, "title": _("New control point"), "plan": plan},
    )


@login_required
def control_point_edit(request: HttpRequest, pk: int) -> HttpResponse:
    point = selectors.control_point_get(request.user, pk)
    if not can(request.user, Operation.EDIT, point):
        raise PermissionDenied
    form = ControlPointForm(request.POST or None, instance=point, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.control_point_update(user=request.user, control_point=point, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(point)
    return render(
        request,
        "surveillance/form.html",
        {"form": form, "title": _("Edit %(control)s") % {"control": point.reference}, "plan": point.plan},
    )


def _point_context(
    request: HttpRequest, point: ControlPoint, form: ResultForm | None = None
) -> dict[str, Any]:
    results = list(selectors.control_results(point))
    today = timezone.localdate()
    return {
        "point": point,
        "plan": point.plan,
        "results": results,
        "chart": charts.measured_values_chart(point, results),
        "badge": _level_badge(point.shown_score, point.shown_level, point.shown_colour),
        "status": selectors.status_of(point, today),
        "status_labels": dict(ControlStatus.choices),
        "can_edit": can(request.user, Operation.EDIT, point),
        "can_record": can(request.user, Operation.CREATE, ControlResult, site_id=point.plan.site_id),
        "form": form or ResultForm(control_point=point),
    }


@login_required
def control_point_detail(request: HttpRequest, pk: int) -> HttpResponse:
    point = selectors.control_point_get(request.user, pk)
    return render(request, "surveillance/control_point_detail.html", _point_context(request, point))


@login_required
def control_result_create(request: HttpRequest, pk: int) -> HttpResponse:
    point = selectors.control_point_get(request.user, pk)
    if not can(request.user, Operation.CREATE, ControlResult, site_id=point.plan.site_id):
        raise PermissionDenied
    if request.method != "POST":
        return redirect(point)
    form = ResultForm(request.POST, control_point=point)
    recorded = None
    if form.is_valid():
        try:
            recorded = services.control_result_record(
                user=request.user,
                control_point=point,
                performed_on=form.cleaned_data["performed_on"],
                value=form.cleaned_data.get("value"),
                is_pass=form.cleaned_data.get("is_pass"),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
    if recorded is not None:
        if recorded.nonconformity is not None:
            message = _("Result out of limits: non-conformity %(reference)s opened.") % {
                "reference": recorded.nonconformity.reference
            }
        else:
            message = _("Result recorded: within limits.")
        if not request.htmx:
            messages.success(request, message)
            return redirect(point)
        point = selectors.control_point_get(request.user, pk)
        context = _point_context(request, point)
        context.update(recorded=recorded, message=message)
        return render(request, "surveillance/partials/_results_panel.html", context)
    context = _point_context(request, point, form)
    if request.htmx:
        return render(request, "surveillance/partials/_results_panel.html", context, status=422)
    return render(request, "surveillance/control_point_detail.html", context, status=422)


def _month(request: HttpRequest, today: date) -> date:
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


@login_required
def calendar_view(request: HttpRequest) -> HttpResponse:
    """The due controls of a month: a grid of weeks and the same as a list (for screen readers)."""
    today = timezone.localdate()
    first = _month(request, today)
    last = add_months(first, 1) - timedelta(days=1)
    form = CalendarFilterForm(request.GET or None, user=request.user)
    site_id = responsible_id = None
    if form.is_valid():
        site_id = getattr(form.cleaned_data.get("site"), "pk", None)
        responsible_id = getattr(form.cleaned_data.get("responsible"), "pk", None)
    due = selectors.due_controls(
        request.user, start=first, end=last, today=today, site_id=site_id, responsible_id=responsible_id
    )
    by_day: dict[date, list[Any]] = {}
    for item in due:
        by_day.setdefault(item.due_on, []).append(item)
    weeks = [
        [{"day": day, "in_month": day.month == first.month, "items": by_day.get(day, [])} for day in week]
        for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    return render(
        request,
        "surveillance/calendar.html",
        {
            "first": first,
            "weeks": weeks,
            "due": due,
            "form": form,
            "today": today,
            "previous_month": add_months(first, -1).strftime("%Y-%m"),
            "next_month": add_months(first, 1).strftime("%Y-%m"),
            "filters": query_without(request, "month"),
            "status_labels": dict(ControlStatus.choices),
            "weekdays": [date(2024, 1, day) for day in range(1, 8)],  # a Monday to a Sunday
        },
    )


@login_required
def my_controls(request: HttpRequest) -> HttpResponse:
    """The controls the user is responsible for, due within 30 days or overdue."""
    today = timezone.localdate()
    points = list(selectors.my_controls(request.user, today=today, days=30))
    rows = [{"point": p, "status": selectors.status_of(p, today)} for p in points]
    return render(
        request,
        "surveillance/my_controls.html",
        {"rows": rows, "status_labels": dict(ControlStatus.choices), "days": 30},
    )


@login_required
def risk_ranking(request: HttpRequest) -> HttpResponse:
    """Every watched risk, whatever the module that holds it, from the most critical down."""
    if not can(request.user, Operation.VIEW, ControlPoint):
        raise PermissionDenied
    rows = selectors.risk_ranking(request.user, today=timezone.localdate())
    return render(request, "surveillance/risk_ranking.html", {"rows": rows})
