"""Serializers of the HACCP API: computed score, level and CCP outcome are returned as data."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from ..models import ControlPoint, HaccpPlan, Hazard, MonitoringRecord, ProcessStep


def drf_error(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


class PlanSerializer(serializers.ModelSerializer):
    missing_steps = serializers.SerializerMethodField(help_text="Codex steps (1-12) not yet complete")

    class Meta:
        model = HaccpPlan
        fields = [
            "id",
            "reference",
            "revision",
            "previous_revision",
            "title",
            "scope",
            "site",
            "leader",
            "team",
            "product_name",
            "composition",
            "characteristics",
            "treatments",
            "packaging",
            "storage",
            "shelf_life",
            "distribution",
            "allergens",
            "intended_use",
            "tree_version",
            "status",
            "verification_procedure",
            "validated_on",
            "approved_on",
            "missing_steps",
        ]
        read_only_fields = ["reference", "revision", "previous_revision", "status", "approved_on"]

    def get_missing_steps(self, plan: HaccpPlan) -> list[int]:
        from ..calculations import plan_completeness
        from ..selectors import plan_facts

        return list(plan_completeness(plan_facts(plan)))


class PlanListSerializer(serializers.ModelSerializer):
    class Meta:
        model = HaccpPlan
        fields = [
            "id",
            "reference",
            "revision",
            "title",
            "site",
            "leader",
            "product_name",
            "tree_version",
            "status",
        ]


class PlanWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = HaccpPlan
        fields = [
            "title",
            "scope",
            "site",
            "leader",
            "team",
            "product_name",
            "composition",
            "characteristics",
            "treatments",
            "packaging",
            "storage",
            "shelf_life",
            "distribution",
            "allergens",
            "intended_use",
            "tree_version",
            "verification_procedure",
            "validated_on",
        ]


class StepSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProcessStep
        fields = ["id", "plan", "number", "name", "kind", "description", "verified_on", "verified_by"]
        read_only_fields = ["verified_on", "verified_by"]


class HazardSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="step.plan_id", read_only=True)
    control_point = serializers.SerializerMethodField()

    class Meta:
        model = Hazard
        fields = [
            "id",
            "plan",
            "step",
            "category",
            "description",
            "source",
            "likelihood",
            "severity",
            "score",
            "level_name",
            "is_significant",
            "control_measures",
            "tree_answers",
            "outcome",
            "justification",
            "control_point",
        ]
        read_only_fields = [
            "score",
            "level_name",
            "is_significant",
            "tree_answers",
            "outcome",
            "justification",
        ]

    def get_control_point(self, hazard: Hazard) -> int | None:
        try:
            return hazard.control_point.pk
        except ControlPoint.DoesNotExist:
            return None


class HazardWriteSerializer(serializers.Serializer):
    step = serializers.PrimaryKeyRelatedField(queryset=ProcessStep.objects.all())
    category = serializers.CharField()
    description = serializers.CharField()
    source = serializers.CharField(required=False, allow_blank=True)
    likelihood = serializers.IntegerField(min_value=1)
    severity = serializers.IntegerField(min_value=1)
    control_measures = serializers.CharField(required=False, allow_blank=True)


class AnswerSerializer(serializers.Serializer):
    question = serializers.CharField()
    answer = serializers.BooleanField()


class DecisionSerializer(serializers.Serializer):
    hazard = serializers.IntegerField()
    outcome = serializers.CharField(allow_null=True)
    outcome_label = serializers.CharField()
    next_question = serializers.CharField(allow_null=True)
    next_question_text = serializers.CharField(allow_null=True)
    path = serializers.ListField(child=serializers.DictField())


class ControlPointSerializer(serializers.ModelSerializer):
    hazard_outcome = serializers.CharField(source="hazard.outcome", read_only=True)

    class Meta:
        model = ControlPoint
        fields = [
            "id",
            "hazard",
            "hazard_outcome",
            "kind",
            "code",
            "limit_min",
            "limit_max",
            "unit",
            "limit_text",
            "limit_source",
            "monitoring_what",
            "monitoring_how",
            "monitoring_frequency",
            "monitoring_who",
            "corrective_actions",
            "verification",
            "records",
        ]
        read_only_fields = ["kind"]


class MonitoringRecordSerializer(serializers.ModelSerializer):
    nonconformity_reference = serializers.CharField(
        source="nonconformity.reference", read_only=True, default=None
    )

    class Meta:
        model = MonitoringRecord
        fields = [
            "id",
            "control_point",
            "value",
            "observation",
            "measured_at",
            "measured_by",
            "is_within_limits",
            "nonconformity",
            "nonconformity_reference",
        ]
        read_only_fields = ["is_within_limits", "nonconformity"]


class StepVerifySerializer(serializers.Serializer):
    verified_on = serializers.DateField()
    verified_by = serializers.PrimaryKeyRelatedField(
        queryset=ProcessStep._meta.get_field("verified_by").related_model.objects.all(),
        required=False,
        allow_null=True,
    )


class StepUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProcessStep
        fields = ["number", "name", "kind", "description"]


class HazardUpdateSerializer(serializers.Serializer):
    step = serializers.PrimaryKeyRelatedField(queryset=ProcessStep.objects.all(), required=False)
    category = serializers.CharField(required=False)
    description = serializers.CharField(required=False)
    source = serializers.CharField(required=False, allow_blank=True)
    likelihood = serializers.IntegerField(min_value=1, required=False)
    severity = serializers.IntegerField(min_value=1, required=False)
    control_measures = serializers.CharField(required=False, allow_blank=True)


class OprpSerializer(serializers.Serializer):
    justification = serializers.CharField()


class ControlPointWriteSerializer(serializers.ModelSerializer):
    """The hazard (decided CCP or OPRP) and its limits, monitoring, corrective actions, verification and
    records; the kind follows the hazard's outcome."""

    class Meta:
        model = ControlPoint
        fields = [
            "hazard",
            "code",
            "limit_min",
            "limit_max",
            "unit",
            "limit_text",
            "limit_source",
            "monitoring_what",
            "monitoring_how",
            "monitoring_frequency",
            "monitoring_who",
            "corrective_actions",
            "verification",
            "records",
        ]
        # The service validates (one control point per hazard: created, then updated).
        extra_kwargs = {"code": {"required": False}, "hazard": {"validators": []}}
