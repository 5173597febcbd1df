"""REST API of the context app: every write goes through qsse.context.services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from qsse.core.api.permissions import RolePermission
from qsse.core.choices import Operation
from qsse.organization import selectors as organization_selectors
from qsse.processes import selectors as process_selectors

from .. import selectors, services
from ..filters import PartyFilter, RiskFilter
from ..models import ContextAnalysis
from .serializers import (
    ContextAnalysisSerializer,
    ContextAnalysisWriteSerializer,
    ContextItemSerializer,
    ContextItemUpdateSerializer,
    CriticalityMatrixSerializer,
    HeatMapResponseSerializer,
    InterestedPartySerializer,
    RiskOpportunitySerializer,
    RiskOpportunityWriteSerializer,
    drf_error,
)


class ContextAnalysisViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """SWOT and PESTEL analyses with their items (nested, read only: items are written at
    /context/items/). An approved analysis is frozen; ``new-version`` copies it into a draft."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ContextAnalysisSerializer
    filterset_fields = ["kind", "status", "site"]
    ordering = ["kind", "-analysed_on", "-version"]
    workflow_operations = {"approve": Operation.CLOSE, "new_version": Operation.CREATE}

    def get_queryset(self):
        return selectors.analysis_list(self.request.user).prefetch_related("items")

    def _detail(self, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(
            ContextAnalysisSerializer(selectors.analysis_get(self.request.user, pk)).data, status=status_code
        )

    @extend_schema(request=ContextAnalysisWriteSerializer, responses={201: ContextAnalysisSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = ContextAnalysisWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        try:
            analysis = services.analysis_create(user=request.user, **serializer.validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return self._detail(analysis.pk, status.HTTP_201_CREATED)

    @extend_schema(request=ContextAnalysisWriteSerializer, responses=ContextAnalysisSerializer)
    def update(self, request: Request, *args, **kwargs) -> Response:
        instance = self.get_object()
        serializer = ContextAnalysisWriteSerializer(
            instance,
            data=request.data,
            partial=kwargs.get("partial", False),
            context=self.get_serializer_context(),
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("kind", None)
        try:
            services.analysis_update(user=request.user, analysis=instance, **data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return self._detail(instance.pk)

    @extend_schema(request=ContextAnalysisWriteSerializer, responses=ContextAnalysisSerializer)
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    @extend_schema(request=None, responses=ContextAnalysisSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk=None) -> Response:
        """Approve and freeze a draft."""
        instance = self.get_object()
        try:
            services.analysis_approve(user=request.user, analysis=instance)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return self._detail(instance.pk)

    @extend_schema(request=None, responses={201: ContextAnalysisSerializer})
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request: Request, pk=None) -> Response:
        """Copy an approved analysis and its items into version n+1 (draft)."""
        instance = self.get_object()
        try:
            new = services.analysis_new_version(user=request.user, analysis=instance)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return self._detail(new.pk, status.HTTP_201_CREATED)


class ContextItemViewSet(viewsets.ModelViewSet):
    """Items of SWOT / PESTEL analyses; writes are refused (400) on an approved analysis."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ContextItemSerializer
    filterset_fields = ["analysis", "category"]
    # Rights are those of the analysis (reference data): adding an item edits the analysis.
    workflow_operations = {"create": Operation.EDIT, "destroy": Operation.EDIT}

    def get_queryset(self):
        return selectors.context_items_for_choice(self.request.user).order_by(
            "analysis", "category", "position"
        )

    def _analysis(self, pk) -> ContextAnalysis:
        return get_object_or_404(selectors.analysis_list(self.request.user), pk=pk)

    def check_object_permissions(self, request, obj):
        # The item has no rights of its own: those of its analysis apply.
        super().check_object_permissions(request, obj.analysis)

    @extend_schema(request=ContextItemSerializer, responses={201: ContextItemSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = ContextItemSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        analysis = self._analysis(data["analysis"].pk)
        try:
            item = services.analysis_item_add(
                user=request.user,
                analysis=analysis,
                category=data["category"],
                text=data["text"],
                importance=data.get("importance", 2),
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(ContextItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ContextItemUpdateSerializer, responses=ContextItemSerializer)
    def update(self, request: Request, *args, **kwargs) -> Response:
        item = self.get_object()
        serializer = ContextItemUpdateSerializer(data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        try:
            item = services.analysis_item_update(user=request.user, item=item, **serializer.validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(ContextItemSerializer(item).data)

    @extend_schema(request=ContextItemUpdateSerializer, responses=ContextItemSerializer)
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def perform_destroy(self, instance) -> None:
        try:
            services.analysis_item_delete(user=self.request.user, item=instance)
        except DjangoValidationError as error:
            raise drf_error(error) from error


class InterestedPartyViewSet(viewsets.ModelViewSet):
    """Interested parties; ``quadrant`` is their box of the power/interest grid (computed)."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = InterestedPartySerializer
    filterset_class = PartyFilter
    search_fields = ["name"]
    ordering = ["category", "name"]

    def get_queryset(self):
        return selectors.party_list(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.party_create(
                user=self.request.user, name=data.pop("name"), category=data.pop("category"), **data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer):
        try:
            serializer.instance = services.party_update(
                user=self.request.user, party=serializer.instance, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_destroy(self, instance) -> None:
        services.party_delete(user=self.request.user, party=instance)


class CriticalityMatrixViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Criticality matrices and their levels, each serving one risk tool (``usage``: risks and
    opportunities, HACCP, HAZOP, surveillance). PUT/PATCH (administrators and QSSE managers) replaces
    the levels and, on the active matrix of its tool, rescores that tool's records."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = CriticalityMatrixSerializer
    filterset_fields = ["is_active", "usage"]

    def get_queryset(self):
        return selectors.matrix_list(self.request.user).order_by("usage", "-is_active", "name")

    def perform_update(self, serializer):
        matrix = serializer.instance
        data = dict(serializer.validated_data)
        levels = data.pop("levels", None)
        if levels is None:
            levels = list(matrix.levels.values("name", "min_score", "colour", "is_significant"))
        fields = {
            "name": data.get("name", matrix.name),
            "rows": data.get("rows", matrix.rows),
            "cols": data.get("cols", matrix.cols),
            "row_axis_name": data.get("row_axis_name", matrix.row_axis_name),
            "col_axis_name": data.get("col_axis_name", matrix.col_axis_name),
            "row_labels": data.get("row_labels", matrix.row_labels),
            "col_labels": data.get("col_labels", matrix.col_labels),
            "is_active": data.get("is_active", matrix.is_active),
            "usage": data.get("usage", matrix.usage),
        }
        try:
            serializer.instance = services.matrix_save(
                user=self.request.user, matrix=matrix, levels=[dict(level) for level in levels], **fields
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error


class RiskOpportunityViewSet(viewsets.ModelViewSet):
    """The register of risks and opportunities. Score (probability × impact) and level are computed
    on the active matrix and returned as numbers; a significant record gets its treatment action."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = RiskOpportunitySerializer
    filterset_class = RiskFilter
    search_fields = ["reference", "title"]
    ordering_fields = ["reference", "score", "status", "review_on", "created_at"]
    ordering = ["-score", "reference"]
    workflow_operations = {"heat_map": Operation.VIEW}

    def get_queryset(self):
        return selectors.risk_list(self.request.user)

    def _detail(self, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(
            RiskOpportunitySerializer(selectors.risk_get(self.request.user, pk)).data, status=status_code
        )

    @extend_schema(request=RiskOpportunityWriteSerializer, responses={201: RiskOpportunitySerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = RiskOpportunityWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("status", None)
        try:
            record = services.risk_opportunity_create(
                user=request.user,
                kind=data.pop("kind", "risk"),
                title=data.pop("title"),
                process=data.pop("process"),
                probability=data.pop("probability"),
                impact=data.pop("impact"),
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return self._detail(record.pk, status.HTTP_201_CREATED)

    @extend_schema(request=RiskOpportunityWriteSerializer, responses=RiskOpportunitySerializer)
    def update(self, request: Request, *args, **kwargs) -> Response:
        instance = self.get_object()
        serializer = RiskOpportunityWriteSerializer(
            instance,
            data=request.data,
            partial=kwargs.get("partial", False),
            context=self.get_serializer_context(),
        )
        serializer.is_valid(raise_exception=True)
        try:
            services.risk_opportunity_update(user=request.user, record=instance, **serializer.validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return self._detail(instance.pk)

    @extend_schema(request=RiskOpportunityWriteSerializer, responses=RiskOpportunitySerializer)
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def perform_destroy(self, instance) -> None:
        try:
            services.risk_opportunity_delete(user=self.request.user, record=instance)
        except DjangoValidationError as error:
            raise drf_error(error) from error

    @extend_schema(
        parameters=[
            OpenApiParameter("process", int, description="Only this process"),
            OpenApiParameter("site", int, description="Only this site"),
            OpenApiParameter(
                "basis", str, enum=["initial", "residual"], description="Rating placed (default initial)"
            ),
        ],
        responses=HeatMapResponseSerializer,
    )
    @action(detail=False, methods=["get"], url_path="heat-map", filterset_class=None, pagination_class=None)
    def heat_map(self, request: Request) -> Response:
        """Records not closed counted in each (probability, impact) cell of the active matrix,
        one map for risks and one for opportunities."""
        user = request.user
        process = site = None
        if str(request.query_params.get("process", "")).isdigit():
            process = get_object_or_404(
                process_selectors.process_list(user), pk=request.query_params["process"]
            )
        if str(request.query_params.get("site", "")).isdigit():
            site = get_object_or_404(organization_selectors.site_list(user), pk=request.query_params["site"])
        residual = request.query_params.get("basis") == "residual"
        maps = selectors.heat_maps(user, process=process, site=site, residual=residual)
        matrix = maps[0].matrix if maps else None
        return Response(
            {
                "matrix": matrix.pk if matrix else None,
                "rows": matrix.rows if matrix else 0,
                "cols": matrix.cols if matrix else 0,
                "maps": [
                    {
                        "kind": heat.kind,
                        "total": heat.total,
                        "cells": [
                            {
                                "probability": cell.cell.probability,
                                "impact": cell.cell.impact,
                                "score": cell.cell.score,
                                "level": cell.cell.level.name if cell.cell.level else None,
                                "colour": cell.cell.level.colour if cell.cell.level else "#ffffff",
                                "is_significant": bool(cell.cell.level and cell.cell.level.is_significant),
                                "count": cell.count,
                            }
                            for line in heat.grid
                            for cell in line
                        ],
                    }
                    for heat in maps
                ],
            }
        )


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("context/analyses", ContextAnalysisViewSet, basename="context-analysis")
    router.register("context/items", ContextItemViewSet, basename="context-item")
    router.register("context/interested-parties", InterestedPartyViewSet, basename="context-interested-party")
    router.register("context/matrices", CriticalityMatrixViewSet, basename="context-matrix")
    router.register("context/risks", RiskOpportunityViewSet, basename="context-risk")
