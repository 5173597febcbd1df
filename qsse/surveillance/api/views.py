"""REST API of the surveillance app: every write goes through qsse.surveillance.services."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from qsse.core.api.permissions import RolePermission

from .. import selectors, services, sources
from ..models import ControlResult
from .serializers import (
    SurveillanceCalendarQuerySerializer,
    SurveillanceControlPointSerializer,
    SurveillanceDueControlSerializer,
    SurveillancePlanSerializer,
    SurveillanceResultSerializer,
    SurveillanceResultWriteSerializer,
    drf_error,
)


class PlanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Surveillance plans of the user's sites, with their number of active and overdue controls."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = SurveillancePlanSerializer
    filterset_fields = ["site", "status", "process"]
    search_fields = ["title"]
    ordering_fields = ["title", "status"]
    ordering = ["title"]

    def get_queryset(self):
        return selectors.plan_list(self.request.user, today=timezone.localdate())

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            plan = services.plan_create(
                user=self.request.user, title=data.pop("title"), owner=data.pop("owner"), **data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        serializer.instance = self.get_queryset().get(pk=plan.pk)

    def perform_update(self, serializer):
        try:
            services.plan_update(
                user=self.request.user, plan=serializer.instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)


def _risk(user, data: dict):
    risk_type = data.pop("risk_type", None)
    risk_id = data.pop("risk_id", None)
    if not risk_type and risk_id is None:
        return "unchanged"
    if not risk_type or risk_id is None:
        raise ValidationError({"risk_type": "give both risk_type and risk_id, or neither"})
    try:
        app_label, model_name = risk_type.split(".", 1)
        model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
    except (ValueError, ContentType.DoesNotExist) as error:
        raise ValidationError({"risk_type": "unknown risk type"}) from error
    if model is None or sources.risk_model_for(model) is None:
        raise ValidationError({"risk_type": "this kind of record cannot be watched"})
    record = sources.visible_risks(user, model).filter(pk=risk_id).first()
    if record is None:
        raise ValidationError({"risk_id": "no such risk among those you may see"})
    return record


class ControlPointViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Control points with their next due date and status (on_time, due_soon, overdue, inactive)."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = SurveillanceControlPointSerializer
    filterset_fields = ["plan", "responsible", "is_active"]
    search_fields = ["reference", "what", "risk_label"]
    ordering_fields = ["next_due_on", "reference", "residual_score", "risk_score"]
    ordering = ["next_due_on", "reference"]

    def get_queryset(self):
        return selectors.control_point_list(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        risk = _risk(self.request.user, data)
        try:
            point = services.control_point_create(
                user=self.request.user,
                plan=data.pop("plan"),
                reference=data.pop("reference"),
                what=data.pop("what"),
                method=data.pop("method"),
                responsible=data.pop("responsible"),
                next_due_on=data.pop("next_due_on"),
                risk=None if risk == "unchanged" else risk,
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        serializer.instance = self.get_queryset().get(pk=point.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        risk = _risk(self.request.user, data)
        if "plan" in data and data.pop("plan") != serializer.instance.plan:
            raise ValidationError({"plan": "a control point cannot move to another plan"})
        try:
            services.control_point_update(
                user=self.request.user, control_point=serializer.instance, risk=risk, **data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)


class ControlResultViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Control results. POST records one through the service: it returns whether it is within the
    limits and the reference of the non-conformity opened when it is not."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = SurveillanceResultSerializer
    filterset_fields = ["control_point", "is_within_limits"]
    ordering_fields = ["performed_on"]
    ordering = ["-performed_on", "-id"]

    def get_queryset(self):
        from qsse.core.permissions import scope_queryset

        return scope_queryset(
            self.request.user, ControlResult.objects.select_related("nonconformity", "control_point")
        )

    @extend_schema(request=SurveillanceResultWriteSerializer, responses={201: SurveillanceResultSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = SurveillanceResultWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            point = selectors.control_point_get(request.user, data.pop("control_point"))
        except Http404 as error:
            raise ValidationError(
                {"control_point": "no such control point among those you may see"}
            ) from error
        try:
            result = services.control_result_record(user=request.user, control_point=point, **data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(SurveillanceResultSerializer(result).data, status=status.HTTP_201_CREATED)


class CalendarViewSet(viewsets.GenericViewSet):
    """Due dates of the visible active controls in a date window [start, end] (at most 400 days)."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = SurveillanceDueControlSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.control_point_list(self.request.user)

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, required=True, description="YYYY-MM-DD"),
            OpenApiParameter("end", str, required=True, description="YYYY-MM-DD, included"),
            OpenApiParameter("site", int),
            OpenApiParameter("responsible", int, description="person id"),
        ],
        responses=SurveillanceDueControlSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        query = SurveillanceCalendarQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        due = selectors.due_controls(
            request.user,
            start=params["start"],
            end=params["end"],
            today=timezone.localdate(),
            site_id=params.get("site"),
            responsible_id=params.get("responsible"),
        )
        return Response(SurveillanceDueControlSerializer(due, many=True).data)


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("surveillance/plans", PlanViewSet, basename="surveillance-plan")
    router.register("surveillance/control-points", ControlPointViewSet, basename="surveillance-control-point")
    router.register("surveillance/results", ControlResultViewSet, basename="surveillance-result")
    router.register("surveillance/calendar", CalendarViewSet, basename="surveillance-calendar")
