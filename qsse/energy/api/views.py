"""REST API of the energy module: every write goes through qsse.energy.services."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from qsse.core.api.permissions import RolePermission
from qsse.core.choices import Operation
from qsse.core.permissions import require

from .. import selectors, services
from ..models import EnergyCarrier
from .serializers import (
    ConsumptionSerializer,
    EmissionFactorSerializer,
    EnergyCarrierSerializer,
    EnergyIndicatorSerializer,
    IndicatorReportSerializer,
    LeverActionSerializer,
    MeterSerializer,
    MonthValueSerializer,
    RelevantVariableSerializer,
    SavingsLeverSerializer,
    SummarySerializer,
    VariableValueWriteSerializer,
    drf_error,
)

_CRU = (mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin)


def _year(request: Request) -> int:
    try:
        year = int(request.query_params.get("year") or date.today().year)
    except ValueError as error:
        raise ValidationError({"year": "a year, e.g. 2026"}) from error
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "between 2000 and 2100"})
    return year


class EnergyCarrierViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Energy carriers with their kWh per unit and their dated emission factors."""

    permission_classes = [IsAuthenticated]
    serializer_class = EnergyCarrierSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.carrier_list()


class EmissionFactorViewSet(*_CRU, viewsets.GenericViewSet):
    """Dated emission factors (kgCO2e per kWh PCI); a new value is a new row with a later date."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = EmissionFactorSerializer
    filterset_fields = ["carrier", "to_verify"]

    def get_queryset(self):
        from ..models import EmissionFactor

        return EmissionFactor.objects.select_related("carrier").order_by("carrier__order", "-valid_from")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.factor_create(
                user=self.request.user,
                carrier=data.pop("carrier"),
                valid_from=data.pop("valid_from"),
                kg_co2e_per_kwh=data.pop("kg_co2e_per_kwh"),
                source=data.pop("source"),
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if "carrier" in data and data.pop("carrier") != serializer.instance.carrier:
            raise ValidationError({"carrier": "the carrier of a factor cannot change"})
        try:
            services.factor_update(user=self.request.user, factor=serializer.instance, **data)
        except DjangoValidationError as error:
            raise drf_error(error) from error


class MeterViewSet(*_CRU, viewsets.GenericViewSet):
    """Meters of the user's sites (a sub-meter names its parent)."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = MeterSerializer
    filterset_fields = ["site", "carrier", "use", "parent", "is_active"]
    search_fields = ["name", "identifier"]
    ordering = ["site__name", "name"]

    def get_queryset(self):
        return selectors.meter_list(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            meter = services.meter_create(
                user=self.request.user,
                site=data.pop("site"),
                carrier=data.pop("carrier"),
                name=data.pop("name"),
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        serializer.instance = self.get_queryset().get(pk=meter.pk)

    def perform_update(self, serializer):
        try:
            services.meter_update(
                user=self.request.user, meter=serializer.instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)


class ConsumptionViewSet(*_CRU, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Invoices and meter readings; kWh and month are computed."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ConsumptionSerializer
    filterset_fields = {
        "meter": ["exact"],
        "meter__site": ["exact"],
        "meter__carrier": ["exact"],
        "kind": ["exact"],
        "month": ["exact", "gte", "lt"],
    }
    ordering = ["-month", "pk"]

    def get_queryset(self):
        return selectors.consumption_list(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.consumption_create(
                user=self.request.user,
                meter=data.pop("meter"),
                period_start=data.pop("period_start"),
                period_end=data.pop("period_end"),
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if "meter" in data and data.pop("meter") != serializer.instance.meter:
            raise ValidationError({"meter": "the meter of a record cannot change"})
        try:
            services.consumption_update(user=self.request.user, consumption=serializer.instance, **data)
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_destroy(self, instance):
        services.consumption_delete(user=self.request.user, consumption=instance)


class RelevantVariableViewSet(*_CRU, viewsets.GenericViewSet):
    """Relevant variables (production, degree-days…) and their monthly values."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = RelevantVariableSerializer
    filterset_fields = ["site", "kind"]
    workflow_operations = {"set_values": Operation.EDIT}

    def get_queryset(self):
        return selectors.variable_list(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.variable_create(
                user=self.request.user,
                site=data.pop("site"),
                name=data.pop("name"),
                unit=data.pop("unit"),
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer):
        try:
            services.variable_update(
                user=self.request.user, variable=serializer.instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    @extend_schema(responses=MonthValueSerializer(many=True))
    @action(detail=True, methods=["get"])
    def values(self, request: Request, pk=None) -> Response:
        variable = self.get_object()
        data = [{"month": v.month, "value": v.value} for v in variable.values.order_by("month")]
        return Response(MonthValueSerializer(data, many=True).data)

    @extend_schema(request=VariableValueWriteSerializer(many=True), responses=MonthValueSerializer(many=True))
    @values.mapping.post
    def set_values(self, request: Request, pk=None) -> Response:
        """Write monthly values ([{month, value}], value null deletes the month's value)."""
        variable = self.get_object()
        serializer = VariableValueWriteSerializer(data=request.data, many=True)
        serializer.is_valid(raise_exception=True)
        try:
            services.variable_set_values(
                user=request.user,
                variable=variable,
                values={row["month"]: row["value"] for row in serializer.validated_data},
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return self.values(request, pk)


class EnergyIndicatorViewSet(*_CRU, viewsets.GenericViewSet):
    """EnPIs with their baseline (ratio and least-squares model); ``report`` compares a year."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = EnergyIndicatorSerializer
    filterset_fields = ["site", "kind", "is_active", "variable"]

    def get_queryset(self):
        return selectors.indicator_list(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.indicator_create(
                user=self.request.user,
                site=data.pop("site"),
                name=data.pop("name"),
                variable=data.pop("variable"),
                baseline_start=data.pop("baseline_start"),
                baseline_end=data.pop("baseline_end"),
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer):
        try:
            services.indicator_update(
                user=self.request.user, indicator=serializer.instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="Calendar year compared with the baseline")],
        responses=IndicatorReportSerializer,
    )
    @action(detail=True, methods=["get"])
    def report(self, request: Request, pk=None) -> Response:
        indicator = self.get_object()
        year = _year(request)
        report = selectors.indicator_report(indicator, date(year, 1, 1), date(year + 1, 1, 1))
        return Response(IndicatorReportSerializer(report).data)


class SavingsLeverViewSet(*_CRU, viewsets.GenericViewSet):
    """Savings levers with their estimated gains; ``open_action`` opens an improvement action."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = SavingsLeverSerializer
    filterset_fields = ["site", "status", "use", "carrier"]
    workflow_operations = {"open_action": Operation.EDIT}

    def get_queryset(self):
        return selectors.lever_list(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.lever_create(
                user=self.request.user,
                site=data.pop("site"),
                title=data.pop("title"),
                carrier=data.pop("carrier"),
                estimated_kwh=data.pop("estimated_kwh"),
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer):
        try:
            services.lever_update(
                user=self.request.user, lever=serializer.instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    @extend_schema(request=LeverActionSerializer, responses=SavingsLeverSerializer)
    @action(detail=True, methods=["post"], url_path="action")
    def open_action(self, request: Request, pk=None) -> Response:
        lever = self.get_object()
        serializer = LeverActionSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            services.lever_create_action(user=request.user, lever=lever, **serializer.validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(SavingsLeverSerializer(self.get_queryset().get(pk=lever.pk)).data)


class EnergySummaryViewSet(viewsets.GenericViewSet):
    """kWh, cost and tCO2e (scopes 1 and 2) of a year by carrier, main meters of the user's sites."""

    permission_classes = [IsAuthenticated]
    serializer_class = SummarySerializer
    pagination_class = None

    def get_queryset(self):
        return EnergyCarrier.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="Calendar year"),
            OpenApiParameter("site", int, description="One site (default: every site of the user)"),
        ],
        responses=SummarySerializer,
    )
    def list(self, request: Request) -> Response:
        from ..models import Consumption

        require(request.user, Operation.VIEW, Consumption)
        year = _year(request)
        site_ids = None
        if request.query_params.get("site"):
            try:
                site_ids = frozenset({int(request.query_params["site"])})
            except ValueError as error:
                raise ValidationError({"site": "a site id"}) from error
        data = selectors.summary(request.user, date(year, 1, 1), date(year + 1, 1, 1), site_ids)
        return Response(SummarySerializer(data).data)


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("energy/carriers", EnergyCarrierViewSet, basename="energy-carrier")
    router.register("energy/factors", EmissionFactorViewSet, basename="energy-factor")
    router.register("energy/meters", MeterViewSet, basename="energy-meter")
    router.register("energy/consumptions", ConsumptionViewSet, basename="energy-consumption")
    router.register("energy/variables", RelevantVariableViewSet, basename="energy-variable")
    router.register("energy/indicators", EnergyIndicatorViewSet, basename="energy-indicator")
    router.register("energy/levers", SavingsLeverViewSet, basename="energy-lever")
    router.register("energy/summary", EnergySummaryViewSet, basename="energy-summary")
