"""REST API of the audits app: every write goes through qsse.audits.services."""

from __future__ import annotations

from dataclasses import asdict

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from qsse.core.api.permissions import RolePermission
from qsse.core.choices import Operation

from .. import selectors, services
from ..filters import AuditFilter
from .serializers import (
    AnswersResultSerializer,
    AnswersSerializer,
    AuditorSerializer,
    AuditSerializer,
    ChecklistTemplateSerializer,
    ClauseSerializer,
    CoverageSerializer,
    FindingProposalSerializer,
    FindingSerializer,
    FindingWriteSerializer,
    ItemPlanSerializer,
    MeetingSerializer,
    PlanSlotSerializer,
    ProgrammeItemSerializer,
    ProgrammeSerializer,
    QuestionSerializer,
    StandardImportSerializer,
    StandardSerializer,
    StatusSerializer,
    TeamSerializer,
    TeamWarningSerializer,
    drf_error,
)


class StandardViewSet(viewsets.ReadOnlyModelViewSet):
    """Standards whose clauses are audit criteria; ``import`` loads a standard's clauses from CSV."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = StandardSerializer
    workflow_operations = {"import_csv": Operation.CREATE}

    def get_queryset(self):
        return selectors.standard_list(self.request.user)

    @extend_schema(responses=ClauseSerializer(many=True))
    @action(detail=True, methods=["get"])
    def clauses(self, request: Request, pk=None) -> Response:
        standard = self.get_object()
        clauses = standard.clauses.select_related("standard", "parent")
        return Response(ClauseSerializer(clauses, many=True).data)

    @extend_schema(request=StandardImportSerializer, responses={201: StandardSerializer})
    @action(detail=False, methods=["post"], url_path="import")
    def import_csv(self, request: Request) -> Response:
        serializer = StandardImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            standard = services.standard_import_csv(
                user=request.user,
                code=data["code"],
                title_en=data["title_en"],
                title_fr=data["title_fr"],
                text=data["csv"],
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        standard = selectors.standard_list(request.user).get(pk=standard.pk)
        return Response(StandardSerializer(standard).data, status=status.HTTP_201_CREATED)


class AuditorViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Auditors and their qualification (ISO 19011 cl. 7): standards, scopes, validity, internal or
    external, independence. Written by QSSE managers and administrators."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = AuditorSerializer

    def get_queryset(self):
        return selectors.auditor_list(self.request.user)

    def _save(self, serializer, instance=None) -> None:
        data = dict(serializer.validated_data)
        if instance is not None:  # PATCH: the fields not sent keep their value
            for name in AUDITOR_FIELDS:
                data.setdefault(name, getattr(instance, name))
            data.setdefault("person", instance.person)
            data.setdefault("qualified_standards", list(instance.qualified_standards.all()))
        try:
            serializer.instance = services.auditor_save(
                user=self.request.user,
                person=data.pop("person"),
                standards=data.pop("qualified_standards", []),
                **{name: data[name] for name in AUDITOR_FIELDS if name in data},
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_create(self, serializer) -> None:
        self._save(serializer)

    def perform_update(self, serializer) -> None:
        self._save(serializer, serializer.instance)


AUDITOR_FIELDS = (
    "scopes",
    "qualified_on",
    "valid_until",
    "trainings",
    "is_lead_auditor",
    "is_external",
    "organisation",
    "independence_notes",
    "is_active",
)


class ChecklistTemplateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Checklist templates by process theme or by standard clause, with their questions."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ChecklistTemplateSerializer

    def get_queryset(self):
        return selectors.template_list(self.request.user).prefetch_related("questions__clause")

    @staticmethod
    def _questions(data):
        return [(q["question"], q.get("clause")) for q in data]

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.checklist_template_create(
                user=self.request.user,
                name=data["name"],
                theme=data["theme"],
                standard=data.get("standard"),
                is_active=data.get("is_active", True),
                questions=self._questions(data["questions"]),
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer) -> None:
        template = serializer.instance
        data = dict(serializer.validated_data)
        try:
            services.checklist_template_update(
                user=self.request.user,
                template=template,
                name=data.get("name", template.name),
                theme=data.get("theme", template.theme),
                standard=data.get("standard", template.standard),
                is_active=data.get("is_active", template.is_active),
                questions=self._questions(data["questions"]) if "questions" in data else None,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        serializer.instance = self.get_queryset().get(pk=template.pk)


class ProgrammeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Multi-year audit programmes, their planned audits and coverage matrix."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ProgrammeSerializer
    workflow_operations = {"items": Operation.EDIT, "propose": Operation.EDIT}

    def get_queryset(self):
        return selectors.programme_list(self.request.user).prefetch_related("standards", "items")

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.programme_create(
                user=self.request.user,
                title=data.pop("title"),
                start_year=data.pop("start_year"),
                end_year=data.pop("end_year"),
                standards=data.pop("standards", []),
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer) -> None:
        data = dict(serializer.validated_data)
        try:
            services.programme_update(
                user=self.request.user,
                programme=serializer.instance,
                standards=data.pop("standards", None),
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    @extend_schema(responses=CoverageSerializer)
    @action(detail=True, methods=["get"])
    def coverage(self, request: Request, pk=None) -> Response:
        """The processes × years matrix: audits done and planned per cell, uncovered processes and clauses."""
        programme = self.get_object()
        coverage = selectors.programme_coverage_for(request.user, programme)
        payload = {
            "years": list(coverage.years),
            "rows": [
                {
                    "process_id": row.process_id,
                    "supplier_name": row.supplier_name,
                    "label": row.label,
                    "is_covered": row.is_covered,
                    "cells": [{**asdict(cell), "state": cell.state} for cell in row.cells],
                }
                for row in coverage.rows
            ],
            "uncovered_process_ids": list(coverage.uncovered_process_ids),
            "covered_clauses": list(coverage.covered_clauses),
            "uncovered_clauses": list(coverage.uncovered_clauses),
            "clause_years": {key: list(years) for key, years in coverage.clause_years},
            "process_coverage_rate": coverage.process_coverage_rate,
            "clause_coverage_rate": coverage.clause_coverage_rate,
        }
        return Response(CoverageSerializer(payload).data)

    @extend_schema(responses=ItemPlanSerializer(many=True))
    @action(detail=True, methods=["get"])
    def plan(self, request: Request, pk=None) -> Response:
        """Each item with its last result (from the latest completed audit, else the manual value),
        computed frequency and the due years not planned."""
        programme = self.get_object()
        return Response(ItemPlanSerializer(selectors.programme_plan(programme), many=True).data)

    @extend_schema(request=None, responses={201: ProgrammeItemSerializer(many=True)})
    @action(detail=True, methods=["post"])
    def propose(self, request: Request, pk=None) -> Response:
        """Add the items the frequencies call for (missing years); returns those created."""
        programme = self.get_object()
        try:
            created = services.programme_propose_years(user=request.user, programme=programme)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(ProgrammeItemSerializer(created, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProgrammeItemSerializer, responses={201: ProgrammeItemSerializer})
    @action(detail=True, methods=["post"])
    def items(self, request: Request, pk=None) -> Response:
        """Plan an audit in the programme; the frequency is computed from risk level and last result."""
        programme = self.get_object()
        serializer = ProgrammeItemSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            item = services.programme_item_create(
                user=request.user, programme=programme, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(ProgrammeItemSerializer(item).data, status=status.HTTP_201_CREATED)


class AuditViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Audits of the user's sites with their plan, checklist, findings and meetings."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = AuditSerializer
    filterset_class = AuditFilter
    ordering = ["-planned_start", "-id"]
    workflow_operations = {
        "team": Operation.EDIT,
        "set_status": Operation.EDIT,
        "answers": Operation.EDIT,
        "plan_slots": Operation.EDIT,
    }

    def get_queryset(self):
        return selectors.audit_list(self.request.user).prefetch_related("auditors", "auditees", "criteria")

    def _edit_check(self, audit) -> None:
        self.check_object_permissions(self.request, audit)

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.audit_create(
                user=self.request.user,
                title=data.pop("title"),
                site=data.pop("site"),
                planned_start=data.pop("planned_start"),
                planned_end=data.pop("planned_end", None),
                criteria=data.pop("criteria", []),
                auditees=data.pop("auditees", []),
                lead_auditor=data.pop("lead_auditor", None),
                auditors=data.pop("auditors", []),
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer) -> None:
        data = dict(serializer.validated_data)
        data.pop("lead_auditor", None)
        data.pop("auditors", None)
        try:
            services.audit_update(
                user=self.request.user,
                audit=serializer.instance,
                criteria=data.pop("criteria", None),
                auditees=data.pop("auditees", None),
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    @extend_schema(request=TeamSerializer, responses=TeamWarningSerializer(many=True))
    @action(detail=True, methods=["post"])
    def team(self, request: Request, pk=None) -> Response:
        """Set the team; 400 when an auditor is not independent or the lead is not qualified.
        Returns the remaining warnings (unqualified team auditors)."""
        audit = self.get_object()
        serializer = TeamSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            warnings = services.audit_assign_auditors(
                user=request.user, audit=audit, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(
            TeamWarningSerializer(
                [{"person_id": w.person_id, "message": w.message} for w in warnings], many=True
            ).data
        )

    @extend_schema(request=StatusSerializer, responses=AuditSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk=None) -> Response:
        """Move the audit one step (planned, prepared, in_progress, reported, closed)."""
        audit = self.get_object()
        serializer = StatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.audit_set_status(
                user=request.user, audit=audit, status=serializer.validated_data["status"]
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(
            AuditSerializer(self.get_queryset().get(pk=audit.pk), context={"request": request}).data
        )

    @extend_schema(responses=QuestionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def checklist(self, request: Request, pk=None) -> Response:
        audit = self.get_object()
        return Response(QuestionSerializer(selectors.audit_questions(audit), many=True).data)

    @extend_schema(request=AnswersSerializer, responses=AnswersResultSerializer)
    @action(detail=True, methods=["post"])
    def answers(self, request: Request, pk=None) -> Response:
        """Bulk update of checklist answers (all or nothing); the offline queue uses the same rule."""
        audit = self.get_object()
        serializer = AnswersSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            count = services.checklist_answers_bulk(
                user=request.user, audit=audit, answers=serializer.validated_data["answers"]
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response({"updated": count})

    @extend_schema(
        parameters=[OpenApiParameter("question", int, required=True)], responses=FindingProposalSerializer
    )
    @action(detail=True, methods=["get"], url_path="finding-proposal")
    def finding_proposal(self, request: Request, pk=None) -> Response:
        """The finding a checklist answer proposes (minor/major NC answer → NC finding), prefilled
        with the clause, the requirement and the evidence; post it to ``findings/`` to record it."""
        audit = self.get_object()
        question_id = request.query_params.get("question", "")
        question = (
            audit.questions.select_related("clause").filter(pk=question_id).first()
            if question_id.isdigit()
            else None
        )
        if question is None:
            raise NotFound
        return Response(FindingProposalSerializer(selectors.finding_proposal(question)).data)

    @extend_schema(methods=["get"], responses=FindingSerializer(many=True))
    @extend_schema(methods=["post"], request=FindingWriteSerializer, responses={201: FindingSerializer})
    @action(detail=True, methods=["get", "post"])
    def findings(self, request: Request, pk=None) -> Response:
        """List or record findings; a major/minor NC finding opens a non-conformity record."""
        audit = self.get_object()
        if request.method == "GET":
            return Response(FindingSerializer(selectors.audit_findings(audit), many=True).data)
        self._edit_check(audit)
        serializer = FindingWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            finding = services.finding_create(user=request.user, audit=audit, **serializer.validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], responses=MeetingSerializer(many=True))
    @extend_schema(methods=["post"], request=MeetingSerializer, responses={201: MeetingSerializer})
    @action(detail=True, methods=["get", "post"])
    def meetings(self, request: Request, pk=None) -> Response:
        """Opening and closing meetings (posting a kind again replaces it)."""
        audit = self.get_object()
        if request.method == "GET":
            return Response(MeetingSerializer(selectors.audit_meetings(audit), many=True).data)
        self._edit_check(audit)
        serializer = MeetingSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            meeting = services.meeting_save(user=request.user, audit=audit, **serializer.validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PlanSlotSerializer, responses={201: PlanSlotSerializer})
    @action(detail=True, methods=["post"], url_path="plan-slots")
    def plan_slots(self, request: Request, pk=None) -> Response:
        """Add a row to the audit schedule."""
        audit = self.get_object()
        serializer = PlanSlotSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            slot = services.plan_slot_add(user=request.user, audit=audit, **serializer.validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(PlanSlotSerializer(slot).data, status=status.HTTP_201_CREATED)


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("audits/standards", StandardViewSet, basename="audit-standard")
    router.register("audits/auditors", AuditorViewSet, basename="auditor")
    router.register("audits/checklist-templates", ChecklistTemplateViewSet, basename="checklist-template")
    router.register("audits/programmes", ProgrammeViewSet, basename="audit-programme")
    router.register("audits/audits", AuditViewSet, basename="audit")
