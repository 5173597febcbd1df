"""Pages of document control. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_filters import CharFilter, ChoiceFilter, FilterSet, ModelChoiceFilter

from qsse.core.choices import Operation
from qsse.core.forms import apply_service_errors, style_fields
from qsse.core.listing import EXPORT_MAX_ROWS, Column, FilteredListView
from qsse.core.pdf import render_pdf
from qsse.core.permissions import can
from qsse.core.search_indexes import text_filter
from qsse.organization import selectors as organization_selectors
from qsse.processes import selectors as process_selectors

from . import access, calculations, report, selectors, services
from .choices import REVIEW_SOON_DAYS, SECTIONS, Confidentiality, ContentKind, DocumentStatus, VersionStatus
from .forms import DocumentForm, NewVersionForm, ReasonForm, SignForm, VersionForm
from .markup import render_markdown
from .models import Document, DocumentType

STATUS_CLASSES = {
    VersionStatus.DRAFT: "text-bg-light border text-dark",
    VersionStatus.IN_REVIEW: "text-bg-info",
    VersionStatus.APPROVED: "text-bg-primary",
    VersionStatus.PUBLISHED: "text-bg-success",
    VersionStatus.OBSOLETE: "text-bg-secondary",
    VersionStatus.ARCHIVED: "text-bg-dark",
    DocumentStatus.IN_PREPARATION: "text-bg-light border text-dark",
    DocumentStatus.IN_FORCE: "text-bg-success",
    DocumentStatus.WITHDRAWN: "text-bg-secondary",
    Confidentiality.PUBLIC: "text-bg-light border text-dark",
    Confidentiality.INTERNAL: "text-bg-light border text-dark",
    Confidentiality.RESTRICTED: "text-bg-warning",
    Confidentiality.CONFIDENTIAL: "text-bg-danger",
}


class Badge:
    """A status in words on a coloured badge (not colour alone); plain words in the Excel export."""

    def __init__(self, status: str, label: Any):
        self.status = status
        self.label = str(label)

    def __str__(self) -> str:
        return self.label

    @property
    def html(self) -> str:
        return format_html(
            '<span class="badge {}" data-status="{}">{}</span>',
            STATUS_CLASSES.get(self.status, "text-bg-secondary"),
            self.status,
            self.label,
        )


def version_badge(version) -> Badge:
    return Badge(version.status, version.get_status_display())


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


# --- Master list -----------------------------------------------------------------------------------


def _sites(request):
    return organization_selectors.site_list(request.user) if request else None


def _processes(request):
    return process_selectors.process_list(request.user) if request else None


class TypeFilter(ModelChoiceFilter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, queryset=DocumentType.objects.all(), **kwargs)

    @property
    def field(self):
        field = super().field
        field.label_from_instance = lambda obj: obj.name
        return field


class DocumentFilter(FilterSet):
    q = CharFilter(label=gettext_lazy("Reference or title"), method="filter_q")
    document_type = TypeFilter(label=gettext_lazy("Type"))
    status = ChoiceFilter(label=gettext_lazy("Status"), choices=DocumentStatus.choices)
    confidentiality = ChoiceFilter(label=gettext_lazy("Confidentiality"), choices=Confidentiality.choices)
    process = ModelChoiceFilter(label=gettext_lazy("Process"), queryset=_processes)
    site = ModelChoiceFilter(label=gettext_lazy("Site"), queryset=_sites, method="filter_site")
    review = ChoiceFilter(
        label=gettext_lazy("Periodic review"),
        choices=[("overdue", gettext_lazy("Overdue")), ("due_soon", gettext_lazy("Due within 30 days"))],
        method="filter_review",
    )

    class Meta:
        model = Document
        fields = ["q", "document_type", "status", "confidentiality", "process"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self.form, small=True)

    def filter_q(self, queryset, name, value):
        return text_filter(queryset, value)

    def filter_site(self, queryset, name, value):
        from django.db.models import Exists, OuterRef, Q

        through = Document.sites.through.objects
        return (
            queryset.filter(
                ~Exists(through.filter(document_id=OuterRef("pk")))
                | Exists(through.filter(document_id=OuterRef("pk"), site_id=value.pk))
            )
            if value
            else queryset.filter(Q())
        )

    def filter_review(self, queryset, name, value):
        from datetime import timedelta

        today = timezone.localdate()
        if value == "overdue":
            return queryset.filter(current_version__isnull=False, next_review_on__lt=today)
        return queryset.filter(
            current_version__isnull=False,
            next_review_on__gte=today,
            next_review_on__lte=today + timedelta(days=REVIEW_SOON_DAYS),
        )


def _status_badge(document: Document) -> Badge:
    return Badge(document.status, document.get_status_display())


def _confidentiality_badge(document: Document) -> Badge:
    return Badge(document.confidentiality, document.get_confidentiality_display())


class DocumentListView(LoginRequiredMixin, FilteredListView):
    template_name = "documents/document_list.html"
    title = gettext_lazy("Master list of documents")
    export_name = gettext_lazy("master-list-documents")
    filterset_class = DocumentFilter
    default_sort = "reference"
    columns = (
        Column("reference", gettext_lazy("Reference"), sort="reference", link=True),
        Column("title", gettext_lazy("Title"), sort="title"),
        Column(
            "document_type",
            gettext_lazy("Type"),
            sort="document_type__position",
            value=lambda d: d.document_type.name,
        ),
        Column(
            "version",
            gettext_lazy("Version in force"),
            value=lambda d: d.current_version.label if d.current_version_id else "—",
        ),
        Column("status", gettext_lazy("Status"), sort="status", value=_status_badge),
        Column(
            "effective_on",
            gettext_lazy("Effective on"),
            sort="current_version__effective_on",
            value=lambda d: d.current_version.effective_on if d.current_version_id else None,
        ),
        Column("owner", gettext_lazy("Owner"), sort="owner__last_name"),
        Column(
            "process",
            gettext_lazy("Process"),
            sort="process__code",
            value=lambda d: d.process.code if d.process_id else "",
        ),
        Column(
            "confidentiality",
            gettext_lazy("Confidentiality"),
            sort="confidentiality",
            value=_confidentiality_badge,
        ),
        Column("next_review_on", gettext_lazy("Next review"), sort="next_review_on"),
    )

    def get_base_queryset(self):
        return selectors.document_list(self.request.user)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("export") != "pdf":
            return super().get(request, *args, **kwargs)
        self.filterset = self.get_filterset()
        documents = self.sorted_queryset(self.filterset.qs)[:EXPORT_MAX_ROWS]
        today = timezone.localdate()
        pdf = render_pdf(report.MASTER_LIST, report.master_list_data(documents, today))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="liste-maitresse-{today.isoformat()}.pdf"'
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_create"] = can(self.request.user, Operation.CREATE, Document)
        context["review_counts"] = selectors.review_counts(self.request.user, timezone.localdate())
        return context


# --- Documents -------------------------------------------------------------------------------------


@login_required
def document_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, Document):
        raise PermissionDenied
    form = DocumentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_fields()
        try:
            document = services.document_create(
                user=request.user,
                document_type=data.pop("document_type"),
                title=data.pop("title"),
                owner=data.pop("owner"),
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("Document %(reference)s created.") % {"reference": document.reference}
            )
            return redirect("documents:version_edit", document.versions.get().pk)
    return render(request, "documents/document_form.html", {"form": form, "title": _("New document")})


@login_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(request.user, pk)
    access.require_edit(request.user, document)
    form = DocumentForm(request.POST or None, instance=document, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_fields()
        data.pop("document_type", None)
        document.refresh_from_db()
        try:
            services.document_update(user=request.user, document=document, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The document is updated."))
            return redirect(document)
    return render(
        request,
        "documents/document_form.html",
        {
            "form": form,
            "document": document,
            "title": _("Edit %(reference)s") % {"reference": document.reference},
        },
    )


def _version_context(request: HttpRequest, document: Document, version) -> dict[str, Any]:
    user = request.user
    checks = selectors.signatures_verify(version) if version is not None else []
    current_cycle = (
        [check for check in checks if check.signature.review_cycle == version.review_cycle] if version else []
    )
    meaning = services.expected_meaning(user, version) if version is not None else None
    acknowledgement = selectors.my_acknowledgement(user, version) if version is not None else None
    can_edit = access.can_edit(user, document)
    return {
        "document": document,
        "version": version,
        "version_badge": version_badge(version) if version else None,
        "status_badge": _status_badge(document),
        "confidentiality_badge": _confidentiality_badge(document),
        "sections": [
            (key, label, render_markdown(getattr(version, key)))
            for key, label in SECTIONS
            if getattr(version, key)
        ]
        if version is not None and document.content_kind == ContentKind.WRITTEN
        else [],
        "versions": [(item, version_badge(item)) for item in selectors.versions_of(user, document)],
        "checks": checks,
        "current_checks": current_cycle,
        "all_valid": all(check.is_valid for check in checks),
        "can_edit": can_edit,
        "can_publish": access.can_publish(user, document),
        "sees_every_version": access.sees_every_version(user, document),
        "open_version": services.open_version(document) if can_edit else None,
        "sign_meaning": meaning,
        "can_reject": version is not None
        and version.status in (VersionStatus.IN_REVIEW, VersionStatus.APPROVED)
        and (meaning is not None or can_edit),
        "acknowledgement": acknowledgement,
        "can_acknowledge": version is not None
        and version.status == VersionStatus.PUBLISHED
        and (acknowledgement is None or acknowledgement.acknowledged_at is None),
        "read_stats": selectors.read_stats(version) if version is not None else None,
        "read_requests": list(selectors.read_requests_of(version)[:500])
        if version is not None and can_edit
        else [],
        "review_status": calculations.review_status(
            document.next_review_on, timezone.localdate(), REVIEW_SOON_DAYS
        ),
        "new_version_form": NewVersionForm(),
        "reason_form": ReasonForm(),
        "sites": list(document.sites.all()),
    }


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(request.user, pk)
    version = document.current_version
    if access.sees_every_version(request.user, document):
        version = (
            services.open_version(document)
            or version
            or document.versions.order_by("-major", "-minor").first()
        )
    return render(request, "documents/document_detail.html", _version_context(request, document, version))


@login_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(request.user, pk)
    return render(
        request, "documents/document_detail.html", _version_context(request, version.document, version)
    )


@login_required
def version_edit(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(request.user, pk)
    document = version.document
    access.require_edit(request.user, document)
    if version.status != VersionStatus.DRAFT:
        messages.error(request, _("Only a draft can be edited."))
        return redirect(version)
    written = document.content_kind == ContentKind.WRITTEN
    initial = {key: getattr(version, key) for key, _label in SECTIONS}
    initial.update(
        change_description=version.change_description,
        is_major=version.is_major,
        reviewers=list(version.reviewers.all()),
        approvers=list(version.approvers.all()),
    )
    form = VersionForm(
        request.POST or None, request.FILES or None, user=request.user, written=written, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.version_update(
                user=request.user,
                version=version,
                sections=form.sections(),
                change_description=form.cleaned_data["change_description"],
                is_major=form.cleaned_data["is_major"],
                reviewers=form.cleaned_data["reviewers"],
                approvers=form.cleaned_data["approvers"],
                upload=form.cleaned_data.get("file"),
            )
            if "submit" in request.POST:
                services.version_submit(user=request.user, version=version)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if "submit" in request.POST:
                messages.success(request, _("Version %(label)s sent for review.") % {"label": version.label})
            else:
                messages.success(request, _("The draft is saved."))
            return redirect(version)
    return render(
        request,
        "documents/version_form.html",
        {
            "form": form,
            "document": document,
            "version": version,
            "written": written,
            "section_fields": [form[key] for key, _label in SECTIONS] if written else [],
        },
    )


def _post_action(request: HttpRequest, version, action) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(version)


@login_required
@require_POST
def version_submit(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(request.user, pk)

    def action():
        services.version_submit(user=request.user, version=version)
        messages.success(request, _("Version %(label)s sent for review.") % {"label": version.label})

    return _post_action(request, version, action)


@login_required
def version_sign(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(request.user, pk)
    meaning = services.expected_meaning(request.user, version)
    if meaning is None:
        messages.error(request, _("You have nothing to sign on this version."))
        return redirect(version)
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_sign(
                user=request.user,
                version=version,
                meaning=meaning,
                password=form.cleaned_data["password"],
                comment=form.cleaned_data["comment"],
                ip_address=_client_ip(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your electronic signature is recorded."))
            return redirect(version)
    from .choices import SignatureMeaning

    return render(
        request,
        "documents/sign_form.html",
        {
            "form": form,
            "version": version,
            "document": version.document,
            "meaning_label": SignatureMeaning(meaning).label,
            "digest": version.content_digest(),
        },
    )


@login_required
@require_POST
def version_reject(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the version is sent back."))
        return redirect(version)

    def action():
        services.version_reject(user=request.user, version=version, reason=form.cleaned_data["reason"])
        messages.success(request, _("The version is sent back to draft."))

    return _post_action(request, version, action)


@login_required
@require_POST
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(request.user, pk)

    def action():
        services.version_publish(user=request.user, version=version)
        messages.success(
            request, _("Version %(label)s is published and in force.") % {"label": version.label}
        )

    return _post_action(request, version, action)


@login_required
@require_POST
def version_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(request.user, pk)

    def action():
        services.read_acknowledge(user=request.user, version=version)
        messages.success(request, _("Your reading of this version is recorded."))

    return _post_action(request, version, action)


@login_required
@require_POST
def document_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(request.user, pk)
    form = NewVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Describe what changes in this version."))
        return redirect(document)
    try:
        version = services.version_create(
            user=request.user,
            document=document,
            is_major=form.cleaned_data["is_major"],
            change_description=form.cleaned_data["change_description"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(document)
    return redirect("documents:version_edit", version.pk)


@login_required
@require_POST
def document_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(request.user, pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say why the document is withdrawn."))
        services.document_withdraw(user=request.user, document=document, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The document is withdrawn."))
    return redirect(document)


@login_required
@require_POST
def document_reviewed(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(request.user, pk)
    services.review_record(user=request.user, document=document)
    messages.success(request, _("Periodic review recorded."))
    return redirect(document)


# --- Files -----------------------------------------------------------------------------------------


@login_required
def version_file(request: HttpRequest, pk: int) -> FileResponse:
    """The uploaded file of a version: inline for the PDF preview, as an attachment otherwise."""
    version = selectors.version_get(request.user, pk)
    if not version.file_name:
        raise Http404
    inline = request.GET.get("inline") == "1" and version.is_pdf
    services.download_record(
        user=request.user,
        version=version,
        what="preview" if inline else "file",
        ip_address=_client_ip(request),
    )
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=not inline,
        filename=version.file_name,
        content_type=version.file_mime,
    )
    if inline:
        response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'"
    return response


@login_required
def version_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A written version as PDF, with its cover block (reference, version, signatures)."""
    version = selectors.version_get(request.user, pk)
    if version.document.content_kind != ContentKind.WRITTEN:
        raise Http404
    services.download_record(user=request.user, version=version, what="pdf", ip_address=_client_ip(request))
    pdf = render_pdf(report.PROCEDURE, report.procedure_data(version, selectors.signatures_verify(version)))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{version.document.reference}-v{version.label}.pdf"'
    return response


# --- Reader's pages --------------------------------------------------------------------------------


@login_required
def to_read(request: HttpRequest) -> HttpResponse:
    requests = list(selectors.my_read_requests(request.user)[:500])
    return render(request, "documents/to_read.html", {"requests": requests})


@login_required
def download_log(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CLOSE, Document):
        raise PermissionDenied
    return render(
        request, "documents/download_log.html", {"rows": list(selectors.download_log(request.user)[:500])}
    )
