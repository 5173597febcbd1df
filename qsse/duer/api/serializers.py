"""Serializers of the DUER API: reads show the stored rating; writes feed the services."""

from __future__ import annotations

from rest_framework import serializers

from qsse.surveillance.api.serializers import VisiblePersonField, drf_error

from ..models import Duer, DuerVersion, Hazard, HazardFeedback, PreventionMeasure

__all__ = [
    "DuerHazardSerializer",
    "DuerMeasureSerializer",
    "DuerProgrammeRowSerializer",
    "DuerSerializer",
    "DuerVersionFreezeSerializer",
    "DuerVersionSerializer",
    "drf_error",
]


class DuerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Duer
        fields = ["id", "title", "site", "owner", "created_at"]
        read_only_fields = fields


class DuerMeasureSerializer(serializers.ModelSerializer):
    action_reference = serializers.CharField(source="action.reference", read_only=True, default="")

    class Meta:
        model = PreventionMeasure
        fields = [
            "id",
            "hazard",
            "description",
            "principle",
            "measure_type",
            "protection",
            "action",
            "action_reference",
        ]
        read_only_fields = ["id", "action", "action_reference"]


class DuerHazardFeedbackSerializer(serializers.ModelSerializer):
    """A record from the field (an accident, a near miss) linked to the hazard."""

    source_type = serializers.SerializerMethodField()

    class Meta:
        model = HazardFeedback
        fields = ["id", "source_type", "source_object_id", "source_label", "source_url", "source_on", "note"]
        read_only_fields = fields

    def get_source_type(self, item: HazardFeedback) -> str:
        return f"{item.source_content_type.app_label}.{item.source_content_type.model}"


class DuerHazardSerializer(serializers.ModelSerializer):
    measures = DuerMeasureSerializer(many=True, read_only=True)
    feedback = DuerHazardFeedbackSerializer(many=True, read_only=True)

    class Meta:
        model = Hazard
        fields = [
            "id",
            "duer",
            "work_unit",
            "family",
            "sub_danger",
            "situation",
            "exposed_count",
            "existing_measures",
            "probability",
            "gravity",
            "control_level",
            "raw_score",
            "residual_score",
            "residual_level",
            "is_significant",
            "needs_review",
            "review_reason",
            "measures",
            "feedback",
        ]
        read_only_fields = [
            "id",
            "raw_score",
            "residual_score",
            "residual_level",
            "is_significant",
            "needs_review",
            "review_reason",
            "measures",
            "feedback",
        ]


class DuerVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DuerVersion
        fields = [
            "id",
            "duer",
            "number",
            "frozen_on",
            "frozen_at",
            "frozen_by_name",
            "change_note",
            "headcount",
        ]
        read_only_fields = fields


class DuerVersionFreezeSerializer(serializers.Serializer):
    duer = serializers.IntegerField()
    change_note = serializers.CharField(max_length=2000)


class DuerMeasureActionSerializer(serializers.Serializer):
    owner = VisiblePersonField()
    due_on = serializers.DateField()
    estimated_cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    efficacy_criterion = serializers.CharField(max_length=255, required=False, allow_blank=True)
    human_resources = serializers.CharField(max_length=255, required=False, allow_blank=True)


class DuerProgrammeRowSerializer(serializers.Serializer):
    reference = serializers.CharField()
    title = serializers.CharField()
    owner = serializers.CharField()
    execution_conditions = serializers.CharField()
    indicator = serializers.CharField()
    estimated_cost = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    due_on = serializers.DateField()
    status = serializers.CharField()
