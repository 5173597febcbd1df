"""Forms of the accident pages: they validate input; the services do the writing. The victim fields
are added only for the roles allowed to see personal data."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qsse.actions.choices import ActionType
from qsse.core.forms import DateInput, DateTimeInput, style_fields
from qsse.organization import selectors as organization_selectors
from qsse.organization.models import WorkUnit

from . import selectors
from .choices import FactComponent, FactKind, LesionNature, LesionSeat
from .models import Accident

VICTIM_FORM_FIELDS = ("victim", "witnesses", "lesion_nature", "lesion_seat", "lesion_details", "first_aid")


class AccidentForm(forms.ModelForm):
    victim = forms.ModelChoiceField(label=_("Victim"), queryset=None, required=False)
    witnesses = forms.CharField(
        label=_("Witnesses"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    lesion_nature = forms.ChoiceField(
        label=_("Nature of the lesions"), choices=[("", "—"), *LesionNature.choices], required=False
    )
    lesion_seat = forms.ChoiceField(
        label=_("Seat of the lesions"), choices=[("", "—"), *LesionSeat.choices], required=False
    )
    lesion_details = forms.CharField(
        label=_("Medical details"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    first_aid = forms.CharField(
        label=_("First aid given"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    class Meta:
        model = Accident
        fields = [
            "kind",
            "occurred_at",
            "site",
            "work_unit",
            "place",
            "title",
            "description",
            "days_lost",
            "declared_on",
            "immediate_measures",
        ]
        widgets = {
            "occurred_at": DateTimeInput(),
            "declared_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "immediate_measures": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, user: Any, victim_record: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.fields["work_unit"].queryset = WorkUnit.objects.filter(
            site__in=self.fields["site"].queryset
        ).select_related("site")
        self.fields["work_unit"].label_from_instance = lambda unit: f"{unit.site.code} – {unit.name}"
        self.shows_personal_data = selectors.can_see_personal_data(user)
        if self.shows_personal_data:
            self.fields["victim"].queryset = organization_selectors.person_list(user)
            if victim_record is not None:
                for name in VICTIM_FORM_FIELDS:
                    self.initial[name] = getattr(victim_record, name)
        else:
            for name in VICTIM_FORM_FIELDS:
                del self.fields[name]
        style_fields(self)

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}

    def _post_clean(self) -> None:
        # The service validates the model (and numbers it); the form checks only its own fields.
        pass


class FactForm(forms.Form):
    prefix = "fact"
    text = forms.CharField(label=_("Fact"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind of fact"), choices=FactKind.choices, initial=FactKind.UNUSUAL)
    component = forms.ChoiceField(
        label=_("Component"), choices=[("", "—"), *FactComponent.choices], required=False
    )
    effect = forms.TypedChoiceField(label=_("Cause of"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, nodes: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effect"].choices = [
            ("", _("(not linked yet)")),
            *[(node.pk, node.text) for node in nodes],
        ]
        style_fields(self, small=True)


class FactEditForm(forms.Form):
    """Correct a fact of the tree: its wording, kind and component (its links are edited apart)."""

    text = forms.CharField(label=_("Fact"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind of fact"), choices=FactKind.choices)
    component = forms.ChoiceField(
        label=_("Component"), choices=[("", "—"), *FactComponent.choices], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class LinkForm(forms.Form):
    prefix = "link"
    cause = forms.TypedChoiceField(label=_("The fact"), coerce=int)
    effect = forms.TypedChoiceField(label=_("was needed for"), coerce=int)

    def __init__(self, *args: Any, nodes: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cause"].choices = [(node.pk, node.text) for node in nodes if not node.is_root]
        self.fields["effect"].choices = [(node.pk, node.text) for node in nodes]
        style_fields(self, small=True)


class DuerLinkForm(forms.Form):
    """Link the accident to a hazard of the DUER (the hazards offered are those the user may change)."""

    prefix = "duer"
    hazard = forms.TypedChoiceField(label=_("Hazard of the DUER"), coerce=int)
    note = forms.CharField(
        label=_("What the analysis teaches about this hazard"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    flag_review = forms.BooleanField(label=_("Mark the hazard to re-evaluate"), required=False, initial=True)

    def __init__(self, *args: Any, hazards: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hazards = {hazard.pk: hazard for hazard in hazards}
        self.fields["hazard"].choices = [
            (
                hazard.pk,
                f"{hazard.work_unit.name} · {hazard.sub_danger or hazard.family.name} "
                f"({hazard.residual_level or hazard.residual_score}) · {hazard.duer.title}",
            )
            for hazard in hazards
        ]
        style_fields(self, small=True)

    def clean_hazard(self) -> Any:
        return self.hazards[self.cleaned_data["hazard"]]


class CauseActionForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Person in charge"), queryset=None)
    type = forms.ChoiceField(
        label=_("Type"),
        choices=[
            (ActionType.CORRECTIVE, ActionType.CORRECTIVE.label),
            (ActionType.PREVENTIVE, ActionType.PREVENTIVE.label),
        ],
    )
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organization_selectors.person_list(user)
        style_fields(self, small=True)


class HoursForm(forms.Form):
    """The twelve months of a site and a year: hours worked and average headcount."""

    def __init__(self, *args: Any, year: int, existing: dict[date, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.months = [date(year, month, 1) for month in range(1, 13)]
        for month in self.months:
            record = existing.get(month)
            self.fields[f"hours_{month.month}"] = forms.DecimalField(
                label=_("Hours worked"),
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=2,
                initial=record.hours if record else None,
            )
            self.fields[f"headcount_{month.month}"] = forms.DecimalField(
                label=_("Average headcount"),
                required=False,
                min_value=0,
                max_digits=9,
                decimal_places=2,
                initial=record.average_headcount if record else None,
            )
        style_fields(self, small=True)

    def rows(self):
        return [
            (month, self[f"hours_{month.month}"], self[f"headcount_{month.month}"]) for month in self.months
        ]

    def values(self) -> dict[date, tuple[Any, Any]]:
        return {
            month: (self.cleaned_data[f"hours_{month.month}"], self.cleaned_data[f"headcount_{month.month}"])
            for month in self.months
        }
