"""Serializers of /api/v1/context/: they validate; the services write."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from qsse.organization import selectors as organization_selectors
from qsse.processes import selectors as process_selectors

from ..choices import ContextCategory, Importance, RiskKind
from ..models import (
    ContextAnalysis,
    ContextItem,
    CriticalityLevel,
    CriticalityMatrix,
    InterestedParty,
    RiskOpportunity,
)


def drf_error(error: DjangoValidationError) -> ValidationError:
    """A service's ValidationError as a DRF 400, field by field when the service named fields."""
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


def _user(field: serializers.Field):
    request = field.context.get("request")
    return request.user if request is not None else AnonymousUser()


class VisibleSiteField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", organization_selectors.site_list(AnonymousUser()))
        super().__init__(**kwargs)

    def get_queryset(self):
        return organization_selectors.site_list(_user(self))


class VisiblePersonField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", organization_selectors.person_list(AnonymousUser()))
        super().__init__(**kwargs)

    def get_queryset(self):
        return organization_selectors.person_list(_user(self))


class VisibleProcessField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", process_selectors.process_list(AnonymousUser()))
        super().__init__(**kwargs)

    def get_queryset(self):
        return process_selectors.process_list(_user(self))


class VisibleItemField(serializers.PrimaryKeyRelatedField):
    """An item of an analysis the client may see."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", ContextItem.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        from .. import selectors

        return selectors.context_items_for_choice(_user(self))


class VisiblePartyField(serializers.PrimaryKeyRelatedField):
    """An interested party the client may see."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", InterestedParty.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        from .. import selectors

        return selectors.party_list(_user(self))


# --- Analyses ----------------------------------------------------------------------------------


class ContextItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContextItem
        fields = ["id", "analysis", "category", "text", "importance", "position"]
        read_only_fields = ["id", "position"]


class ContextItemUpdateSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=ContextCategory.choices, required=False)
    text = serializers.CharField(max_length=500, required=False)
    importance = serializers.ChoiceField(choices=Importance.choices, required=False)


class ContextAnalysisSerializer(serializers.ModelSerializer):
    items = ContextItemSerializer(many=True, read_only=True)

    class Meta:
        model = ContextAnalysis
        fields = [
            "id",
            "kind",
            "title",
            "site",
            "analysed_on",
            "version",
            "status",
            "approved_by",
            "approved_at",
            "previous",
            "notes",
            "items",
        ]
        read_only_fields = fields


class ContextAnalysisWriteSerializer(serializers.ModelSerializer):
    site = VisibleSiteField(required=False, allow_null=True)

    class Meta:
        model = ContextAnalysis
        fields = ["kind", "title", "site", "analysed_on", "notes"]


# --- Interested parties ------------------------------------------------------------------------


class InterestedPartySerializer(serializers.ModelSerializer):
    site = VisibleSiteField(required=False, allow_null=True)
    processes = VisibleProcessField(many=True, required=False)
    quadrant = serializers.SerializerMethodField()

    class Meta:
        model = InterestedParty
        fields = [
            "id",
            "name",
            "category",
            "site",
            "needs",
            "expectations",
            "influence",
            "interest",
            "quadrant",
            "is_relevant",
            "processes",
            "how_monitored",
            "review_on",
        ]

    def get_quadrant(self, party: InterestedParty) -> str:
        from ..calculations import power_interest_quadrant

        return power_interest_quadrant(party.influence, party.interest)


# --- Matrix ------------------------------------------------------------------------------------


class CriticalityLevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = CriticalityLevel
        fields = ["id", "name", "min_score", "colour", "is_significant", "order"]
        read_only_fields = ["id", "order"]


class CriticalityMatrixSerializer(serializers.ModelSerializer):
    levels = CriticalityLevelSerializer(many=True)
    row_labels = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False)
    col_labels = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False)

    class Meta:
        model = CriticalityMatrix
        fields = [
            "id",
            "name",
            "rows",
            "cols",
            "row_axis_name",
            "col_axis_name",
            "row_labels",
            "col_labels",
            "usage",
            "is_active",
            "levels",
        ]


# --- Risks and opportunities -------------------------------------------------------------------

RISK_FIELDS = [
    "id",
    "reference",
    "kind",
    "title",
    "description",
    "process",
    "site",
    "source",
    "source_item",
    "source_party",
    "causes",
    "consequences",
    "probability",
    "impact",
    "score",
    "level",
    "level_name",
    "level_min_score",
    "is_significant",
    "owner",
    "treatment_strategy",
    "status",
    "residual_probability",
    "residual_impact",
    "residual_score",
    "review_on",
    "created_at",
    "updated_at",
]


class RiskOpportunitySerializer(serializers.ModelSerializer):
    score = serializers.IntegerField(read_only=True)
    level = serializers.IntegerField(source="level_id", read_only=True, allow_null=True)
    level_name = serializers.CharField(source="level.name", read_only=True, allow_null=True, default=None)
    level_min_score = serializers.IntegerField(
        source="level.min_score", read_only=True, allow_null=True, default=None
    )
    residual_score = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = RiskOpportunity
        fields = RISK_FIELDS
        read_only_fields = RISK_FIELDS


class RiskOpportunityWriteSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=RiskKind.choices, required=False)
    process = VisibleProcessField()
    site = VisibleSiteField(required=False, allow_null=True)
    owner = VisiblePersonField(required=False, allow_null=True)
    source_item = VisibleItemField(required=False, allow_null=True)
    source_party = VisiblePartyField(required=False, allow_null=True)

    class Meta:
        model = RiskOpportunity
        fields = [
            "kind",
            "title",
            "description",
            "process",
            "site",
            "source",
            "source_item",
            "source_party",
            "causes",
            "consequences",
            "probability",
            "impact",
            "owner",
            "treatment_strategy",
            "status",
            "residual_probability",
            "residual_impact",
            "review_on",
        ]


class HeatCellSerializer(serializers.Serializer):
    probability = serializers.IntegerField()
    impact = serializers.IntegerField()
    score = serializers.IntegerField()
    level = serializers.CharField(allow_null=True)
    colour = serializers.CharField()
    is_significant = serializers.BooleanField()
    count = serializers.IntegerField()


class HeatMapSerializer(serializers.Serializer):
    kind = serializers.CharField()
    total = serializers.IntegerField()
    cells = HeatCellSerializer(many=True)


class HeatMapResponseSerializer(serializers.Serializer):
    matrix = serializers.IntegerField(allow_null=True)
    rows = serializers.IntegerField()
    cols = serializers.IntegerField()
    maps = HeatMapSerializer(many=True)
