"""Pages of the indicators module: dashboards, kiosk, indicators, value entry and import, the policy
and the objective tree. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qsse.actions import selectors as action_selectors
from qsse.core.choices import Operation
from qsse.core.forms import apply_service_errors
from qsse.core.listing import Column, FilteredListView
from qsse.core.permissions import can
from qsse.core.registry import indicator_sources
from qsse.organization import selectors as organization_selectors
from qsse.processes import selectors as process_selectors

from . import calculations, charts, selectors, services
from .choices import Domain, ObjectiveLevel, Status
from .filters import IndicatorFilter
from .forms import DashboardFilterForm, ImportForm, IndicatorForm, ObjectiveForm, PolicyForm, SeriesSiteForm
from .models import Indicator, Objective, Policy

KIOSK_DEFAULT_SECONDS = 60
SMART_GAP_LABELS = {
    "specific": gettext_lazy("Specific: the title is too vague"),
    "measurable_statement": gettext_lazy("Measurable: no measurable statement"),
    "indicator": gettext_lazy("Measurable: no indicator to follow it"),
    "target_value": gettext_lazy("Measurable: no target value"),
    "owner": gettext_lazy("Achievable: nobody is responsible for it"),
    "justification": gettext_lazy("Achievable and relevant: no justification"),
    "deadline": gettext_lazy("Time-bound: no deadline"),
    "deadline_past": gettext_lazy("Time-bound: the deadline has passed and the objective is still active"),
    "process": gettext_lazy("A process objective needs its process"),
}
STATUS_ICONS = {"on_target": "●", "alert": "▲", "off_target": "✖", "no_data": "–"}
TREND_ARROWS = {"improving": "↗", "stable": "→", "worsening": "↘", "unknown": ""}


def status_label(code: str) -> str:
    return str(Status(code).label)


# --- Dashboards --------------------------------------------------------------------------------


def _dashboard_context(
    request: HttpRequest, *, site=None, process=None, domain: str | None = None
) -> dict[str, Any]:
    user = request.user
    indicators = selectors.dashboard_indicators(user, site=site, process=process, domain=domain)
    services.indicators_refresh_stale(indicators)
    cards = selectors.dashboard_cards(user, site=site, process=process, domain=domain, indicators=indicators)
    counts = {code: 0 for code in Status.values}
    for card in cards:
        counts[card.status] += 1
    return {
        "groups": selectors.cards_by_domain(cards),
        "cards": cards,
        "status_counts": [
            (code, Status(code).label, STATUS_ICONS[code], counts[code]) for code in Status.values
        ],
        "site": site,
        "process": process,
        "domain": domain,
        "sites": organization_selectors.site_list(user),
        "processes": process_selectors.process_list(user, active=True),
        "domains": Domain.choices,
        "can_create": can(user, Operation.CREATE, Indicator),
        # The cards' links from one reversed URL: a dashboard shows hundreds of cards.
        "indicator_base": reverse("indicators:indicator_detail", args=[0])[:-2],
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    domain = request.GET.get("domain") if request.GET.get("domain") in Domain.values else None
    context = _dashboard_context(request, domain=domain)
    context["title"] = _("QSSE dashboard")
    return render(request, "indicators/dashboard.html", context)


@login_required
def dashboard_site(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_object_or_404(organization_selectors.site_list(request.user), pk=pk)
    domain = request.GET.get("domain") if request.GET.get("domain") in Domain.values else None
    context = _dashboard_context(request, site=site, domain=domain)
    context["title"] = _("Dashboard of the site %(site)s") % {"site": site.name}
    return render(request, "indicators/dashboard.html", context)


@login_required
def dashboard_process(request: HttpRequest, pk: int) -> HttpResponse:
    process = get_object_or_404(process_selectors.process_list(request.user), pk=pk)
    domain = request.GET.get("domain") if request.GET.get("domain") in Domain.values else None
    context = _dashboard_context(request, process=process, domain=domain)
    context["title"] = _("Dashboard of the process %(process)s") % {"process": str(process)}
    return render(request, "indicators/dashboard.html", context)


def _kiosk_context(request: HttpRequest) -> dict[str, Any]:
    form = DashboardFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    site, domain = data.get("site"), data.get("domain") or None
    interval = data.get("interval") or KIOSK_DEFAULT_SECONDS
    context = _dashboard_context(request, site=site, domain=domain)
    groups = context["groups"]
    try:
        step = int(request.GET.get("step", 0))
    except ValueError:
        step = 0
    # Without a chosen domain, each refresh shows the next domain that has indicators.
    shown = groups[step % len(groups)] if groups and not domain else None
    query = request.GET.copy()
    query["step"] = step + 1
    context.update(
        {
            "form": form,
            "shown_groups": [shown] if shown else groups,
            "interval": interval,
            "next_url": f"{reverse('indicators:kiosk_cards')}?{query.urlencode()}",
            "now": timezone.localtime(),
        }
    )
    return context


@login_required
def kiosk(request: HttpRequest) -> HttpResponse:
    return render(request, "indicators/kiosk.html", _kiosk_context(request))


@login_required
def kiosk_cards(request: HttpRequest) -> HttpResponse:
    return render(request, "indicators/partials/_kiosk_cards.html", _kiosk_context(request))


# --- Indicators --------------------------------------------------------------------------------


class IndicatorListView(LoginRequiredMixin, FilteredListView):
    template_name = "indicators/indicator_list.html"
    title = gettext_lazy("Indicators")
    export_name = gettext_lazy("indicators")
    filterset_class = IndicatorFilter
    default_sort = "code"
    columns = (
        Column("code", gettext_lazy("Code"), sort="code", link=True),
        Column("name", gettext_lazy("Name"), sort="name"),
        Column("domain", gettext_lazy("Domain"), sort="domain"),
        Column("process", gettext_lazy("Process"), sort="process__code"),
        Column("site", gettext_lazy("Site"), sort="site__code"),
        Column("owner", gettext_lazy("Owner"), sort="owner__last_name"),
        Column("unit", gettext_lazy("Unit")),
        Column("target", gettext_lazy("Target"), sort="target"),
        Column("alert_threshold", gettext_lazy("Alert threshold")),
        Column("frequency", gettext_lazy("Frequency"), sort="frequency"),
        Column("source", gettext_lazy("Source"), sort="source"),
    )

    def get_base_queryset(self):
        return selectors.indicator_list(self.request.user)

    create_model = Indicator


def _series_site(request: HttpRequest, indicator: Indicator):
    form = SeriesSiteForm(request.GET or None, user=request.user)
    site = form.cleaned_data.get("site") if form.is_valid() else None
    return form, site


@login_required
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    indicator = selectors.indicator_get(user, pk)
    services.indicators_refresh_stale([indicator])
    site_form, site = _series_site(request, indicator)
    series = selectors.indicator_series(user, indicator, site=site)
    source = indicator_sources.get(indicator.computed_source) if indicator.is_computed else None
    rows = []
    for point in reversed(series.points):
        drilldown = ""
        if source is not None and source.drilldown and point.value is not None:
            end = calculations.shift_period(point.period, indicator.frequency, 1)
            drilldown = source.drilldown(point.period, end, series.site_id)
        status = calculations.indicator_status(
            point.value, indicator.target, indicator.alert_threshold, indicator.direction
        )
        rows.append((point, status, Status(status).label, STATUS_ICONS[status], drilldown))
    context = {
        "indicator": indicator,
        "series": series,
        "rows": rows,
        "site_form": site_form if indicator.is_split_by_site else None,
        "source": source,
        "status_label": Status(series.status).label,
        "status_icon": STATUS_ICONS[series.status],
        "trend_arrow": TREND_ARROWS[series.trend.label],
        "trend_label": _trend_label(series.trend.label),
        "chart": charts.series_chart(
            series, value_label=_("Value"), target_label=_("Target"), alert_label=_("Alert")
        ),
        "can_edit": can(user, Operation.EDIT, indicator),
        "can_enter": services.can_enter_measurements(user, indicator) and not indicator.is_computed,
        "can_recompute": indicator.is_computed and services.can_enter_measurements(user, indicator),
        "objectives": selectors.objective_list(user).filter(indicator=indicator),
    }
    return render(request, "indicators/indicator_detail.html", context)


def _trend_label(code: str) -> str:
    from .choices import Trend

    return str(Trend(code).label)


@login_required
def indicator_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can(user, Operation.CREATE, Indicator):
        raise PermissionDenied
    form = IndicatorForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        try:
            indicator = services.indicator_create(
                user=user, code=data.pop("code"), name=data.pop("name"), **data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if indicator.is_computed:
                services.indicators_refresh_stale([indicator])
            messages.success(request, _("The indicator %(code)s is created.") % {"code": indicator.code})
            return redirect(indicator)
    return render(request, "indicators/indicator_form.html", {"form": form, "title": _("New indicator")})


@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    indicator = selectors.indicator_get(user, pk)
    if not can(user, Operation.EDIT, indicator):
        raise PermissionDenied
    form = IndicatorForm(request.POST or None, instance=indicator, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(user=user, indicator=indicator, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(indicator)
    return render(
        request,
        "indicators/indicator_form.html",
        {"form": form, "indicator": indicator, "title": _("Edit %(code)s") % {"code": indicator.code}},
    )


def _parse_decimal(raw: str) -> Decimal | None:
    text = (raw or "").strip().replace(" ", "").replace("\xa0", "").replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(raw) from error
    if not value.is_finite():
        raise ValueError(raw)
    return value


@login_required
def indicator_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """The entry grid of the last 12 periods (an htmx fragment inside the indicator page)."""
    user = request.user
    indicator = selectors.indicator_get(user, pk)
    site_form, site = _series_site(request, indicator)
    if (
        not services.can_enter_measurements(user, indicator, site.pk if site else None)
        or indicator.is_computed
    ):
        raise PermissionDenied
    errors: dict[str, str] = {}
    saved = False
    if request.method == "POST":
        series = selectors.indicator_series(user, indicator, site=site, periods=12)
        entries = []
        for point in series.points:
            key = point.period.isoformat()
            raw = request.POST.get(f"value-{key}", "")
            comment = request.POST.get(f"comment-{key}", "")
            try:
                value = _parse_decimal(raw)
            except ValueError:
                errors[key] = _("“%(value)s” is not a number.") % {"value": raw}
                continue
            old = point.measurement
            if value is None and old is None:
                continue
            if old is not None and value == old.value and comment.strip() == old.comment:
                continue
            entries.append((point.period, value, comment))
        if not errors and entries:
            try:
                services.measurements_save(
                    user=user,
                    indicator=indicator,
                    entries=entries,
                    site=site if indicator.is_split_by_site else None,
                )
            except ValidationError as error:
                errors[""] = " ".join(error.messages)
            else:
                saved = True
        elif not errors:
            saved = True
    series = selectors.indicator_series(user, indicator, site=site, periods=12)
    rows = []
    for point in reversed(series.points):
        key = point.period.isoformat()
        if errors:
            value_text = request.POST.get(f"value-{key}", "")
            comment_text = request.POST.get(f"comment-{key}", "")
        else:
            value_text = "" if point.value is None else floatformat(point.value, indicator.decimals)
            comment_text = point.measurement.comment if point.measurement else ""
        rows.append((point, key, value_text, comment_text, errors.get(key, "")))
    context = {
        "indicator": indicator,
        "rows": rows,
        "errors": errors,
        "general_error": errors.get("", ""),
        "saved": saved,
        "site": site,
        "site_form": site_form if indicator.is_split_by_site else None,
    }
    if request.htmx:
        return render(request, "indicators/partials/_entry_grid.html", context)
    if saved:
        messages.success(request, _("The values are saved."))
        return redirect(indicator)
    return render(request, "indicators/indicator_entry.html", context)


@login_required
@require_POST
def indicator_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = selectors.indicator_get(request.user, pk)
    try:
        written = services.indicator_recompute(user=request.user, indicator=indicator)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(count)s values recomputed.") % {"count": written})
    return redirect(indicator)


@login_required
def measurement_import(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            count = services.measurements_import(user, form.cleaned_data["file"])
        except services.MeasurementImportError as error:
            problems = [str(problem) for problem in error.problems]
        else:
            messages.success(request, _("%(count)s values imported.") % {"count": count})
            return redirect("indicators:indicator_list")
    return render(
        request,
        "indicators/measurement_import.html",
        {"form": form, "problems": problems, "title": _("Import measurements")},
    )


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        services.import_template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="measurements-template.xlsx"'
    return response


# --- Policy and objectives ---------------------------------------------------------------------


@login_required
def objective_tree(request: HttpRequest) -> HttpResponse:
    user = request.user
    policies = list(selectors.policy_list(user))
    policy = None
    if request.GET.get("policy", "").isdigit():
        policy = next((p for p in policies if p.pk == int(request.GET["policy"])), None)
    policy = (
        policy or next((p for p in policies if p.is_current), None) or (policies[0] if policies else None)
    )
    tree = selectors.objective_tree(user, policy=policy)
    return render(
        request,
        "indicators/objective_tree.html",
        {
            "policy": policy,
            "policies": policies,
            "tree": tree,
            "gap_labels": SMART_GAP_LABELS,
            "status_icons": STATUS_ICONS,
            "can_create": can(user, Operation.CREATE, Objective),
            "can_create_policy": can(user, Operation.CREATE, Policy),
            "can_edit_policy": policy is not None and can(user, Operation.EDIT, policy),
        },
    )


@login_required
def objective_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    objective = selectors.objective_get(user, pk)
    if objective.indicator_id:
        services.indicators_refresh_stale([objective.indicator])
    line = selectors.objective_lines([objective], today=timezone.localdate())[objective.pk]
    content_type = ContentType.objects.get_for_model(Objective)
    return render(
        request,
        "indicators/objective_detail.html",
        {
            "objective": objective,
            "line": line,
            "gaps": [SMART_GAP_LABELS[gap] for gap in line.gaps],
            "decimals": objective.indicator.decimals if objective.indicator_id else 1,
            "unit": objective.indicator.unit if objective.indicator_id else "",
            "status_label": Status(line.status).label,
            "status_icon": STATUS_ICONS[line.status],
            "children": selectors.objective_list(user).filter(parent=objective),
            "actions": action_selectors.actions_for_origin(user, objective),
            "new_action_url": reverse("actions:action_create")
            + f"?origin_type={content_type.pk}&origin_id={objective.pk}",
            "can_edit": can(user, Operation.EDIT, objective),
            "can_create_action": can(user, Operation.CREATE, _action_model()),
        },
    )


def _action_model():
    from qsse.actions.models import Action

    return Action


def _objective_initial(request: HttpRequest, user) -> dict[str, Any]:
    initial: dict[str, Any] = {"level": request.GET.get("level") or ObjectiveLevel.STRATEGIC}
    parent_id = request.GET.get("parent", "")
    if parent_id.isdigit():
        parent = (
            selectors.objective_list(user).filter(pk=int(parent_id), level=ObjectiveLevel.STRATEGIC).first()
        )
        if parent is not None:
            initial.update(
                level=ObjectiveLevel.PROCESS, parent=parent, policy=parent.policy, domain=parent.domain
            )
    else:
        initial["policy"] = selectors.policy_current(user)
    return initial


@login_required
def objective_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can(user, Operation.CREATE, Objective):
        raise PermissionDenied
    form = ObjectiveForm(request.POST or None, user=user, initial=_objective_initial(request, user))
    if request.method == "POST" and form.is_valid():
        try:
            objective = services.objective_create(
                user=user,
                level=form.cleaned_data["level"],
                title=form.cleaned_data["title"],
                **form.service_fields(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("%(reference)s is recorded.") % {"reference": objective.reference})
            return redirect(objective)
    return render(request, "indicators/objective_form.html", {"form": form, "title": _("New objective")})


@login_required
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    objective = selectors.objective_get(user, pk)
    if not can(user, Operation.EDIT, objective):
        raise PermissionDenied
    form = ObjectiveForm(request.POST or None, instance=objective, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_update(
                user=user,
                objective=objective,
                level=form.cleaned_data["level"],
                title=form.cleaned_data["title"],
                **form.service_fields(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(objective)
    return render(
        request,
        "indicators/objective_form.html",
        {
            "form": form,
            "objective": objective,
            "title": _("Edit %(reference)s") % {"reference": objective.reference},
        },
    )


@login_required
def policy_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can(user, Operation.CREATE, Policy):
        raise PermissionDenied
    form = PolicyForm(
        request.POST or None, user=user, initial={"is_current": True, "signed_on": date.today()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        try:
            policy = services.policy_create(
                user=user, title=data.pop("title"), text=data.pop("text"), version=data.pop("version"), **data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The policy is recorded."))
            return redirect(policy)
    return render(
        request, "indicators/policy_form.html", {"form": form, "title": _("New version of the QSSE policy")}
    )


@login_required
def policy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    policy = get_object_or_404(selectors.policy_list(user), pk=pk)
    if not can(user, Operation.EDIT, policy):
        raise PermissionDenied
    form = PolicyForm(request.POST or None, instance=policy, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_update(user=user, policy=policy, **form.service_fields())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(policy)
    return render(
        request,
        "indicators/policy_form.html",
        {"form": form, "policy": policy, "title": _("Edit the QSSE policy")},
    )


def source_label(key: str) -> str:
    source = indicator_sources.get(key)
    return str(source.label) if source else key
