"""REST API of the compliance app: every write goes through qsse.compliance.services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from qsse.core.api.permissions import RolePermission
from qsse.core.choices import Operation
from qsse.organization import selectors as organization_selectors

from .. import selectors, services
from ..library_files import LibraryFileError
from ..models import RequirementChange, SiteProfile
from .serializers import (
    ComplianceAssessmentSerializer,
    ComplianceAssessWriteSerializer,
    ComplianceChangeSerializer,
    ComplianceDecideSerializer,
    ComplianceFileErrorSerializer,
    ComplianceImportResultSerializer,
    ComplianceLibraryImportSerializer,
    ComplianceLibrarySerializer,
    ComplianceProfileSerializer,
    ComplianceRequirementSerializer,
    drf_error,
)


class LibraryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Requirement libraries with their version in use; ``import`` loads a new version."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ComplianceLibrarySerializer
    filterset_fields = ["kind"]
    search_fields = ["title", "code"]
    ordering = ["title"]
    workflow_operations = {"import_file": Operation.CREATE}

    def get_queryset(self):
        return selectors.library_list(self.request.user)

    @extend_schema(
        request=ComplianceLibraryImportSerializer,
        responses={201: ComplianceImportResultSerializer, 400: ComplianceFileErrorSerializer(many=True)},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser, JSONParser],
    )
    def import_file(self, request: Request) -> Response:
        """Load a library file (all or nothing); a refused file answers 400 with each error's line."""
        serializer = ComplianceLibraryImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data.get("file")
        content = upload.read() if upload else serializer.validated_data["content"]
        try:
            result = services.library_import(user=request.user, content=content)
        except LibraryFileError as error:
            return Response(
                ComplianceFileErrorSerializer(error.errors, many=True).data,
                status=status.HTTP_400_BAD_REQUEST,
            )
        data = {
            "version": result.version,
            "added": list(result.diff.added),
            "modified": [key for key, _fields in result.diff.modified],
            "repealed": list(result.diff.repealed),
            "flagged": result.flagged,
        }
        return Response(ComplianceImportResultSerializer(data).data, status=status.HTTP_201_CREATED)


class RequirementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ComplianceRequirementSerializer
    filterset_fields = ["library", "theme", "is_in_force", "to_verify"]
    search_fields = ["reference", "title"]
    ordering = ["library", "position"]

    def get_queryset(self):
        return selectors.requirement_list(self.request.user)


class ChangeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """What each loaded version changed (the watch), filterable by version."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ComplianceChangeSerializer
    filterset_fields = ["version", "kind"]
    ordering = ["version", "id"]

    def get_queryset(self):
        return RequirementChange.objects.filter(
            version__library__in=selectors.library_list(self.request.user).values("pk")
        ).order_by("version", "id")


class ProfileViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """Compliance profiles of the user's sites; an update refreshes the applicability proposals."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ComplianceProfileSerializer
    ordering = ["site__name"]

    def get_queryset(self):
        sites = organization_selectors.site_list(self.request.user)
        return SiteProfile.objects.filter(site__in=sites).select_related("site")

    def perform_update(self, serializer):
        try:
            services.profile_save(
                user=self.request.user, site=serializer.instance.site, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)


class AssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The compliance register: applicability and conformity of each requirement for each site."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ComplianceAssessmentSerializer
    filterset_fields = [
        "site",
        "status",
        "is_applicable",
        "needs_review",
        "requirement__library",
        "requirement__theme",
    ]
    search_fields = ["requirement__reference", "requirement__title"]
    ordering_fields = ["next_assessment_on", "status"]
    ordering = ["requirement__library", "requirement__position", "site"]
    workflow_operations = {"assess": Operation.EDIT, "decide": Operation.EDIT}

    def get_queryset(self):
        return selectors.assessment_list(self.request.user)

    @extend_schema(request=ComplianceAssessWriteSerializer, responses={200: ComplianceAssessmentSerializer})
    @action(detail=True, methods=["post"])
    def assess(self, request: Request, pk=None) -> Response:
        """Record the conformity; a gap without an open action opens one in the action plan."""
        assessment = self.get_object()
        serializer = ComplianceAssessWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.assessment_record(user=request.user, assessment=assessment, **serializer.validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(ComplianceAssessmentSerializer(self.get_queryset().get(pk=assessment.pk)).data)

    @extend_schema(request=ComplianceDecideSerializer, responses={200: ComplianceAssessmentSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk=None) -> Response:
        """Confirm the applicability proposal or override it with a justification."""
        assessment = self.get_object()
        serializer = ComplianceDecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.applicability_decide(
                user=request.user, assessment=assessment, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(ComplianceAssessmentSerializer(self.get_queryset().get(pk=assessment.pk)).data)


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("compliance/libraries", LibraryViewSet, basename="compliance-library")
    router.register("compliance/requirements", RequirementViewSet, basename="compliance-requirement")
    router.register("compliance/changes", ChangeViewSet, basename="compliance-change")
    router.register("compliance/profiles", ProfileViewSet, basename="compliance-profile")
    router.register("compliance/assessments", AssessmentViewSet, basename="compliance-assessment")
