"""Forms of the context pages: they validate input; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qsse.core.forms import DateInput, style_fields
from qsse.organization import selectors as organization_selectors
from qsse.processes import selectors as process_selectors

from . import selectors
from .choices import (
    CATEGORIES_BY_KIND,
    OPPORTUNITY_STRATEGIES,
    RISK_STRATEGIES,
    AnalysisKind,
    Importance,
    MatrixUsage,
    RiskKind,
)
from .models import ContextAnalysis, ContextSummary, CriticalityMatrix, InterestedParty, RiskOpportunity

MAX_LEVELS = 5


# --- Analyses ----------------------------------------------------------------------------------


class AnalysisForm(forms.ModelForm):
    class Meta:
        model = ContextAnalysis
        fields = ["kind", "title", "site", "analysed_on", "notes"]
        widgets = {"analysed_on": DateInput, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.fields["site"].empty_label = _("Whole organisation")
        if self.instance.pk:
            del self.fields["kind"]
        style_fields(self)


class ItemForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"))
    text = forms.CharField(label=_("Item"), max_length=500)
    importance = forms.TypedChoiceField(
        label=_("Importance"), choices=Importance.choices, coerce=int, initial=Importance.MEDIUM
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.value, c.label) for c in CATEGORIES_BY_KIND[AnalysisKind(kind)]]
        style_fields(self, small=True)


# --- Interested parties ------------------------------------------------------------------------


class PartyForm(forms.ModelForm):
    class Meta:
        model = InterestedParty
        fields = [
            "name",
            "category",
            "site",
            "needs",
            "expectations",
            "influence",
            "interest",
            "is_relevant",
            "processes",
            "how_monitored",
            "review_on",
        ]
        widgets = {
            "needs": forms.Textarea(attrs={"rows": 2}),
            "expectations": forms.Textarea(attrs={"rows": 2}),
            "how_monitored": forms.Textarea(attrs={"rows": 2}),
            "review_on": DateInput,
            "influence": forms.Select(choices=[(i, i) for i in range(1, 5)]),
            "interest": forms.Select(choices=[(i, i) for i in range(1, 5)]),
            "processes": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.fields["site"].empty_label = _("Whole organisation")
        self.fields["processes"].queryset = process_selectors.process_list(user, active=True)
        style_fields(self)


class SummaryForm(forms.ModelForm):
    class Meta:
        model = ContextSummary
        fields = ["text", "iso_9001", "iso_14001", "iso_45001", "iso_50001", "other_standards"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 10}),
            "other_standards": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


# --- Criticality matrix ------------------------------------------------------------------------


class ColourInput(forms.TextInput):
    input_type = "color"


class MatrixForm(forms.Form):
    """The matrix editor: size, axes, their labels (one per line) and up to five levels."""

    name = forms.CharField(label=_("Name"), max_length=200)
    usage = forms.ChoiceField(
        label=_("Used for"),
        choices=MatrixUsage.choices,
        initial=MatrixUsage.RISKS_OPPORTUNITIES,
        help_text=_("Each risk tool rates on its own active matrix."),
    )
    rows = forms.TypedChoiceField(
        label=_("Levels of the first axis (rows)"),
        choices=[(i, i) for i in range(3, 6)],
        coerce=int,
        initial=4,
    )
    cols = forms.TypedChoiceField(
        label=_("Levels of the second axis (columns)"),
        choices=[(i, i) for i in range(3, 6)],
        coerce=int,
        initial=4,
    )
    row_axis_name = forms.CharField(label=_("Name of the first axis"), max_length=60, initial="Probabilité")
    col_axis_name = forms.CharField(label=_("Name of the second axis"), max_length=60, initial="Gravité")
    row_labels = forms.CharField(
        label=_("Labels of the first axis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line, from the lowest level (1) up."),
    )
    col_labels = forms.CharField(
        label=_("Labels of the second axis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line, from the lowest level (1) up."),
    )
    is_active = forms.BooleanField(label=_("Active matrix (scores the records of its tool)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index in range(1, MAX_LEVELS + 1):
            self.fields[f"level_{index}_name"] = forms.CharField(
                label=_("Name of level %(n)s") % {"n": index}, max_length=60, required=False
            )
            self.fields[f"level_{index}_min_score"] = forms.IntegerField(
                label=_("Level %(n)s from score") % {"n": index}, min_value=0, max_value=25, required=False
            )
            self.fields[f"level_{index}_colour"] = forms.CharField(
                label=_("Colour of level %(n)s") % {"n": index},
                max_length=7,
                required=False,
                initial="#cccccc",
                widget=ColourInput,
            )
            self.fields[f"level_{index}_is_significant"] = forms.BooleanField(
                label=_("Level %(n)s is significant") % {"n": index}, required=False
            )
        style_fields(self)

    @classmethod
    def initial_for(cls, matrix: CriticalityMatrix) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": matrix.name,
            "usage": matrix.usage,
            "rows": matrix.rows,
            "cols": matrix.cols,
            "row_axis_name": matrix.row_axis_name,
            "col_axis_name": matrix.col_axis_name,
            "row_labels": "\n".join(matrix.row_labels or []),
            "col_labels": "\n".join(matrix.col_labels or []),
            "is_active": matrix.is_active,
        }
        for index, level in enumerate(matrix.levels.all(), start=1):
            initial[f"level_{index}_name"] = level.name
            initial[f"level_{index}_min_score"] = level.min_score
            initial[f"level_{index}_colour"] = level.colour
            initial[f"level_{index}_is_significant"] = level.is_significant
        return initial

    def level_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"level_{i}_{part}"] for part in ("name", "min_score", "colour", "is_significant")]
            for i in range(1, MAX_LEVELS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for index in range(1, MAX_LEVELS + 1):
            if data.get(f"level_{index}_name") and data.get(f"level_{index}_min_score") is None:
                self.add_error(f"level_{index}_min_score", _("Give the score this level starts from."))
        return data

    def levels(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {
                "name": data.get(f"level_{i}_name", ""),
                "min_score": data.get(f"level_{i}_min_score") or 0,
                "colour": data.get(f"level_{i}_colour") or "#cccccc",
                "is_significant": data.get(f"level_{i}_is_significant", False),
            }
            for i in range(1, MAX_LEVELS + 1)
            if (data.get(f"level_{i}_name") or "").strip()
        ]

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "usage": data.get("usage") or MatrixUsage.RISKS_OPPORTUNITIES,
            "rows": data["rows"],
            "cols": data["cols"],
            "row_axis_name": data["row_axis_name"],
            "col_axis_name": data["col_axis_name"],
            "row_labels": [line for line in (data.get("row_labels") or "").splitlines()],
            "col_labels": [line for line in (data.get("col_labels") or "").splitlines()],
            "levels": self.levels(),
            "is_active": data.get("is_active", False),
        }


# --- Risks and opportunities -------------------------------------------------------------------


class RiskForm(forms.ModelForm):
    class Meta:
        model = RiskOpportunity
        fields = [
            "kind",
            "title",
            "process",
            "site",
            "owner",
            "description",
            "source",
            "source_item",
            "source_party",
            "causes",
            "consequences",
            "probability",
            "impact",
            "treatment_strategy",
            "status",
            "residual_probability",
            "residual_impact",
            "review_on",
        ]
        widgets = {
            "kind": forms.RadioSelect(attrs={"class": "form-check-input"}),
            "description": forms.Textarea(attrs={"rows": 2}),
            "causes": forms.Textarea(attrs={"rows": 2}),
            "consequences": forms.Textarea(attrs={"rows": 2}),
            "review_on": DateInput,
        }

    def __init__(self, *args: Any, user: Any, matrix: CriticalityMatrix | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = RiskKind.choices
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.fields["site"].empty_label = _("Whole organisation")
        self.fields["process"].queryset = process_selectors.process_list(user, active=True)
        self.fields["owner"].queryset = organization_selectors.person_list(user).order_by(
            "last_name", "first_name"
        )
        self.fields["source_item"].queryset = selectors.context_items_for_choice(user)
        self.fields["source_item"].label_from_instance = lambda item: (
            f"{item.analysis.get_kind_display()} v{item.analysis.version} · "
            f"{item.get_category_display()} : {item.text[:80]}"
        )
        self.fields["source_party"].queryset = selectors.party_list(user)
        if matrix is not None:
            row_choices = [(i, f"{i} – {matrix.row_label(i)}") for i in range(1, matrix.rows + 1)]
            col_choices = [(i, f"{i} – {matrix.col_label(i)}") for i in range(1, matrix.cols + 1)]
            for name, label, choices in (
                ("probability", matrix.row_axis_name, row_choices),
                ("impact", matrix.col_axis_name, col_choices),
                (
                    "residual_probability",
                    _("%(axis)s after treatment") % {"axis": matrix.row_axis_name},
                    row_choices,
                ),
                (
                    "residual_impact",
                    _("%(axis)s after treatment") % {"axis": matrix.col_axis_name},
                    col_choices,
                ),
            ):
                required = name in ("probability", "impact")
                self.fields[name] = forms.TypedChoiceField(
                    label=label,
                    choices=([] if required else [("", "—")]) + choices,
                    coerce=int,
                    empty_value=None,
                    required=required,
                )
        risk = [(s.value, s.label) for s in RISK_STRATEGIES]
        opportunity = [(s.value, s.label) for s in OPPORTUNITY_STRATEGIES]
        self.fields["treatment_strategy"].choices = [
            ("", "—"),
            (str(_("For a risk")), risk),
            (str(_("For an opportunity")), opportunity),
        ]
        if self.instance.pk:
            self.fields["kind"].disabled = True
        else:
            del self.fields["status"]
        style_fields(self)

    SECTIONS = (
        ("identification", _("Identification"), ("title", "process", "site", "owner", "description")),
        ("source", _("Source"), ("source", "source_item", "source_party", "causes", "consequences")),
        ("assessment", _("Assessment"), ("probability", "impact")),
        (
            "treatment",
            _("Treatment"),
            ("treatment_strategy", "status", "residual_probability", "residual_impact", "review_on"),
        ),
    )

    def sections(self) -> list[tuple[str, Any, list[forms.BoundField]]]:
        return [
            (key, legend, [self[name] for name in names if name in self.fields])
            for key, legend, names in self.SECTIONS
        ]

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("kind", None)
        return data


class TreatmentActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=255)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organization_selectors.person_list(user).order_by(
            "last_name", "first_name"
        )
        style_fields(self)
