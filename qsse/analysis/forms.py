"""Forms of the analysis pages. Tool forms turn their fields into the parameters dict that the tools,
the API and saved analyses share (and back)."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qsse.core.forms import DateInput, style_fields
from qsse.core.registry import analysis_sources
from qsse.organization import selectors as organization_selectors

from .choices import Aggregation, ChartKind, ColumnType, ToolKind
from .ingest import max_upload_bytes

FILTER_ROWS = 2
FILTER_OPERATORS = (("eq", _("equals")), ("min", _("at least")), ("max", _("at most")))


class DatasetUploadForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    file = forms.FileField(
        label=_("File (CSV or Excel .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    site = forms.ModelChoiceField(label=_("Site"), queryset=None, required=False, empty_label=_("All sites"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.fields["file"].help_text = _(
            "First row: the column names. Up to 1,000,000 rows and %(size)s MB. Separators “;” or “,” and "
            "decimal commas are recognised."
        ) % {"size": max_upload_bytes() // (1024 * 1024)}
        style_fields(self, small=True)


class DatasetImportForm(forms.Form):
    source_key = forms.ChoiceField(label=_("Create a dataset from"))
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    site = forms.ModelChoiceField(label=_("Site"), queryset=None, required=False, empty_label=_("All sites"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source_key"].choices = [
            (key, source.label) for key, source in sorted(analysis_sources.items())
        ]
        self.fields["site"].queryset = organization_selectors.site_list(user)
        self.auto_id = "import_%s"
        style_fields(self, small=True)


# --- Tool forms ---------------------------------------------------------------------------------------


def _column_choices(columns: list[dict[str, str]], *, blank: str | None = None, numeric_first: bool = False):
    labels = dict(ColumnType.choices)
    ordered = list(columns)
    if numeric_first:
        ordered.sort(key=lambda c: c["type"] != ColumnType.NUMBER)
    choices = [(c["name"], f"{c['name']} ({labels.get(c['type'], c['type']).lower()})") for c in ordered]
    return ([("", blank)] if blank is not None else []) + choices


class ToolForm(forms.Form):
    """Common to every tool: the dataset's columns and the filter rows."""

    tool: str = ""
    list_fields: tuple[str, ...] = ()
    column_fields: tuple[str, ...] = ()
    numeric_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, columns: list[dict[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.columns = columns
        for name in self.column_fields:
            field = self.fields[name]
            blank = None if field.required else str(getattr(field, "blank_label", _("(none)")))
            field.choices = _column_choices(columns, blank=blank, numeric_first=name in self.numeric_fields)
        for i in range(1, FILTER_ROWS + 1):
            self.fields[f"filter_column_{i}"] = forms.ChoiceField(
                label=_("Filter %(number)s: column") % {"number": i},
                required=False,
                choices=_column_choices(columns, blank=str(_("(no filter)"))),
            )
            self.fields[f"filter_operator_{i}"] = forms.ChoiceField(
                label=_("Filter %(number)s: condition") % {"number": i},
                required=False,
                choices=FILTER_OPERATORS,
            )
            self.fields[f"filter_value_{i}"] = forms.CharField(
                label=_("Filter %(number)s: value") % {"number": i}, required=False, max_length=200
            )
        style_fields(self, small=True)

    def filter_rows(self):
        return [
            (self[f"filter_column_{i}"], self[f"filter_operator_{i}"], self[f"filter_value_{i}"])
            for i in range(1, FILTER_ROWS + 1)
        ]

    def main_fields(self):
        return [self[name] for name in self.fields if not name.startswith("filter_")]

    def to_parameters(self) -> dict[str, Any]:
        data = self.cleaned_data
        params: dict[str, Any] = {}
        for name in self.fields:
            if name.startswith("filter_"):
                continue
            value = data.get(name)
            if value in (None, "", []):
                continue
            params[name] = (
                [int(v) if str(v).isdigit() else v for v in value] if isinstance(value, list) else value
            )
        filters = []
        for i in range(1, FILTER_ROWS + 1):
            column, value = data.get(f"filter_column_{i}"), data.get(f"filter_value_{i}")
            if column and value not in (None, ""):
                filters.append(
                    {"column": column, "operator": data.get(f"filter_operator_{i}") or "eq", "value": value}
                )
        if filters:
            params["filters"] = filters
        return params

    @classmethod
    def data_from_parameters(cls, params: dict[str, Any]) -> dict[str, Any]:
        """Form data (as a query string would give) for saved parameters."""
        data: dict[str, Any] = {}
        for key, value in params.items():
            if key == "filters":
                for i, item in enumerate(value[:FILTER_ROWS], start=1):
                    data[f"filter_column_{i}"] = item.get("column", "")
                    data[f"filter_operator_{i}"] = item.get("operator", "eq")
                    data[f"filter_value_{i}"] = item.get("value", "")
            elif isinstance(value, list):
                data[key] = [str(v) for v in value]
            else:
                data[key] = value
        return data

    def parameters_json(self) -> str:
        return json.dumps(self.to_parameters(), ensure_ascii=False, default=str)


class PivotForm(ToolForm):
    tool = ToolKind.PIVOT
    column_fields = ("row_1", "row_2", "column", "measure")
    numeric_fields = ("measure",)
    row_1 = forms.ChoiceField(label=_("Rows"))
    row_2 = forms.ChoiceField(label=_("Rows (second level)"), required=False)
    column = forms.ChoiceField(label=_("Columns"), required=False)
    aggregation = forms.ChoiceField(
        label=_("Aggregation"), choices=Aggregation.choices, initial=Aggregation.COUNT
    )
    measure = forms.ChoiceField(label=_("Measure (column to aggregate)"), required=False)
    sort = forms.ChoiceField(
        label=_("Row order"),
        choices=(("label", _("By label")), ("total", _("By total, largest first"))),
        required=False,
    )

    def to_parameters(self) -> dict[str, Any]:
        params = super().to_parameters()
        params["rows"] = [params.pop(key) for key in ("row_1", "row_2") if key in params]
        return params

    @classmethod
    def data_from_parameters(cls, params: dict[str, Any]) -> dict[str, Any]:
        data = super().data_from_parameters({k: v for k, v in params.items() if k != "rows"})
        for i, row in enumerate(params.get("rows") or [], start=1):
            data[f"row_{i}"] = row
        return data


class ParetoForm(ToolForm):
    tool = ToolKind.PARETO
    column_fields = ("category", "measure")
    numeric_fields = ("measure",)
    category = forms.ChoiceField(label=_("Category (one bar per value)"))
    measure = forms.ChoiceField(label=_("Measure (empty: count the rows)"), required=False)
    cutoff = forms.FloatField(label=_("Cut-off (%)"), min_value=1, max_value=100, initial=80, required=False)


class DescriptiveForm(ToolForm):
    tool = ToolKind.DESCRIPTIVE
    column_fields = ("column", "group")
    numeric_fields = ("column",)
    column = forms.ChoiceField(label=_("Numeric column"))
    group = forms.ChoiceField(label=_("Group by (optional)"), required=False)
    bins = forms.IntegerField(
        label=_("Number of classes (empty: Sturges' rule)"), min_value=1, max_value=200, required=False
    )


RULE_CHOICES = [(str(number), _("Rule %(number)s") % {"number": number}) for number in range(1, 9)]


class ControlChartForm(ToolForm):
    tool = ToolKind.CONTROL_CHART
    column_fields = ("column", "subgroup", "size_column", "order_by", "label")
    numeric_fields = ("column", "size_column")
    chart = forms.ChoiceField(label=_("Chart"), choices=ChartKind.choices, initial=ChartKind.INDIVIDUALS)
    column = forms.ChoiceField(
        label=_("Measured value, or count of defectives / defects"),
    )
    subgroup = forms.ChoiceField(label=_("Subgroup column (X̄-R, X̄-S)"), required=False)
    size = forms.IntegerField(
        label=_("Subgroup or sample size n"), min_value=2, max_value=10_000, required=False
    )
    size_column = forms.ChoiceField(label=_("Sample size or units column (p, u)"), required=False)
    order_by = forms.ChoiceField(label=_("Order of the points"), required=False)
    label = forms.ChoiceField(label=_("Label of the points"), required=False)
    limits_from = forms.IntegerField(
        label=_("Limits from the first k points (phase I, optional)"), min_value=2, required=False
    )
    rules = forms.MultipleChoiceField(
        label=_("Rules to test"),
        choices=RULE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        initial=[str(n) for n in range(1, 9)],
    )
    # Which charts use a field (tool-form.js hides the others).
    field_charts = {
        "subgroup": "xbar_r xbar_s",
        "size": "xbar_r xbar_s np",
        "size_column": "p u",
        "label": "i_mr p np c u",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, charts in self.field_charts.items():
            self.fields[name].widget.attrs["data-analysis-charts"] = charts


class CapabilityForm(ToolForm):
    tool = ToolKind.CAPABILITY
    column_fields = ("column", "subgroup")
    numeric_fields = ("column",)
    column = forms.ChoiceField(label=_("Measured value"))
    lsl = forms.FloatField(label=_("Lower specification limit (LSL)"), required=False)
    usl = forms.FloatField(label=_("Upper specification limit (USL)"), required=False)
    target = forms.FloatField(label=_("Target"), required=False)
    subgroup = forms.ChoiceField(label=_("Subgroup column (optional)"), required=False)
    size = forms.IntegerField(
        label=_("Subgroup size n (optional)"), min_value=2, max_value=25, required=False
    )


TOOL_FORMS: dict[str, type[ToolForm]] = {
    ToolKind.PIVOT: PivotForm,
    ToolKind.PARETO: ParetoForm,
    ToolKind.DESCRIPTIVE: DescriptiveForm,
    ToolKind.CONTROL_CHART: ControlChartForm,
    ToolKind.CAPABILITY: CapabilityForm,
}


class SaveAnalysisForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    related_reference = forms.CharField(
        label=_("Related record (e.g. NC-2026-0042)"), max_length=40, required=False
    )
    parameters = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.auto_id = "save_%s"
        style_fields(self, small=True)

    def clean_parameters(self) -> dict[str, Any]:
        try:
            value = json.loads(self.cleaned_data["parameters"])
        except ValueError as error:
            raise forms.ValidationError(_("The parameters are not valid.")) from error
        if not isinstance(value, dict):
            raise forms.ValidationError(_("The parameters are not valid."))
        return value


class AnalysisActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=255)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organization_selectors.person_list(user).order_by(
            "last_name", "first_name"
        )
        self.auto_id = "action_%s"
        style_fields(self, small=True)


# --- Decision studies ---------------------------------------------------------------------------------

MATRIX_CRITERIA = 6
MATRIX_OPTIONS = 5


class DecisionStudyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    related_reference = forms.CharField(
        label=_("Related record (e.g. NC-2026-0042)"), max_length=40, required=False
    )
    site = forms.ModelChoiceField(label=_("Site"), queryset=None, required=False, empty_label=_("All sites"))

    def __init__(self, *args: Any, user: Any, kind: str, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["site"].queryset = organization_selectors.site_list(user)
        if editing:
            del self.fields["site"]
        style_fields(self, small=True)


class CostBenefitForm(forms.Form):
    dysfunction_cost_per_year = forms.FloatField(label=_("Cost of the dysfunction per year (€)"), min_value=0)
    expected_reduction = forms.FloatField(label=_("Expected reduction (%)"), min_value=0, max_value=100)
    investment = forms.FloatField(label=_("Investment (€)"), min_value=0)
    running_cost_per_year = forms.FloatField(
        label=_("Running cost per year (€)"), min_value=0, initial=0, required=False
    )
    years = forms.IntegerField(label=_("Period (years)"), min_value=1, max_value=30, initial=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)

    def to_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["expected_reduction"] = data["expected_reduction"] / 100
        data["running_cost_per_year"] = data.get("running_cost_per_year") or 0
        return data

    @staticmethod
    def initial_from(data: dict[str, Any]) -> dict[str, Any]:
        initial = dict(data)
        if "expected_reduction" in initial:
            initial["expected_reduction"] = round(initial["expected_reduction"] * 100, 4)
        return initial


class RelationsForm(forms.Form):
    items = forms.CharField(label=_("Items (one per line)"), widget=forms.Textarea(attrs={"rows": 8}))
    links = forms.CharField(
        label=_("Links: “cause -> effect”, one per line"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)

    def to_data(self) -> dict[str, Any]:
        from .decisions import links_from_text

        return {
            "items": [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()],
            "links": links_from_text(self.cleaned_data.get("links") or ""),
        }

    @staticmethod
    def initial_from(data: dict[str, Any]) -> dict[str, Any]:
        return {
            "items": "\n".join(data.get("items") or []),
            "links": "\n".join(f"{link['cause']} -> {link['effect']}" for link in data.get("links") or []),
        }


class TreeForm(forms.Form):
    goal = forms.CharField(label=_("Goal"), max_length=300)
    outline = forms.CharField(
        label=_("Means and sub-means (one per line, indent by two spaces for a sub-means)"),
        widget=forms.Textarea(attrs={"rows": 12}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)

    def to_data(self) -> dict[str, Any]:
        from .decisions import tree_from_outline

        return tree_from_outline(self.cleaned_data["goal"], self.cleaned_data["outline"])

    @staticmethod
    def initial_from(data: dict[str, Any]) -> dict[str, Any]:
        from .decisions import outline_from_tree

        return {"goal": data.get("goal", ""), "outline": outline_from_tree(data)}


def matrix_data_from_post(post) -> dict[str, Any]:
    """The matrix grid of the page: criterion_name_i / criterion_weight_i, option_name_j,
    score_j_i (1–5); empty rows are left out by the validation of the service."""
    criteria = []
    for i in range(MATRIX_CRITERIA):
        criteria.append(
            {"name": post.get(f"criterion_name_{i}", ""), "weight": post.get(f"criterion_weight_{i}", "")}
        )
    kept = [i for i, c in enumerate(criteria) if c["name"].strip()]
    options = []
    for j in range(MATRIX_OPTIONS):
        options.append(
            {
                "name": post.get(f"option_name_{j}", ""),
                "scores": [post.get(f"score_{j}_{i}", "") for i in kept],
            }
        )
    return {"criteria": [criteria[i] for i in kept], "options": options}


def matrix_grid(data: dict[str, Any] | None, post=None) -> dict[str, Any]:
    """Rows and cells of the editable grid, filled from saved data or from the posted form."""
    criteria = list((data or {}).get("criteria") or [])
    options = list((data or {}).get("options") or [])
    grid_criteria = []
    for i in range(MATRIX_CRITERIA):
        saved = criteria[i] if i < len(criteria) else {"name": "", "weight": ""}
        grid_criteria.append(
            {
                "index": i,
                "name": post.get(f"criterion_name_{i}", "") if post is not None else saved["name"],
                "weight": post.get(f"criterion_weight_{i}", "")
                if post is not None
                else _plain(saved["weight"]),
            }
        )
    grid_options = []
    for j in range(MATRIX_OPTIONS):
        saved = options[j] if j < len(options) else {"name": "", "scores": []}
        scores = []
        for i in range(MATRIX_CRITERIA):
            if post is not None:
                value = post.get(f"score_{j}_{i}", "")
            else:
                value = _plain(saved["scores"][i]) if i < len(saved["scores"]) else ""
            scores.append({"criterion": i, "value": value})
        grid_options.append(
            {
                "index": j,
                "name": post.get(f"option_name_{j}", "") if post is not None else saved["name"],
                "scores": scores,
            }
        )
    return {"criteria": grid_criteria, "options": grid_options}


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class DatasetEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self, small=True)
