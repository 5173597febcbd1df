"""Serializers of /api/v1/analysis/: they validate and describe the numbers; services and tools compute."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from qsse.organization import selectors as organization_selectors

from ..choices import Aggregation, ChartKind, DecisionKind
from ..models import Analysis, Dataset, DecisionStudy


def _user(field: serializers.Field):
    request = field.context.get("request")
    return request.user if request is not None else AnonymousUser()


class VisibleSiteField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", organization_selectors.site_list(AnonymousUser()))
        super().__init__(**kwargs)

    def get_queryset(self):
        return organization_selectors.site_list(_user(self))


class ColumnSerializer(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.ChoiceField(choices=["text", "number", "date"])


class DatasetSerializer(serializers.ModelSerializer):
    columns = ColumnSerializer(many=True, read_only=True)
    uploaded_by = serializers.CharField(source="uploaded_by.get_username", read_only=True)

    class Meta:
        model = Dataset
        fields = [
            "id",
            "name",
            "description",
            "source_kind",
            "source_key",
            "original_name",
            "columns",
            "row_count",
            "site",
            "uploaded_by",
            "uploaded_at",
        ]
        read_only_fields = fields


class DatasetUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    site = VisibleSiteField(required=False, allow_null=True, default=None)


class DatasetSourceSerializer(serializers.Serializer):
    source_key = serializers.CharField(
        help_text="A key of the OpenQSSE analysis sources, e.g. nonconformities"
    )
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    site = VisibleSiteField(required=False, allow_null=True, default=None)


# --- Tool parameters ------------------------------------------------------------------------------------


class FilterSerializer(serializers.Serializer):
    column = serializers.CharField()
    operator = serializers.ChoiceField(choices=["eq", "min", "max"], default="eq")
    value = serializers.CharField()


class ToolParametersSerializer(serializers.Serializer):
    filters = FilterSerializer(many=True, required=False)

    def parameters(self) -> dict[str, Any]:
        return {
            key: ([dict(item) for item in value] if key == "filters" else value)
            for key, value in self.validated_data.items()
            if value not in (None, "")
        }


class ParetoParametersSerializer(ToolParametersSerializer):
    category = serializers.CharField()
    measure = serializers.CharField(
        required=False, allow_blank=True, help_text="Sum this column (default: count)"
    )
    cutoff = serializers.FloatField(required=False, min_value=0.01, max_value=100, help_text="0.8 or 80 (%)")


class PivotParametersSerializer(ToolParametersSerializer):
    rows = serializers.ListField(child=serializers.CharField(), min_length=1, max_length=3)
    column = serializers.CharField(required=False, allow_blank=True)
    aggregation = serializers.ChoiceField(choices=Aggregation.values, default=Aggregation.COUNT)
    measure = serializers.CharField(required=False, allow_blank=True)
    sort = serializers.ChoiceField(choices=["label", "total"], default="label")


class DescriptiveParametersSerializer(ToolParametersSerializer):
    column = serializers.CharField()
    group = serializers.CharField(required=False, allow_blank=True)
    bins = serializers.IntegerField(required=False, min_value=1, max_value=200)


class ControlChartParametersSerializer(ToolParametersSerializer):
    chart = serializers.ChoiceField(choices=ChartKind.values, default=ChartKind.INDIVIDUALS)
    column = serializers.CharField()
    subgroup = serializers.CharField(required=False, allow_blank=True)
    size = serializers.IntegerField(required=False, min_value=2)
    size_column = serializers.CharField(required=False, allow_blank=True)
    order_by = serializers.CharField(required=False, allow_blank=True)
    label = serializers.CharField(required=False, allow_blank=True)
    limits_from = serializers.IntegerField(required=False, min_value=2)
    rules = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=8), required=False, allow_empty=False
    )


class CapabilityParametersSerializer(ToolParametersSerializer):
    column = serializers.CharField()
    lsl = serializers.FloatField(required=False, allow_null=True)
    usl = serializers.FloatField(required=False, allow_null=True)
    target = serializers.FloatField(required=False, allow_null=True)
    subgroup = serializers.CharField(required=False, allow_blank=True)
    size = serializers.IntegerField(required=False, min_value=2, max_value=25)


# --- Results ---------------------------------------------------------------------------------------------


class ParetoItemSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.FloatField()
    share = serializers.FloatField(help_text="Fraction of the total (0–1)")
    cumulative_share = serializers.FloatField(help_text="Cumulative fraction (0–1)")
    is_vital_few = serializers.BooleanField()


class ParetoResultSerializer(serializers.Serializer):
    total = serializers.FloatField()
    items = ParetoItemSerializer(many=True)

    @staticmethod
    def payload(result) -> dict[str, Any]:
        return asdict(result.pareto)


class PivotRowSerializer(serializers.Serializer):
    labels = serializers.ListField(child=serializers.CharField())
    cells = serializers.ListField(child=serializers.FloatField(allow_null=True))
    total = serializers.FloatField(allow_null=True)


class PivotResultSerializer(serializers.Serializer):
    row_columns = serializers.ListField(child=serializers.CharField())
    column_column = serializers.CharField(allow_null=True)
    aggregation = serializers.CharField()
    measure = serializers.CharField(allow_null=True)
    column_labels = serializers.ListField(child=serializers.CharField())
    rows = PivotRowSerializer(many=True)
    column_totals = serializers.ListField(child=serializers.FloatField(allow_null=True))
    grand_total = serializers.FloatField(allow_null=True)
    row_groups = serializers.IntegerField(help_text="Rows before the top-N limit")
    column_groups = serializers.IntegerField()

    @staticmethod
    def payload(result) -> dict[str, Any]:
        return asdict(result.table)


class DescriptiveStatisticsSerializer(serializers.Serializer):
    n = serializers.IntegerField()
    mean = serializers.FloatField()
    median = serializers.FloatField()
    stdev = serializers.FloatField(allow_null=True)
    variance = serializers.FloatField(allow_null=True)
    minimum = serializers.FloatField()
    maximum = serializers.FloatField()
    range = serializers.FloatField()
    q1 = serializers.FloatField()
    q3 = serializers.FloatField()
    iqr = serializers.FloatField()
    skewness = serializers.FloatField(allow_null=True)
    kurtosis = serializers.FloatField(allow_null=True)


class HistogramSerializer(serializers.Serializer):
    edges = serializers.ListField(child=serializers.FloatField())
    counts = serializers.ListField(child=serializers.IntegerField())
    rule = serializers.CharField()


class BoxPlotSerializer(serializers.Serializer):
    lower_whisker = serializers.FloatField()
    q1 = serializers.FloatField()
    median = serializers.FloatField()
    q3 = serializers.FloatField()
    upper_whisker = serializers.FloatField()
    outliers = serializers.ListField(child=serializers.FloatField())


class GroupStatisticsSerializer(serializers.Serializer):
    label = serializers.CharField(allow_null=True)
    statistics = DescriptiveStatisticsSerializer()
    histogram = HistogramSerializer()
    box = BoxPlotSerializer()


class DescriptiveResultSerializer(serializers.Serializer):
    column = serializers.CharField()
    groups = GroupStatisticsSerializer(many=True)

    @staticmethod
    def payload(result) -> dict[str, Any]:
        return {"column": result.column, "groups": [asdict(group) for group in result.groups]}


class ChartSerializer(serializers.Serializer):
    kind = serializers.CharField()
    points = serializers.ListField(child=serializers.FloatField())
    center = serializers.FloatField()
    lcl = serializers.ListField(child=serializers.FloatField(), help_text="Lower control limit of each point")
    ucl = serializers.ListField(child=serializers.FloatField(), help_text="Upper control limit of each point")
    sigma = serializers.FloatField()


class ViolationSerializer(serializers.Serializer):
    chart = serializers.CharField()
    rule = serializers.IntegerField()
    index = serializers.IntegerField(help_text="0-based index of the point where the pattern completes")
    label = serializers.CharField()
    value = serializers.FloatField()
    description = serializers.CharField()


class ControlChartResultSerializer(serializers.Serializer):
    kind = serializers.CharField()
    labels = serializers.ListField(child=serializers.CharField())
    chart = ChartSerializer()
    secondary = ChartSerializer(allow_null=True)
    violations = ViolationSerializer(many=True)

    @staticmethod
    def payload(result) -> dict[str, Any]:
        def chart(plotted) -> dict[str, Any] | None:
            if plotted is None:
                return None
            return {key: getattr(plotted, key) for key in ("kind", "points", "center", "lcl", "ucl", "sigma")}

        return {
            "kind": result.kind,
            "labels": list(result.labels),
            "chart": chart(result.chart),
            "secondary": chart(result.chart.secondary),
            "violations": [asdict(violation) for violation in result.violations],
        }


class IntervalField(serializers.ListField):
    def __init__(self, **kwargs):
        super().__init__(
            child=serializers.FloatField(), min_length=2, max_length=2, allow_null=True, **kwargs
        )


class NormalitySerializer(serializers.Serializer):
    method = serializers.CharField()
    statistic = serializers.FloatField()
    adjusted_statistic = serializers.FloatField()
    p_value = serializers.FloatField()
    is_normal = serializers.BooleanField()


class CapabilityResultSerializer(serializers.Serializer):
    n = serializers.IntegerField()
    mean = serializers.FloatField()
    sigma_within = serializers.FloatField()
    sigma_overall = serializers.FloatField()
    cp = serializers.FloatField(allow_null=True)
    cpk = serializers.FloatField(allow_null=True)
    pp = serializers.FloatField(allow_null=True)
    ppk = serializers.FloatField(allow_null=True)
    cpm = serializers.FloatField(allow_null=True)
    cp_interval = IntervalField()
    cpk_interval = IntervalField()
    pp_interval = IntervalField()
    ppk_interval = IntervalField()
    normality = NormalitySerializer(allow_null=True)
    warnings = serializers.ListField(child=serializers.CharField())

    @staticmethod
    def payload(result) -> dict[str, Any]:
        data = asdict(result.capability)
        data["normality"] = asdict(result.normality) if result.normality is not None else None
        data["warnings"] = list(result.warnings)
        return data


# --- Decision studies ------------------------------------------------------------------------------------


class DecisionStudySerializer(serializers.ModelSerializer):
    site = VisibleSiteField(required=False, allow_null=True)
    created_by = serializers.CharField(source="created_by.get_username", read_only=True)
    figures = serializers.SerializerMethodField()

    class Meta:
        model = DecisionStudy
        fields = [
            "id",
            "kind",
            "title",
            "data",
            "related_reference",
            "site",
            "created_by",
            "created_at",
            "figures",
        ]
        read_only_fields = ["created_by", "created_at", "figures"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_figures(self, study: DecisionStudy) -> dict[str, Any]:
        from .. import decisions

        if study.kind == DecisionKind.MATRIX:
            return {"ranking": [asdict(row) for row in decisions.matrix_ranking(study.data)]}
        if study.kind == DecisionKind.COST_BENEFIT:
            return asdict(decisions.cost_benefit_figures(study.data))
        if study.kind == DecisionKind.RELATIONS:
            return {"items": [asdict(item) for item in decisions.relations_summary(study.data)]}
        return {}


class VisibleDatasetField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Dataset.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        from ..selectors import dataset_list

        return dataset_list(_user(self))


class AnalysisSerializer(serializers.ModelSerializer):
    dataset = VisibleDatasetField()
    created_by = serializers.CharField(source="created_by.get_username", read_only=True)

    class Meta:
        model = Analysis
        fields = [
            "id",
            "dataset",
            "tool",
            "title",
            "parameters",
            "related_reference",
            "created_by",
            "created_at",
        ]
        read_only_fields = ["created_by", "created_at"]
