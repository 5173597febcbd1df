"""Serializers of the documents API: reads show the access-checked data; writes feed the services."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from ..choices import SignatureMeaning
from ..models import Document, DocumentType, DocumentVersion, ReadRequest


def drf_error(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


class DocumentTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentType
        fields = [
            "id",
            "code",
            "name_fr",
            "name_en",
            "prefix",
            "code_source",
            "number_digits",
            "review_months",
        ]


class DocumentSerializer(serializers.ModelSerializer):
    current_version_label = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "reference",
            "title",
            "document_type",
            "owner",
            "process",
            "department",
            "sites",
            "confidentiality",
            "content_kind",
            "status",
            "current_version",
            "current_version_label",
            "review_months",
            "next_review_on",
            "paper_location",
            "paper_reference",
        ]
        read_only_fields = ["reference", "status", "current_version", "next_review_on"]

    def get_current_version_label(self, document: Document) -> str | None:
        return document.current_version.label if document.current_version_id else None


class VersionSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = DocumentVersion
        fields = [
            "id",
            "document",
            "label",
            "major",
            "minor",
            "is_major",
            "status",
            "change_description",
            "purpose",
            "scope",
            "references",
            "definitions",
            "responsibilities",
            "description",
            "records",
            "appendices",
            "file_name",
            "file_size",
            "file_mime",
            "file_sha256",
            "reviewers",
            "approvers",
            "review_cycle",
            "submitted_at",
            "approved_at",
            "published_at",
            "effective_on",
            "obsolete_at",
        ]
        read_only_fields = fields


class SignSerializer(serializers.Serializer):
    meaning = serializers.ChoiceField(choices=SignatureMeaning.choices)
    password = serializers.CharField(write_only=True, trim_whitespace=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=500)


class SignatureCheckSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="signature.id")
    signer_name = serializers.CharField(source="signature.signer_name")
    meaning = serializers.CharField(source="signature.meaning")
    signed_at = serializers.DateTimeField(source="signature.signed_at")
    review_cycle = serializers.IntegerField(source="signature.review_cycle")
    is_valid = serializers.BooleanField()
    problem = serializers.CharField()


class ReadRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReadRequest
        fields = ["id", "version", "person", "requested_at", "acknowledged_at"]
        read_only_fields = fields
