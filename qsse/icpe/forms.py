from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qsse.core.forms import DateInput, style_fields

from .models import ClassifiedActivity, Installation, PeriodicControl, Rubrique, Threshold


class RubriqueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Rubrique) -> str:
        return f"{obj.code} – {obj.title[:90]} ({obj.get_unit_display()})"


def _active_rubriques():
    return Rubrique.objects.filter(is_active=True).order_by("code")


class StyledModelForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class RubriqueForm(StyledModelForm):
    class Meta:
        model = Rubrique
        fields = [
            "code",
            "title_fr",
            "title_en",
            "quantity_fr",
            "quantity_en",
            "unit",
            "seveso_low",
            "seveso_high",
            "is_health_hazard",
            "is_physical_hazard",
            "is_environment_hazard",
            "source_url",
            "source_note",
            "to_verify",
            "note",
            "is_active",
        ]
        widgets = {
            "source_note": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True


class ThresholdForm(StyledModelForm):
    class Meta:
        model = Threshold
        fields = ["regime", "value", "is_inclusive", "alinea", "wording"]


class InstallationForm(StyledModelForm):
    rubrique = RubriqueChoiceField(label=_("Rubrique"), queryset=_active_rubriques(), required=False)
    quantity = forms.DecimalField(
        label=_("Quantity or capacity"),
        required=False,
        min_value=0,
        max_digits=16,
        decimal_places=4,
        help_text=_("In the rubrique's unit (MW, kW, m³, t, l, kg/d…)."),
    )

    class Meta:
        model = Installation
        fields = ["site", "name", "location", "commissioned_on", "is_in_service", "responsible", "notes"]
        widgets = {"commissioned_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, sites: Any = None, with_rubrique: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rubrique"].queryset = _active_rubriques()
        if sites is not None:
            self.fields["site"].queryset = sites
        if not with_rubrique:
            del self.fields["rubrique"]
            del self.fields["quantity"]
        else:
            # The first rubrique comes right after the name.
            order = ["site", "name", "rubrique", "quantity"]
            self.order_fields(order + [name for name in self.fields if name not in order])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("rubrique") is not None and data.get("quantity") is None:
            self.add_error("quantity", _("Give the quantity or capacity under this rubrique."))
        return data


class ActivityForm(StyledModelForm):
    rubrique = RubriqueChoiceField(label=_("Rubrique"), queryset=_active_rubriques())

    class Meta:
        model = ClassifiedActivity
        fields = ["rubrique", "quantity", "note"]
        help_texts = {"quantity": _("In the rubrique's unit (MW, kW, m³, t, l, kg/d…).")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rubrique"].queryset = _active_rubriques()


class ControlForm(StyledModelForm):
    rubrique = RubriqueChoiceField(label=_("Rubrique"), queryset=_active_rubriques())

    class Meta:
        model = PeriodicControl
        fields = [
            "site",
            "rubrique",
            "performed_on",
            "body",
            "report_reference",
            "has_major_nonconformities",
            "period_years",
            "notes",
        ]
        widgets = {"performed_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, sites: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rubrique"].queryset = _active_rubriques()
        if sites is not None:
            self.fields["site"].queryset = sites
