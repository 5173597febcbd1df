"""Forms of the surveillance pages: they validate input; the services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qsse.core.forms import DateInput, style_fields
from qsse.organization import selectors as organization_selectors
from qsse.processes import selectors as process_selectors

from . import sources
from .models import ControlPoint, SurveillancePlan

MAX_RISK_CHOICES = 500


class PlanForm(forms.ModelForm):
    class Meta:
        model = SurveillancePlan
        fields = ["title", "site", "process", "owner", "status", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.fields["process"].queryset = process_selectors.process_list(user, active=True)
        self.fields["owner"].queryset = organization_selectors.person_list(user)
        style_fields(self)


def risk_choices(user: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """The risks a control can watch, grouped by registered kind; values are "<type id>:<id>"."""
    groups = []
    for entry in sources.risk_models():
        content_type = ContentType.objects.get_for_model(entry.model)
        records = sources.visible_risks(user, entry.model)[:MAX_RISK_CHOICES]
        options = [(f"{content_type.pk}:{record.pk}", entry.describe(record).label) for record in records]
        if options:
            groups.append((str(entry.label), options))
    return groups


def risk_from_value(user: Any, value: str) -> Any:
    """The visible risk record a "<type id>:<id>" value points to; None for an empty value."""
    if not value:
        return None
    try:
        type_id, object_id = (int(part) for part in value.split(":", 1))
        model = ContentType.objects.get_for_id(type_id).model_class()
    except (ValueError, ContentType.DoesNotExist) as error:
        raise ValidationError(_("Choose a risk from the list.")) from error
    if model is None or sources.risk_model_for(model) is None:
        raise ValidationError(_("Choose a risk from the list."))
    record = sources.visible_risks(user, model).filter(pk=object_id).first()
    if record is None:
        raise ValidationError(_("Choose a risk from the list."))
    return record


class ControlPointForm(forms.ModelForm):
    risk = forms.ChoiceField(label=_("Risk watched"), required=False)

    class Meta:
        model = ControlPoint
        fields = [
            "reference",
            "what",
            "method",
            "interval_count",
            "interval_unit",
            "responsible",
            "limit_kind",
            "minimum",
            "maximum",
            "unit",
            "expected_answer",
            "record_to_keep",
            "next_due_on",
            "residual_frequency",
            "residual_gravity",
            "is_active",
        ]
        widgets = {"method": forms.Textarea(attrs={"rows": 3}), "next_due_on": DateInput()}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["responsible"].queryset = organization_selectors.person_list(user)
        self.fields["risk"].choices = [("", "---------"), *risk_choices(user)]
        if self.instance.pk and self.instance.risk_content_type_id:
            self.initial["risk"] = f"{self.instance.risk_content_type_id}:{self.instance.risk_object_id}"
        style_fields(self)

    def clean_risk(self) -> Any:
        return risk_from_value(self.user, self.cleaned_data.get("risk") or "")


class ResultForm(forms.Form):
    performed_on = forms.DateField(label=_("Performed on"), widget=DateInput())
    value = forms.DecimalField(label=_("Measured value"), required=False, max_digits=12, decimal_places=3)
    is_pass = forms.TypedChoiceField(
        label=_("Result"),
        required=False,
        choices=[("", "---------"), ("true", _("Compliant")), ("false", _("Not compliant"))],
        coerce=lambda value: value == "true",
        empty_value=None,
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, control_point: ControlPoint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("performed_on", timezone.localdate())
        if control_point.limit_kind == "numeric":
            del self.fields["is_pass"]
            if control_point.unit:
                self.fields["value"].label = _("Measured value (%(unit)s)") % {"unit": control_point.unit}
        else:
            del self.fields["value"]
        style_fields(self, small=True)


class CalendarFilterForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=None, required=False, empty_label=_("All"))
    responsible = forms.ModelChoiceField(
        label=_("Responsible"), queryset=None, required=False, empty_label=_("All")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.fields["responsible"].queryset = organization_selectors.person_list(user)
        style_fields(self, small=True)
