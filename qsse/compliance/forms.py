"""Forms of the compliance pages; they validate input, the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from qsse.core.forms import DateInput, style_fields
from qsse.organization import selectors as organization_selectors

from . import rating
from .choices import ConformityStatus, Equipment, GapSeverity
from .models import SiteProfile
from .services import ASSESSABLE

MAX_LIBRARY_BYTES = 20 * 1024 * 1024


class LibraryImportForm(forms.Form):
    file = forms.FileField(label=_("Library file (YAML or JSON)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".yaml,.yml,.json"
        style_fields(self)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_LIBRARY_BYTES:
            raise ValidationError(_("The file is larger than 20 MB."))
        return upload


class _ListField(forms.CharField):
    """Comma-separated values, kept as a list."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value)
        return value

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        return [item.strip() for item in text.split(",") if item.strip()]


class ProfileForm(forms.ModelForm):
    activities = _ListField(
        label=_("Activities"),
        required=False,
        help_text=_("Keys separated by commas, e.g. icpe_dc, industrial_wastewater."),
    )
    icpe_rubriques = _ListField(
        label=_("ICPE rubriques"),
        required=False,
        help_text=_("Rubriques the site is classed under, e.g. 2910, 2565."),
    )
    equipment = forms.MultipleChoiceField(
        label=_("Equipment and installations"),
        choices=Equipment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SiteProfile
        fields = [
            "naf_code",
            "activities",
            "icpe_rubriques",
            "equipment",
            "tertiary_floor_area_m2",
            "annual_energy_gwh",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class ApplicabilityForm(forms.Form):
    is_applicable = forms.TypedChoiceField(
        label=_("Applicable"),
        choices=[("1", _("Applicable")), ("0", _("Not applicable"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    justification = forms.CharField(
        label=_("Justification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you do not follow the proposal."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class AssessmentForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Conformity"),
        choices=[(value, label) for value, label in ConformityStatus.choices if value in ASSESSABLE],
    )
    gap_severity = forms.ChoiceField(
        label=_("Gap"), choices=[("", "—"), *GapSeverity.choices], required=False
    )
    gap_likelihood = forms.IntegerField(label=_("Gap likelihood"), required=False, min_value=1)
    gap_impact = forms.IntegerField(label=_("Gap impact"), required=False, min_value=1)
    evidence = forms.CharField(label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    assessed_on = forms.DateField(label=_("Assessed on"), required=False, widget=DateInput())
    next_assessment_on = forms.DateField(
        label=_("Next assessment"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: from the periodicity."),
    )
    action_owner = forms.ModelChoiceField(label=_("Action owner (for a gap)"), queryset=None, required=False)
    action_due_on = forms.DateField(label=_("Action due on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action_owner"].queryset = organization_selectors.person_list(user)
        matrix = rating.active_matrix()
        rows, cols = rating.scale_max(matrix)
        likelihood, impact = rating.axis_names(matrix)
        self.fields["gap_likelihood"].label = _("Gap: %(axis)s (1–%(max)s)") % {
            "axis": likelihood,
            "max": rows,
        }
        self.fields["gap_likelihood"].max_value = rows
        self.fields["gap_impact"].label = _("Gap: %(axis)s (1–%(max)s)") % {"axis": impact, "max": cols}
        self.fields["gap_impact"].max_value = cols
        for name, top in (("gap_likelihood", rows), ("gap_impact", cols)):
            self.fields[name].widget.attrs.update({"min": 1, "max": top})
            self.fields[name].help_text = _("Required for a gap (criticality matrix).")
        style_fields(self)


class SnapshotForm(forms.Form):
    """Take a snapshot of a gap analysis (the site is the one the page shows)."""

    label = forms.CharField(
        label=_("Label"),
        max_length=120,
        required=False,
        help_text=_("Empty: “Assessment of <date>”."),
    )
    taken_on = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    site = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)


class StatusForm(forms.Form):
    """The inline status change (htmx) of the assessment page."""

    status = forms.ChoiceField(
        choices=[(value, label) for value, label in ConformityStatus.choices if value in ASSESSABLE]
    )
