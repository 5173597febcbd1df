"""Pages of the compliance module: the compliance register (filters, Excel), the libraries and the
diff of their versions, library import, site profiles, and the assessment page (applicability
decision, conformity with an inline htmx status change). Thin: forms validate, services write,
selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qsse.core.choices import Operation
from qsse.core.listing import Column, FilteredListView
from qsse.core.permissions import can
from qsse.organization import selectors as organization_selectors

from . import selectors, services
from .filters import AssessmentFilter
from .forms import (
    ApplicabilityForm,
    AssessmentForm,
    LibraryImportForm,
    ProfileForm,
    StatusForm,
    apply_service_errors,
)
from .library_files import LibraryFileError
from .models import ComplianceAssessment, RequirementLibrary, SiteProfile

REQUIREMENTS_PER_PAGE = 100


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


class AssessmentListView(LoginRequiredMixin, FilteredListView):
    """The compliance register: one row per requirement and site."""

    template_name = "compliance/assessment_list.html"
    title = gettext_lazy("Compliance register")
    export_name = gettext_lazy("compliance register")
    filterset_class = AssessmentFilter
    default_sort = ""
    columns = (
        Column("requirement.reference", gettext_lazy("Reference"), sort="requirement__reference", link=True),
        Column("requirement.title", gettext_lazy("Requirement"), sort="requirement__title"),
        Column("requirement.library", gettext_lazy("Library")),
        Column("theme", gettext_lazy("Theme"), value=lambda row: row.requirement.get_theme_display()),
        Column("site", gettext_lazy("Site"), sort="site__name"),
        Column("applicable", gettext_lazy("Applicable"), value=lambda row: _yes_no(row.is_applicable)),
        Column("status", gettext_lazy("Conformity"), sort="status"),
        Column("gap_severity", gettext_lazy("Gap")),
        Column("next_assessment_on", gettext_lazy("Next assessment"), sort="next_assessment_on"),
        Column("review", gettext_lazy("To review (watch)"), value=lambda row: _yes_no(row.needs_review)),
        Column(
            "action", gettext_lazy("Action"), value=lambda row: row.action.reference if row.action else ""
        ),
    )

    def get_base_queryset(self):
        return selectors.assessment_list(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["overall"] = selectors.overall_rate(user)
        context["by_theme"] = selectors.rates_by_theme(user)
        context["by_site"] = selectors.rates_by_site(user)
        context["review_count"] = selectors.review_count(user)
        return context


@login_required
def library_list(request: HttpRequest) -> HttpResponse:
    can_import = can(request.user, Operation.CREATE, RequirementLibrary)
    return render(
        request,
        "compliance/library_list.html",
        {
            "libraries": selectors.library_list(request.user),
            "can_import": can_import,
            "form": LibraryImportForm() if can_import else None,
        },
    )


@login_required
def library_import(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, RequirementLibrary):
        raise PermissionDenied
    form = LibraryImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.library_import(user=request.user, content=form.cleaned_data["file"].read())
        except LibraryFileError as error:
            errors = error.errors
        else:
            messages.success(
                request,
                _(
                    "Version %(version)s loaded: %(added)s new, %(modified)s modified, "
                    "%(repealed)s repealed; %(flagged)s assessments to review."
                )
                % {
                    "version": result.version.number,
                    "added": len(result.diff.added),
                    "modified": len(result.diff.modified),
                    "repealed": len(result.diff.repealed),
                    "flagged": result.flagged,
                },
            )
            url = result.version.library.get_absolute_url()
            return redirect(f"{url}?version={result.version.pk}")
    status = 400 if errors or form.errors else 200
    return render(request, "compliance/library_import.html", {"form": form, "errors": errors}, status=status)


@login_required
def library_detail(request: HttpRequest, pk: int) -> HttpResponse:
    library = selectors.library_get(request.user, pk)
    versions = list(selectors.library_versions(library))
    shown = library.current_version
    if request.GET.get("version"):
        shown = next((v for v in versions if str(v.pk) == request.GET["version"]), None)
        if shown is None:
            raise Http404
    page = Paginator(selectors.library_requirements(library), REQUIREMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "compliance/library_detail.html",
        {
            "library": library,
            "versions": versions,
            "shown_version": shown,
            "changes": selectors.version_changes(shown) if shown else [],
            "page_obj": page,
        },
    )


@login_required
def profile_list(request: HttpRequest) -> HttpResponse:
    sites = list(organization_selectors.site_list(request.user))
    profiles = {profile.site_id: profile for profile in SiteProfile.objects.filter(site__in=sites)}
    rows = [(site, profiles.get(site.pk)) for site in sites]
    return render(
        request,
        "compliance/profile_list.html",
        {"rows": rows, "can_edit": can(request.user, Operation.EDIT, SiteProfile)},
    )


@login_required
def profile_edit(request: HttpRequest, site_pk: int) -> HttpResponse:
    site = organization_selectors.site_list(request.user).filter(pk=site_pk).first()
    if site is None:
        raise Http404
    profile = selectors.profile_for(site)
    if not can(
        request.user, Operation.EDIT if profile else Operation.CREATE, profile or SiteProfile, site_id=site.pk
    ):
        raise PermissionDenied
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ProfileForm.Meta.fields}
        try:
            services.profile_save(user=request.user, site=site, **fields)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("Profile of %(site)s saved; applicability proposals refreshed.") % {"site": site}
            )
            return redirect("compliance:profile_list")
    return render(
        request,
        "compliance/profile_form.html",
        {
            "form": form,
            "site": site,
            "facts": selectors.profile_facts(site, profile),
            "title": _("Compliance profile"),
        },
    )


def _assessment_context(
    request: HttpRequest, assessment: ComplianceAssessment, **extra: Any
) -> dict[str, Any]:
    return {
        "assessment": assessment,
        "requirement": assessment.requirement,
        "can_edit": can(request.user, Operation.EDIT, assessment),
        "status_choices": StatusForm.base_fields["status"].choices,
        **extra,
    }


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get(request.user, pk)
    applicability_form = ApplicabilityForm(
        initial={
            "is_applicable": "1" if assessment.is_applicable else "0",
            "justification": assessment.justification,
        }
    )
    assessment_form = AssessmentForm(
        user=request.user,
        initial={
            "status": assessment.status,
            "gap_severity": assessment.gap_severity,
            "evidence": assessment.evidence,
            "comment": assessment.comment,
            "assessed_on": assessment.assessed_on,
            "next_assessment_on": assessment.next_assessment_on,
        },
    )
    return render(
        request,
        "compliance/assessment_detail.html",
        _assessment_context(
            request, assessment, applicability_form=applicability_form, assessment_form=assessment_form
        ),
    )


def _editable(request: HttpRequest, pk: int) -> ComplianceAssessment:
    assessment = selectors.assessment_get(request.user, pk)
    if not can(request.user, Operation.EDIT, assessment):
        raise PermissionDenied
    return assessment


@login_required
@require_POST
def assessment_decide(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _editable(request, pk)
    form = ApplicabilityForm(request.POST)
    if form.is_valid():
        try:
            services.applicability_decide(
                user=request.user,
                assessment=assessment,
                is_applicable=form.cleaned_data["is_applicable"],
                justification=form.cleaned_data["justification"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Applicability recorded."))
            return redirect(assessment)
    assessment = selectors.assessment_get(request.user, pk)
    return render(
        request,
        "compliance/assessment_detail.html",
        _assessment_context(
            request, assessment, applicability_form=form, assessment_form=AssessmentForm(user=request.user)
        ),
        status=400,
    )


@login_required
@require_POST
def assessment_assess(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _editable(request, pk)
    form = AssessmentForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_record(
                user=request.user,
                assessment=assessment,
                status=data["status"],
                gap_severity=data["gap_severity"],
                evidence=data["evidence"],
                comment=data["comment"],
                assessed_on=data["assessed_on"],
                next_assessment_on=data["next_assessment_on"],
                action_owner=data["action_owner"],
                action_due_on=data["action_due_on"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Assessment recorded."))
            return redirect(assessment)
    assessment = selectors.assessment_get(request.user, pk)
    return render(
        request,
        "compliance/assessment_detail.html",
        _assessment_context(
            request, assessment, applicability_form=ApplicabilityForm(), assessment_form=form
        ),
        status=400,
    )


@login_required
@require_POST
def assessment_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Inline status change (htmx): answers the status block, with the action a gap opened."""
    assessment = _editable(request, pk)
    form = StatusForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.assessment_record(
                user=request.user, assessment=assessment, status=form.cleaned_data["status"]
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choose a conformity status.")
    assessment = selectors.assessment_get(request.user, pk)
    context = _assessment_context(request, assessment, status_error=error)
    if request.htmx:
        return render(request, "compliance/partials/_status.html", context, status=400 if error else 200)
    if error:
        messages.error(request, error)
    return redirect(assessment)
