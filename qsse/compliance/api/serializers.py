"""Serializers of the compliance API: reads show stored values; writes feed the services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from qsse.organization.models import Person, Site

from ..choices import ConformityStatus, Equipment, GapSeverity
from ..models import (
    ComplianceAssessment,
    ComplianceSnapshot,
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
            "gap_likelihood",
            "gap_impact",
            "gap_score",
            "gap_level",
            "gap_colour",
            "gap_is_significant",
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
    gap_likelihood = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="Required for a gap (criticality matrix)."
    )
    gap_impact = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="Required for a gap (criticality matrix)."
    )
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


# --- Gap analysis, dashboard, snapshots ---------------------------------------------------------


class ComplianceRateSerializer(serializers.Serializer):
    compliant = serializers.IntegerField()
    partial = serializers.IntegerField()
    noncompliant = serializers.IntegerField()
    to_assess = serializers.IntegerField()
    applicable = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    coverage = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)


class ComplianceClauseRateSerializer(serializers.Serializer):
    key = serializers.CharField(source="clause.key")
    reference = serializers.CharField()
    title = serializers.CharField()
    depth = serializers.IntegerField(source="clause.depth")
    is_heading = serializers.BooleanField(source="clause.is_heading")
    rate = ComplianceRateSerializer(source="clause.rate")


class ComplianceGapAnalysisSerializer(serializers.Serializer):
    library = serializers.IntegerField(source="library.pk")
    site = serializers.IntegerField(source="site.pk", allow_null=True, default=None)
    overall = ComplianceRateSerializer()
    clauses = ComplianceClauseRateSerializer(source="rows", many=True)


class ComplianceSnapshotSerializer(serializers.ModelSerializer):
    class Meta:
        model = ComplianceSnapshot
        fields = [
            "id",
            "library",
            "site",
            "label",
            "taken_on",
            "taken_at",
            "compliant",
            "partial",
            "noncompliant",
            "to_assess",
            "rate",
            "clauses",
        ]
        read_only_fields = fields


class ComplianceSnapshotWriteSerializer(serializers.Serializer):
    library = serializers.PrimaryKeyRelatedField(queryset=RequirementLibrary.objects.all())
    site = serializers.PrimaryKeyRelatedField(queryset=Site.objects.all(), required=False, allow_null=True)
    label = serializers.CharField(required=False, allow_blank=True, max_length=120)
    taken_on = serializers.DateField(required=False, allow_null=True)


class ComplianceGridCellSerializer(serializers.Serializer):
    site = serializers.IntegerField(source="site_id")
    rate = ComplianceRateSerializer()


class ComplianceGridRowSerializer(serializers.Serializer):
    theme = serializers.CharField(source="key")
    label = serializers.CharField()
    sites = ComplianceGridCellSerializer(source="cells", many=True)
    total = ComplianceRateSerializer()


class ComplianceTopGapSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="requirement.reference", read_only=True)
    title = serializers.CharField(source="requirement.title", read_only=True)

    class Meta:
        model = ComplianceAssessment
        fields = [
            "id",
            "reference",
            "title",
            "site",
            "status",
            "gap_severity",
            "gap_score",
            "gap_level",
            "gap_is_significant",
            "action",
        ]
        read_only_fields = fields


class ComplianceChangedSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="requirement.reference", read_only=True)

    class Meta:
        model = ComplianceAssessment
        fields = ["id", "reference", "site", "review_reason"]
        read_only_fields = fields


class ComplianceDashboardSerializer(serializers.Serializer):
    site = serializers.IntegerField(source="site.pk", allow_null=True, default=None)
    overall = ComplianceRateSerializer()
    by_theme_and_site = ComplianceGridRowSerializer(source="grid", many=True)
    by_site = ComplianceGridCellSerializer(source="site_totals", many=True)
    top_gaps = ComplianceTopGapSerializer(many=True)
    open_gaps = serializers.IntegerField()
    significant_gaps = serializers.IntegerField()
    gaps_without_action = serializers.IntegerField()
    changed = ComplianceChangedSerializer(many=True)
    changed_count = serializers.IntegerField()
    to_assess = serializers.IntegerField()
    overdue = serializers.IntegerField()
