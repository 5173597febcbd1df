"""REST API of the DUER: every write goes through qsse.duer.services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
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
from ..models import Duer, DuerVersion, Hazard, PreventionMeasure
from .serializers import (
    DuerHazardSerializer,
    DuerMeasureActionSerializer,
    DuerMeasureSerializer,
    DuerProgrammeRowSerializer,
    DuerSerializer,
    DuerVersionFreezeSerializer,
    DuerVersionSerializer,
    drf_error,
)


class DuerViewSet(viewsets.ReadOnlyModelViewSet):
    """The DUERs of the user's sites; ``programme`` gives the PAPRIPACT (or list of actions) of a year."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = DuerSerializer

    def get_queryset(self):
        return scope_queryset(self.request.user, Duer.objects.all()).order_by("title", "id")

    @extend_schema(
        parameters=[OpenApiParameter("year", int)], responses=DuerProgrammeRowSerializer(many=True)
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def programme(self, request: Request, pk=None) -> Response:
        duer = self.get_object()
        try:
            year = int(request.query_params.get("year", timezone.localdate().year))
        except ValueError as error:
            raise ValidationError({"year": "an integer"}) from error
        rows = [
            {
                "reference": item.reference,
                "title": item.title,
                "owner": str(item.owner),
                "execution_conditions": " · ".join(
                    value for value in (item.human_resources, item.material_resources) if value
                ),
                "indicator": item.efficacy_criterion,
                "estimated_cost": item.estimated_cost,
                "due_on": item.due_on,
                "status": item.status,
            }
            for item in selectors.programme_actions(request.user, duer, year=year)
        ]
        return Response(DuerProgrammeRowSerializer(rows, many=True).data)


class HazardViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Hazards of the visible work units, with their rating and measures."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = DuerHazardSerializer
    filterset_fields = ["duer", "work_unit", "family"]
    ordering_fields = ["residual_score", "raw_score"]
    ordering = ["-residual_score"]

    def get_queryset(self):
        return scope_queryset(
            self.request.user,
            Hazard.objects.select_related("family", "work_unit").prefetch_related(
                "measures__action", "feedback__source_content_type"
            ),
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        duer = data.pop("duer")
        try:
            duer = selectors.duer_get(self.request.user, duer.pk)
        except Http404 as error:
            raise ValidationError({"duer": "no such DUER among those you may see"}) from error
        try:
            serializer.instance = services.hazard_create(user=self.request.user, duer=duer, **data)
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("duer", None)
        try:
            services.hazard_update(user=self.request.user, hazard=serializer.instance, **data)
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_destroy(self, instance):
        services.hazard_delete(user=self.request.user, hazard=instance)


class MeasureViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Prevention measures; ``raise_action`` turns one into an action of the action plan."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = DuerMeasureSerializer
    filterset_fields = ["hazard", "principle", "measure_type", "protection"]
    workflow_operations = {"raise_action": Operation.EDIT}

    def get_queryset(self):
        return scope_queryset(self.request.user, PreventionMeasure.objects.select_related("action"))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        hazard = data.pop("hazard")
        try:
            hazard = selectors.hazard_get(self.request.user, hazard.pk)
        except Http404 as error:
            raise ValidationError({"hazard": "no such hazard among those you may see"}) from error
        try:
            serializer.instance = services.measure_create(user=self.request.user, hazard=hazard, **data)
        except DjangoValidationError as error:
            raise drf_error(error) from error

    @extend_schema(request=DuerMeasureActionSerializer, responses={201: DuerMeasureSerializer})
    @action(detail=True, methods=["post"], url_path="raise-action")
    def raise_action(self, request: Request, pk=None) -> Response:
        measure = self.get_object()
        serializer = DuerMeasureActionSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            services.measure_to_action(user=request.user, measure=measure, **serializer.validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        measure.refresh_from_db()
        return Response(DuerMeasureSerializer(measure).data, status=status.HTTP_201_CREATED)


class VersionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Frozen versions (never editable); POST ``freeze`` freezes the current content of a DUER."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = DuerVersionSerializer
    filterset_fields = ["duer"]
    workflow_operations = {"freeze": Operation.EDIT}

    def get_queryset(self):
        return scope_queryset(self.request.user, DuerVersion.objects.defer("content")).order_by(
            "duer", "-number"
        )

    @extend_schema(request=DuerVersionFreezeSerializer, responses={201: DuerVersionSerializer})
    @action(detail=False, methods=["post"])
    def freeze(self, request: Request) -> Response:
        serializer = DuerVersionFreezeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            duer = selectors.duer_get(request.user, serializer.validated_data["duer"])
        except Http404 as error:
            raise ValidationError({"duer": "no such DUER among those you may see"}) from error
        try:
            version = services.version_freeze(
                user=request.user, duer=duer, change_note=serializer.validated_data["change_note"]
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(DuerVersionSerializer(version).data, status=status.HTTP_201_CREATED)


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("duer/duers", DuerViewSet, basename="duer-duer")
    router.register("duer/hazards", HazardViewSet, basename="duer-hazard")
    router.register("duer/measures", MeasureViewSet, basename="duer-measure")
    router.register("duer/versions", VersionViewSet, basename="duer-version")
