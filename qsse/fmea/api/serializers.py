"""Serializers of /api/v1/fmea/: they validate; the services write. RPN and AP are returned as
computed by the services (numbers and letters)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from qsse.organization import selectors as organization_selectors
from qsse.organization.models import Person
from qsse.processes import selectors as process_selectors

from ..choices import ActionPriorityLevel
from ..models import ActionPriorityRule, ApTable, Fmea, FmeaLine, RatingGuide


def drf_error(error: DjangoValidationError) -> ValidationError:
    """A service's ValidationError as a DRF 400, field by field when the service named fields."""
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


def _user(field: serializers.Field):
    request = field.context.get("request")
    return request.user if request is not None else AnonymousUser()


class VisiblePersonField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", organization_selectors.person_list(AnonymousUser()))
        super().__init__(**kwargs)

    def get_queryset(self):
        return organization_selectors.person_list(_user(self))


class VisibleSiteField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", organization_selectors.site_list(AnonymousUser()))
        super().__init__(**kwargs)

    def get_queryset(self):
        return organization_selectors.site_list(_user(self))


class VisibleProcessField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", process_selectors.process_list(AnonymousUser()))
        super().__init__(**kwargs)

    def get_queryset(self):
        return process_selectors.process_list(_user(self))


class FmeaSerializer(serializers.ModelSerializer):
    line_count = serializers.IntegerField(read_only=True, source="lines.count")

    class Meta:
        model = Fmea
        fields = [
            "id",
            "reference",
            "kind",
            "title",
            "scope",
            "process",
            "site",
            "product",
            "leader",
            "team",
            "status",
            "revision",
            "prioritisation_method",
            "started_on",
            "due_on",
            "approved_on",
            "line_count",
        ]
        read_only_fields = fields


class FmeaWriteSerializer(serializers.ModelSerializer):
    process = VisibleProcessField(required=False, allow_null=True)
    site = VisibleSiteField(required=False, allow_null=True)
    leader = VisiblePersonField(required=False, allow_null=True)
    team = VisiblePersonField(many=True, required=False)

    class Meta:
        model = Fmea
        fields = [
            "kind",
            "title",
            "scope",
            "process",
            "site",
            "product",
            "leader",
            "team",
            "prioritisation_method",
            "started_on",
            "due_on",
        ]


class FmeaStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["draft", "in_review", "approved"])


class FmeaLineSerializer(serializers.ModelSerializer):
    rpn = serializers.IntegerField(read_only=True, help_text="S × O × D (1–1,000)")
    ap = serializers.CharField(
        read_only=True, help_text="H, M or L from the AP table in use; empty without one"
    )
    revised_rpn = serializers.IntegerField(read_only=True, allow_null=True)
    revised_ap = serializers.CharField(read_only=True)
    action_reference = serializers.CharField(source="action.reference", read_only=True, default=None)
    action_status = serializers.CharField(source="action.status", read_only=True, default=None)

    class Meta:
        model = FmeaLine
        fields = [
            "id",
            "fmea",
            "function",
            "position",
            "process_step",
            "failure_mode",
            "effect",
            "severity",
            "cause",
            "prevention_controls",
            "occurrence",
            "detection_controls",
            "detection",
            "rpn",
            "ap",
            "recommended_action",
            "action",
            "action_reference",
            "action_status",
            "revised_severity",
            "revised_occurrence",
            "revised_detection",
            "revised_rpn",
            "revised_ap",
            "revised_on",
        ]
        read_only_fields = [
            "id",
            "action",
            "revised_severity",
            "revised_occurrence",
            "revised_detection",
            "revised_on",
        ]


class RerateSerializer(serializers.Serializer):
    revised_severity = serializers.IntegerField(min_value=1, max_value=10)
    revised_occurrence = serializers.IntegerField(min_value=1, max_value=10)
    revised_detection = serializers.IntegerField(min_value=1, max_value=10)
    revised_on = serializers.DateField(required=False)


class LineActionSerializer(serializers.Serializer):
    """Raise a preventive action from a line (the service the page uses)."""

    title = serializers.CharField(max_length=255)
    owner = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    due_on = serializers.DateField()
    description = serializers.CharField(required=False, allow_blank=True, default="")


class RatingGuideSerializer(serializers.ModelSerializer):
    class Meta:
        model = RatingGuide
        fields = ["id", "scale", "level", "meaning", "criteria"]
        read_only_fields = ["id", "scale", "level"]


class ApRuleSerializer(serializers.ModelSerializer):
    priority = serializers.ChoiceField(choices=ActionPriorityLevel.choices)

    class Meta:
        model = ActionPriorityRule
        fields = [
            "severity_min",
            "severity_max",
            "occurrence_min",
            "occurrence_max",
            "detection_min",
            "detection_max",
            "priority",
        ]


class ApTableSerializer(serializers.ModelSerializer):
    rules = ApRuleSerializer(many=True, read_only=True)

    class Meta:
        model = ApTable
        fields = ["id", "name", "source", "is_active", "created_at", "rules"]
        read_only_fields = fields


class ApTableImportSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    source = serializers.CharField(required=False, allow_blank=True, default="")
    activate = serializers.BooleanField(required=False, default=True)
    rules = ApRuleSerializer(many=True)
