"""REST API of periodic inspections: every write goes through qsse.inspections.services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from qsse.core import services as core_services
from qsse.core.api.permissions import RolePermission
from qsse.core.choices import Operation

from .. import calculations, selectors, services
from .serializers import (
    AttachmentSerializer,
    EquipmentKindSerializer,
    EquipmentSerializer,
    InspectionTypeSerializer,
    NotRequiredSerializer,
    ObservationActionSerializer,
    ObservationSerializer,
    ReportUploadSerializer,
    ScheduleQuerySerializer,
    ScheduleSerializer,
    VisitSerializer,
    VisitWriteSerializer,
    drf_error,
)


class EquipmentKindViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The kinds of equipment the catalogue knows."""

    permission_classes = [IsAuthenticated]
    serializer_class = EquipmentKindSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.kind_list()


class InspectionTypeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The catalogue: inspection types by kind, periodicity and legal basis; own types may be added
    and periodicities changed (with a reason)."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = InspectionTypeSerializer
    filterset_fields = ["kind", "to_verify", "is_active", "is_shipped"]
    ordering = ["kind__name_fr", "periodicity_months", "code"]

    def get_queryset(self):
        return selectors.type_list(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.inspection_type_create(
                user=self.request.user,
                code=data.pop("code"),
                kind=data.pop("kind"),
                title_fr=data.pop("title_fr"),
                periodicity_months=data.pop("periodicity_months"),
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        instance = serializer.instance
        if (
            data.pop("code", instance.code) != instance.code
            or data.pop("kind", instance.kind) != instance.kind
        ):
            raise ValidationError({"code": "the code and kind of a type cannot change"})
        if instance.is_shipped:
            locked = set(data) - {"periodicity_months", "periodicity_reason", "is_active"}
            if locked:
                raise ValidationError({field: "set by the shipped catalogue" for field in sorted(locked)})
        try:
            services.inspection_type_update(user=self.request.user, inspection_type=instance, **data)
        except DjangoValidationError as error:
            raise drf_error(error) from error


class EquipmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The equipment register of the user's sites; creating one schedules its inspections."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = EquipmentSerializer
    filterset_fields = ["site", "kind", "is_in_service", "is_use_forbidden"]
    search_fields = ["name", "identifier", "location"]
    ordering_fields = ["name", "overdue_count"]
    ordering = ["site__name", "name"]

    def get_queryset(self):
        return selectors.equipment_list(self.request.user, today=timezone.localdate())

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            equipment = services.equipment_create(
                user=self.request.user,
                site=data.pop("site"),
                kind=data.pop("kind"),
                name=data.pop("name"),
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        serializer.instance = self.get_queryset().get(pk=equipment.pk)

    def perform_update(self, serializer):
        try:
            services.equipment_update(
                user=self.request.user, equipment=serializer.instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)


class ScheduleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Scheduled inspections with their next due date and status. Filters: ``overdue=true``,
    ``status``, ``due_before=YYYY-MM-DD``, ``site``, ``equipment``."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ScheduleSerializer
    workflow_operations = {"not_required": Operation.EDIT}

    def get_queryset(self):
        return selectors.schedule_list(self.request.user).order_by("next_due_on", "pk")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action != "list":
            return queryset
        query = ScheduleQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        today = timezone.localdate()
        if params.get("overdue"):
            queryset = selectors.schedule_filter_status(queryset, calculations.OVERDUE, today)
        if params.get("status"):
            queryset = selectors.schedule_filter_status(queryset, params["status"], today)
        if params.get("due_before"):
            queryset = queryset.filter(next_due_on__lte=params["due_before"], is_required=True)
        if params.get("site"):
            queryset = queryset.filter(equipment__site_id=params["site"])
        if params.get("equipment"):
            queryset = queryset.filter(equipment_id=params["equipment"])
        return queryset

    @extend_schema(parameters=[ScheduleQuerySerializer])
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=NotRequiredSerializer, responses=ScheduleSerializer)
    @action(detail=True, methods=["post"], url_path="not-required")
    def not_required(self, request: Request, pk=None) -> Response:
        line = self.get_object()
        serializer = NotRequiredSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            line = services.schedule_set_not_required(
                user=request.user, line=line, reason=serializer.validated_data["reason"]
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(ScheduleSerializer(line).data)


class VisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Inspections performed. POST records one through the service: the line's next due date
    becomes ``performed_on`` + its periodicity. ``POST {id}/report/`` (multipart) attaches the report."""

    permission_classes = [IsAuthenticated, RolePermission]
    workflow_operations = {"report": Operation.EDIT}
    serializer_class = VisitSerializer
    filterset_fields = ["schedule", "result"]
    ordering = ["-performed_on", "-id"]

    def get_queryset(self):
        return selectors.visit_list(self.request.user).prefetch_related("observations__action")

    @extend_schema(request=VisitWriteSerializer, responses={201: VisitSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = VisitWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            line = selectors.schedule_get(request.user, data.pop("schedule"))
        except Http404 as error:
            raise ValidationError(
                {"schedule": "no such scheduled inspection among those you may see"}
            ) from error
        try:
            visit = services.visit_record(user=request.user, schedule=line, **data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        visit = self.get_queryset().get(pk=visit.pk)
        return Response(VisitSerializer(visit).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": ReportUploadSerializer}, responses={201: AttachmentSerializer}
    )
    @action(detail=True, methods=["post"], url_path="report", parser_classes=[MultiPartParser])
    def report(self, request: Request, pk=None) -> Response:
        visit = self.get_object()
        serializer = ReportUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            attachment = core_services.attachment_add(
                user=request.user,
                target=visit,
                upload=serializer.validated_data["file"],
                description=serializer.validated_data["description"],
            )
        except DjangoValidationError as error:
            raise ValidationError({"file": error.messages}) from error
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class ObservationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Observations of inspection reports; ``POST {id}/action/`` opens the action that remedies one."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ObservationSerializer
    filterset_fields = ["visit", "severity"]
    ordering = ["id"]
    # Opening an action is creating one: the action plan's own rule applies in the service.
    workflow_operations = {"open_action": Operation.VIEW}

    def get_queryset(self):
        return selectors.observation_list(self.request.user)

    @extend_schema(request=ObservationActionSerializer, responses={201: ObservationSerializer})
    @action(detail=True, methods=["post"], url_path="action")
    def open_action(self, request: Request, pk=None) -> Response:
        observation = self.get_object()
        serializer = ObservationActionSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            observation = services.observation_create_action(
                user=request.user, observation=observation, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(ObservationSerializer(observation).data, status=status.HTTP_201_CREATED)


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("inspections/kinds", EquipmentKindViewSet, basename="inspections-kind")
    router.register("inspections/types", InspectionTypeViewSet, basename="inspections-type")
    router.register("inspections/equipment", EquipmentViewSet, basename="inspections-equipment")
    router.register("inspections/schedule", ScheduleViewSet, basename="inspections-schedule")
    router.register("inspections/visits", VisitViewSet, basename="inspections-visit")
    router.register("inspections/observations", ObservationViewSet, basename="inspections-observation")
