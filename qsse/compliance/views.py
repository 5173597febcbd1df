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
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qsse.core.choices import Operation
from qsse.core.forms import apply_service_errors
from qsse.core.listing import Column, FilteredListView
from qsse.core.pdf import render_pdf
from qsse.core.permissions import can, user_site_ids
from qsse.organization import selectors as organization_selectors

from . import charts, report, selectors, services
from .badges import GapBadge
from .filters import AssessmentFilter
from .forms import ApplicabilityForm, AssessmentForm, LibraryImportForm, ProfileForm, SnapshotForm, StatusForm
from .library_files import LibraryFileError
from .models import ComplianceAssessment, ComplianceSnapshot, RequirementLibrary, SiteProfile

REQUIREMENTS_PER_PAGE = 100
REGISTER_FIELDS = (
    "requirement__reference",
    "requirement__title",
    "requirement__theme",
    "requirement__position",
    "requirement__library__title",
    "site__name",
    "is_applicable",
    "status",
    "gap_severity",
    "gap_likelihood",
    "gap_impact",
    "gap_score",
    "gap_level",
    "gap_colour",
    "gap_text_colour",
    "gap_is_significant",
    "next_assessment_on",
    "needs_review",
    "action__reference",
)


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
        Column("gap_score", gettext_lazy("Gap criticality"), sort="gap_score", value=GapBadge),
        Column("next_assessment_on", gettext_lazy("Next assessment"), sort="next_assessment_on"),
        Column("review", gettext_lazy("To review (watch)"), value=lambda row: _yes_no(row.needs_review)),
        Column(
            "action", gettext_lazy("Action"), value=lambda row: row.action.reference if row.action else ""
        ),
    )

    def get_base_queryset(self):
        queryset = selectors.assessment_list(self.request.user)
        if self.request.GET.get("export") == "pdf":
            return queryset  # the PDF prints evidence, justification, assessor…
        # The columns only: sorting 50,000 rows that carry every joined column (summaries, criteria,
        # evidence) cost PostgreSQL about 80 ms for a page of 100.
        return (
            queryset.select_related(None)
            .select_related("requirement__library", "site", "action")
            .only(*REGISTER_FIELDS)
        )

    def sorted_queryset(self, queryset):
        # Unrated rows last whichever the direction (PostgreSQL puts NULLs first when descending).
        if self.sort_key().lstrip("-") == "gap_score":
            score = F("gap_score")
            order = (
                score.desc(nulls_last=True) if self.sort_key().startswith("-") else score.asc(nulls_last=True)
            )
            return queryset.order_by(order, "pk")
        return super().sorted_queryset(queryset)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("export") == "pdf":
            return self.register_pdf(request)
        return super().get(request, *args, **kwargs)

    def register_pdf(self, request: HttpRequest) -> HttpResponse:
        """The filtered register as a PDF for an auditor or an inspector (``?lang=fr|en``)."""
        self.filterset = self.get_filterset()
        language = report.language_of(request.GET.get("lang"))
        data = report.register_data(
            selectors.register_rows(self.filterset.qs), language, filters=_filters_text(self.filterset)
        )
        response = HttpResponse(render_pdf(report.TEMPLATE, data), content_type="application/pdf")
        filename = f"registre-conformite-{timezone.localdate().isoformat()}-{language}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


def _filters_text(filterset: Any) -> str:
    """The filters applied, as "Site : Moulins · Conformité : Non conforme" (printed on the PDF)."""
    if not filterset.is_bound or not filterset.form.is_valid():
        return ""
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", []):
            continue
        field = filterset.form.fields[name]
        choices = dict(getattr(field, "choices", []) or [])
        shown = choices.get(value, value) if not hasattr(value, "pk") else value
        if isinstance(value, bool):
            shown = _yes_no(value)
        parts.append(f"{field.label} : {shown}")
    return " · ".join(parts)


@login_required
def assessment_summary(request: HttpRequest) -> HttpResponse:
    """The conformity rates (overall, by theme, by site) of the visible requirements: the panel the
    register loads with htmx after its rows, or a page of its own without JavaScript."""
    user = request.user
    context = {
        "overall": selectors.overall_rate(user),
        "by_theme": selectors.rates_by_theme(user),
        "by_site": selectors.rates_by_site(user),
        "review_count": selectors.review_count(user),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "compliance/partials/_register_summary.html", context)
    return render(request, "compliance/register_summary.html", context)


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
            "gap_likelihood": assessment.gap_likelihood,
            "gap_impact": assessment.gap_impact,
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
                gap_likelihood=data["gap_likelihood"],
                gap_impact=data["gap_impact"],
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


# --- Compliance dashboard and standard gap analysis ----------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Rate by theme and site, top gaps by criticality, requirements changed since their last
    assessment, counts to assess and overdue: aggregated in the database (``selectors.dashboard``)."""
    site = selectors.visible_site(request.user, request.GET.get("site"))
    figures = selectors.dashboard(request.user, site=site, today=timezone.localdate())
    return render(
        request,
        "compliance/dashboard.html",
        {
            "figures": figures,
            "site": site,
            "site_choices": organization_selectors.site_list(request.user),
            "standards": selectors.standard_list(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
def gap_analysis(request: HttpRequest, pk: int) -> HttpResponse:
    """Rates per clause and for the standard, for one site or every visible site, compared with a
    snapshot (``?compare=<id>``, else the latest one)."""
    library = selectors.standard_get(request.user, pk)
    site = selectors.visible_site(request.user, request.GET.get("site"))
    analysis = selectors.gap_analysis(request.user, library, site=site)
    snapshots = list(selectors.snapshot_list(request.user, library, site=site))
    compared = snapshots[-1] if snapshots else None
    if request.GET.get("compare"):
        compared = next((item for item in snapshots if str(item.pk) == request.GET["compare"]), None)
        if compared is None:
            raise Http404
    main_rows = analysis.main_rows
    series = [(str(_("Now")), [row.clause.rate.rate for row in main_rows])]
    if compared is not None:
        series.append(
            (compared.label, [selectors.snapshot_rate(compared, row.clause.key) for row in main_rows])
        )
    progress = [
        (row, [selectors.snapshot_rate(snapshot, row.clause.key) for snapshot in snapshots])
        for row in analysis.rows
    ]
    can_snapshot = can(
        request.user, Operation.CREATE, ComplianceSnapshot, site_id=site.pk if site else None
    ) and (site is not None or user_site_ids(request.user) is None)
    return render(
        request,
        "compliance/gap_analysis.html",
        {
            "library": library,
            "analysis": analysis,
            "site": site,
            "site_choices": organization_selectors.site_list(request.user),
            "standards": selectors.standard_list(request.user),
            "snapshots": snapshots,
            "compared": compared,
            "progress": progress,
            "radar": charts.radar_chart([(row.clause.key, row.title) for row in main_rows], series)
            if main_rows
            else None,
            "can_snapshot": can_snapshot,
            "snapshot_form": SnapshotForm(initial={"site": site.pk if site else None})
            if can_snapshot
            else None,
        },
    )


@login_required
@require_POST
def snapshot_take(request: HttpRequest, pk: int) -> HttpResponse:
    library = selectors.standard_get(request.user, pk)
    form = SnapshotForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
        return redirect("compliance:gap_analysis", pk=library.pk)
    site = selectors.visible_site(request.user, form.cleaned_data["site"])
    try:
        snapshot = services.snapshot_take(
            user=request.user,
            library=library,
            site=site,
            label=form.cleaned_data["label"],
            taken_on=form.cleaned_data["taken_on"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        snapshot = None
    else:
        messages.success(request, _("Snapshot “%(label)s” taken.") % {"label": snapshot.label})
    url = reverse("compliance:gap_analysis", args=[library.pk])
    query = {
        key: value
        for key, value in (("site", site.pk if site else ""), ("compare", snapshot.pk if snapshot else ""))
        if value
    }
    return redirect(f"{url}?{urlencode(query)}" if query else url)
