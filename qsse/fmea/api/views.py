"""REST API of the fmea app (/api/v1/fmea/...): every write goes through qsse.fmea.services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from qsse.core.api.permissions import RolePermission
from qsse.core.choices import Operation

from .. import selectors, services
from ..calculations import ApRule
from ..filters import FmeaFilter
from ..models import ApTable, Fmea, FmeaLine, RatingGuide
from .serializers import (
    ApTableImportSerializer,
    ApTableSerializer,
    FmeaLineSerializer,
    FmeaSerializer,
    FmeaStatusSerializer,
    FmeaWriteSerializer,
    LineActionSerializer,
    RatingGuideSerializer,
    RerateSerializer,
    drf_error,
)


class FmeaViewSet(viewsets.ModelViewSet):
    """FMEAs of the user's sites (organisation-wide ones included)."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = FmeaSerializer
    filterset_class = FmeaFilter
    ordering_fields = ["reference", "title", "status", "created_at"]
    ordering = ["-reference"]
    workflow_operations = {"set_status": Operation.EDIT}

    def get_queryset(self):
        return selectors.fmea_list(self.request.user).prefetch_related("team")

    def _detail(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        instance = selectors.fmea_get(self.request.user, pk)
        return Response(FmeaSerializer(instance, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=FmeaWriteSerializer, responses={201: FmeaSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = FmeaWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            instance = services.fmea_create(
                user=request.user,
                title=data.pop("title"),
                kind=data.pop("kind", "process"),
                team=data.pop("team", []),
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return self._detail(instance.pk, status.HTTP_201_CREATED)

    @extend_schema(request=FmeaWriteSerializer, responses=FmeaSerializer)
    def update(self, request: Request, *args, **kwargs) -> Response:
        instance = self.get_object()
        partial = kwargs.pop("partial", False)
        serializer = FmeaWriteSerializer(
            instance, data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            services.fmea_update(user=request.user, fmea=instance, team=data.pop("team", None), **data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return self._detail(instance.pk)

    @extend_schema(request=FmeaWriteSerializer, responses=FmeaSerializer)
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def perform_destroy(self, instance) -> None:
        try:
            services.fmea_delete(user=self.request.user, fmea=instance)
        except DjangoValidationError as error:
            raise drf_error(error) from error

    @extend_schema(request=FmeaStatusSerializer, responses=FmeaSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk=None) -> Response:
        """Submit for review, approve (needs the "close" right) or send back to draft."""
        instance = self.get_object()
        serializer = FmeaStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.fmea_set_status(
                user=request.user, fmea=instance, status=serializer.validated_data["status"]
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return self._detail(instance.pk)


class FmeaLineViewSet(viewsets.ModelViewSet):
    """Worksheet lines of the visible FMEAs (``?fmea=<id>``), with RPN and AP as computed.

    ``?ordering=-rpn`` or ``-ap_rank`` sorts in the database."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = FmeaLineSerializer
    ordering_fields = ["position", "rpn", "ap_rank", "severity", "revised_rpn"]
    ordering = ["fmea", "position", "id"]
    workflow_operations = {"rerate": Operation.EDIT, "create_action": Operation.EDIT}

    def get_queryset(self):
        queryset = FmeaLine.objects.filter(fmea__in=selectors.fmea_list(self.request.user).values("pk"))
        fmea_id = self.request.query_params.get("fmea")
        if fmea_id and fmea_id.isdigit():
            queryset = queryset.filter(fmea_id=int(fmea_id))
        return queryset.select_related("action", "fmea")

    def _fmea(self, pk) -> Fmea:
        try:
            return selectors.fmea_get(self.request.user, pk)
        except (Fmea.DoesNotExist, ValueError, TypeError) as error:
            raise drf_error(DjangoValidationError({"fmea": "Unknown FMEA."})) from error

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        fmea = self._fmea(getattr(data.pop("fmea"), "pk", None))
        try:
            serializer.instance = services.line_create(user=self.request.user, fmea=fmea, **data)
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer) -> None:
        data = dict(serializer.validated_data)
        data.pop("fmea", None)
        try:
            serializer.instance = services.line_update(
                user=self.request.user, line=serializer.instance, **data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_destroy(self, instance) -> None:
        try:
            services.line_delete(user=self.request.user, line=instance)
        except DjangoValidationError as error:
            raise drf_error(error) from error

    @extend_schema(request=RerateSerializer, responses=FmeaLineSerializer)
    @action(detail=True, methods=["post"])
    def rerate(self, request: Request, pk=None) -> Response:
        """Record the S/O/D after the actions; the revised RPN and AP are returned."""
        line = self.get_object()
        serializer = RerateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            line = services.line_rerate(user=request.user, line=line, **serializer.validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(FmeaLineSerializer(line).data)

    @extend_schema(request=LineActionSerializer, responses={201: FmeaLineSerializer})
    @action(detail=True, methods=["post"], url_path="action")
    def create_action(self, request: Request, pk=None) -> Response:
        """Raise a preventive action in the action plan from the line (one action per line)."""
        line = self.get_object()
        serializer = LineActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.line_create_action(user=request.user, line=line, **serializer.validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        line.refresh_from_db()
        return Response(FmeaLineSerializer(line).data, status=201)


class RatingGuideViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """The organisation's rating guides (meaning of each level 1–10 of S, O and D)."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = RatingGuideSerializer
    ordering = ["scale", "-level"]

    def get_queryset(self):
        return RatingGuide.objects.all()

    def perform_update(self, serializer) -> None:
        guide = serializer.instance
        data = serializer.validated_data
        try:
            serializer.instance = services.rating_guide_save(
                user=self.request.user,
                scale=guide.scale,
                level=guide.level,
                meaning=data.get("meaning", guide.meaning),
                criteria=data.get("criteria", guide.criteria),
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error


class ApTableViewSet(viewsets.ReadOnlyModelViewSet):
    """Action-priority tables loaded by the organisation, with their rules; ``import`` loads one."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = ApTableSerializer
    workflow_operations = {"import_table": Operation.CREATE}

    def get_queryset(self):
        return ApTable.objects.prefetch_related("rules")

    @extend_schema(request=ApTableImportSerializer, responses={201: ApTableSerializer})
    @action(detail=False, methods=["post"], url_path="import")
    def import_table(self, request: Request) -> Response:
        """Load a table: the rules must cover each of the 1,000 S × O × D combinations exactly once
        (400 with the gaps and overlaps otherwise)."""
        serializer = ApTableImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        rules = [ApRule(**rule) for rule in data["rules"]]
        try:
            table = services.ap_table_import(
                user=request.user,
                name=data["name"],
                source=data["source"],
                rules=rules,
                activate=data["activate"],
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        except PermissionError as error:  # pragma: no cover - services raise Django's PermissionDenied
            raise PermissionDenied from error
        return Response(ApTableSerializer(table).data, status=status.HTTP_201_CREATED)


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("fmea/fmeas", FmeaViewSet, basename="fmea")
    router.register("fmea/lines", FmeaLineViewSet, basename="fmealine")
    router.register("fmea/rating-guides", RatingGuideViewSet, basename="fmearatingguide")
    router.register("fmea/ap-tables", ApTableViewSet, basename="fmeaaptable")
