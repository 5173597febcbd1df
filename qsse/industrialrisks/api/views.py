"""REST API of the industrial risk control plan: every write goes through qsse.industrialrisks.services."""

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
from qsse.core.permissions import scope_queryset

from .. import selectors, services
from ..models import DangerousPhenomenon, SafetyMeasure
from .serializers import (
    DangerousPhenomenonSerializer,
    DrillSerializer,
    EmergencyPlanSerializer,
    IndustrialMeasureActionSerializer,
    IndustrialMeasureSerializer,
)


def drf_error(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


class PhenomenonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Dangerous phenomena rated on the "industrial" matrix before and after measures."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = DangerousPhenomenonSerializer
    filterset_fields = ["site", "kind", "is_significant"]
    ordering_fields = ["residual_score", "score"]
    ordering = ["-residual_score"]

    def get_queryset(self):
        return scope_queryset(
            self.request.user, DangerousPhenomenon.objects.select_related("site").prefetch_related("measures")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.phenomenon_create(
                user=self.request.user, site=data.pop("site"), title=data.pop("title"), **data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer):
        try:
            services.phenomenon_update(
                user=self.request.user, phenomenon=serializer.instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_destroy(self, instance):
        services.phenomenon_delete(user=self.request.user, phenomenon=instance)


class MeasureViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Prevention and protection measures; ``raise-action`` turns a planned one into an action."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = IndustrialMeasureSerializer
    filterset_fields = ["phenomenon", "role", "status"]
    workflow_operations = {"raise_action": Operation.EDIT}

    def get_queryset(self):
        return scope_queryset(self.request.user, SafetyMeasure.objects.select_related("action")).order_by(
            "id"
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        phenomenon = data.pop("phenomenon")
        try:
            serializer.instance = services.measure_create(
                user=self.request.user, phenomenon=phenomenon, **data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    @extend_schema(request=IndustrialMeasureActionSerializer, responses={201: IndustrialMeasureSerializer})
    @action(detail=True, methods=["post"], url_path="raise-action")
    def raise_action(self, request: Request, pk=None) -> Response:
        measure = self.get_object()
        serializer = IndustrialMeasureActionSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            services.measure_to_action(user=request.user, measure=measure, **serializer.validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        measure.refresh_from_db()
        return Response(
            IndustrialMeasureSerializer(measure, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class PlanViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Emergency plans with their procedures, contacts and resources."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = EmergencyPlanSerializer

    def get_queryset(self):
        return selectors.plan_list(self.request.user).prefetch_related("procedures", "contacts", "resources")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.plan_create(user=self.request.user, site=data.pop("site"), **data)
        except DjangoValidationError as error:
            raise drf_error(error) from error


class DrillViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The drills log."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = DrillSerializer
    filterset_fields = ["plan"]

    def get_queryset(self):
        return selectors.drill_list(self.request.user).order_by("-held_on", "-id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        plan = data.pop("plan")
        try:
            serializer.instance = services.drill_record(user=self.request.user, plan=plan, **data)
        except DjangoValidationError as error:
            raise drf_error(error) from error


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("industrial-risks/phenomena", PhenomenonViewSet, basename="industrialrisks-phenomenon")
    router.register("industrial-risks/measures", MeasureViewSet, basename="industrialrisks-measure")
    router.register("industrial-risks/plans", PlanViewSet, basename="industrialrisks-plan")
    router.register("industrial-risks/drills", DrillViewSet, basename="industrialrisks-drill")
