"""Forms of the energy pages: they validate input; the services do the writing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qsse.core.forms import DateInput, style_fields
from qsse.organization import selectors as organization_selectors

from .choices import EnergyUse
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


class MonthField(forms.DateField):
    """A month typed as yyyy-mm (``<input type="month">``), cleaned to its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d", "%m/%Y"]

    def to_python(self, value):
        result = super().to_python(value)
        return result.replace(day=1) if result else result


class CarrierChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: EnergyCarrier) -> str:
        return f"{obj.name} ({obj.unit})"


class _Styled(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class CarrierForm(_Styled):
    class Meta:
        model = EnergyCarrier
        fields = [
            "code",
            "name_fr",
            "name_en",
            "scope",
            "unit",
            "kwh_per_unit",
            "conversion_valid_from",
            "conversion_source",
            "conversion_source_url",
            "conversion_to_verify",
            "note",
            "order",
            "is_active",
        ]
        widgets = {"conversion_valid_from": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True


class FactorForm(_Styled):
    class Meta:
        model = EmissionFactor
        fields = ["valid_from", "kg_co2e_per_kwh", "version", "source", "source_url", "to_verify", "note"]
        widgets = {"valid_from": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}


class SettingsForm(_Styled):
    class Meta:
        model = EnergySettings
        fields = ["significant_use_percent"]


class MeterForm(_Styled):
    carrier = CarrierChoiceField(
        label=_("Energy carrier"), queryset=EnergyCarrier.objects.filter(is_active=True)
    )

    class Meta:
        model = Meter
        fields = [
            "site",
            "name",
            "identifier",
            "carrier",
            "use",
            "parent",
            "multiplier",
            "responsible",
            "is_active",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sites = organization_selectors.site_list(user)
        self.fields["site"].queryset = sites
        parents = Meter.objects.filter(site__in=sites).select_related("site")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["responsible"].queryset = organization_selectors.person_list(user)


class ConsumptionForm(_Styled):
    class Meta:
        model = Consumption
        fields = [
            "kind",
            "period_start",
            "period_end",
            "quantity",
            "index_start",
            "index_end",
            "cost",
            "reference",
            "note",
        ]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def __init__(self, *args: Any, meter: Meter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meter = meter
        self.fields["quantity"].required = False
        self.fields["quantity"].label = _("Quantity (%(unit)s)") % {"unit": meter.carrier.unit}
        self.fields["quantity"].help_text = _("Leave empty for a reading: the indexes give it.")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class VariableForm(_Styled):
    class Meta:
        model = RelevantVariable
        fields = ["site", "name", "kind", "unit", "source", "responsible"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.fields["responsible"].queryset = organization_selectors.person_list(user)


class VariableValuesForm(forms.Form):
    """The twelve monthly values of a variable for one year."""

    def __init__(
        self, *args: Any, year: int, initial_values: dict[date, Any], unit: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.year = year
        from django.utils.formats import date_format

        for month in range(1, 13):
            day = date(year, month, 1)
            self.fields[f"m{month:02d}"] = forms.DecimalField(
                label=f"{date_format(day, 'F Y')} ({unit})",
                required=False,
                min_value=0,
                max_digits=16,
                decimal_places=3,
                initial=initial_values.get(day),
            )
        style_fields(self)

    def values(self) -> dict[date, Any]:
        return {date(self.year, month, 1): self.cleaned_data.get(f"m{month:02d}") for month in range(1, 13)}


class IndicatorForm(_Styled):
    carrier = CarrierChoiceField(
        label=_("Energy carrier"),
        queryset=EnergyCarrier.objects.all(),
        required=False,
        empty_label=_("Every carrier"),
    )
    baseline_start = MonthField(label=_("Baseline: first month"))
    baseline_end = MonthField(label=_("Baseline: last month"))

    class Meta:
        model = EnergyIndicator
        fields = [
            "site",
            "name",
            "variable",
            "kind",
            "carrier",
            "use",
            "baseline_start",
            "baseline_end",
            "target_percent",
            "responsible",
            "is_active",
        ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sites = organization_selectors.site_list(user)
        self.fields["site"].queryset = sites
        self.fields["variable"].queryset = RelevantVariable.objects.filter(site__in=sites).select_related(
            "site"
        )
        self.fields["variable"].label_from_instance = lambda obj: f"{obj.site.name} – {obj}"
        self.fields["responsible"].queryset = organization_selectors.person_list(user)
        self.fields["use"].choices = [("", _("Every use")), *EnergyUse.choices]


class LeverForm(_Styled):
    carrier = CarrierChoiceField(
        label=_("Energy carrier"), queryset=EnergyCarrier.objects.filter(is_active=True)
    )

    class Meta:
        model = SavingsLever
        fields = [
            "site",
            "title",
            "carrier",
            "use",
            "estimated_kwh",
            "estimated_cost_saving",
            "investment",
            "status",
            "responsible",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.fields["responsible"].queryset = organization_selectors.person_list(user)


class LeverActionForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Action owner"), queryset=None)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organization_selectors.person_list(user)
        style_fields(self)


class PeriodForm(forms.Form):
    """The year (and site) a summary page shows."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    site = forms.ModelChoiceField(label=_("Site"), queryset=None, required=False, empty_label=_("All sites"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        style_fields(self, small=True)
