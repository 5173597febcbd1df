"""Serializers of /api/v1/reviews/: they validate; the services write."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from qsse.organization import selectors as organization_selectors
from qsse.processes import selectors as process_selectors

from ..choices import ReviewOutput
from ..models import ManagementReview, ProcessReview, ReviewDecision, ReviewInputEntry


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


class ManagementReviewSerializer(serializers.ModelSerializer):
    site = VisibleSiteField(allow_null=True, required=False)
    chair = VisiblePersonField()
    participants = VisiblePersonField(many=True, required=False)
    minutes_url = serializers.SerializerMethodField()

    class Meta:
        model = ManagementReview
        fields = [
            "id",
            "reference",
            "title",
            "held_on",
            "period_start",
            "period_end",
            "site",
            "chair",
            "participants",
            "external_participants",
            "absentees",
            "location",
            "status",
            "language",
            "conclusions",
            "inputs_collected_at",
            "signed_by_name",
            "signed_at",
            "minutes_url",
        ]
        read_only_fields = ["reference", "status", "inputs_collected_at", "signed_by_name", "signed_at"]

    @extend_schema_field(serializers.CharField())
    def get_minutes_url(self, obj: ManagementReview) -> str:
        return reverse("reviews:management_review_minutes", args=[obj.pk])


class ProcessReviewSerializer(serializers.ModelSerializer):
    process = VisibleProcessField()
    owner = VisiblePersonField(required=False, allow_null=True)
    participants = VisiblePersonField(many=True, required=False)
    minutes_url = serializers.SerializerMethodField()

    class Meta:
        model = ProcessReview
        fields = [
            "id",
            "reference",
            "process",
            "held_on",
            "period_start",
            "period_end",
            "owner",
            "participants",
            "conclusion",
            "status",
            "inputs_collected_at",
            "signed_by_name",
            "signed_at",
            "minutes_url",
        ]
        read_only_fields = ["reference", "status", "inputs_collected_at", "signed_by_name", "signed_at"]

    @extend_schema_field(serializers.CharField())
    def get_minutes_url(self, obj: ProcessReview) -> str:
        return reverse("reviews:process_review_minutes", args=[obj.pk])


class SectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    headers = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    figures = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    url = serializers.CharField()


class ReviewInputSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_input_key_display", read_only=True)
    sections = SectionSerializer(many=True, read_only=True)

    class Meta:
        model = ReviewInputEntry
        fields = ["id", "input_key", "label", "position", "sections", "comment", "collected_at"]
        read_only_fields = ["input_key", "position", "collected_at"]


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(allow_blank=True)


class ReviewDecisionSerializer(serializers.ModelSerializer):
    owner = VisiblePersonField()
    output_kind = serializers.ChoiceField(choices=ReviewOutput.choices)
    action_reference = serializers.CharField(source="action.reference", read_only=True, default=None)
    action_status = serializers.CharField(source="action.status", read_only=True, default=None)

    class Meta:
        model = ReviewDecision
        fields = [
            "id",
            "output_kind",
            "text",
            "owner",
            "due_on",
            "action",
            "action_reference",
            "action_status",
        ]
        read_only_fields = ["action"]
