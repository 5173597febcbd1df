"""Serializers of the HAZOP API: score, level and significance are returned as computed data."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from qsse.organization.models import Person

from ..choices import GuideWord, Parameter
from ..models import Deviation, HazopNode, HazopStudy


def drf_error(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


class StudySerializer(serializers.ModelSerializer):
    class Meta:
        model = HazopStudy
        fields = [
            "id",
            "reference",
            "title",
            "installation",
            "site",
            "process",
            "leader",
            "team",
            "pid_reference",
            "scope",
            "status",
            "completed_on",
            "archived_on",
        ]
        read_only_fields = ["reference", "status", "completed_on", "archived_on"]


class NodeSerializer(serializers.ModelSerializer):
    parameters = serializers.ListField(
        child=serializers.ChoiceField(choices=Parameter.choices), required=False
    )

    class Meta:
        model = HazopNode
        fields = ["id", "study", "number", "name", "design_intent", "parameters"]
        extra_kwargs = {"number": {"required": False}}


class DeviationSerializer(serializers.ModelSerializer):
    study = serializers.IntegerField(source="node.study_id", read_only=True)
    action_reference = serializers.CharField(source="action.reference", read_only=True, default=None)

    class Meta:
        model = Deviation
        fields = [
            "id",
            "study",
            "node",
            "parameter",
            "guide_word",
            "text",
            "causes",
            "consequences",
            "safeguards",
            "likelihood",
            "severity",
            "score",
            "level_name",
            "is_significant",
            "recommendation",
            "responsible",
            "action",
            "action_reference",
            "justification",
            "status",
            "closed_on",
        ]
        read_only_fields = ["score", "level_name", "is_significant", "action", "status", "closed_on"]
        extra_kwargs = {"text": {"required": False}}


class GenerateSerializer(serializers.Serializer):
    parameters = serializers.ListField(child=serializers.ChoiceField(choices=Parameter.choices))
    guide_words = serializers.ListField(child=serializers.ChoiceField(choices=GuideWord.choices))


class DeviationCloseSerializer(serializers.Serializer):
    justification = serializers.CharField(required=False, allow_blank=True, default="")


class DeviationActionSerializer(serializers.Serializer):
    """The action raised from the recommendation of a deviation: its owner and due date."""

    owner = serializers.PrimaryKeyRelatedField(queryset=Person.objects.filter(is_active=True))
    due_on = serializers.DateField()
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
