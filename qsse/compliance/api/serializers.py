"""Serializers of the compliance API: reads show stored values; writes feed the services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from qsse.organization.models import Person

from ..choices import ConformityStatus, Equipment, GapSeverity
from ..models import (
    ComplianceAssessment,
    LibraryVersion,
    Requirement,
    RequirementChange,
    RequirementLibrary,
    SiteProfile,
)
from ..services import ASSESSABLE


def drf_error(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


class ComplianceVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = LibraryVersion
        fields = [
            "id",
            "number",
            "published_on",
            "notes",
            "loaded_at",
            "added_count",
            "modified_count",
            "repealed_count",
            "unchanged_count",
        ]
        read_only_fields = fields


class ComplianceLibrarySerializer(serializers.ModelSerializer):
    current_version = ComplianceVersionSerializer(read_only=True)
    requirement_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = RequirementLibrary
        fields = [
            "id",
            "code",
            "title",
            "kind",
            "publisher",
            "description",
            "current_version",
            "requirement_count",
        ]
        read_only_fields = fields


class ComplianceLibraryImportSerializer(serializers.Serializer):
    file = serializers.FileField(required=False, help_text="The library file (multipart).")
    content = serializers.CharField(required=False, help_text="Or the file's text (YAML or JSON).")

    def validate(self, attrs):
        if not attrs.get("file") and not attrs.get("content"):
            raise ValidationError({"file": "give a file or its content"})
        return attrs


class ComplianceFileErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField(allow_null=True)
    entry = serializers.CharField()
    field = serializers.CharField()
    message = serializers.CharField()


class ComplianceImportResultSerializer(serializers.Serializer):
    version = ComplianceVersionSerializer()
    added = serializers.ListField(child=serializers.CharField())
    modified = serializers.ListField(child=serializers.CharField())
    repealed = serializers.ListField(child=serializers.CharField())
    flagged = serializers.IntegerField()


class ComplianceRequirementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Requirement
        fields = [
            "id",
            "library",
            "key",
            "reference",
            "text",
            "title",
            "summary_fr",
            "summary_en",
            "theme",
            "criteria",
            "evidence_expected",
            "periodicity_months",
            "effective_on",
            "repealed_on",
            "source_url",
            "to_verify",
            "is_in_force",
            "position",
        ]
        read_only_fields = fields


class ComplianceChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequirementChange
        fields = ["id", "version", "requirement", "kind", "fields", "before", "after"]
        read_only_fields = fields


class ComplianceProfileSerializer(serializers.ModelSerializer):
    equipment = serializers.ListField(
        child=serializers.ChoiceField(choices=Equipment.choices), required=False
    )
    activities = serializers.ListField(child=serializers.CharField(max_length=60), required=False)
    icpe_rubriques = serializers.ListField(child=serializers.CharField(max_length=10), required=False)

    class Meta:
        model = SiteProfile
        fields = [
            "id",
            "site",
            "naf_code",
            "activities",
            "icpe_rubriques",
            "equipment",
            "tertiary_floor_area_m2",
            "annual_energy_gwh",
            "notes",
        ]
        read_only_fields = ["id", "site"]


class ComplianceAssessmentSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="requirement.reference", read_only=True)
    title = serializers.CharField(source="requirement.title", read_only=True)
    theme = serializers.CharField(source="requirement.theme", read_only=True)

    class Meta:
        model = ComplianceAssessment
        fields = [
            "id",
            "requirement",
            "reference",
            "title",
            "theme",
            "site",
            "proposed_applicable",
            "proposed_reason",
            "applicability",
            "is_applicable",
            "justification",
            "decided_on",
            "status",
            "gap_severity",
            "evidence",
            "comment",
            "assessor",
            "assessed_on",
            "next_assessment_on",
            "action",
            "needs_review",
            "review_reason",
        ]
        read_only_fields = fields


class ComplianceAssessWriteSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[c for c in ConformityStatus.choices if c[0] in ASSESSABLE])
    gap_severity = serializers.ChoiceField(choices=GapSeverity.choices, required=False, allow_blank=True)
    evidence = serializers.CharField(required=False, allow_blank=True)
    comment = serializers.CharField(required=False, allow_blank=True)
    assessed_on = serializers.DateField(required=False, allow_null=True)
    next_assessment_on = serializers.DateField(required=False, allow_null=True)
    action_owner = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.filter(is_active=True), required=False, allow_null=True
    )
    action_due_on = serializers.DateField(required=False, allow_null=True)


class ComplianceDecideSerializer(serializers.Serializer):
    is_applicable = serializers.BooleanField()
    justification = serializers.CharField(required=False, allow_blank=True, default="")
