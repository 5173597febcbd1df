"""REST API of document control: the same access rules as the pages (access.py); every write goes
through qsse.documents.services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from qsse.core.api.permissions import RolePermission
from qsse.core.choices import Operation

from .. import access, selectors, services
from ..models import DocumentType
from .serializers import (
    DocumentSerializer,
    DocumentTypeSerializer,
    ReadRequestSerializer,
    SignatureCheckSerializer,
    SignSerializer,
    VersionSerializer,
    drf_error,
)


class DocumentTypeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Document types and their reference scheme."""

    permission_classes = [IsAuthenticated]
    serializer_class = DocumentTypeSerializer
    pagination_class = None

    def get_queryset(self):
        return DocumentType.objects.all()


class DocumentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The master list: documents the user may see (role, site, confidentiality; readers see the
    documents in force only). A document created here starts with a draft 1.0."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = DocumentSerializer
    filterset_fields = ["document_type", "status", "confidentiality", "process"]
    ordering = ["reference"]

    def get_queryset(self):
        return selectors.document_list(self.request.user).prefetch_related("sites").order_by("reference")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.document_create(
                user=self.request.user,
                document_type=data.pop("document_type"),
                title=data.pop("title"),
                owner=data.pop("owner"),
                **data,
            )
        except DjangoValidationError as error:
            raise drf_error(error) from error


class VersionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Versions the user may see: the one in force, and every version of the documents they edit or
    are named on. Workflow steps are explicit actions."""

    permission_classes = [IsAuthenticated, RolePermission]
    serializer_class = VersionSerializer
    filterset_fields = ["document", "status"]
    workflow_operations = {
        "submit": Operation.EDIT,
        "publish": Operation.CLOSE,
        "sign": Operation.VIEW,
        "acknowledge": Operation.VIEW,
        "file": Operation.VIEW,
        "signatures": Operation.VIEW,
    }

    def get_queryset(self):
        return (
            access.visible_versions(self.request.user)
            .select_related("document")
            .prefetch_related("reviewers", "approvers")
            .order_by("document__reference", "-major", "-minor")
        )

    def _run(self, function, **kwargs):
        try:
            return function(**kwargs)
        except DjangoValidationError as error:
            raise drf_error(error) from error

    @extend_schema(request=None, responses=VersionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk=None) -> Response:
        version = self.get_object()
        self._run(services.version_submit, user=request.user, version=version)
        return Response(VersionSerializer(version).data)

    @extend_schema(request=SignSerializer, responses=SignatureCheckSerializer(many=True))
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk=None) -> Response:
        """Electronic signature: the password is entered again; a wrong one is refused and logged."""
        version = self.get_object()
        serializer = SignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self._run(
            services.version_sign,
            user=request.user,
            version=version,
            meaning=serializer.validated_data["meaning"],
            password=serializer.validated_data["password"],
            comment=serializer.validated_data.get("comment", ""),
            ip_address=request.META.get("REMOTE_ADDR"),
        )
        return Response(SignatureCheckSerializer(selectors.signatures_verify(version), many=True).data)

    @extend_schema(request=None, responses=VersionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk=None) -> Response:
        version = self.get_object()
        self._run(services.version_publish, user=request.user, version=version)
        return Response(VersionSerializer(version).data)

    @extend_schema(request=None, responses=ReadRequestSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk=None) -> Response:
        version = self.get_object()
        read_request = self._run(services.read_acknowledge, user=request.user, version=version)
        return Response(ReadRequestSerializer(read_request).data)

    @extend_schema(responses=SignatureCheckSerializer(many=True))
    @action(detail=True, methods=["get"])
    def signatures(self, request: Request, pk=None) -> Response:
        """Each signature with its verification (seal and signed content recomputed now)."""
        version = self.get_object()
        return Response(SignatureCheckSerializer(selectors.signatures_verify(version), many=True).data)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def file(self, request: Request, pk=None):
        """The uploaded file; a download of a confidential document is logged."""
        version = self.get_object()
        if not version.file_name:
            raise Http404
        services.download_record(
            user=request.user, version=version, what="api", ip_address=request.META.get("REMOTE_ADDR")
        )
        return FileResponse(version.file.open("rb"), as_attachment=True, filename=version.file_name)


def register_viewsets(router) -> None:
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("documents/types", DocumentTypeViewSet, basename="documents-type")
    router.register("documents/documents", DocumentViewSet, basename="documents-document")
    router.register("documents/versions", VersionViewSet, basename="documents-version")
