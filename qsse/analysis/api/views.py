"""REST API of the analysis app: every write goes through qsse.analysis.services; the tools compute."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from qsse.core.api.permissions import RolePermission
from qsse.core.choices import Operation

from .. import selectors, services
from ..choices import ToolKind
from ..tools import run_tool
from .serializers import (
    AnalysisSerializer,
    CapabilityParametersSerializer,
    CapabilityResultSerializer,
    ControlChartParametersSerializer,
    ControlChartResultSerializer,
    DatasetSerializer,
    DatasetSourceSerializer,
    DatasetUploadSerializer,
    DecisionStudySerializer,
    DescriptiveParametersSerializer,
    DescriptiveResultSerializer,
    ParetoParametersSerializer,
    ParetoResultSerializer,
    PivotParametersSerializer,
    PivotResultSerializer,
)


def drf_error(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


class DatasetViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """Datasets of the user's sites (and organisation-wide ones). POST uploads a CSV or Excel file
    (multipart: file, name, description, site); the tools answer numbers for POSTed parameters."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = DatasetSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    search_fields = ["name", "description", "original_name"]
    ordering_fields = ["name", "uploaded_at", "row_count"]
    workflow_operations = {
        "pareto": Operation.VIEW,
        "pivot": Operation.VIEW,
        "descriptive": Operation.VIEW,
        "control_chart": Operation.VIEW,
        "capability": Operation.VIEW,
        "from_source": Operation.CREATE,
    }

    def get_queryset(self):
        return selectors.dataset_list(self.request.user)

    @extend_schema(request=DatasetUploadSerializer, responses={201: DatasetSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = DatasetUploadSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        try:
            dataset = services.dataset_upload(user=request.user, **serializer.validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(DatasetSerializer(dataset).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DatasetSourceSerializer, responses={201: DatasetSerializer})
    @action(detail=False, methods=["post"], url_path="from-source")
    def from_source(self, request: Request) -> Response:
        """A dataset of OpenQSSE records (e.g. ``nonconformities``), limited to what the user may see."""
        serializer = DatasetSourceSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        try:
            dataset = services.dataset_from_source(user=request.user, **serializer.validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(DatasetSerializer(dataset).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance) -> None:
        services.dataset_delete(user=self.request.user, dataset=instance)

    def _run(self, request: Request, tool: str, parameters_class, result_class) -> Response:
        dataset = self.get_object()
        parameters = parameters_class(data=request.data)
        parameters.is_valid(raise_exception=True)
        try:
            result = run_tool(dataset, tool, parameters.parameters())
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(result_class.payload(result))

    @extend_schema(request=ParetoParametersSerializer, responses=ParetoResultSerializer)
    @action(detail=True, methods=["post"])
    def pareto(self, request: Request, pk=None) -> Response:
        """Counts (or sums of a measure) by category, sorted, with shares, cumulative shares, vital few."""
        return self._run(request, ToolKind.PARETO, ParetoParametersSerializer, ParetoResultSerializer)

    @extend_schema(request=PivotParametersSerializer, responses=PivotResultSerializer)
    @action(detail=True, methods=["post"])
    def pivot(self, request: Request, pk=None) -> Response:
        """A pivot table with its totals (count, sum, mean, min, max or median of a measure)."""
        return self._run(request, ToolKind.PIVOT, PivotParametersSerializer, PivotResultSerializer)

    @extend_schema(request=DescriptiveParametersSerializer, responses=DescriptiveResultSerializer)
    @action(detail=True, methods=["post"])
    def descriptive(self, request: Request, pk=None) -> Response:
        """Descriptive statistics, histogram classes and box plot of a numeric column (by group)."""
        return self._run(
            request, ToolKind.DESCRIPTIVE, DescriptiveParametersSerializer, DescriptiveResultSerializer
        )

    @extend_schema(request=ControlChartParametersSerializer, responses=ControlChartResultSerializer)
    @action(detail=True, methods=["post"], url_path="control-chart")
    def control_chart(self, request: Request, pk=None) -> Response:
        """Control chart points, centre line, limits per point and the points breaking the Nelson rules."""
        return self._run(
            request, ToolKind.CONTROL_CHART, ControlChartParametersSerializer, ControlChartResultSerializer
        )

    @extend_schema(request=CapabilityParametersSerializer, responses=CapabilityResultSerializer)
    @action(detail=True, methods=["post"])
    def capability(self, request: Request, pk=None) -> Response:
        """Cp, Cpk, Pp, Ppk (and Cpm) with their confidence intervals and the normality test."""
        return self._run(
            request, ToolKind.CAPABILITY, CapabilityParametersSerializer, CapabilityResultSerializer
        )


class DecisionStudyViewSet(viewsets.ModelViewSet):
    """Decision studies (weighted matrix, cost–benefit, relations, tree); ``figures`` are computed."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = DecisionStudySerializer
    filterset_fields = ["kind"]
    search_fields = ["title", "related_reference"]
    ordering_fields = ["created_at", "title"]

    def get_queryset(self):
        return selectors.decision_study_list(self.request.user)

    def perform_create(self, serializer) -> None:
        data = serializer.validated_data
        try:
            serializer.instance = services.decision_study_create(
                user=self.request.user,
                kind=data["kind"],
                title=data["title"],
                data=data.get("data") or {},
                related_reference=data.get("related_reference", ""),
                site=data.get("site"),
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer) -> None:
        data = serializer.validated_data
        if "kind" in data and data["kind"] != serializer.instance.kind:
            raise ValidationError({"kind": ["The tool of a study cannot change."]})
        try:
            serializer.instance = services.decision_study_update(
                user=self.request.user,
                study=serializer.instance,
                title=data.get("title"),
                data=data.get("data"),
                related_reference=data.get("related_reference"),
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_destroy(self, instance) -> None:
        services.decision_study_delete(user=self.request.user, study=instance)


class AnalysisViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """Saved analyses: a tool and its parameters on a dataset (run them with the dataset's tool endpoints)."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = AnalysisSerializer
    filterset_fields = ["tool", "dataset"]
    search_fields = ["title", "related_reference"]
    ordering_fields = ["created_at", "title"]

    def get_queryset(self):
        return selectors.analysis_list(self.request.user)

    def perform_create(self, serializer) -> None:
        data = serializer.validated_data
        try:
            serializer.instance = services.analysis_save(
                user=self.request.user,
                dataset=data["dataset"],
                tool=data["tool"],
                title=data["title"],
                parameters=data.get("parameters") or {},
                related_reference=data.get("related_reference", ""),
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_destroy(self, instance) -> None:
        services.analysis_delete(user=self.request.user, analysis=instance)


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("analysis/datasets", DatasetViewSet, basename="analysis-dataset")
    router.register("analysis/decision-studies", DecisionStudyViewSet, basename="analysis-decisionstudy")
    router.register("analysis/analyses", AnalysisViewSet, basename="analysis-analysis")
