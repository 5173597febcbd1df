"""Pages of the energy module. Thin: forms validate, services write, selectors read, charts.py
builds the chart options."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_filters import ChoiceFilter, DateFilter, FilterSet, ModelChoiceFilter, NumberFilter

from qsse.core.choices import Operation
from qsse.core.forms import DateInput, apply_service_errors, save_through_service, style_fields
from qsse.core.listing import Column, FilteredListView, label_empty_choices
from qsse.core.permissions import can, user_person
from qsse.organization import selectors as organization_selectors

from . import calculations, charts, importing, selectors, services
from .choices import EnergyUse, LeverStatus, RecordKind
from .forms import (
    CarrierForm,
    ConsumptionForm,
    FactorForm,
    ImportForm,
    IndicatorForm,
    LeverActionForm,
    LeverForm,
    MeterForm,
    PeriodForm,
    SettingsForm,
    VariableForm,
    VariableValuesForm,
)
from .models import (
    Consumption,
    EmissionFactor,
    EnergyCarrier,
    EnergyIndicator,
    EnergySettings,
    Meter,
    RelevantVariable,
    SavingsLever,
)

# --- Helpers -------------------------------------------------------------------------------------


def _sites(request):
    return organization_selectors.site_list(request.user) if request else None


def _carriers(request):
    return EnergyCarrier.objects.all()


def _period(request: HttpRequest) -> tuple[PeriodForm, int, frozenset[int] | None, Any]:
    """The year (default: the last complete month's year) and the site chosen on a summary page."""
    form = PeriodForm(request.GET or None, user=request.user)
    last_month = calculations.add_months(timezone.localdate(), -1)
    year, site = last_month.year, None
    if form.is_valid():
        year = form.cleaned_data.get("year") or year
        site = form.cleaned_data.get("site")
    if not form.is_bound:
        form = PeriodForm(initial={"year": year}, user=request.user)
    return form, year, (frozenset({site.pk}) if site else None), site


def _form_page(request: HttpRequest, form: Any, title: str, back: str, **extra: Any) -> HttpResponse:
    return render(
        request,
        "energy/form.html",
        {"form": form, "title": title, "back": back, **extra},
        status=422 if form.is_bound and form.errors else 200,
    )


class _StyledFilter(FilterSet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self.form, small=True)
        label_empty_choices(self.form)


def _number(value: float | None, places: int = 0) -> str:
    from django.utils.formats import number_format

    return "" if value is None else number_format(round(value, places), places, force_grouping=True)


# --- Overview and energy review ------------------------------------------------------------------


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Consumption, cost and CO₂e of a year by carrier and month, emissions by scope over 3 years."""
    form, year, site_ids, site = _period(request)
    data = selectors.summary(request.user, date(year, 1, 1), date(year + 1, 1, 1), site_ids)
    previous = selectors.summary(request.user, date(year - 1, 1, 1), date(year, 1, 1), site_ids)
    emissions = selectors.yearly_emissions(request.user, [year - 2, year - 1, year], site_ids)
    monthly_rows = [
        {
            "month": month,
            "values": [
                data.monthly.get(row.carrier.pk, [0.0] * len(data.months))[i] for row in data.carriers
            ],
            "total": sum(
                data.monthly.get(row.carrier.pk, [0.0] * len(data.months))[i] for row in data.carriers
            ),
            "cost": data.monthly_cost[i] if data.monthly_cost else 0.0,
        }
        for i, month in enumerate(data.months)
    ]
    return render(
        request,
        "energy/overview.html",
        {
            "form": form,
            "year": year,
            "site": site,
            "summary": data,
            "previous": previous,
            "change": (data.kwh - previous.kwh) / previous.kwh * 100 if previous.kwh else None,
            "monthly_rows": monthly_rows,
            "emissions": emissions,
            "monthly_chart": charts.monthly_consumption(data),
            "emissions_chart": charts.emissions_by_year(emissions),
            "can_record": can(request.user, Operation.CREATE, Consumption),
        },
    )


@login_required
def review(request: HttpRequest) -> HttpResponse:
    """The energy review (ISO 50001 §6.3): uses ranked with the significant ones (Pareto), the
    EnPIs against their baselines and the savings levers."""
    form, year, site_ids, site = _period(request)
    settings_row = services.settings_get()
    settings_form = SettingsForm(request.POST or None, instance=settings_row)
    can_configure = can(request.user, Operation.EDIT, EnergySettings)
    if request.method == "POST":
        if not can_configure:
            raise PermissionDenied
        if settings_form.is_valid():
            try:
                services.settings_update(
                    user=request.user,
                    significant_use_percent=settings_form.cleaned_data["significant_use_percent"],
                )
            except ValidationError as error:
                apply_service_errors(settings_form, error)
            else:
                messages.success(request, _("The threshold of the significant energy uses is saved."))
                return redirect(f"{request.path}?{request.GET.urlencode()}")
    threshold = settings_row.significant_use_percent
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    use_rows, inconsistent = selectors.uses(request.user, start, end, site_ids, threshold)
    indicators = selectors.indicator_list(request.user).filter(is_active=True)
    if site_ids is not None:
        indicators = indicators.filter(site_id__in=site_ids)
    indicator_rows = [
        (report.indicator, report) for report in selectors.indicator_reports(indicators, start, end)
    ]
    levers = selectors.lever_list(request.user)
    if site_ids is not None:
        levers = levers.filter(site_id__in=site_ids)
    return render(
        request,
        "energy/review.html",
        {
            "form": form,
            "year": year,
            "site": site,
            "threshold": threshold,
            "settings_form": settings_form,
            "can_configure": can_configure,
            "use_rows": use_rows,
            "significant": [row for row in use_rows if row.is_significant],
            "inconsistent": inconsistent,
            "pareto_chart": charts.pareto(use_rows),
            "indicator_rows": indicator_rows,
            "levers": levers[:20],
            "lever_totals": selectors.lever_totals(request.user),
        },
        status=422 if settings_form.is_bound and settings_form.errors else 200,
    )


# --- Carriers and emission factors -----------------------------------------------------------------


@login_required
def carrier_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    carriers = list(selectors.carrier_list())
    table = selectors.FactorTable([f for c in carriers for f in c.emission_factors.all()])
    rows = [
        {"carrier": c, "current": table.on(c.pk, today), "factors": list(c.emission_factors.all())}
        for c in carriers
    ]
    return render(
        request,
        "energy/carrier_list.html",
        {
            "rows": rows,
            "can_edit": can(request.user, Operation.EDIT, EnergyCarrier),
            "can_create": can(request.user, Operation.CREATE, EnergyCarrier),
        },
    )


@login_required
def carrier_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, EnergyCarrier):
        raise PermissionDenied
    form = CarrierForm(
        request.POST or None, initial={"conversion_valid_from": timezone.localdate(), "scope": "1"}
    )
    result = save_through_service(request, form, services.carrier_create, _("The energy carrier is added."))
    if result is not None:
        return redirect("energy:carrier_list")
    return _form_page(request, form, _("Add an energy carrier"), "energy:carrier_list")


@login_required
def carrier_edit(request: HttpRequest, pk: int) -> HttpResponse:
    carrier = get_object_or_404(EnergyCarrier, pk=pk)
    if not can(request.user, Operation.EDIT, carrier):
        raise PermissionDenied
    form = CarrierForm(request.POST or None, instance=carrier)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("code", None)
        try:
            services.carrier_update(user=request.user, carrier=EnergyCarrier.objects.get(pk=pk), **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The energy carrier is saved."))
            return redirect("energy:carrier_list")
    return _form_page(request, form, carrier.name, "energy:carrier_list", record=carrier)


@login_required
def factor_create(request: HttpRequest, pk: int) -> HttpResponse:
    carrier = get_object_or_404(EnergyCarrier, pk=pk)
    if not can(request.user, Operation.CREATE, EmissionFactor):
        raise PermissionDenied
    form = FactorForm(request.POST or None, initial={"valid_from": date(timezone.localdate().year, 1, 1)})
    result = save_through_service(
        request,
        form,
        services.factor_create,
        _("The new version of the emission factor is saved."),
        carrier=carrier,
    )
    if result is not None:
        return redirect("energy:carrier_list")
    title = _("New emission factor – %(carrier)s") % {"carrier": carrier.name}
    return _form_page(request, form, title, "energy:carrier_list")


@login_required
def factor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    factor = get_object_or_404(EmissionFactor.objects.select_related("carrier"), pk=pk)
    if not can(request.user, Operation.EDIT, factor):
        raise PermissionDenied
    form = FactorForm(request.POST or None, instance=factor)
    if request.method == "POST" and form.is_valid():
        try:
            services.factor_update(
                user=request.user, factor=EmissionFactor.objects.get(pk=pk), **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The emission factor is saved."))
            return redirect("energy:carrier_list")
    title = _("Emission factor – %(carrier)s") % {"carrier": factor.carrier.name}
    return _form_page(request, form, title, "energy:carrier_list", record=factor)


# --- Meters --------------------------------------------------------------------------------------


class MeterFilter(_StyledFilter):
    site = ModelChoiceFilter(label=gettext_lazy("Site"), queryset=_sites)
    carrier = ModelChoiceFilter(label=gettext_lazy("Energy carrier"), queryset=_carriers)
    use = ChoiceFilter(label=gettext_lazy("Use"), choices=EnergyUse.choices)

    class Meta:
        model = Meter
        fields = ["site", "carrier", "use"]


class MeterListView(LoginRequiredMixin, FilteredListView):
    template_name = "energy/meter_list.html"
    title = gettext_lazy("Meters")
    export_name = gettext_lazy("energy-meters")
    filterset_class = MeterFilter
    default_sort = "site"
    columns = (
        Column("name", gettext_lazy("Meter"), sort="name", link=True),
        Column("identifier", gettext_lazy("Identifier")),
        Column("site", gettext_lazy("Site"), sort="site__name"),
        Column(
            "carrier", gettext_lazy("Energy carrier"), sort="carrier__order", value=lambda m: m.carrier.name
        ),
        Column("use", gettext_lazy("Use"), sort="use"),
        Column("parent", gettext_lazy("Parent meter"), value=lambda m: m.parent.name if m.parent else ""),
        Column("record_count", gettext_lazy("Records"), sort="record_count"),
        Column("is_active", gettext_lazy("In service"), value=lambda m: _("yes") if m.is_active else _("no")),
    )

    def get_base_queryset(self):
        return selectors.meter_list(self.request.user)

    create_model = Meter


@login_required
def meter_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, Meter):
        raise PermissionDenied
    person = user_person(request.user)
    initial = {
        "site": getattr(person, "site", None),
        "responsible": person,
        "multiplier": 1,
        "is_active": True,
    }
    form = MeterForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            meter = services.meter_create(
                user=request.user,
                site=data.pop("site"),
                carrier=data.pop("carrier"),
                name=data.pop("name"),
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The meter is declared."))
            return redirect(meter)
    return _form_page(request, form, _("Declare a meter"), "energy:meter_list")


def _meter(request: HttpRequest, pk: int) -> Meter:
    return get_object_or_404(selectors.meter_list(request.user), pk=pk)


@login_required
def meter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meter = _meter(request, pk)
    if not can(request.user, Operation.EDIT, meter):
        raise PermissionDenied
    form = MeterForm(request.POST or None, instance=meter, user=request.user)
    result = save_through_service(request, form, services.meter_update, _("The meter is saved."), meter=meter)
    if result is not None:
        return redirect(meter)
    return _form_page(request, form, meter.name, "energy:meter_list", record=meter)


@login_required
def meter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meter = _meter(request, pk)
    records = list(
        selectors.consumption_list(request.user).filter(meter=meter).order_by("-period_start", "-pk")[:36]
    )
    can_record = can(request.user, Operation.CREATE, Consumption, site_id=meter.site_id)
    form = None
    if can_record:
        last = records[0] if records else None
        initial: dict[str, Any] = {"kind": RecordKind.INVOICE}
        if last is not None:
            start = last.period_end + timedelta(days=1)
            end = (
                calculations.add_months(start, 1) - timedelta(days=1)
                if start.day == 1
                else start + timedelta(days=30)
            )
            initial.update(period_start=start, period_end=end)
            if last.index_end is not None:
                initial.update(kind=RecordKind.READING, index_start=last.index_end)
        form = ConsumptionForm(initial=initial, meter=meter)
    return render(
        request,
        "energy/meter_detail.html",
        {
            "meter": meter,
            "records": records,
            "children": list(meter.children.select_related("carrier")),
            "form": form,
            "can_edit": can(request.user, Operation.EDIT, meter),
            "can_record": can_record,
        },
    )


@login_required
def consumption_create(request: HttpRequest, pk: int) -> HttpResponse:
    meter = _meter(request, pk)
    if not can(request.user, Operation.CREATE, Consumption, site_id=meter.site_id):
        raise PermissionDenied
    form = ConsumptionForm(request.POST or None, meter=meter)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            record = services.consumption_create(
                user=request.user,
                meter=meter,
                period_start=data.pop("period_start"),
                period_end=data.pop("period_end"),
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Recorded: %(kwh)s kWh for %(month)s.")
                % {"kwh": _number(float(record.kwh)), "month": record.month.strftime("%m/%Y")},
            )
            return redirect(meter)
    title = _("New record – %(meter)s") % {"meter": meter.name}
    return _form_page(request, form, title, "energy:meter_list", meter=meter)


# --- Consumption records -------------------------------------------------------------------------


class ConsumptionFilter(_StyledFilter):
    site = ModelChoiceFilter(label=gettext_lazy("Site"), queryset=_sites, field_name="meter__site")
    carrier = ModelChoiceFilter(
        label=gettext_lazy("Energy carrier"), queryset=_carriers, field_name="meter__carrier"
    )
    use = ChoiceFilter(label=gettext_lazy("Use"), choices=EnergyUse.choices, field_name="meter__use")
    kind = ChoiceFilter(label=gettext_lazy("Kind"), choices=RecordKind.choices)
    year = NumberFilter(label=gettext_lazy("Year"), field_name="month__year")
    month_after = DateFilter(
        label=gettext_lazy("From month"), field_name="month", lookup_expr="gte", widget=DateInput()
    )
    month_before = DateFilter(
        label=gettext_lazy("Before month"), field_name="month", lookup_expr="lt", widget=DateInput()
    )

    class Meta:
        model = Consumption
        fields = ["site", "carrier", "use", "kind", "year"]


class ConsumptionListView(LoginRequiredMixin, FilteredListView):
    template_name = "energy/consumption_list.html"
    title = gettext_lazy("Energy invoices and readings")
    export_name = gettext_lazy("energy-consumption")
    filterset_class = ConsumptionFilter
    default_sort = "-month"
    columns = (
        Column("month", gettext_lazy("Month"), sort="month", value=lambda c: c.month.strftime("%m/%Y")),
        Column("meter", gettext_lazy("Meter"), sort="meter__name", value=lambda c: c.meter.name),
        Column("site", gettext_lazy("Site"), value=lambda c: c.meter.site.name),
        Column("carrier", gettext_lazy("Energy carrier"), value=lambda c: c.meter.carrier.name),
        Column("kind", gettext_lazy("Kind")),
        Column("period_start", gettext_lazy("Period start"), sort="period_start"),
        Column("period_end", gettext_lazy("Period end")),
        Column("quantity", gettext_lazy("Quantity"), sort="quantity"),
        Column("unit", gettext_lazy("Unit"), value=lambda c: c.meter.carrier.unit),
        Column("kwh", gettext_lazy("kWh (PCI)"), sort="kwh"),
        Column("cost", gettext_lazy("Cost excl. VAT (€)"), sort="cost"),
        Column("reference", gettext_lazy("Invoice number"), link=True),
    )

    def get_base_queryset(self):
        return selectors.consumption_list(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_create"] = can(self.request.user, Operation.CREATE, Consumption)
        totals = self.filterset.qs.aggregate(
            kwh=Sum("kwh"),
            cost=Sum("cost"),
        )
        context["totals"] = totals
        return context


@login_required
def consumption_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(selectors.consumption_list(request.user), pk=pk)
    if not can(request.user, Operation.EDIT, record):
        raise PermissionDenied
    form = ConsumptionForm(request.POST or None, instance=record, meter=record.meter)
    if request.method == "POST" and form.is_valid():
        try:
            services.consumption_update(user=request.user, consumption=record, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The record is saved."))
            return redirect(record.meter)
    return _form_page(
        request,
        form,
        _("Record – %(meter)s") % {"meter": record.meter.name},
        "energy:consumption_list",
        record=record,
        meter=record.meter,
        can_delete=can(request.user, Operation.DELETE, record),
    )


@login_required
@require_POST
def consumption_delete(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(selectors.consumption_list(request.user), pk=pk)
    meter = record.meter
    services.consumption_delete(user=request.user, consumption=record)
    messages.success(request, _("The record is deleted."))
    return redirect(meter)


@login_required
def consumption_import(request: HttpRequest) -> HttpResponse:
    """Import invoices from Excel: checked as a whole, every error named by row and column."""
    if not can(request.user, Operation.CREATE, Consumption):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        meters: dict[str, Any] = {}
        for meter in selectors.meter_list(request.user).select_related("site", "carrier"):
            for key in (meter.name, meter.identifier, f"{meter.site.code}:{meter.name}"):
                if key:
                    meters[key.lower()] = meter
        try:
            rows = importing.read(form.cleaned_data["file"].read(), meters=meters)
            created = services.consumption_bulk_create(user=request.user, rows=rows)
        except importing.InvoiceFileError as error:
            errors = error.errors
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("%(count)s records imported.") % {"count": len(created)})
            return redirect("energy:consumption_list")
    return render(
        request,
        "energy/import.html",
        {"form": form, "errors": errors, "title": _("Import energy invoices"), "columns": importing.COLUMNS},
        status=422 if errors else 200,
    )


@login_required
def consumption_import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        importing.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="energy-invoices.xlsx"'
    return response


# --- Relevant variables --------------------------------------------------------------------------


class VariableListView(LoginRequiredMixin, FilteredListView):
    template_name = "energy/variable_list.html"
    title = gettext_lazy("Relevant variables")
    export_name = gettext_lazy("energy-variables")
    default_sort = "site"

    class filterset_class(_StyledFilter):  # noqa: N801 - the attribute name FilteredListView reads
        site = ModelChoiceFilter(label=gettext_lazy("Site"), queryset=_sites)

        class Meta:
            model = RelevantVariable
            fields = ["site", "kind"]

    columns = (
        Column("name", gettext_lazy("Variable"), sort="name", link=True),
        Column("site", gettext_lazy("Site"), sort="site__name"),
        Column("kind", gettext_lazy("Kind"), sort="kind"),
        Column("unit", gettext_lazy("Unit")),
        Column("source", gettext_lazy("Source of the values")),
    )

    def get_base_queryset(self):
        return selectors.variable_list(self.request.user)

    create_model = RelevantVariable


@login_required
def variable_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, RelevantVariable):
        raise PermissionDenied
    person = user_person(request.user)
    form = VariableForm(
        request.POST or None,
        initial={"site": getattr(person, "site", None), "responsible": person},
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            variable = services.variable_create(
                user=request.user, site=data.pop("site"), name=data.pop("name"), unit=data.pop("unit"), **data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The variable is added: enter its monthly values."))
            return redirect(variable)
    return _form_page(request, form, _("Add a relevant variable"), "energy:variable_list")


@login_required
def variable_edit(request: HttpRequest, pk: int) -> HttpResponse:
    variable = get_object_or_404(selectors.variable_list(request.user), pk=pk)
    if not can(request.user, Operation.EDIT, variable):
        raise PermissionDenied
    form = VariableForm(request.POST or None, instance=variable, user=request.user)
    result = save_through_service(
        request, form, services.variable_update, _("The variable is saved."), variable=variable
    )
    if result is not None:
        return redirect(variable)
    return _form_page(request, form, variable.name, "energy:variable_list", record=variable)


@login_required
def variable_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A variable and its twelve monthly values of a year, entered in one form."""
    variable = get_object_or_404(selectors.variable_list(request.user), pk=pk)
    try:
        year = int(request.GET.get("year") or calculations.add_months(timezone.localdate(), -1).year)
    except ValueError as error:
        raise Http404 from error
    if not 2000 <= year <= 2100:
        raise Http404
    existing = {value.month: value.value for value in variable.values.filter(month__year=year)}
    can_edit = can(request.user, Operation.EDIT, variable)
    form = VariableValuesForm(request.POST or None, year=year, initial_values=existing, unit=variable.unit)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                changed = services.variable_set_values(
                    user=request.user, variable=variable, values=form.values()
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("%(count)s monthly values saved.") % {"count": changed})
                return redirect(f"{variable.get_absolute_url()}?year={year}")
    years = sorted({d.year for d in variable.values.dates("month", "year")} | {year})
    return render(
        request,
        "energy/variable_detail.html",
        {
            "variable": variable,
            "form": form,
            "year": year,
            "years": years,
            "can_edit": can_edit,
            "indicators": list(variable.indicators.all()),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


# --- EnPIs ---------------------------------------------------------------------------------------


class IndicatorListView(LoginRequiredMixin, FilteredListView):
    template_name = "energy/indicator_list.html"
    title = gettext_lazy("Energy performance indicators (EnPIs)")
    export_name = gettext_lazy("energy-indicators")
    default_sort = "site"

    class filterset_class(_StyledFilter):  # noqa: N801
        site = ModelChoiceFilter(label=gettext_lazy("Site"), queryset=_sites)

        class Meta:
            model = EnergyIndicator
            fields = ["site", "kind", "is_active"]

    columns = (
        Column("name", gettext_lazy("EnPI"), sort="name", link=True),
        Column("site", gettext_lazy("Site"), sort="site__name"),
        Column("kind", gettext_lazy("Kind"), sort="kind"),
        Column("unit", gettext_lazy("Unit"), value=lambda i: i.unit),
        Column(
            "baseline",
            gettext_lazy("Baseline period"),
            value=lambda i: f"{i.baseline_start:%m/%Y} – {i.baseline_end:%m/%Y}",
        ),
        Column("baseline_ratio", gettext_lazy("Baseline EnPI"), value=lambda i: _number(i.baseline_ratio, 3)),
        Column("r_squared", gettext_lazy("R²"), value=lambda i: _number(i.r_squared, 3)),
    )

    def get_base_queryset(self):
        return selectors.indicator_list(self.request.user)

    create_model = EnergyIndicator


@login_required
def indicator_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, EnergyIndicator):
        raise PermissionDenied
    person = user_person(request.user)
    form = IndicatorForm(
        request.POST or None,
        initial={"site": getattr(person, "site", None), "responsible": person, "is_active": True},
        user=request.user,
    )
    indicator = save_through_service(
        request, form, services.indicator_create, _("The EnPI and its baseline are set.")
    )
    if indicator is not None:
        return redirect(indicator)
    return _form_page(request, form, _("New energy performance indicator"), "energy:indicator_list")


@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(selectors.indicator_list(request.user), pk=pk)
    if not can(request.user, Operation.EDIT, indicator):
        raise PermissionDenied
    form = IndicatorForm(request.POST or None, instance=indicator, user=request.user)
    result = save_through_service(
        request,
        form,
        services.indicator_update,
        _("The EnPI is saved and its baseline computed again."),
        indicator=indicator,
    )
    if result is not None:
        return redirect(indicator)
    return _form_page(request, form, indicator.name, "energy:indicator_list", record=indicator)


@login_required
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The EnPI of a year month by month against the baseline, the normalised savings, the model."""
    indicator = get_object_or_404(selectors.indicator_list(request.user), pk=pk)
    form, year, _site_ids, _site = _period(request)
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    report = selectors.indicator_report(indicator, start, end)
    baseline = selectors.indicator_report(
        indicator, indicator.baseline_start, calculations.add_months(indicator.baseline_end, 1)
    )
    target_met = None
    if indicator.target_percent is not None and report.savings and report.savings.savings_percent is not None:
        target_met = report.savings.savings_percent >= float(indicator.target_percent)
    return render(
        request,
        "energy/indicator_detail.html",
        {
            "indicator": indicator,
            "form": form,
            "year": year,
            "report": report,
            "baseline_report": baseline,
            "chart": charts.enpi(report),
            "target_met": target_met,
            "can_edit": can(request.user, Operation.EDIT, indicator),
        },
    )


# --- Savings levers ------------------------------------------------------------------------------


class LeverListView(LoginRequiredMixin, FilteredListView):
    template_name = "energy/lever_list.html"
    title = gettext_lazy("Energy savings levers")
    export_name = gettext_lazy("energy-savings-levers")
    default_sort = "-estimated_kwh"

    class filterset_class(_StyledFilter):  # noqa: N801
        site = ModelChoiceFilter(label=gettext_lazy("Site"), queryset=_sites)
        status = ChoiceFilter(label=gettext_lazy("Status"), choices=LeverStatus.choices)

        class Meta:
            model = SavingsLever
            fields = ["site", "status", "use"]

    columns = (
        Column("title", gettext_lazy("Lever"), sort="title", link=True),
        Column("site", gettext_lazy("Site"), sort="site__name"),
        Column("carrier", gettext_lazy("Energy carrier"), value=lambda lever: lever.carrier.name),
        Column("use", gettext_lazy("Use"), sort="use"),
        Column("estimated_kwh", gettext_lazy("kWh saved per year"), sort="estimated_kwh"),
        Column("estimated_cost_saving", gettext_lazy("€ saved per year"), sort="estimated_cost_saving"),
        Column("estimated_tco2e", gettext_lazy("tCO₂e avoided per year"), sort="estimated_tco2e"),
        Column("investment", gettext_lazy("Investment (€)"), sort="investment"),
        Column("status", gettext_lazy("Status"), sort="status"),
        Column(
            "action",
            gettext_lazy("Action"),
            value=lambda lever: lever.action.reference if lever.action else "",
        ),
    )

    def get_base_queryset(self):
        return selectors.lever_list(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_create"] = can(self.request.user, Operation.CREATE, SavingsLever)
        context["lever_totals"] = self.filterset.qs.exclude(status=LeverStatus.REJECTED).aggregate(
            kwh=Sum("estimated_kwh"),
            eur=Sum("estimated_cost_saving"),
            tco2e=Sum("estimated_tco2e"),
        )
        return context


@login_required
def lever_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Operation.CREATE, SavingsLever):
        raise PermissionDenied
    person = user_person(request.user)
    form = LeverForm(
        request.POST or None,
        initial={"site": getattr(person, "site", None), "responsible": person},
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            lever = services.lever_create(
                user=request.user,
                site=data.pop("site"),
                title=data.pop("title"),
                carrier=data.pop("carrier"),
                estimated_kwh=data.pop("estimated_kwh"),
                **data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The savings lever is recorded."))
            return redirect(lever)
    return _form_page(request, form, _("New savings lever"), "energy:lever_list")


def _lever(request: HttpRequest, pk: int) -> SavingsLever:
    return get_object_or_404(selectors.lever_list(request.user), pk=pk)


@login_required
def lever_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lever = _lever(request, pk)
    if not can(request.user, Operation.EDIT, lever):
        raise PermissionDenied
    form = LeverForm(request.POST or None, instance=lever, user=request.user)
    result = save_through_service(
        request, form, services.lever_update, _("The savings lever is saved."), lever=lever
    )
    if result is not None:
        return redirect(lever)
    return _form_page(request, form, lever.title, "energy:lever_list", record=lever)


@login_required
def lever_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lever = _lever(request, pk)
    form = LeverActionForm(
        user=request.user,
        initial={"owner": lever.responsible_id or getattr(user_person(request.user), "pk", None)},
    )
    return render(
        request,
        "energy/lever_detail.html",
        {"lever": lever, "action_form": form, "can_edit": can(request.user, Operation.EDIT, lever)},
    )


@login_required
@require_POST
def lever_action(request: HttpRequest, pk: int) -> HttpResponse:
    lever = _lever(request, pk)
    if not can(request.user, Operation.EDIT, lever):
        raise PermissionDenied
    form = LeverActionForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            action = services.lever_create_action(
                user=request.user,
                lever=lever,
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Action %(reference)s opened.") % {"reference": action.reference})
            return redirect(lever)
    return render(
        request,
        "energy/lever_detail.html",
        {"lever": lever, "action_form": form, "can_edit": True},
        status=422,
    )
