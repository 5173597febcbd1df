"""REST API of the hazop app: every write goes through qsse.hazop.services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from qsse.core.api.permissions import RolePermission
from qsse.core.choices import Operation
from qsse.core.permissions import can
from qsse.organization import selectors as organization_selectors

from .. import selectors, services
from .serializers import (
    DeviationActionSerializer,
    DeviationCloseSerializer,
    DeviationSerializer,
    GenerateSerializer,
    NodeSerializer,
    StudySerializer,
    drf_error,
)

_FIELDS = (
    "causes",
    "consequences",
    "safeguards",
    "likelihood",
    "severity",
    "recommendation",
    "responsible",
    "text",
    "justification",
)


class StudyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """HAZOP studies of the user's sites; ``POST .../{id}/complete/``, ``.../reopen/`` and
    ``.../archive/`` move them through their life cycle."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = StudySerializer
    filterset_fields = ["site", "status", "process"]
    search_fields = ["reference", "title", "installation"]
    workflow_operations = {
        "complete": Operation.CLOSE,
        "reopen": Operation.CLOSE,
        "archive": Operation.CLOSE,
    }

    def get_queryset(self):
        return selectors.study_list(self.request.user).prefetch_related("team").order_by("reference")

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.study_create(
                user=self.request.user,
                title=data.pop("title"),
                installation=data.pop("installation"),
                site=data.pop("site"),
                team=data.pop("team", None),
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer) -> None:
        data = dict(serializer.validated_data)
        team = data.pop("team", None)
        try:
            serializer.instance = services.study_update(
                user=self.request.user, study=serializer.instance, team=team, **data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def _transition(self, service) -> Response:
        study = self.get_object()
        try:
            study = service(user=self.request.user, study=study)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(StudySerializer(study).data)

    @extend_schema(request=None, responses={200: StudySerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        """Complete the study: every deviation rated or justified."""
        return self._transition(services.study_complete)

    @extend_schema(request=None, responses={200: StudySerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(services.study_reopen)

    @extend_schema(request=None, responses={200: StudySerializer})
    @action(detail=True, methods=["post"])
    def archive(self, request: Request, pk: str | None = None) -> Response:
        """Archive a completed study; nothing in it changes afterwards."""
        return self._transition(services.study_archive)


class NodeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Nodes of the studies; ``POST .../{id}/generate/`` adds the deviations parameter × guide words.
    A node is deleted only while it has no deviation."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = NodeSerializer
    filterset_fields = ["study"]
    # Changing or removing a node edits its study.
    workflow_operations = {"generate": Operation.EDIT, "destroy": Operation.EDIT}

    def get_queryset(self):
        return selectors.node_list(self.request.user).order_by("study", "number")

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        study = data.pop("study")
        if not can(self.request.user, Operation.VIEW, study):
            raise PermissionDenied
        try:
            serializer.instance = services.node_add(
                user=self.request.user, study=study, name=data.pop("name"), **data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer) -> None:
        data = dict(serializer.validated_data)
        if "study" in data and data.pop("study") != serializer.instance.study:
            raise drf_error(DjangoValidationError({"study": _("A node stays in its study.")}))
        try:
            serializer.instance = services.node_update(
                user=self.request.user, node=serializer.instance, **data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_destroy(self, instance) -> None:
        try:
            services.node_delete(user=self.request.user, node=instance)
        except DjangoValidationError as error:
            raise drf_error(error) from error

    @extend_schema(request=GenerateSerializer, responses={201: DeviationSerializer(many=True)})
    @action(detail=True, methods=["post"])
    def generate(self, request: Request, pk: str | None = None) -> Response:
        node = self.get_object()
        serializer = GenerateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            created = services.deviations_generate(user=request.user, node=node, **serializer.validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(DeviationSerializer(created, many=True).data, status=status.HTTP_201_CREATED)


class DeviationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The HAZOP worksheet rows, highest score first; score/level/significance computed from the
    organisation's "hazop" criticality matrix."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = DeviationSerializer
    filterset_fields = ["node", "node__study", "guide_word", "parameter", "is_significant", "status"]
    ordering_fields = ["score", "id"]
    workflow_operations = {"close": Operation.CLOSE, "create_action": Operation.EDIT}

    def get_queryset(self):
        return selectors.deviation_list(self.request.user).order_by("-score", "id")

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        node = data.pop("node")
        if not can(self.request.user, Operation.VIEW, node):
            raise PermissionDenied
        try:
            serializer.instance = services.deviation_add(
                user=self.request.user,
                node=node,
                parameter=data.pop("parameter"),
                guide_word=data.pop("guide_word"),
                **{k: v for k, v in data.items() if k in _FIELDS},
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def perform_update(self, serializer) -> None:
        data = {k: v for k, v in serializer.validated_data.items() if k in _FIELDS}
        try:
            serializer.instance = services.deviation_update(
                user=self.request.user, deviation=serializer.instance, **data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error

    @extend_schema(request=DeviationCloseSerializer, responses={200: DeviationSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Close the deviation: its action done, or a justification given."""
        deviation = self.get_object()
        serializer = DeviationCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            deviation = services.deviation_close(
                user=request.user, deviation=deviation, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(DeviationSerializer(deviation).data)

    @extend_schema(request=DeviationActionSerializer, responses={201: DeviationSerializer})
    @action(detail=True, methods=["post"], url_path="action")
    def create_action(self, request: Request, pk: str | None = None) -> Response:
        """Send the recommendation to the action plan (owner and due date of the action)."""
        deviation = self.get_object()
        serializer = DeviationActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not organization_selectors.person_list(request.user).filter(pk=data["owner"].pk).exists():
            raise drf_error(DjangoValidationError({"owner": _("Unknown person.")}))
        try:
            deviation = services.deviation_create_action(user=request.user, deviation=deviation, **data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(DeviationSerializer(deviation).data, status=status.HTTP_201_CREATED)


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("hazop/studies", StudyViewSet, basename="hazop-study")
    router.register("hazop/nodes", NodeViewSet, basename="hazop-node")
    router.register("hazop/deviations", DeviationViewSet, basename="hazop-deviation")
