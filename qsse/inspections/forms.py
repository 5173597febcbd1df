"""Forms of the inspections pages: they validate input; the services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qsse.core.forms import DateInput, style_fields
from qsse.organization import selectors as organization_selectors
from qsse.organization.models import WorkUnit

from .choices import ObservationSeverity, VisitResult
from .models import Equipment, EquipmentKind, InspectionType

OBSERVATION_ROWS = 5


class KindChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: EquipmentKind) -> str:
        return obj.name


class EquipmentForm(forms.ModelForm):
    kind = KindChoiceField(label=_("Equipment kind"), queryset=EquipmentKind.objects.all())

    class Meta:
        model = Equipment
        fields = [
            "site",
            "kind",
            "name",
            "identifier",
            "location",
            "work_unit",
            "commissioned_on",
            "quantity",
            "responsible",
            "is_in_service",
            "notes",
        ]
        widgets = {"commissioned_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sites = organization_selectors.site_list(user)
        self.fields["site"].queryset = sites
        self.fields["work_unit"].queryset = WorkUnit.objects.filter(site__in=sites).select_related("site")
        self.fields["responsible"].queryset = organization_selectors.person_list(user)
        self.fields["commissioned_on"].help_text = _(
            "Without a known last inspection, the first one is due one periodicity after this date "
            "(today when it is empty)."
        )
        style_fields(self)


class EquipmentKindForm(forms.ModelForm):
    class Meta:
        model = EquipmentKind
        fields = ["code", "name_fr", "name_en"]
        help_texts = {"code": _("Letters, digits, hyphens and underscores, e.g. press-brakes.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Register file (.xlsx)"),
        help_text=_(
            "One piece of equipment a row; columns Site, Type d'équipement, Nom (required), Repère, "
            "Emplacement, Mise en service, Quantité, Dernière vérification."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class InspectionTypeForm(forms.ModelForm):
    kind = KindChoiceField(label=_("Equipment kind"), queryset=EquipmentKind.objects.all())

    class Meta:
        model = InspectionType
        fields = [
            "code",
            "kind",
            "title_fr",
            "title_en",
            "periodicity_months",
            "periodicity_reason",
            "max_periodicity_months",
            "adjustment_fr",
            "legal_text",
            "legal_article",
            "source_url",
            "inspector",
            "to_verify",
            "note",
            "is_active",
        ]
        widgets = {
            "adjustment_fr": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The code and kind of a type are its identity: lines are generated from them.
            del self.fields["code"]
            del self.fields["kind"]
            if self.instance.is_shipped:
                for name in (
                    "title_fr",
                    "title_en",
                    "legal_text",
                    "legal_article",
                    "source_url",
                    "max_periodicity_months",
                    "adjustment_fr",
                    "to_verify",
                    "note",
                    "inspector",
                ):
                    self.fields[name].disabled = True
        style_fields(self)


class VisitForm(forms.Form):
    performed_on = forms.DateField(label=_("Performed on"), widget=DateInput())
    body = forms.CharField(
        label=_("Inspection body"),
        max_length=200,
        help_text=_("Accredited body or company of the competent person, e.g. Apave, Bureau Veritas, Dekra."),
    )
    inspector_name = forms.CharField(label=_("Inspector"), max_length=200, required=False)
    result = forms.ChoiceField(label=_("Result"), choices=[("", "---------"), *VisitResult.choices])
    report_reference = forms.CharField(label=_("Report reference"), max_length=100, required=False)
    report = forms.FileField(label=_("Report (PDF, image…)"), required=False)
    comment = forms.CharField(
        label=_("Comments on the inspection"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("performed_on", timezone.localdate())
        for index in range(OBSERVATION_ROWS):
            self.fields[f"observation_{index}"] = forms.CharField(
                label=_("Observation %(number)s") % {"number": index + 1},
                required=False,
                widget=forms.Textarea(attrs={"rows": 1}),
            )
            self.fields[f"severity_{index}"] = forms.ChoiceField(
                label=_("Severity of observation %(number)s") % {"number": index + 1},
                choices=ObservationSeverity.choices,
                initial=ObservationSeverity.MINOR,
            )
        style_fields(self)

    def main_fields(self):
        return [
            self[name]
            for name in (
                "performed_on",
                "body",
                "inspector_name",
                "result",
                "report_reference",
                "report",
                "comment",
            )
        ]

    def observation_rows(self):
        return [(self[f"observation_{i}"], self[f"severity_{i}"]) for i in range(OBSERVATION_ROWS)]

    def observations(self) -> list[dict[str, str]]:
        return [
            {
                "text": self.cleaned_data.get(f"observation_{i}", ""),
                "severity": self.cleaned_data.get(f"severity_{i}"),
            }
            for i in range(OBSERVATION_ROWS)
            if (self.cleaned_data.get(f"observation_{i}") or "").strip()
        ]


class NotRequiredForm(forms.Form):
    reason = forms.CharField(
        label=_("Justification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why this inspection does not apply to this equipment (kept for the auditors)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)


class ScheduleForm(forms.Form):
    periodicity_months = forms.IntegerField(label=_("Periodicity (months)"), min_value=1, max_value=240)
    extension_reason = forms.CharField(
        label=_("Reason for an extended periodicity"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    last_done_on = forms.DateField(
        label=_("Last inspection done on"),
        required=False,
        widget=DateInput(),
        help_text=_("For an inspection done before the register existed; the next due date follows."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)


class ObservationForm(forms.Form):
    text = forms.CharField(label=_("Observation"), widget=forms.Textarea(attrs={"rows": 2}))
    severity = forms.ChoiceField(
        label=_("Severity"), choices=ObservationSeverity.choices, initial=ObservationSeverity.MINOR
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)


class ObservationActionForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Person in charge"), queryset=None)
    due_on = forms.DateField(
        label=_("Due on"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: in 7, 30 or 90 days for a critical, major or minor observation."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organization_selectors.person_list(user)
        style_fields(self, small=True)


class CalendarFilterForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=None, required=False, empty_label=_("All"))
    kind = KindChoiceField(
        label=_("Equipment kind"), queryset=EquipmentKind.objects.all(), required=False, empty_label=_("All")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        style_fields(self, small=True)
