"""REST API of the waste module: every write goes through qsse.waste.services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from qsse.core.api.permissions import RolePermission

from .. import selectors, services
from .serializers import (
    ContractorSerializer,
    SortingFlowSerializer,
    TreatmentCodeSerializer,
    WasteCodeSerializer,
    WasteRemovalSerializer,
    WasteStatsSerializer,
    WasteStreamSerializer,
    drf_error,
)


class WasteCodeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The European List of Waste; ``?search=`` a code or words (accents ignored), ``?hazardous=true``."""

    permission_classes = [IsAuthenticated]
    serializer_class = WasteCodeSerializer
    lookup_field = "code"

    def get_queryset(self):
        hazardous = {"true": True, "false": False}.get(self.request.query_params.get("hazardous", ""))
        return selectors.code_search(
            self.request.query_params.get("search", ""),
            hazardous=hazardous,
            chapter=self.request.query_params.get("chapter", ""),
        )


class TreatmentCodeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Recovery (R1–R13) and disposal (D1–D15) operations."""

    permission_classes = [IsAuthenticated]
    serializer_class = TreatmentCodeSerializer
    pagination_class = None
    lookup_field = "code"

    def get_queryset(self):
        return selectors.treatment_list()


class _Writes:
    def _call(self, function, **kwargs):
        try:
            return function(user=self.request.user, **kwargs)
        except DjangoValidationError as error:
            raise drf_error(error) from error


class ContractorViewSet(
    _Writes,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Collectors, transporters and treatment facilities (name, SIRET, receipt and permit numbers)."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ContractorSerializer
    filterset_fields = ["is_collector", "is_transporter", "is_facility", "is_active"]
    ordering = ["name"]

    def get_queryset(self):
        return selectors.contractor_list(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = self._call(services.contractor_create, name=data.pop("name"), **data)

    def perform_update(self, serializer):
        serializer.instance = self._call(
            services.contractor_update, contractor=serializer.instance, **serializer.validated_data
        )


class WasteStreamViewSet(
    _Writes,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The waste streams of each site."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = WasteStreamSerializer
    filterset_fields = ["site", "sorting_flow", "is_active"]
    ordering = ["site__name", "name"]

    def get_queryset(self):
        return selectors.stream_list(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = self._call(
            services.stream_create,
            site=data.pop("site"),
            name=data.pop("name"),
            waste_code=data.pop("waste_code"),
            **data,
        )

    def perform_update(self, serializer):
        serializer.instance = self._call(
            services.stream_update, stream=serializer.instance, **serializer.validated_data
        )


class WasteRemovalViewSet(
    _Writes,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The chronological waste register; the BSD number is required for hazardous waste."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = WasteRemovalSerializer
    filterset_fields = ["site", "year", "category", "stream", "treatment_kind", "is_hazardous"]
    ordering = ["-removed_on", "-id"]

    def get_queryset(self):
        return selectors.removal_list(self.request.user).order_by("-removed_on", "-id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = self._call(
            services.removal_record,
            site=data.pop("site"),
            removed_on=data.pop("removed_on"),
            quantity=data.pop("quantity"),
            unit=data.pop("unit", "t"),
            stream=data.pop("stream", None),
            waste_code=data.pop("waste_code", None),
            **data,
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if data.get("waste_code", 0) is None:
            data.pop("waste_code")
        serializer.instance = self._call(services.removal_update, removal=serializer.instance, **data)

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="Year of the totals (default: every year)"),
            OpenApiParameter("site", int, description="One site"),
        ],
        responses=WasteStatsSerializer,
    )
    @action(detail=False, methods=["get"])
    def stats(self, request: Request) -> Response:
        """Tonnages and recovery rate by year, category, stream and site."""
        year = request.query_params.get("year")
        site = request.query_params.get("site")
        figures = selectors.dashboard(
            request.user,
            year=int(year) if year and year.isdigit() else None,
            site_id=int(site) if site and site.isdigit() else None,
        )
        return Response(WasteStatsSerializer(figures).data)

    @extend_schema(
        parameters=[OpenApiParameter("site", int, required=True)], responses=SortingFlowSerializer(many=True)
    )
    @action(detail=False, methods=["get"])
    def sorting(self, request: Request) -> Response:
        """The sorting obligations in force today and whether the site sorts each flow."""
        from django.shortcuts import get_object_or_404

        from qsse.organization import selectors as organization_selectors

        site = get_object_or_404(
            organization_selectors.site_list(request.user), pk=request.query_params.get("site") or 0
        )
        flows = selectors.sorting_status(request.user, site, timezone.localdate())
        return Response(SortingFlowSerializer(flows, many=True).data)


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("waste/codes", WasteCodeViewSet, basename="waste-code")
    router.register("waste/treatments", TreatmentCodeViewSet, basename="waste-treatment")
    router.register("waste/contractors", ContractorViewSet, basename="waste-contractor")
    router.register("waste/streams", WasteStreamViewSet, basename="waste-stream")
    router.register("waste/removals", WasteRemovalViewSet, basename="waste-removal")
