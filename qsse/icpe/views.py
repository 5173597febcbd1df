"""Pages of the ICPE status. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_filters import BooleanFilter, CharFilter, ChoiceFilter, FilterSet, ModelChoiceFilter

from qsse.core.choices import Operation
from qsse.core.forms import apply_service_errors, save_through_service, style_fields
from qsse.core.listing import Column, FilteredListView
from qsse.core.pdf import render_pdf
from qsse.core.permissions import can, require
from qsse.organization import selectors as organization_selectors

from . import report, selectors, services
from .choices import IcpeUnit, Regime, SevesoStatus
from .forms import ActivityForm, ControlForm, InstallationForm, RubriqueForm, ThresholdForm
from .models import ClassifiedActivity, Installation, PeriodicControl, Rubrique, Threshold

REGIME_BADGES = {
    "NC": "text-bg-light border text-dark",
    "D": "text-bg-info",
    "DC": "text-bg-primary",
    "E": "text-bg-warning",
    "A": "text-bg-danger",
}


# Installations listed on a site's status page; the register lists them all.
SITE_INSTALLATIONS = 50


def _sites(request):
    return organization_selectors.site_list(request.user) if request else None


def _context(**values: Any) -> dict[str, Any]:
    return {"regime_badges": REGIME_BADGES, **values}


# --- Overview and site status ----------------------------------------------------------------


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    statuses = selectors.sites_overview(request.user)
    return render(
        request,
        "icpe/overview.html",
        _context(
            statuses=statuses,
            can_create=can(request.user, Operation.CREATE, Installation),
            regime_labels=dict(Regime.choices),
            seveso_labels=dict(SevesoStatus.choices),
        ),
    )


def _installations_by_rubrique(user: Any, site: Any) -> dict[int, str]:
    text: dict[int, str] = {}
    for pk, (count, names) in selectors.installations_by_rubrique(user, site).items():
        more = count - len(names)
        text[pk] = ", ".join(names) + (_(" and %(count)s more") % {"count": more} if more > 0 else "")
    return text


@login_required
def site_status(request: HttpRequest, pk: int) -> HttpResponse:
    site = selectors.site_get(request.user, pk)
    status = selectors.site_status(request.user, site)
    return render(
        request,
        "icpe/site_status.html",
        _context(
            site=site,
            status=status,
            installations=selectors.installation_list(request.user).filter(site=site)[:SITE_INSTALLATIONS],
            installation_count=selectors.installation_list(request.user).filter(site=site).count(),
            by_rubrique=_installations_by_rubrique(request.user, site),
            regime_label=Regime(status.regime).label,
            seveso_label=SevesoStatus(status.seveso).label,
            can_create=can(request.user, Operation.CREATE, Installation, site_id=site.pk),
            can_update_profile=_can_update_profile(request.user, site),
        ),
    )


def _can_update_profile(user: Any, site: Any) -> bool:
    from qsse.compliance.models import SiteProfile

    return can(user, Operation.EDIT, SiteProfile, site_id=site.pk) and can(
        user, Operation.CREATE, SiteProfile, site_id=site.pk
    )


@login_required
def site_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    site = selectors.site_get(request.user, pk)
    status = selectors.site_status(request.user, site)
    today = timezone.localdate()
    data = report.site_status_data(status, _installations_by_rubrique(request.user, site), today)
    response = HttpResponse(render_pdf(report.TEMPLATE, data), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="classement-icpe-{site.pk}-{today.isoformat()}.pdf"'
    return response


@login_required
@require_POST
def site_compliance_update(request: HttpRequest, pk: int) -> HttpResponse:
    site = selectors.site_get(request.user, pk)
    numbers = services.compliance_profile_update(user=request.user, site=site)
    messages.success(
        request,
        _("Compliance profile updated: ICPE rubriques %(rubriques)s.")
        % {"rubriques": ", ".join(numbers) or "—"},
    )
    return redirect("icpe:site_status", pk=site.pk)


# --- Rubrique catalogue ----------------------------------------------------------------------------


class RubriqueFilter(FilterSet):
    q = CharFilter(label=gettext_lazy("Search (code or title)"), method="filter_q")
    unit = ChoiceFilter(label=gettext_lazy("Unit"), choices=IcpeUnit.choices)
    to_verify = BooleanFilter(label=gettext_lazy("To verify"))
    is_shipped = BooleanFilter(label=gettext_lazy("Shipped with OpenQSSE"))

    class Meta:
        model = Rubrique
        fields = ["q", "unit", "to_verify", "is_shipped"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("request", None)
        super().__init__(*args, **kwargs)
        style_fields(self.form, small=True)

    def filter_q(self, queryset, name, value):
        return selectors.rubrique_search(queryset, value)


def _thresholds_text(rubrique: Rubrique) -> str:
    unit = rubrique.get_unit_display()
    return " · ".join(
        f"{t.regime} {'≥' if t.is_inclusive else '>'} {selectors.localized_number(t.value)} {unit}"
        for t in rubrique.thresholds.all()
    )


def _seveso_text(rubrique: Rubrique) -> str:
    if rubrique.seveso_low is None and rubrique.seveso_high is None:
        return ""
    unit = rubrique.get_unit_display()
    low = selectors.localized_number(rubrique.seveso_low) if rubrique.seveso_low is not None else "—"
    high = selectors.localized_number(rubrique.seveso_high) if rubrique.seveso_high is not None else "—"
    return f"{low} / {high} {unit}"


class RubriqueListView(LoginRequiredMixin, FilteredListView):
    template_name = "icpe/rubrique_list.html"
    title = gettext_lazy("ICPE rubrique catalogue")
    export_name = gettext_lazy("icpe-rubriques")
    filterset_class = RubriqueFilter
    default_sort = "code"
    columns = (
        Column("code", gettext_lazy("Rubrique"), sort="code", link=True),
        Column("title", gettext_lazy("Title"), sort="title_fr"),
        Column("unit", gettext_lazy("Unit"), value=lambda r: r.get_unit_display()),
        Column("thresholds", gettext_lazy("Thresholds"), value=_thresholds_text),
        Column("seveso", gettext_lazy("Seveso low / high"), value=_seveso_text),
        Column("to_verify", gettext_lazy("To verify"), value=lambda r: _("yes") if r.to_verify else ""),
        Column(
            "is_shipped", gettext_lazy("Origin"), value=lambda r: _("shipped") if r.is_shipped else _("own")
        ),
    )

    def get_base_queryset(self):
        return selectors.rubrique_list(self.request.user)

    create_model = Rubrique


@login_required
def rubrique_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rubrique = selectors.rubrique_get(request.user, pk)
    return render(
        request,
        "icpe/rubrique_detail.html",
        _context(
            rubrique=rubrique,
            thresholds=rubrique.thresholds.order_by("value"),
            can_edit=can(request.user, Operation.EDIT, rubrique),
            threshold_form=ThresholdForm(),
        ),
    )


@login_required
def rubrique_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Operation.CREATE, Rubrique)
    form = RubriqueForm(request.POST or None)
    rubrique = save_through_service(
        request, form, services.rubrique_create, _("Rubrique added: now give its thresholds.")
    )
    if rubrique is not None:
        return redirect(rubrique.get_absolute_url())
    return render(
        request, "icpe/form.html", {"form": form, "title": _("Add a rubrique"), "back": "icpe:rubrique_list"}
    )


@login_required
def rubrique_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rubrique = selectors.rubrique_get(request.user, pk)
    require(request.user, Operation.EDIT, rubrique)
    form = RubriqueForm(request.POST or None, instance=Rubrique.objects.get(pk=rubrique.pk))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("code", None)
        try:
            services.rubrique_update(user=request.user, rubrique=rubrique, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Rubrique saved."))
            return redirect(rubrique.get_absolute_url())
    return render(
        request,
        "icpe/form.html",
        {"form": form, "title": _("Edit rubrique %(code)s") % {"code": rubrique.code}, "object": rubrique},
    )


@login_required
def threshold_save(request: HttpRequest, pk: int, threshold_pk: int | None = None) -> HttpResponse:
    rubrique = selectors.rubrique_get(request.user, pk)
    require(request.user, Operation.EDIT, rubrique)
    threshold = get_object_or_404(Threshold, pk=threshold_pk, rubrique=rubrique) if threshold_pk else None
    form = ThresholdForm(request.POST or None, instance=threshold)
    result = save_through_service(
        request, form, services.threshold_save, _("Threshold saved."), rubrique=rubrique, threshold=threshold
    )
    if result is not None:
        return redirect(rubrique.get_absolute_url())
    title = _("Threshold of rubrique %(code)s") % {"code": rubrique.code}
    return render(request, "icpe/form.html", {"form": form, "title": title, "object": rubrique})


@login_required
@require_POST
def threshold_delete(request: HttpRequest, pk: int) -> HttpResponse:
    threshold = get_object_or_404(Threshold.objects.select_related("rubrique"), pk=pk)
    services.threshold_delete(user=request.user, threshold=threshold)
    messages.success(request, _("Threshold removed."))
    return redirect(threshold.rubrique.get_absolute_url())


# --- Installations -------------------------------------------------------------------------------


class ActivityFilter(FilterSet):
    site = ModelChoiceFilter(label=gettext_lazy("Site"), queryset=_sites, field_name="installation__site")
    rubrique = CharFilter(
        label=gettext_lazy("Rubrique"), field_name="rubrique__code", lookup_expr="istartswith"
    )
    installation = CharFilter(
        label=gettext_lazy("Installation"), field_name="installation__name", lookup_expr="icontains"
    )
    in_service = BooleanFilter(label=gettext_lazy("In service"), field_name="installation__is_in_service")

    class Meta:
        model = ClassifiedActivity
        fields = ["site", "rubrique", "installation", "in_service"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self.form, small=True)


class InstallationRegisterView(LoginRequiredMixin, FilteredListView):
    """One line per installation and rubrique: the quantity it holds, in the rubrique's unit."""

    template_name = "icpe/register.html"
    title = gettext_lazy("ICPE installation register")
    export_name = gettext_lazy("icpe-installations")
    filterset_class = ActivityFilter
    default_sort = "site"
    columns = (
        Column(
            "installation",
            gettext_lazy("Installation"),
            sort="installation__name",
            link=True,
            value=lambda a: a.installation.name,
        ),
        Column(
            "site", gettext_lazy("Site"), sort="installation__site__name", value=lambda a: a.installation.site
        ),
        Column("rubrique", gettext_lazy("Rubrique"), sort="rubrique__code", value=lambda a: a.rubrique.code),
        Column("title", gettext_lazy("Title"), value=lambda a: a.rubrique.title),
        Column(
            "quantity",
            gettext_lazy("Quantity or capacity"),
            sort="quantity",
            value=lambda a: f"{selectors.localized_number(a.quantity)} {a.rubrique.get_unit_display()}",
        ),
        Column(
            "in_service",
            gettext_lazy("In service"),
            value=lambda a: _("yes") if a.installation.is_in_service else _("no"),
        ),
        Column("note", gettext_lazy("How it is worked out")),
    )

    def get_base_queryset(self):
        return selectors.activity_list(self.request.user)

    create_model = Installation


@login_required
def installation_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Operation.CREATE, Installation)
    sites = organization_selectors.site_list(request.user)
    initial = {"site": request.GET.get("site")} if request.GET.get("site") else None
    form = InstallationForm(request.POST or None, initial=initial, sites=sites)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            installation = services.installation_create(
                user=request.user,
                site=data.pop("site"),
                name=data.pop("name"),
                rubrique=data.pop("rubrique"),
                quantity=data.pop("quantity"),
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied:
            form.add_error("site", _("You may not declare an installation on this site."))
        else:
            messages.success(request, _("Installation declared."))
            return redirect("icpe:site_status", pk=installation.site_id)
    return render(
        request,
        "icpe/form.html",
        {"form": form, "title": _("Declare an installation"), "back": "icpe:register"},
    )


@login_required
def installation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    installation = selectors.installation_get(request.user, pk)
    return render(
        request,
        "icpe/installation_detail.html",
        _context(
            installation=installation,
            activities=selectors.installation_activities(installation),
            can_edit=can(request.user, Operation.EDIT, installation),
            activity_form=ActivityForm(),
        ),
    )


@login_required
def installation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    installation = selectors.installation_get(request.user, pk)
    require(request.user, Operation.EDIT, installation)
    form = InstallationForm(
        request.POST or None,
        instance=Installation.objects.get(pk=pk),
        sites=organization_selectors.site_list(request.user),
        with_rubrique=False,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.installation_update(user=request.user, installation=installation, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Installation saved."))
            return redirect(installation.get_absolute_url())
    return render(
        request, "icpe/form.html", {"form": form, "title": _("Edit installation"), "object": installation}
    )


@login_required
def activity_save(request: HttpRequest, pk: int, activity_pk: int | None = None) -> HttpResponse:
    installation = selectors.installation_get(request.user, pk)
    require(request.user, Operation.EDIT, installation)
    activity = (
        get_object_or_404(ClassifiedActivity, pk=activity_pk, installation=installation)
        if activity_pk
        else None
    )
    form = ActivityForm(request.POST or None, instance=activity)
    result = save_through_service(
        request,
        form,
        services.activity_save,
        _("Quantity saved: the site's ICPE status is updated."),
        installation=installation,
        activity=activity,
    )
    if result is not None:
        return redirect("icpe:site_status", pk=installation.site_id)
    title = _("Quantity under a rubrique — %(installation)s") % {"installation": installation.name}
    return render(request, "icpe/form.html", {"form": form, "title": title, "object": installation})


@login_required
@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(selectors.activity_list(request.user), pk=pk)
    services.activity_delete(user=request.user, activity=activity)
    messages.success(request, _("Quantity removed."))
    return redirect(activity.installation.get_absolute_url())


# --- Periodic controls and history ------------------------------------------------------------------


@login_required
def control_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "icpe/control_list.html",
        _context(
            reminders=selectors.control_reminders(request.user, today),
            controls=selectors.control_list(request.user).order_by("-performed_on")[:100],
            can_create=can(request.user, Operation.CREATE, PeriodicControl),
            today=today,
        ),
    )


@login_required
def control_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Operation.CREATE, PeriodicControl)
    initial = {key: request.GET[key] for key in ("site", "rubrique") if request.GET.get(key)}
    form = ControlForm(
        request.POST or None, initial=initial or None, sites=organization_selectors.site_list(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.control_record(
                user=request.user,
                site=data.pop("site"),
                rubrique=data.pop("rubrique"),
                performed_on=data.pop("performed_on"),
                body=data.pop("body"),
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied:
            form.add_error("site", _("You may not record a control on this site."))
        else:
            messages.success(request, _("Periodic control recorded."))
            return redirect("icpe:control_list")
    return render(
        request,
        "icpe/form.html",
        {"form": form, "title": _("Record a periodic control"), "back": "icpe:control_list"},
    )


@login_required
def history(request: HttpRequest) -> HttpResponse:
    return render(request, "icpe/history.html", {"lines": selectors.history_list(request.user)})
