"""REST API of the compliance app: every write goes through qsse.compliance.services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from qsse.core.api.permissions import RolePermission
from qsse.core.choices import Operation
from qsse.core.pdf import render_pdf
from qsse.organization import selectors as organization_selectors

from .. import report, selectors, services
from ..library_files import LibraryFileError
from ..models import ComplianceAssessment, RequirementChange, RequirementLibrary, SiteProfile
from .serializers import (
    ComplianceAssessmentSerializer,
    ComplianceAssessWriteSerializer,
    ComplianceChangeSerializer,
    ComplianceDashboardSerializer,
    ComplianceDecideSerializer,
    ComplianceFileErrorSerializer,
    ComplianceGapAnalysisSerializer,
    ComplianceImportResultSerializer,
    ComplianceLibraryImportSerializer,
    ComplianceLibrarySerializer,
    ComplianceProfileSerializer,
    ComplianceRequirementSerializer,
    ComplianceSnapshotSerializer,
    ComplianceSnapshotWriteSerializer,
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

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "lang", str, enum=["fr", "en"], description="Language of the PDF (fr by default)."
            )
        ],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    @action(detail=False, methods=["get"], url_path="register-pdf")
    def register_pdf(self, request: Request) -> HttpResponse:
        """The compliance register as a PDF for an auditor or an inspector, with this list's filters."""
        queryset = self.filter_queryset(self.get_queryset())
        language = report.language_of(request.query_params.get("lang"))
        pdf = render_pdf(report.TEMPLATE, report.register_data(selectors.register_rows(queryset), language))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="compliance-register-{language}.pdf"'
        return response

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


SITE_PARAMETER = OpenApiParameter("site", int, description="One site (default: every site the user may see).")


def _site(request: Request):
    try:
        return selectors.visible_site(request.user, request.query_params.get("site"))
    except Http404 as error:
        raise NotFound from error


class GapAnalysisViewSet(viewsets.GenericViewSet):
    """Standard gap analysis: rate per clause (headings roll up their sub-clauses) and per standard."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ComplianceGapAnalysisSerializer
    queryset = RequirementLibrary.objects.none()  # the permission's model; rows come from selectors

    def get_queryset(self):
        return selectors.standard_list(self.request.user)

    @extend_schema(parameters=[SITE_PARAMETER], responses={200: ComplianceGapAnalysisSerializer})
    def retrieve(self, request: Request, pk=None) -> Response:
        library = self.get_object()
        analysis = selectors.gap_analysis(request.user, library, site=_site(request))
        return Response(ComplianceGapAnalysisSerializer(analysis).data)


class DashboardViewSet(viewsets.GenericViewSet):
    """The figures of the compliance dashboard (aggregated in the database)."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ComplianceDashboardSerializer
    queryset = ComplianceAssessment.objects.none()

    @extend_schema(parameters=[SITE_PARAMETER], responses={200: ComplianceDashboardSerializer})
    def list(self, request: Request) -> Response:
        figures = selectors.dashboard(request.user, site=_site(request), today=timezone.localdate())
        return Response(ComplianceDashboardSerializer(figures).data)


class SnapshotViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Snapshots of the gap analyses (rates per clause at a date); ``POST`` takes one now."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ComplianceSnapshotSerializer
    filterset_fields = ["library", "site"]
    ordering = ["library", "-taken_on"]

    def get_queryset(self):
        return selectors.snapshot_queryset(self.request.user)

    @extend_schema(request=ComplianceSnapshotWriteSerializer, responses={201: ComplianceSnapshotSerializer})
    def create(self, request: Request) -> Response:
        serializer = ComplianceSnapshotWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        library = selectors.standard_list(request.user).filter(pk=data["library"].pk).first()
        if library is None:
            raise DRFValidationError({"library": "not a standard library"})
        site = data.get("site")
        if (
            site is not None
            and not organization_selectors.site_list(request.user).filter(pk=site.pk).exists()
        ):
            raise PermissionDenied
        try:
            snapshot = services.snapshot_take(
                user=request.user,
                library=library,
                site=site,
                label=data.get("label", ""),
                taken_on=data.get("taken_on"),
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(ComplianceSnapshotSerializer(snapshot).data, status=status.HTTP_201_CREATED)


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("compliance/libraries", LibraryViewSet, basename="compliance-library")
    router.register("compliance/requirements", RequirementViewSet, basename="compliance-requirement")
    router.register("compliance/changes", ChangeViewSet, basename="compliance-change")
    router.register("compliance/profiles", ProfileViewSet, basename="compliance-profile")
    router.register("compliance/assessments", AssessmentViewSet, basename="compliance-assessment")
    router.register("compliance/gap-analysis", GapAnalysisViewSet, basename="compliance-gap-analysis")
    router.register("compliance/dashboard", DashboardViewSet, basename="compliance-dashboard")
    router.register("compliance/snapshots", SnapshotViewSet, basename="compliance-snapshot")
