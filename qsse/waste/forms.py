"""Forms of the waste pages: they validate input; the services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qsse.core.forms import DateInput, style_fields
from qsse.organization import selectors as organization_selectors

from . import calculations
from .models import Contractor, TreatmentCode, WasteCode, WasteRemoval, WasteStream


class WasteCodeInput(forms.TextInput):
    """A text box searching the list of waste as one types (htmx fills a native ``<datalist>``): type
    a code (``12 01 09``) or words (``émulsion``) and pick a suggestion; a code typed in full works
    without JavaScript."""

    template_name = "waste/widgets/code_input.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        if isinstance(value, WasteCode):
            value = f"{value.display} – {value.label}"
        elif isinstance(value, int) or (isinstance(value, str) and value.isdigit() and len(value) < 6):
            code = WasteCode.objects.filter(pk=value).first()
            value = f"{code.display} – {code.label}" if code else value
        context = super().get_context(name, value, attrs)
        context["widget"]["options_url"] = reverse("waste:code_options")
        return context


class WasteCodeField(forms.CharField):
    widget = WasteCodeInput

    default_error_messages = {
        "unknown": _(
            "« %(value)s » is not a code of the European List of Waste: type 6 digits or search by words."
        )
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Waste code"))
        kwargs.setdefault("help_text", _("Type the code or words of the label, then choose in the list."))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return value

    def clean(self, value: Any) -> WasteCode | None:
        text = super().clean(value)
        if not text:
            return None
        code = calculations.normalize_code(text.split("–")[0].split(" - ")[0])
        waste_code = WasteCode.objects.filter(code=code).first() if code else None
        if waste_code is None:
            raise ValidationError(self.error_messages["unknown"], code="unknown", params={"value": text})
        return waste_code


class TreatmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: TreatmentCode) -> str:
        label = obj.label
        return f"{obj.code} – {label[:90]}{'…' if len(label) > 90 else ''}"


def _contractors(flag: str):
    return Contractor.objects.filter(is_active=True, **{flag: True})


class ContractorForm(forms.ModelForm):
    class Meta:
        model = Contractor
        fields = [
            "name",
            "siret",
            "address",
            "is_collector",
            "is_transporter",
            "is_facility",
            "receipt_number",
            "receipt_valid_until",
            "permit_number",
            "notes",
            "is_active",
        ]
        widgets = {
            "receipt_valid_until": DateInput(),
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)

    def _post_clean(self) -> None:  # the service validates the model (one set of rules)
        pass


class StreamForm(forms.ModelForm):
    waste_code = WasteCodeField()
    treatment_code = TreatmentChoiceField(
        label=_("Treatment code"), queryset=TreatmentCode.objects.all(), required=False
    )

    class Meta:
        model = WasteStream
        fields = [
            "site",
            "name",
            "waste_code",
            "sorting_flow",
            "container",
            "sorting_instructions",
            "collector",
            "transporter",
            "facility",
            "treatment_code",
            "density",
            "responsible",
            "is_active",
        ]
        widgets = {"sorting_instructions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.fields["responsible"].queryset = organization_selectors.person_list(user)
        self.fields["collector"].queryset = _contractors("is_collector")
        self.fields["transporter"].queryset = _contractors("is_transporter")
        self.fields["facility"].queryset = _contractors("is_facility")
        if self.instance.pk:
            self.initial["waste_code"] = self.instance.waste_code
        style_fields(self)

    def _post_clean(self) -> None:
        pass


class RemovalForm(forms.ModelForm):
    waste_code = WasteCodeField(
        required=False,
        help_text=_("Taken from the stream when left empty. Type the code or words, then choose."),
    )
    treatment_code = TreatmentChoiceField(
        label=_("Treatment code"),
        queryset=TreatmentCode.objects.all(),
        required=False,
        help_text=_("Taken from the stream when left empty."),
    )

    class Meta:
        model = WasteRemoval
        fields = [
            "site",
            "stream",
            "removed_on",
            "usual_name",
            "waste_code",
            "is_pop",
            "quantity",
            "unit",
            "density",
            "collector",
            "transporter",
            "second_transporter",
            "facility",
            "treatment_code",
            "tracking_number",
            "notes",
        ]
        widgets = {"removed_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sites = organization_selectors.site_list(user)
        self.fields["site"].queryset = sites
        self.fields["stream"].queryset = WasteStream.objects.filter(
            site__in=sites, is_active=True
        ).select_related("site", "waste_code")
        self.fields["stream"].label_from_instance = lambda stream: f"{stream.site.code} · {stream}"
        self.fields["usual_name"].required = False
        self.fields["usual_name"].help_text = _("Taken from the stream when left empty.")
        self.fields["collector"].queryset = _contractors("is_collector")
        self.fields["transporter"].queryset = _contractors("is_transporter")
        self.fields["second_transporter"].queryset = _contractors("is_transporter")
        self.fields["facility"].queryset = _contractors("is_facility")
        self.fields["density"].help_text = _(
            "For a quantity in m³: converts it into tonnes (taken from the stream when left empty)."
        )
        if self.instance.pk:
            self.initial["waste_code"] = self.instance.waste_code
        style_fields(self)

    def _post_clean(self) -> None:
        pass


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"class": "form-control", "accept": ".xlsx"})
