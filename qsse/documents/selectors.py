"""Every read of document control that matters, restricted to what the user may see (access.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from qsse.core.permissions import user_person
from qsse.core.registry import SearchResult
from qsse.core.search_indexes import text_filter

from . import access, calculations
from .choices import REVIEW_SOON_DAYS, VersionStatus
from .models import Document, DocumentVersion, DownloadLog, ReadRequest, Signature

SEARCH_KIND = "document"


def document_list(user: Any) -> QuerySet[Document]:
    """The master list: visible documents with the version in force (one query, no N+1)."""
    return access.visible_documents(
        user,
        Document.objects.select_related("document_type", "owner", "process", "current_version"),
    )


def document_get(user: Any, pk: int) -> Document:
    return access.document_get(
        user,
        pk,
        Document.objects.select_related("document_type", "owner", "process", "department", "current_version"),
    )


def version_get(user: Any, pk: int) -> DocumentVersion:
    """A version the user may see: the one in force for readers, any for editors and named people."""
    try:
        version = DocumentVersion.objects.select_related("document", "document__owner").get(pk=pk)
    except DocumentVersion.DoesNotExist as error:
        raise Http404 from error
    document = access.document_get(user, version.document_id)
    version.document = document
    if not access.version_visible(user, version):
        raise Http404
    return version


def versions_of(user: Any, document: Document) -> list[DocumentVersion]:
    if access.sees_every_version(user, document):
        return list(document.versions.order_by("-major", "-minor"))
    return [document.current_version] if document.current_version else []


def search(user: Any, query: str, limit: int) -> list[SearchResult]:
    """Global search provider: documents by reference or title, among those the user may see."""
    rows = (
        text_filter(document_list(user), query, first_rows_only=True)
        .order_by("reference")
        .values("pk", "reference", "title")[:limit]
    )
    from django.urls import reverse

    return [
        SearchResult(
            reference=row["reference"],
            title=row["title"],
            url=reverse("documents:document_detail", args=[row["pk"]]),
            kind=str(Document._meta.verbose_name),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class SignatureCheck:
    signature: Signature
    is_valid: bool
    problem: str  # "" | "record" (the signature record was changed) | "content" (the signed content was)


def signatures_verify(version: DocumentVersion) -> list[SignatureCheck]:
    """Recompute each signature's seal and chain, and for the signatures of the current review cycle
    the digest of the version's content as it is now in the database."""
    keys = [
        key.encode("utf-8") for key in (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ()))
    ]
    version = DocumentVersion.objects.select_related("document").get(pk=version.pk)
    current_digest = version.content_digest()
    checks = []
    previous_mac = ""
    for signature in version.signatures.order_by("signed_at", "id"):
        record = signature.sealed_record()
        sealed = any(
            calculations.mac_matches(calculations.signature_mac(key, record), signature.mac) for key in keys
        )
        record_ok = sealed and signature.previous_mac == previous_mac
        content_ok = (
            signature.review_cycle != version.review_cycle or signature.content_digest == current_digest
        )
        problem = "" if record_ok and content_ok else ("record" if not record_ok else "content")
        checks.append(SignatureCheck(signature=signature, is_valid=not problem, problem=problem))
        previous_mac = signature.mac
    return checks


def read_stats(version: DocumentVersion) -> dict[str, Any]:
    counts = version.read_requests.aggregate(
        requested=Count("id"), acknowledged=Count("id", filter=Q(acknowledged_at__isnull=False))
    )
    counts["rate"] = calculations.acknowledgement_rate(counts["acknowledged"], counts["requested"])
    return counts


def read_requests_of(version: DocumentVersion) -> QuerySet[ReadRequest]:
    return version.read_requests.select_related("person").order_by("acknowledged_at", "person__last_name")


def my_read_requests(user: Any) -> QuerySet[ReadRequest]:
    person = user_person(user)
    if person is None:
        return ReadRequest.objects.none()
    visible = access.visible_documents(user).values("pk")
    return (
        ReadRequest.objects.filter(
            person=person, version__status=VersionStatus.PUBLISHED, version__document__in=visible
        )
        .select_related("version__document__document_type")
        .order_by("acknowledged_at", "-requested_at")
    )


def my_acknowledgement(user: Any, version: DocumentVersion) -> ReadRequest | None:
    person = user_person(user)
    if person is None:
        return None
    return ReadRequest.objects.filter(person=person, version=version).first()


def download_log(user: Any) -> QuerySet[DownloadLog]:
    return DownloadLog.objects.filter(
        version__document__in=access.visible_documents(user).values("pk")
    ).select_related("version__document", "user")


def review_counts(user: Any, today: date) -> dict[str, int]:
    """Documents in force whose periodic review is overdue or due within 30 days (two counts on the
    ``next_review_on`` index: a document has a review date only while it is in force)."""
    from datetime import timedelta

    documents = access.visible_documents(user)
    return {
        "overdue": documents.filter(next_review_on__lt=today).count(),
        "due_soon": documents.filter(
            next_review_on__gte=today, next_review_on__lte=today + timedelta(days=REVIEW_SOON_DAYS)
        ).count(),
    }
