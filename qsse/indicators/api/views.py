"""REST API of the indicators app: every write goes through qsse.indicators.services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from qsse.core.api.permissions import RolePermission
from qsse.organization import selectors as organization_selectors

from .. import calculations, selectors, services
from ..models import Measurement
from .serializers import (
    ImportErrorSerializer,
    ImportResultSerializer,
    ImportSerializer,
    IndicatorSerializer,
    MeasurementSerializer,
    ObjectiveSerializer,
    PolicySerializer,
    SeriesSerializer,
    drf_error,
)


class PolicyViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Versions of the QSSE policy (the current one first)."""

    serializer_class = PolicySerializer
    permission_classes = [IsAuthenticated, RolePermission]

    def get_queryset(self):
        return selectors.policy_list(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.policy_create(
                user=self.request.user,
                title=data.pop("title"),
                text=data.pop("text"),
                version=data.pop("version"),
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer):
        try:
            serializer.instance = services.policy_update(
                user=self.request.user, policy=serializer.instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error


class ObjectiveViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Strategic and process objectives, with their SMART gaps."""

    serializer_class = ObjectiveSerializer
    permission_classes = [IsAuthenticated, RolePermission]
    filterset_fields = ["level", "status", "domain", "process", "site", "parent", "policy"]
    search_fields = ["reference", "title"]
    ordering_fields = ["reference", "target_date", "status"]
    ordering = ["reference"]

    def get_queryset(self):
        return selectors.objective_list(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.objective_create(
                user=self.request.user, level=data.pop("level"), title=data.pop("title"), **data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer):
        try:
            serializer.instance = services.objective_update(
                user=self.request.user, objective=serializer.instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error


class IndicatorViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Indicators with their last value and traffic light (read for a page in one more query)."""

    serializer_class = IndicatorSerializer
    permission_classes = [IsAuthenticated, RolePermission]
    filterset_fields = ["domain", "process", "site", "source", "is_active", "frequency"]
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name", "domain"]
    ordering = ["code"]

    def get_queryset(self):
        return selectors.indicator_list(self.request.user)

    def _with_cards(self, indicators) -> dict:
        cards = selectors.dashboard_cards(self.request.user, indicators=list(indicators))
        return {**self.get_serializer_context(), "cards": {card.indicator.pk: card for card in cards}}

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        items = page if page is not None else list(queryset)
        serializer = IndicatorSerializer(items, many=True, context=self._with_cards(items))
        if page is not None:
            return self.get_paginated_response(serializer.data)
        return Response(serializer.data)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        return Response(IndicatorSerializer(instance, context=self._with_cards([instance])).data)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.indicator_create(
                user=self.request.user, code=data.pop("code"), name=data.pop("name"), **data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer):
        try:
            serializer.instance = services.indicator_update(
                user=self.request.user, indicator=serializer.instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "periods", OpenApiTypes.INT, description="number of periods (default 24, at most 120)"
            ),
            OpenApiParameter("site", OpenApiTypes.INT, description="site of an indicator split by site"),
        ],
        responses={200: SeriesSerializer},
    )
    @action(detail=True, methods=["get"])
    def series(self, request, pk=None):
        """Values of the last periods with the target, alert threshold, traffic light and trend."""
        indicator = self.get_object()
        try:
            periods = max(1, min(int(request.query_params.get("periods", 24)), 120))
        except ValueError:
            periods = 24
        site = None
        if request.query_params.get("site", "").isdigit():
            site = (
                organization_selectors.site_list(request.user)
                .filter(pk=int(request.query_params["site"]))
                .first()
            )
            if site is None:
                raise NotFound
        series = selectors.indicator_series(request.user, indicator, site=site, periods=periods)

        def number(value):
            return float(value) if value is not None else None

        data = {
            "indicator": indicator.pk,
            "site": series.site_id,
            "unit": indicator.unit,
            "target": number(indicator.target),
            "alert_threshold": number(indicator.alert_threshold),
            "direction": indicator.direction,
            "last_value": number(series.last_value),
            "status": series.status,
            "trend": series.trend.label,
            "trend_slope": series.trend.slope,
            "points": [
                {
                    "period": point.period,
                    "value": number(point.value),
                    "status": calculations.indicator_status(
                        point.value, indicator.target, indicator.alert_threshold, indicator.direction
                    ),
                }
                for point in series.points
            ],
        }
        return Response(SeriesSerializer(data).data)


class MeasurementFilter(filters.FilterSet):
    period_after = filters.DateFilter(field_name="period_start", lookup_expr="gte")
    period_before = filters.DateFilter(field_name="period_start", lookup_expr="lte")

    class Meta:
        model = Measurement
        fields = ["indicator", "site", "is_computed"]


class MeasurementViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Values of the visible indicators. POST sets the value of one period (created or replaced);
    POST import/ takes many rows, all checked before any is written."""

    serializer_class = MeasurementSerializer
    permission_classes = [IsAuthenticated, RolePermission]
    filterset_class = MeasurementFilter
    ordering_fields = ["period_start", "indicator"]
    ordering = ["indicator_id", "-period_start"]
    workflow_operations = {"bulk_import": "create"}

    def get_queryset(self):
        return selectors.measurement_list(self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        indicator = data["indicator"]
        try:
            services.measurements_save(
                user=request.user,
                indicator=indicator,
                entries=[(data["period_start"], data["value"], data.get("comment", ""))],
                site=data.get("site") if indicator.is_split_by_site else None,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        period = calculations.period_start(data["period_start"], indicator.frequency)
        site_id = indicator.site_id or (
            data["site"].pk if data.get("site") and indicator.is_split_by_site else None
        )
        measurement = Measurement.objects.get(indicator=indicator, site_id=site_id, period_start=period)
        return Response(self.get_serializer(measurement).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ImportSerializer,
        responses={
            201: ImportResultSerializer,
            400: OpenApiResponse(
                ImportErrorSerializer, description="every row and column at fault; nothing written"
            ),
        },
    )
    @action(detail=False, methods=["post"], url_path="import")
    def bulk_import(self, request):
        """Import many values at once with the checks of the Excel import (all or nothing)."""
        serializer = ImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rows = [dict(row) for row in serializer.validated_data["rows"]]
        try:
            count = services.measurements_import_rows(
                user=request.user, rows=rows, today=timezone.localdate()
            )
        except services.MeasurementImportError as error:
            problems = [
                {"row": problem.row, "column": problem.column, "message": problem.message}
                for problem in error.problems
            ]
            return Response({"errors": problems}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"imported": count}, status=status.HTTP_201_CREATED)


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("indicators/policies", PolicyViewSet, basename="indicators-policy")
    router.register("indicators/objectives", ObjectiveViewSet, basename="indicators-objective")
    router.register("indicators/measurements", MeasurementViewSet, basename="indicators-measurement")
    router.register("indicators/indicators", IndicatorViewSet, basename="indicators-indicator")
