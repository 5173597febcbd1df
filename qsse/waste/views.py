"""Pages of the waste module. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import (
    BooleanFilter,
    CharFilter,
    ChoiceFilter,
    DateFilter,
    FilterSet,
    ModelChoiceFilter,
    NumberFilter,
)

from qsse.core.choices import Operation
from qsse.core.forms import DateInput, apply_service_errors, save_through_service, style_fields
from qsse.core.listing import EXPORT_MAX_ROWS, Column, FilteredListView
from qsse.core.pdf import render_pdf
from qsse.core.permissions import can, user_person
from qsse.organization import selectors as organization_selectors

from . import calculations, charts, importing, reference, report, selectors, services
from .choices import SortingFlow, TreatmentKind, WasteCategory
from .forms import ContractorForm, ImportForm, RemovalForm, StreamForm
from .models import Contractor, TreatmentCode, WasteCode, WasteRemoval, WasteStream


def _sites(request):
    return organization_selectors.site_list(request.user) if request else None


def _streams(request):
    if request is None:
        return WasteStream.objects.none()
    return selectors.stream_choices(request.user)


class _StyledFilter(FilterSet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self.form, small=True)


def _quantity(removal: WasteRemoval) -> str:
    return f"{removal.quantity.normalize():f} {removal.get_unit_display()}"


def _tonnes(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.3f}"


# --- Register ----------------------------------------------------------------------------------


class RemovalFilter(_StyledFilter):
    site = ModelChoiceFilter(label=gettext_lazy("Site"), queryset=_sites)
    year = NumberFilter(label=gettext_lazy("Year"))
    category = ChoiceFilter(label=gettext_lazy("Category"), choices=WasteCategory.choices)
    stream = ModelChoiceFilter(label=gettext_lazy("Waste stream"), queryset=_streams)
    code = CharFilter(label=gettext_lazy("Waste code"), method="filter_code")
    treatment_kind = ChoiceFilter(label=gettext_lazy("Recovery or disposal"), choices=TreatmentKind.choices)
    removed_from = DateFilter(
        label=gettext_lazy("Removed from"), field_name="removed_on", lookup_expr="gte", widget=DateInput()
    )
    removed_to = DateFilter(
        label=gettext_lazy("Removed until"), field_name="removed_on", lookup_expr="lte", widget=DateInput()
    )
    tracking = CharFilter(
        label=gettext_lazy("Slip number"), field_name="tracking_number", lookup_expr="icontains"
    )

    class Meta:
        model = WasteRemoval
        fields = ["site", "year", "category", "stream", "treatment_kind"]

    def filter_code(self, queryset, name, value):
        code = calculations.normalize_code(value)
        if code:
            return queryset.filter(waste_code__code=code)
        digits = "".join(char for char in value if char.isdigit())
        return queryset.filter(waste_code__code__startswith=digits) if digits else queryset


class RemovalListView(LoginRequiredMixin, FilteredListView):
    """The chronological waste register (arrêté du 31 mai 2021): filters, Excel and PDF."""

    template_name = "waste/removal_list.html"
    title = gettext_lazy("Waste register")
    export_name = gettext_lazy("waste-register")
    filterset_class = RemovalFilter
    default_sort = "-removed_on"
    columns = (
        Column("reference", gettext_lazy("Reference"), sort="reference", link=True),
        Column("removed_on", gettext_lazy("Date"), sort="removed_on"),
        Column("site", gettext_lazy("Site"), sort="site__name"),
        Column("usual_name", gettext_lazy("Usual name"), sort="usual_name"),
        Column("code", gettext_lazy("Code"), sort="waste_code__code", value=lambda r: r.waste_code.display),
        Column("category", gettext_lazy("Category"), sort="category"),
        Column("is_pop", gettext_lazy("POP"), value=lambda r: _("yes") if r.is_pop else _("no")),
        Column("quantity", gettext_lazy("Quantity"), sort="quantity", value=_quantity),
        Column("tonnes", gettext_lazy("Tonnes"), sort="tonnes"),
        Column("collector", gettext_lazy("Collector")),
        Column("transporter", gettext_lazy("Transporter")),
        Column("facility", gettext_lazy("Destination")),
        Column(
            "treatment",
            gettext_lazy("Treatment"),
            sort="treatment_code__order",
            value=lambda r: r.treatment_code.code if r.treatment_code_id else None,
        ),
        Column("tracking_number", gettext_lazy("Slip number"), sort="tracking_number"),
    )

    def get_base_queryset(self):
        return selectors.removal_list(self.request.user)

    table_template_name = "waste/partials/_register_table.html"

    def paginate(self, queryset):
        """Page over the ids first (one table, the filter and the sort, on the indexes), then read the
        page's 50 lines with their joins: with hundreds of thousands of lines, SQLite otherwise
        joins every line before sorting."""
        page = super().paginate(queryset.values_list("pk", flat=True))
        ids = list(page.object_list)
        by_id = {row.pk: row for row in selectors.removal_list(self.request.user).filter(pk__in=ids)}
        page.object_list = [by_id[pk] for pk in ids if pk in by_id]
        return page

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("export") != "pdf":
            return super().get(request, *args, **kwargs)
        self.filterset = self.get_filterset()
        lines = self.filterset.qs.order_by("site__name", "removed_on", "pk")[:EXPORT_MAX_ROWS]
        today = timezone.localdate()
        data = report.register_data(lines, today=today, filters=self._filter_summary())
        response = HttpResponse(render_pdf(report.TEMPLATE, data), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="registre-dechets-{today.isoformat()}.pdf"'
        return response

    def _filter_summary(self) -> str:
        form = self.filterset.form
        if not form.is_valid():
            return ""
        parts = []
        for name, value in form.cleaned_data.items():
            if value in (None, ""):
                continue
            field = form.fields[name]
            shown = dict(field.choices).get(value, value) if hasattr(field, "choices") else value
            parts.append(f"{field.label} : {shown}")
        return " · ".join(str(part) for part in parts)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_create"] = can(self.request.user, Operation.CREATE, WasteRemoval)
        # The tonnages of every line ever recorded mean little and cost a scan of the whole register:
        # they are shown once the list is narrowed by a filter (a year, a site…).
        filtered = any(value for key, value in self.request.GET.items() if key not in {"page", "sort"})
        context["totals"] = selectors.overall(self.filterset.qs) if filtered else None
        return context


def _removal_initial(request: HttpRequest) -> dict[str, Any]:
    person = user_person(request.user)
    initial: dict[str, Any] = {
        "site": getattr(person, "site", None),
        "removed_on": timezone.localdate(),
        "unit": "t",
    }
    stream_id = request.GET.get("stream")
    if stream_id and stream_id.isdigit():
        stream = selectors.stream_list(request.user).filter(pk=stream_id).first()
        if stream:
            initial.update({"site": stream.site, "stream": stream})
    return initial


@login_required
def removal_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, WasteRemoval):
        raise PermissionDenied
    form = RemovalForm(request.POST or None, initial=_removal_initial(request), user=request.user)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                removal = services.removal_record(
                    user=request.user,
                    site=data.pop("site"),
                    removed_on=data.pop("removed_on"),
                    quantity=data.pop("quantity"),
                    unit=data.pop("unit"),
                    stream=data.pop("stream"),
                    waste_code=data.pop("waste_code"),
                    **data,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Removal %(reference)s recorded in the register.") % {"reference": removal.reference},
                )
                return redirect(removal)
    return render(
        request,
        "waste/form.html",
        {"form": form, "title": _("Record a waste removal"), "section": "register"},
        status=status,
    )


@login_required
def removal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    removal = selectors.removal_get(request.user, pk)
    return render(
        request,
        "waste/removal_detail.html",
        {"removal": removal, "can_edit": can(request.user, Operation.EDIT, removal)},
    )


@login_required
def removal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    removal = selectors.removal_get(request.user, pk)
    if not can(request.user, Operation.EDIT, removal):
        raise PermissionDenied
    form = RemovalForm(request.POST or None, instance=removal, user=request.user)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = dict(form.cleaned_data)
            if data.get("waste_code") is None:
                data.pop("waste_code")
            try:
                services.removal_update(user=request.user, removal=removal, **data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The changes are saved."))
                return redirect(removal)
    return render(
        request,
        "waste/form.html",
        {
            "form": form,
            "title": _("Edit %(reference)s") % {"reference": removal.reference},
            "section": "register",
            "record": removal,
        },
        status=status,
    )


@login_required
def removal_import(request: HttpRequest) -> HttpResponse:
    """Import register lines from Excel: every error named by row and column; nothing written if
    any row is wrong."""
    if not can(request.user, Operation.CREATE, WasteRemoval):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        key = calculations.search_key
        sites: dict[str, Any] = {}
        for site in organization_selectors.site_list(request.user):
            sites[key(site.code)] = sites[key(site.name)] = site
        streams = {
            (stream.site_id, key(stream.name)): stream for stream in selectors.stream_list(request.user)
        }
        contractors: dict[str, Any] = {}
        for contractor in Contractor.objects.filter(is_active=True):
            contractors[key(contractor.name)] = contractor
            if contractor.siret:
                contractors[contractor.siret] = contractor
        try:
            result = importing.read(
                form.cleaned_data["file"].read(),
                sites=sites,
                streams=streams,
                codes={code.code: code for code in WasteCode.objects.all()},
                contractors=contractors,
                treatments={treatment.code: treatment for treatment in TreatmentCode.objects.all()},
            )
            count = services.removal_import(
                user=request.user,
                rows=result.rows,
                read_errors=result.errors,
                column_titles=importing.COLUMN_TITLES,
            )
        except importing.RegisterFileError as error:
            errors = error.errors
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("%(count)s removals imported into the register.") % {"count": count})
            return redirect("waste:removal_list")
    return render(
        request,
        "waste/import.html",
        {
            "form": form,
            "errors": errors[:200],
            "error_count": len(errors),
            "title": _("Import the waste register"),
        },
        status=422 if errors else 200,
    )


@login_required
def removal_import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        importing.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="registre-dechets-modele.xlsx"'
    return response


# --- Dashboard ---------------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Tonnages and recovery rate by year, category, stream and site; the sorting obligations of
    each site."""
    today = timezone.localdate()
    sites = list(organization_selectors.site_list(request.user))
    site = next((s for s in sites if str(s.pk) == request.GET.get("site")), None)
    years = selectors.removal_years(request.user)
    try:
        year = int(request.GET.get("year") or (years[0] if years else today.year))
    except ValueError:
        year = today.year
    figures = selectors.dashboard(request.user, year=year, site_id=site.pk if site else None)
    sorting = [
        {"site": each, "flows": selectors.sorting_status(request.user, each, today)}
        for each in ([site] if site else sites)
    ]
    return render(
        request,
        "waste/dashboard.html",
        {
            "figures": figures,
            "year": year,
            "years": years or [today.year],
            "sites": sites,
            "site": site,
            "sorting": sorting,
            "in_english": (request.LANGUAGE_CODE or "fr").startswith("en"),
            "category_chart": charts.category_chart(figures["by_category"]),
            "rate_chart": charts.rate_chart(figures["by_year"]),
            "stream_chart": charts.stream_chart(figures["by_stream"][:12]),
        },
    )


# --- Streams -----------------------------------------------------------------------------------


class StreamFilter(_StyledFilter):
    site = ModelChoiceFilter(label=gettext_lazy("Site"), queryset=_sites)
    sorting_flow = ChoiceFilter(label=gettext_lazy("Sorting flow"), choices=SortingFlow.choices)
    is_active = BooleanFilter(label=gettext_lazy("Active"))

    class Meta:
        model = WasteStream
        fields = ["site", "sorting_flow", "is_active"]


class StreamListView(LoginRequiredMixin, FilteredListView):
    template_name = "waste/stream_list.html"
    title = gettext_lazy("Waste streams")
    export_name = gettext_lazy("waste-streams")
    filterset_class = StreamFilter
    default_sort = "site"
    columns = (
        Column("name", gettext_lazy("Stream"), sort="name", link=True),
        Column("site", gettext_lazy("Site"), sort="site__name"),
        Column("code", gettext_lazy("Code"), sort="waste_code__code", value=lambda s: s.waste_code.display),
        Column("category", gettext_lazy("Category"), value=lambda s: s.waste_code.get_category_display()),
        Column("sorting_flow", gettext_lazy("Sorting flow"), sort="sorting_flow"),
        Column("container", gettext_lazy("Container")),
        Column("collector", gettext_lazy("Collector")),
        Column("facility", gettext_lazy("Treatment facility")),
        Column(
            "treatment",
            gettext_lazy("Treatment"),
            value=lambda s: s.treatment_code.code if s.treatment_code_id else None,
        ),
        Column(
            "kind",
            gettext_lazy("Recovery or disposal"),
            value=lambda s: s.treatment_code.get_kind_display() if s.treatment_code_id else None,
        ),
    )

    def get_base_queryset(self):
        return selectors.stream_list(self.request.user)

    create_model = WasteStream


@login_required
def stream_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, WasteStream):
        raise PermissionDenied
    person = user_person(request.user)
    form = StreamForm(
        request.POST or None,
        initial={"site": getattr(person, "site", None), "responsible": person},
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            stream = services.stream_create(
                user=request.user,
                site=data.pop("site"),
                name=data.pop("name"),
                waste_code=data.pop("waste_code"),
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The waste stream is created."))
            return redirect(stream)
    return render(
        request, "waste/form.html", {"form": form, "title": _("New waste stream"), "section": "streams"}
    )


@login_required
def stream_edit(request: HttpRequest, pk: int) -> HttpResponse:
    stream = selectors.stream_get(request.user, pk)
    if not can(request.user, Operation.EDIT, stream):
        raise PermissionDenied
    form = StreamForm(request.POST or None, instance=stream, user=request.user)
    result = save_through_service(
        request, form, services.stream_update, _("The changes are saved."), stream=stream
    )
    if result is not None:
        return redirect(stream)
    return render(
        request,
        "waste/form.html",
        {
            "form": form,
            "title": _("Edit %(stream)s") % {"stream": stream.name},
            "section": "streams",
            "record": stream,
        },
    )


@login_required
def stream_detail(request: HttpRequest, pk: int) -> HttpResponse:
    stream = selectors.stream_get(request.user, pk)
    removals = selectors.removal_list(request.user).filter(stream=stream)
    by_year = selectors.totals_by(removals, "year")
    return render(
        request,
        "waste/stream_detail.html",
        {
            "stream": stream,
            "recent": list(removals.order_by("-removed_on", "-pk")[:10]),
            "by_year": [by_year[key] for key in sorted(by_year, reverse=True)],
            "can_edit": can(request.user, Operation.EDIT, stream),
            "can_record": can(request.user, Operation.CREATE, WasteRemoval, site_id=stream.site_id),
        },
    )


# --- Contractors -------------------------------------------------------------------------------


class ContractorFilter(_StyledFilter):
    name = CharFilter(label=gettext_lazy("Name"), lookup_expr="icontains")
    is_collector = BooleanFilter(label=gettext_lazy("Collector"))
    is_transporter = BooleanFilter(label=gettext_lazy("Transporter"))
    is_facility = BooleanFilter(label=gettext_lazy("Treatment facility"))

    class Meta:
        model = Contractor
        fields = ["name", "is_collector", "is_transporter", "is_facility"]


def _roles(contractor: Contractor) -> str:
    roles = []
    if contractor.is_collector:
        roles.append(_("collector"))
    if contractor.is_transporter:
        roles.append(_("transporter"))
    if contractor.is_facility:
        roles.append(_("treatment facility"))
    return ", ".join(roles)


class ContractorListView(LoginRequiredMixin, FilteredListView):
    template_name = "waste/contractor_list.html"
    title = gettext_lazy("Waste contractors")
    export_name = gettext_lazy("waste-contractors")
    filterset_class = ContractorFilter
    default_sort = "name"
    columns = (
        Column("name", gettext_lazy("Name"), sort="name", link=True),
        Column("siret", gettext_lazy("SIRET"), sort="siret"),
        Column("roles", gettext_lazy("Roles"), value=_roles),
        Column("receipt_number", gettext_lazy("Receipt number")),
        Column("receipt_valid_until", gettext_lazy("Receipt valid until"), sort="receipt_valid_until"),
        Column("permit_number", gettext_lazy("Permit / approval")),
        Column("address", gettext_lazy("Address")),
    )

    def get_base_queryset(self):
        return selectors.contractor_list(self.request.user)

    create_model = Contractor


@login_required
def contractor_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, Contractor):
        raise PermissionDenied
    form = ContractorForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            contractor = services.contractor_create(user=request.user, name=data.pop("name"), **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The contractor is added."))
            return redirect(contractor)
    return render(
        request,
        "waste/form.html",
        {"form": form, "title": _("New waste contractor"), "section": "contractors"},
    )


@login_required
def contractor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contractor = selectors.contractor_get(request.user, pk)
    if not can(request.user, Operation.EDIT, contractor):
        raise PermissionDenied
    form = ContractorForm(request.POST or None, instance=contractor)
    result = save_through_service(
        request, form, services.contractor_update, _("The changes are saved."), contractor=contractor
    )
    if result is not None:
        return redirect(contractor)
    return render(
        request,
        "waste/form.html",
        {
            "form": form,
            "title": _("Edit %(name)s") % {"name": contractor.name},
            "section": "contractors",
            "record": contractor,
        },
    )


@login_required
def contractor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contractor = selectors.contractor_get(request.user, pk)
    return render(
        request,
        "waste/contractor_detail.html",
        {
            "contractor": contractor,
            "roles": _roles(contractor),
            "streams": list(selectors.stream_list(request.user).filter(models_q_contractor(contractor))),
            "can_edit": can(request.user, Operation.EDIT, contractor),
        },
    )


def models_q_contractor(contractor: Contractor):
    from django.db.models import Q

    return Q(collector=contractor) | Q(transporter=contractor) | Q(facility=contractor)


# --- List of waste and treatment codes ---------------------------------------------------------


@login_required
def code_list(request: HttpRequest) -> HttpResponse:
    """The European List of Waste: search by code or words (accents ignored), by chapter, hazardous
    only; each code with its category."""
    query = request.GET.get("q", "").strip()
    chapter = request.GET.get("chapter", "")
    hazardous = {"yes": True, "no": False}.get(request.GET.get("hazardous", ""))
    codes = selectors.code_search(query, hazardous=hazardous, chapter=chapter)
    page = Paginator(codes, 100).get_page(request.GET.get("page"))
    headings = selectors.headings()
    inert = reference.inert_codes()
    rows = []
    current = None
    for code in page.object_list:
        if code.subchapter != current:
            current = code.subchapter
            rows.append({"chapter": headings.get(code.chapter), "subchapter": headings.get(code.subchapter)})
        rows.append({"code": code, "inert": inert.get(code.code, "")})
    context = {
        "query": query,
        "chapter": chapter,
        "hazardous": request.GET.get("hazardous", ""),
        "chapters": selectors.chapter_list(),
        "page_obj": page,
        "rows": rows,
        "query_without_page": "&".join(
            f"{name}={request.GET[name]}" for name in ("q", "chapter", "hazardous") if request.GET.get(name)
        ),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "waste/partials/_codes.html", context)
    return render(request, "waste/code_list.html", context)


@login_required
def code_options(request: HttpRequest) -> HttpResponse:
    """Suggestions of the code picker (``<option>`` elements of a datalist)."""
    query = request.GET.get(request.GET.get("field", "q"), "") or request.GET.get("q", "")
    codes = (
        list(selectors.code_search(query)[: selectors.CODE_SEARCH_LIMIT]) if len(query.strip()) >= 2 else []
    )
    return render(request, "waste/partials/_code_options.html", {"codes": codes})


@login_required
def treatment_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "waste/treatment_list.html",
        {"treatments": list(selectors.treatment_list()), "inert": sorted(reference.inert_codes().items())},
    )
