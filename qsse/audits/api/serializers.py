"""Serializers of the audit API: reading shapes and the inputs the services take."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from qsse.nonconformities.api.serializers import VisiblePersonField, VisibleSiteField
from qsse.processes.models import Process

from ..choices import Answer, FindingKind, MeetingKind
from ..models import (
    Audit,
    AuditMeeting,
    Auditor,
    AuditPlanSlot,
    AuditProgramme,
    ChecklistQuestion,
    ChecklistTemplate,
    ChecklistTemplateQuestion,
    Finding,
    ProgrammeItem,
    Standard,
    StandardClause,
)


def drf_error(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


class ClauseSerializer(serializers.ModelSerializer):
    standard = serializers.CharField(source="standard.code", read_only=True)
    parent = serializers.CharField(source="parent.code", read_only=True, allow_null=True, default=None)

    class Meta:
        model = StandardClause
        fields = ["id", "standard", "code", "title_en", "title_fr", "parent"]


class StandardSerializer(serializers.ModelSerializer):
    clause_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Standard
        fields = ["id", "code", "title_en", "title_fr", "is_active", "clause_count"]


class StandardImportSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=50)
    title_en = serializers.CharField(max_length=255)
    title_fr = serializers.CharField(max_length=255)
    csv = serializers.CharField(help_text="CSV text with the columns code,title_en,title_fr,parent")


class AuditorSerializer(serializers.ModelSerializer):
    person = VisiblePersonField()
    person_name = serializers.CharField(source="person.__str__", read_only=True)
    qualified_standards = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Standard.objects.all(), required=False
    )

    class Meta:
        model = Auditor
        fields = [
            "id",
            "person",
            "person_name",
            "qualified_standards",
            "scopes",
            "qualified_on",
            "valid_until",
            "trainings",
            "is_lead_auditor",
            "is_external",
            "organisation",
            "independence_notes",
            "is_active",
        ]
        # The person is unique: the service updates the existing qualification, no 400 from here.
        validators = []
        extra_kwargs = {"person": {"validators": []}}


class TemplateQuestionSerializer(serializers.ModelSerializer):
    clause_code = serializers.CharField(source="clause.code", read_only=True, allow_null=True, default=None)
    clause = serializers.PrimaryKeyRelatedField(
        queryset=StandardClause.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = ChecklistTemplateQuestion
        fields = ["position", "question", "clause", "clause_code"]
        read_only_fields = ["position"]


class ChecklistTemplateSerializer(serializers.ModelSerializer):
    standard = serializers.PrimaryKeyRelatedField(
        queryset=Standard.objects.all(), allow_null=True, required=False
    )
    questions = TemplateQuestionSerializer(many=True)

    class Meta:
        model = ChecklistTemplate
        fields = ["id", "name", "theme", "standard", "is_active", "questions"]


class ProgrammeItemSerializer(serializers.ModelSerializer):
    process = serializers.PrimaryKeyRelatedField(
        queryset=Process.objects.all(), allow_null=True, required=False
    )
    standard = serializers.PrimaryKeyRelatedField(
        queryset=Standard.objects.all(), allow_null=True, required=False
    )
    frequency_years = serializers.IntegerField(read_only=True)
    criteria = serializers.PrimaryKeyRelatedField(
        queryset=StandardClause.objects.all(), many=True, required=False
    )

    class Meta:
        model = ProgrammeItem
        fields = [
            "id",
            "process",
            "supplier_name",
            "standard",
            "planned_year",
            "planned_month",
            "risk_level",
            "last_result",
            "criteria",
            "frequency_years",
            "rationale",
        ]
        extra_kwargs = {
            "last_result": {"help_text": "Manual value, used only when no completed audit exists."}
        }


class ItemPlanSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item.pk")
    subject = serializers.CharField(source="item.subject")
    planned_year = serializers.IntegerField(source="item.planned_year")
    last_result = serializers.CharField()
    last_audit_reference = serializers.CharField(source="last_audit.reference", allow_null=True, default=None)
    frequency_years = serializers.IntegerField()
    is_off_frequency = serializers.BooleanField()
    missing_years = serializers.ListField(child=serializers.IntegerField())


class ProgrammeSerializer(serializers.ModelSerializer):
    site = VisibleSiteField(allow_null=True, required=False)
    manager = VisiblePersonField(allow_null=True, required=False)
    standards = serializers.PrimaryKeyRelatedField(queryset=Standard.objects.all(), many=True, required=False)
    items = ProgrammeItemSerializer(many=True, read_only=True)

    class Meta:
        model = AuditProgramme
        fields = [
            "id",
            "title",
            "start_year",
            "end_year",
            "objectives",
            "scope",
            "risks_opportunities",
            "status",
            "manager",
            "site",
            "standards",
            "items",
        ]


class CoverageCellSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    planned = serializers.IntegerField()
    done = serializers.IntegerField()
    state = serializers.CharField()


class CoverageRowSerializer(serializers.Serializer):
    process_id = serializers.IntegerField(allow_null=True)
    supplier_name = serializers.CharField(allow_blank=True)
    label = serializers.CharField()
    is_covered = serializers.BooleanField()
    cells = CoverageCellSerializer(many=True)


class CoverageSerializer(serializers.Serializer):
    years = serializers.ListField(child=serializers.IntegerField())
    rows = CoverageRowSerializer(many=True)
    uncovered_process_ids = serializers.ListField(child=serializers.IntegerField())
    covered_clauses = serializers.ListField(child=serializers.CharField())
    uncovered_clauses = serializers.ListField(child=serializers.CharField())
    clause_years = serializers.DictField(child=serializers.ListField(child=serializers.IntegerField()))
    process_coverage_rate = serializers.FloatField(allow_null=True)
    clause_coverage_rate = serializers.FloatField(allow_null=True)


class AuditSerializer(serializers.ModelSerializer):
    site = VisibleSiteField()
    lead_auditor = VisiblePersonField(allow_null=True, required=False)
    auditors = VisiblePersonField(many=True, required=False)
    auditees = VisiblePersonField(many=True, required=False)
    process = serializers.PrimaryKeyRelatedField(
        queryset=Process.objects.all(), allow_null=True, required=False
    )
    standard = serializers.PrimaryKeyRelatedField(
        queryset=Standard.objects.all(), allow_null=True, required=False
    )
    programme_item = serializers.PrimaryKeyRelatedField(
        queryset=ProgrammeItem.objects.all(), allow_null=True, required=False
    )
    criteria = serializers.PrimaryKeyRelatedField(
        queryset=StandardClause.objects.all(), many=True, required=False
    )
    reference = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    report_url_fr = serializers.SerializerMethodField()
    report_url_en = serializers.SerializerMethodField()

    class Meta:
        model = Audit
        fields = [
            "id",
            "reference",
            "kind",
            "title",
            "programme_item",
            "process",
            "supplier_name",
            "supplier_site",
            "site",
            "standard",
            "criteria",
            "scope",
            "objectives",
            "planned_start",
            "planned_end",
            "lead_auditor",
            "auditors",
            "auditees",
            "status",
            "maturity_rating",
            "positive_points",
            "conclusion",
            "distribution",
            "report_language",
            "reported_on",
            "report_url_fr",
            "report_url_en",
        ]
        read_only_fields = ["reported_on"]

    def get_report_url_fr(self, obj: Audit) -> str:
        return reverse("audits:audit_report_pdf", args=[obj.pk]) + "?lang=fr"

    def get_report_url_en(self, obj: Audit) -> str:
        return reverse("audits:audit_report_pdf", args=[obj.pk]) + "?lang=en"


class TeamSerializer(serializers.Serializer):
    lead_auditor = VisiblePersonField()
    auditors = VisiblePersonField(many=True, required=False)


class TeamWarningSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    message = serializers.CharField()


class StatusSerializer(serializers.Serializer):
    status = serializers.CharField()


class PlanSlotSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditPlanSlot
        fields = ["id", "starts_at", "ends_at", "activity", "auditee"]


class QuestionSerializer(serializers.ModelSerializer):
    clause_code = serializers.CharField(source="clause.code", read_only=True, allow_null=True, default=None)

    class Meta:
        model = ChecklistQuestion
        fields = [
            "id",
            "position",
            "theme",
            "question",
            "clause",
            "clause_code",
            "answer",
            "evidence",
            "notes",
        ]


class AnswerItemSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    answer = serializers.ChoiceField(choices=Answer.choices, required=False)
    evidence = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class AnswersSerializer(serializers.Serializer):
    answers = AnswerItemSerializer(many=True)


class AnswersResultSerializer(serializers.Serializer):
    updated = serializers.IntegerField()


class FindingSerializer(serializers.ModelSerializer):
    nonconformity_reference = serializers.CharField(
        source="nonconformity.reference", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Finding
        fields = [
            "id",
            "kind",
            "clause",
            "requirement",
            "evidence",
            "description",
            "process",
            "nonconformity",
            "nonconformity_reference",
        ]
        read_only_fields = ["nonconformity"]


class FindingWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=FindingKind.choices)
    description = serializers.CharField()
    clause = serializers.PrimaryKeyRelatedField(
        queryset=StandardClause.objects.all(), allow_null=True, required=False
    )
    requirement = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.CharField(required=False, allow_blank=True, default="")
    process = serializers.PrimaryKeyRelatedField(
        queryset=Process.objects.all(), allow_null=True, required=False
    )
    action_owner = VisiblePersonField(required=False, allow_null=True)
    action_due_on = serializers.DateField(required=False, allow_null=True)


class MeetingSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    attendees = VisiblePersonField(many=True, required=False)

    class Meta:
        model = AuditMeeting
        fields = ["id", "kind", "held_at", "attendees", "other_attendees", "agenda", "minutes"]


class FindingProposalSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question.pk")
    kind = serializers.CharField()
    clause = serializers.IntegerField(source="clause.pk", allow_null=True, default=None)
    requirement = serializers.CharField()
    evidence = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True)
