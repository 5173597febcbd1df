"""REST API of the retention app, read-only, for the administrator and the QSSE manager (403 for
the other roles): record types, the schedule, the purge log and the personal data inventory."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from .. import report, selectors
from ..models import PurgeOperation, RecordType
from .serializers import (
    InventoryEntrySerializer,
    PurgeOperationSerializer,
    RecordTypeSerializer,
    ScheduleRowSerializer,
)


class RecordTypeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Record types holding personal data: retention period, legal basis, end action."""

    permission_classes = [IsAuthenticated]
    serializer_class = RecordTypeSerializer

    queryset = RecordType.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RecordType.objects.none()
        return selectors.record_type_list(self.request.user).order_by("code")


class ScheduleViewSet(viewsets.GenericViewSet):
    """The retention schedule today: per record type, records held and past retention."""

    permission_classes = [IsAuthenticated]
    serializer_class = ScheduleRowSerializer
    pagination_class = None
    queryset = RecordType.objects.none()

    @extend_schema(responses=ScheduleRowSerializer(many=True))
    def list(self, request: Request) -> Response:
        rows = selectors.schedule(request.user, timezone.localdate())
        return Response(ScheduleRowSerializer(rows, many=True).data)


class PurgeOperationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The purge log: flagged, done and cancelled operations (identifiers, never personal data)."""

    permission_classes = [IsAuthenticated]
    serializer_class = PurgeOperationSerializer

    queryset = PurgeOperation.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PurgeOperation.objects.none()
        return selectors.purge_list(self.request.user).order_by("-created_at", "-id")


class InventoryViewSet(viewsets.GenericViewSet):
    """The personal data inventory as the modules declare it, with the notes added."""

    permission_classes = [IsAuthenticated]
    serializer_class = InventoryEntrySerializer
    pagination_class = None
    queryset = RecordType.objects.none()

    @extend_schema(responses=InventoryEntrySerializer(many=True))
    def list(self, request: Request) -> Response:
        rows = report.inventory_rows(selectors.inventory(request.user))
        return Response(InventoryEntrySerializer(rows, many=True).data)


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("retention/record-types", RecordTypeViewSet, basename="retention-record-type")
    router.register("retention/schedule", ScheduleViewSet, basename="retention-schedule")
    router.register("retention/purges", PurgeOperationViewSet, basename="retention-purge")
    router.register("retention/inventory", InventoryViewSet, basename="retention-inventory")
