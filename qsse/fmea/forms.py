"""Forms of the FMEA pages: they validate input; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qsse.core.forms import DateInput, style_fields
from qsse.organization import selectors as organization_selectors
from qsse.processes import selectors as process_selectors

from . import selectors
from .choices import PrioritisationMethod, RatingScale
from .models import Fmea, FmeaFunction, FmeaLine, FmeaSettings

RATING_CHOICES = [("", "—")] + [(level, str(level)) for level in range(1, 11)]


class FmeaForm(forms.ModelForm):
    class Meta:
        model = Fmea
        fields = [
            "kind",
            "title",
            "process",
            "site",
            "product",
            "scope",
            "leader",
            "team",
            "prioritisation_method",
            "started_on",
            "due_on",
        ]
        widgets = {
            "scope": forms.Textarea(attrs={"rows": 3}),
            "started_on": DateInput,
            "due_on": DateInput,
            "team": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = process_selectors.process_list(user, active=True)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        people = organization_selectors.person_list(user)
        self.fields["leader"].queryset = people
        self.fields["team"].queryset = people
        style_fields(self)


def rating_choice_field(label: Any, guides: list[Any]) -> forms.TypedChoiceField:
    """A 1–10 select whose options carry the meaning of each level from the organisation's rating
    guide ("8 — Perte de la fonction principale"), highest level first, so that the meaning is
    read while rating (option text, not a title attribute)."""
    meanings = {guide.level: guide.meaning for guide in guides}
    choices = [("", "—")] + [
        (level, f"{level} — {meanings[level]}" if level in meanings else str(level))
        for level in range(10, 0, -1)
    ]
    return forms.TypedChoiceField(label=label, choices=choices, coerce=int)


class LineForm(forms.ModelForm):
    severity = forms.TypedChoiceField(label=_("S"), choices=RATING_CHOICES, coerce=int)
    occurrence = forms.TypedChoiceField(label=_("O"), choices=RATING_CHOICES, coerce=int)
    detection = forms.TypedChoiceField(label=_("D"), choices=RATING_CHOICES, coerce=int)

    class Meta:
        model = FmeaLine
        fields = [
            "function",
            "process_step",
            "failure_mode",
            "effect",
            "severity",
            "cause",
            "prevention_controls",
            "occurrence",
            "detection_controls",
            "detection",
            "recommended_action",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ("effect", "cause", "prevention_controls", "detection_controls", "recommended_action")
        }

    def __init__(self, *args: Any, fmea: Fmea, prefix_id: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["function"].queryset = FmeaFunction.objects.filter(fmea=fmea)
        guides = selectors.rating_guides()
        for name, label in (
            ("severity", _("Severity (S)")),
            ("occurrence", _("Occurrence (O)")),
            ("detection", _("Detection (D)")),
        ):
            self.fields[name] = rating_choice_field(label, guides[name])
        style_fields(self, small=True)


class FunctionForm(forms.ModelForm):
    class Meta:
        model = FmeaFunction
        fields = ["kind", "structure_element", "description"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)


class LineActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=255)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organization_selectors.person_list(user)
        style_fields(self)


class RerateForm(forms.Form):
    revised_severity = forms.TypedChoiceField(
        label=_("Revised severity (S)"), choices=RATING_CHOICES, coerce=int
    )
    revised_occurrence = forms.TypedChoiceField(
        label=_("Revised occurrence (O)"), choices=RATING_CHOICES, coerce=int
    )
    revised_detection = forms.TypedChoiceField(
        label=_("Revised detection (D)"), choices=RATING_CHOICES, coerce=int
    )
    revised_on = forms.DateField(label=_("Re-rated on"), widget=DateInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        guides = selectors.rating_guides()
        for scale in RatingScale.values:
            name = f"revised_{scale}"
            self.fields[name] = rating_choice_field(self.fields[name].label, guides[scale])
        style_fields(self)


class WorksheetImportForm(forms.Form):
    file = forms.FileField(label=_("Excel worksheet (.xlsx)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = FmeaSettings
        fields = ["rpn_high_threshold", "rpn_medium_threshold", "default_method"]
        widgets = {"default_method": forms.RadioSelect(choices=PrioritisationMethod.choices)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class ApTableImportForm(forms.Form):
    name = forms.CharField(label=_("Name of the table"), max_length=200)
    source = forms.CharField(
        label=_("Source (handbook, edition, page)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: severity_min, severity_max, occurrence_min, occurrence_max, detection_min, "
            "detection_max, priority (H, M or L); separator comma or semicolon."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)
