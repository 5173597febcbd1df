"""Pages of the environmental analysis. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
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

from . import report, selectors, services
from .choices import AnalysisStatus, Compartment, LifeCycleStage, OperatingCondition
from .forms import (
    ActionForm,
    ActivityForm,
    AnalysisForm,
    AspectForm,
    LinkObjectiveForm,
    ObjectiveForm,
    SettingsForm,
)
from .models import EnvironmentalAnalysis, EnvironmentalAspect, SignificanceSettings


class Badge:
    """A coloured badge with words (never colour alone); plain words in the Excel export."""

    def __init__(self, css: str, label: Any, symbol: str = ""):
        self.css, self.label, self.symbol = css, str(label), symbol

    def __str__(self) -> str:
        return self.label

    @property
    def html(self) -> str:
        return format_html('<span class="badge {}">{}{}</span>', self.css, self.symbol, self.label)


def significance_badge(aspect: EnvironmentalAspect) -> Badge:
    if aspect.is_significant:
        return Badge("text-bg-danger", _("Significant"), "⚠ ")
    return Badge("text-bg-light border text-dark", _("Not significant"))


STATUS_CSS = {
    AnalysisStatus.DRAFT: "text-bg-warning",
    AnalysisStatus.APPROVED: "text-bg-success",
    AnalysisStatus.SUPERSEDED: "text-bg-secondary",
}


def status_badge(analysis: EnvironmentalAnalysis) -> Badge:
    return Badge(STATUS_CSS[analysis.status], analysis.get_status_display())


def _sites(request):
    return organization_selectors.site_list(request.user) if request else None


class _StyledFilter(FilterSet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self.form, small=True)


class _ListView(LoginRequiredMixin, FilteredListView):
    template_name = "core/list.html"


class AnalysisFilter(_StyledFilter):
    site = ModelChoiceFilter(label=gettext_lazy("Site"), queryset=_sites)
    status = ChoiceFilter(label=gettext_lazy("Status"), choices=AnalysisStatus.choices)

    class Meta:
        model = EnvironmentalAnalysis
        fields = ["site", "status"]


class AnalysisListView(_ListView):
    template_name = "environment/analysis_list.html"
    title = gettext_lazy("Environmental analyses")
    export_name = gettext_lazy("environmental-analyses")
    filterset_class = AnalysisFilter
    default_sort = "site"
    columns = (
        Column("reference", gettext_lazy("Reference"), sort="reference", link=True),
        Column("title", gettext_lazy("Title"), sort="title"),
        Column("site", gettext_lazy("Site"), sort="site__name"),
        Column("version", gettext_lazy("Version"), sort="version"),
        Column("analysed_on", gettext_lazy("Analysed on"), sort="analysed_on"),
        Column("status", gettext_lazy("Status"), sort="status", value=status_badge),
        Column("owner", gettext_lazy("Owner")),
        Column("aspect_count", gettext_lazy("Aspects"), sort="aspect_count"),
        Column("significant_count", gettext_lazy("Significant"), sort="significant_count"),
    )

    def get_base_queryset(self):
        return selectors.analysis_list(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_create"] = can(self.request.user, Operation.CREATE, EnvironmentalAnalysis)
        return context


def _analyses(request):
    return selectors.analysis_choices(request.user) if request else None


class AspectFilter(_StyledFilter):
    site = ModelChoiceFilter(
        label=gettext_lazy("Site"), queryset=_sites, field_name="activity__analysis__site"
    )
    analysis = ModelChoiceFilter(
        label=gettext_lazy("Analysis"), queryset=_analyses, field_name="activity__analysis"
    )
    latest = BooleanFilter(label=gettext_lazy("Latest versions only"), method="filter_latest", widget=None)
    compartment = ChoiceFilter(label=gettext_lazy("Compartment"), choices=Compartment.choices)
    condition = ChoiceFilter(label=gettext_lazy("Operating condition"), choices=OperatingCondition.choices)
    life_cycle_stage = ChoiceFilter(label=gettext_lazy("Life-cycle stage"), choices=LifeCycleStage.choices)
    is_significant = BooleanFilter(label=gettext_lazy("Significant"))
    text = CharFilter(label=gettext_lazy("Text"), method="filter_text")

    class Meta:
        model = EnvironmentalAspect
        fields = ["site", "analysis", "compartment", "condition", "life_cycle_stage", "is_significant"]

    def filter_latest(self, queryset, name, value):
        if value:
            return queryset.filter(activity__analysis__next_version__isnull=True)
        return queryset

    def filter_text(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(
            Q(aspect__icontains=value) | Q(impact__icontains=value) | Q(activity__name__icontains=value)
        )


def _reasons(aspect: EnvironmentalAspect) -> str:
    return " · ".join(aspect.reason_labels()) or "—"


class AspectListView(_ListView):
    """The register of environmental aspects across analyses."""

    template_name = "environment/aspect_list.html"
    title = gettext_lazy("Register of environmental aspects")
    export_name = gettext_lazy("environmental-aspects")
    filterset_class = AspectFilter
    default_sort = "-score"
    columns = (
        Column("aspect", gettext_lazy("Environmental aspect"), sort="aspect", link=True),
        Column("impact", gettext_lazy("Environmental impact")),
        Column("activity", gettext_lazy("Activity"), sort="activity__name", value=lambda a: a.activity.name),
        Column("site", gettext_lazy("Site"), value=lambda a: a.activity.analysis.site),
        Column(
            "analysis",
            gettext_lazy("Analysis"),
            value=lambda a: f"{a.activity.analysis.reference} v{a.activity.analysis.version}",
        ),
        Column("compartment", gettext_lazy("Compartment"), sort="compartment"),
        Column("condition", gettext_lazy("Operating condition"), sort="condition"),
        Column("life_cycle_stage", gettext_lazy("Life-cycle stage")),
        Column("severity", gettext_lazy("S")),
        Column("frequency", gettext_lazy("F")),
        Column("control", gettext_lazy("C")),
        Column("score", gettext_lazy("Score"), sort="score"),
        Column(
            "is_significant", gettext_lazy("Significance"), sort="is_significant", value=significance_badge
        ),
        Column("reasons", gettext_lazy("Why significant"), value=_reasons),
        Column("legal_requirement", gettext_lazy("Legal requirement")),
    )

    def get_base_queryset(self):
        return selectors.aspect_list(self.request.user)

    def get_filterset(self):
        filterset = super().get_filterset()
        from django import forms

        filterset.form.fields["latest"].widget = forms.Select(
            choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))],
            attrs={"class": "form-select form-select-sm"},
        )
        filterset.form.fields["is_significant"].widget = forms.Select(
            choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))],
            attrs={"class": "form-select form-select-sm"},
        )
        return filterset


# --- Analyses ------------------------------------------------------------------------------------


@login_required
def analysis_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, EnvironmentalAnalysis):
        raise PermissionDenied
    person = user_person(request.user)
    initial = {"site": getattr(person, "site", None), "owner": person, "analysed_on": timezone.localdate()}
    form = AnalysisForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            analysis = services.analysis_create(user=request.user, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("The analysis %(reference)s is created.") % {"reference": analysis.reference}
            )
            return redirect(analysis)
    return render(request, "environment/form.html", {"form": form, "title": _("New environmental analysis")})


@login_required
def analysis_edit(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = selectors.analysis_get(request.user, pk)
    if not can(request.user, Operation.EDIT, analysis) or not analysis.is_editable:
        raise PermissionDenied
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
        "environment/form.html",
        {"form": form, "title": _("Edit the analysis"), "analysis": analysis},
    )


class AnalysisAspectFilter(_StyledFilter):
    """Filters of the aspects table of one analysis page (the register's, less site and analysis)."""

    activity = ChoiceFilter(label=gettext_lazy("Activity"), field_name="activity_id", choices=())
    compartment = ChoiceFilter(label=gettext_lazy("Compartment"), choices=Compartment.choices)
    condition = ChoiceFilter(label=gettext_lazy("Operating condition"), choices=OperatingCondition.choices)
    is_significant = BooleanFilter(label=gettext_lazy("Significant"))
    text = CharFilter(label=gettext_lazy("Text"), method="filter_text")

    class Meta:
        model = EnvironmentalAspect
        fields = ["compartment", "condition", "is_significant"]

    def __init__(self, *args: Any, activities: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django import forms

        self.form.fields["activity"].choices = [("", _("All"))] + [(a.pk, a.name) for a in activities]
        self.form.fields["is_significant"].widget = forms.Select(
            choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))],
            attrs={"class": "form-select form-select-sm"},
        )

    def filter_text(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(aspect__icontains=value) | Q(impact__icontains=value))


ASPECTS_PER_PAGE = 50


@login_required
def analysis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The analysis: its activities with their counts, and its aspects 50 to a page, filtered."""
    analysis = selectors.analysis_get(request.user, pk)
    activities = selectors.activities_with_counts(analysis)
    filterset = AnalysisAspectFilter(
        request.GET or None, queryset=selectors.analysis_aspects(analysis), activities=activities
    )
    page_obj = Paginator(filterset.qs, ASPECTS_PER_PAGE).get_page(request.GET.get("page"))
    aspects = list(page_obj.object_list)
    counts = selectors.action_counts([aspect.pk for aspect in aspects])
    settings = services.current_settings()
    can_edit = can(request.user, Operation.EDIT, analysis) and analysis.is_editable
    newer = EnvironmentalAnalysis.objects.filter(previous=analysis).first()
    return render(
        request,
        "environment/analysis_detail.html",
        {
            "analysis": analysis,
            "badge": status_badge(analysis),
            "activities": activities,
            "filterset": filterset,
            "filtered": filterset.is_bound and any(filterset.form.data.get(f) for f in filterset.filters),
            "page_obj": page_obj,
            "aspects": [
                (
                    aspect,
                    significance_badge(aspect),
                    " · ".join(aspect.reason_labels()),
                    counts.get(aspect.pk, 0),
                )
                for aspect in aspects
            ],
            "aspect_total": sum(activity.aspect_count for activity in activities),
            "significant_total": sum(activity.significant_count for activity in activities),
            "show_control": settings.method == "sfc",
            "settings": settings,
            "can_edit": can_edit,
            "can_approve": analysis.is_editable and can(request.user, Operation.CLOSE, analysis),
            "can_revise": analysis.status == AnalysisStatus.APPROVED
            and newer is None
            and can(request.user, Operation.CREATE, EnvironmentalAnalysis, site_id=analysis.site_id),
            "newer": newer,
            "activity_form": ActivityForm(user=request.user) if can_edit else None,
        },
    )


@login_required
@require_POST
def analysis_approve(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = selectors.analysis_get(request.user, pk)
    try:
        services.analysis_approve(user=request.user, analysis=analysis)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Version %(version)s is approved.") % {"version": analysis.version})
    return redirect(analysis)


@login_required
@require_POST
def analysis_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = selectors.analysis_get(request.user, pk)
    try:
        copy = services.analysis_new_version(user=request.user, analysis=analysis)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(analysis)
    messages.success(
        request, _("Version %(version)s is started from the approved one.") % {"version": copy.version}
    )
    return redirect(copy)


def _significant_page(request: HttpRequest, aspects) -> dict[str, Any]:
    """One page of the significant aspects, each with its reasons in words."""
    significant = aspects.filter(is_significant=True).order_by("compartment", "-score", "pk")
    page_obj = Paginator(significant, ASPECTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(aspect, ", ".join(aspect.reason_labels())) for aspect in page_obj.object_list]
    return {"page_obj": page_obj, "significant": rows}


@login_required
def analysis_summary(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = selectors.analysis_get(request.user, pk)
    aspects = selectors.aspect_list(request.user).filter(activity__analysis=analysis)
    return render(
        request,
        "environment/summary.html",
        {
            "analysis": analysis,
            "summary": selectors.summary(aspects),
            "register_query": f"analysis={analysis.pk}",
            **_significant_page(request, aspects),
            "title": _("Significant aspects by compartment and condition"),
        },
    )


@login_required
def summary_all(request: HttpRequest) -> HttpResponse:
    """The same matrix over the latest version of every analysis the user may see."""
    site_id = request.GET.get("site")
    sites = organization_selectors.site_list(request.user)
    site_ids = None
    if site_id and site_id.isdigit() and sites.filter(pk=int(site_id)).exists():
        site_ids = frozenset({int(site_id)})
    aspects = selectors.latest_aspects(request.user, site_ids)
    register_query = "latest=true" + (f"&site={site_id}" if site_ids else "")
    return render(
        request,
        "environment/summary.html",
        {
            "summary": selectors.summary(aspects),
            "register_query": register_query,
            **_significant_page(request, aspects),
            "sites": sites,
            "site_id": int(site_id) if site_ids else None,
            "title": _("Significant aspects by compartment and condition"),
        },
    )


@login_required
def analysis_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = selectors.analysis_get(request.user, pk)
    response = HttpResponse(report.pdf(analysis), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{analysis.reference}-v{analysis.version}.pdf"'
    return response


# --- Activities ----------------------------------------------------------------------------------


def _editable(request: HttpRequest, analysis: EnvironmentalAnalysis) -> None:
    if not can(request.user, Operation.EDIT, analysis):
        raise PermissionDenied
    if not analysis.is_editable:
        raise PermissionDenied


@login_required
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = selectors.analysis_get(request.user, pk)
    _editable(request, analysis)
    form = ActivityForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(user=request.user, analysis=analysis, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Activity added: %(name)s.") % {"name": activity.name})
            return redirect(activity)
    return render(
        request, "environment/form.html", {"form": form, "title": _("Add an activity"), "analysis": analysis}
    )


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(request.user, pk)
    _editable(request, activity.analysis)
    form = ActivityForm(request.POST or None, instance=activity, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(user=request.user, activity=activity, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(activity)
    return render(
        request,
        "environment/form.html",
        {"form": form, "title": _("Edit the activity"), "analysis": activity.analysis},
    )


@login_required
@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(request.user, pk)
    _editable(request, activity.analysis)
    services.activity_delete(user=request.user, activity=activity)
    messages.success(request, _("The activity and its aspects are removed."))
    return redirect(activity.analysis)


# --- Aspects -------------------------------------------------------------------------------------


@login_required
def aspect_create(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = selectors.analysis_get(request.user, pk)
    _editable(request, analysis)
    settings = services.current_settings()
    initial = {}
    activity_id = request.GET.get("activity")
    if activity_id and activity_id.isdigit():
        initial["activity"] = int(activity_id)
    form = AspectForm(request.POST or None, initial=initial, analysis=analysis, settings=settings)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        activity = data.pop("activity")
        try:
            aspect = services.aspect_create(user=request.user, activity=activity, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if aspect.is_significant:
                messages.warning(
                    request,
                    _("Aspect added: score %(score)s, significant (%(reasons)s).")
                    % {"score": aspect.score, "reasons": ", ".join(aspect.reason_labels())},
                )
            else:
                messages.success(
                    request, _("Aspect added: score %(score)s, not significant.") % {"score": aspect.score}
                )
            return redirect(aspect)
    return render(
        request,
        "environment/aspect_form.html",
        {"form": form, "title": _("Add an environmental aspect"), "analysis": analysis, "settings": settings},
    )


@login_required
def aspect_edit(request: HttpRequest, pk: int) -> HttpResponse:
    aspect = selectors.aspect_get(request.user, pk)
    analysis = aspect.activity.analysis
    _editable(request, analysis)
    settings = services.current_settings()
    form = AspectForm(request.POST or None, instance=aspect, analysis=analysis, settings=settings)
    if request.method == "POST" and form.is_valid():
        try:
            services.aspect_update(user=request.user, aspect=aspect, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(aspect)
    return render(
        request,
        "environment/aspect_form.html",
        {
            "form": form,
            "title": _("Edit the aspect"),
            "analysis": analysis,
            "settings": settings,
            "aspect": aspect,
        },
    )


@login_required
@require_POST
def aspect_delete(request: HttpRequest, pk: int) -> HttpResponse:
    aspect = selectors.aspect_get(request.user, pk)
    analysis = aspect.activity.analysis
    _editable(request, analysis)
    services.aspect_delete(user=request.user, aspect=aspect)
    messages.success(request, _("The aspect is removed."))
    return redirect(analysis)


def _aspect_context(request: HttpRequest, aspect: EnvironmentalAspect, **forms: Any) -> dict[str, Any]:
    analysis = aspect.activity.analysis
    settings = services.current_settings()
    from qsse.actions.models import Action

    def label(labels: list[str], value: int) -> str:
        return labels[value - 1] if 0 < value <= len(labels) else ""

    can_follow = can(request.user, Operation.EDIT, analysis)
    return {
        "aspect": aspect,
        "analysis": analysis,
        "badge": significance_badge(aspect),
        "settings": settings,
        "levels": [
            (_("Severity"), aspect.severity, label(settings.severity_labels, aspect.severity)),
            (_("Frequency"), aspect.frequency, label(settings.frequency_labels, aspect.frequency)),
            (_("Control"), aspect.control, label(settings.control_labels, aspect.control)),
        ],
        "actions": list(selectors.aspect_actions(request.user, aspect)),
        "can_edit": can(request.user, Operation.EDIT, analysis) and analysis.is_editable,
        "can_raise": can(request.user, Operation.CREATE, Action, site_id=analysis.site_id),
        "can_follow": can_follow,
        "action_form": forms.get("action_form")
        or ActionForm(
            prefix="action",
            user=request.user,
            initial={"owner": user_person(request.user), "title": aspect.aspect[:255]},
        ),
        "objective_form": forms.get("objective_form")
        or ObjectiveForm(prefix="objective", user=request.user, initial={"owner": user_person(request.user)}),
        "link_form": forms.get("link_form") or LinkObjectiveForm(prefix="link", user=request.user),
    }


@login_required
def aspect_detail(request: HttpRequest, pk: int) -> HttpResponse:
    aspect = selectors.aspect_get(request.user, pk)
    return render(request, "environment/aspect_detail.html", _aspect_context(request, aspect))


@login_required
@require_POST
def aspect_action(request: HttpRequest, pk: int) -> HttpResponse:
    aspect = selectors.aspect_get(request.user, pk)
    form = ActionForm(request.POST, prefix="action", user=request.user)
    if form.is_valid():
        try:
            action = services.aspect_to_action(user=request.user, aspect=aspect, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Action %(reference)s created.") % {"reference": action.reference})
            return redirect(aspect)
    return render(
        request,
        "environment/aspect_detail.html",
        _aspect_context(request, aspect, action_form=form),
        status=422,
    )


@login_required
@require_POST
def aspect_objective(request: HttpRequest, pk: int) -> HttpResponse:
    aspect = selectors.aspect_get(request.user, pk)
    if not can(request.user, Operation.EDIT, aspect.activity.analysis):
        raise PermissionDenied
    if "link-objective" in request.POST:
        form = LinkObjectiveForm(request.POST, prefix="link", user=request.user)
        if form.is_valid():
            services.aspect_link_objective(
                user=request.user, aspect=aspect, objective=form.cleaned_data["objective"]
            )
            messages.success(request, _("The aspect is linked to the objective."))
            return redirect(aspect)
        return render(
            request,
            "environment/aspect_detail.html",
            _aspect_context(request, aspect, link_form=form),
            status=422,
        )
    form = ObjectiveForm(request.POST, prefix="objective", user=request.user)
    if form.is_valid():
        try:
            objective = services.aspect_create_objective(
                user=request.user, aspect=aspect, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("Objective %(reference)s created.") % {"reference": objective.reference}
            )
            return redirect(aspect)
    return render(
        request,
        "environment/aspect_detail.html",
        _aspect_context(request, aspect, objective_form=form),
        status=422,
    )


# --- Settings ------------------------------------------------------------------------------------


@login_required
def settings_edit(request: HttpRequest) -> HttpResponse:
    settings = services.current_settings()
    can_edit = can(request.user, Operation.EDIT, SignificanceSettings)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = SettingsForm(request.POST or None, initial=SettingsForm.initial_from(settings))
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The significance settings are saved; draft analyses are rescored."))
            return redirect("environment:settings")
    return render(
        request,
        "environment/settings.html",
        {
            "form": form,
            "settings": settings,
            "can_edit": can_edit,
            "max_score": services.calculations.max_score(services.rules_of(settings)),
        },
    )
