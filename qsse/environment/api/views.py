"""REST API of the environmental analysis: every write goes through qsse.environment.services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from qsse.core.api.permissions import RolePermission
from qsse.core.choices import Operation

from .. import selectors, services
from ..models import Activity
from .serializers import (
    EnvironmentalActionCreatedSerializer,
    EnvironmentalActivitySerializer,
    EnvironmentalAnalysisSerializer,
    EnvironmentalAspectActionSerializer,
    EnvironmentalAspectSerializer,
    EnvironmentalSummaryCellSerializer,
)


def drf_error(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


class AnalysisViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Environmental analyses of the user's sites; ``approve`` freezes a draft version."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = EnvironmentalAnalysisSerializer
    filterset_fields = ["site", "status"]
    workflow_operations = {"approve": Operation.CLOSE}

    def get_queryset(self):
        return selectors.analysis_list(self.request.user).order_by("site__name", "-version", "id")

    def perform_create(self, serializer):
        try:
            serializer.instance = services.analysis_create(
                user=self.request.user, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer):
        try:
            services.analysis_update(
                user=self.request.user, analysis=serializer.instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    @extend_schema(request=None, responses={200: EnvironmentalAnalysisSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk=None) -> Response:
        analysis = self.get_object()
        try:
            services.analysis_approve(user=request.user, analysis=analysis)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(EnvironmentalAnalysisSerializer(analysis, context={"request": request}).data)

    @extend_schema(responses=EnvironmentalSummaryCellSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def summary(self, request: Request, pk=None) -> Response:
        analysis = self.get_object()
        summary = selectors.summary(selectors.aspect_list(request.user).filter(activity__analysis=analysis))
        cells = [cell.__dict__ for _label, line, _s, _t in summary.rows for cell in line]
        return Response(EnvironmentalSummaryCellSerializer(cells, many=True).data)


class ActivityViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = EnvironmentalActivitySerializer
    filterset_fields = ["analysis", "process"]

    def get_queryset(self):
        from qsse.core.permissions import scope_queryset

        return scope_queryset(self.request.user, Activity.objects.all()).order_by("analysis", "order", "id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        analysis = data.pop("analysis")
        try:
            serializer.instance = services.activity_create(user=self.request.user, analysis=analysis, **data)
        except DjangoValidationError as error:
            raise drf_error(error) from error


class AspectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Environmental aspects with their score and why they are significant; ``raise-action``
    creates an action of the action plan from one."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = EnvironmentalAspectSerializer
    filterset_fields = ["activity", "activity__analysis", "compartment", "condition", "is_significant"]
    ordering_fields = ["score"]
    ordering = ["-score"]
    workflow_operations = {"raise_action": Operation.VIEW}

    def get_queryset(self):
        return selectors.aspect_list(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        activity = data.pop("activity")
        try:
            serializer.instance = services.aspect_create(user=self.request.user, activity=activity, **data)
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer):
        try:
            services.aspect_update(
                user=self.request.user, aspect=serializer.instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_destroy(self, instance):
        try:
            services.aspect_delete(user=self.request.user, aspect=instance)
        except DjangoValidationError as error:
            raise drf_error(error) from error

    @extend_schema(
        request=EnvironmentalAspectActionSerializer, responses={201: EnvironmentalActionCreatedSerializer}
    )
    @action(detail=True, methods=["post"], url_path="raise-action")
    def raise_action(self, request: Request, pk=None) -> Response:
        aspect = self.get_object()
        serializer = EnvironmentalAspectActionSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            created = services.aspect_to_action(user=request.user, aspect=aspect, **serializer.validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(
            {"action": created.pk, "reference": created.reference}, status=status.HTTP_201_CREATED
        )


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("environment/analyses", AnalysisViewSet, basename="environment-analysis")
    router.register("environment/activities", ActivityViewSet, basename="environment-activity")
    router.register("environment/aspects", AspectViewSet, basename="environment-aspect")
