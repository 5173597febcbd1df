"""Who may see and act on a document: role and site (the core policy), confidentiality level, and
the rule that readers see only the version in force.

A document restricted to some sites is visible at those sites only; one without sites belongs to the
whole organisation. Public and internal documents are seen by every role; restricted ones by the
administrators, QSSE managers, process owners and auditors; confidential ones by the administrators
and QSSE managers only — and, whatever the level, by the people named on the document (owner,
people granted access, reviewers and approvers of one of its versions).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from qsse.core.choices import Operation
from qsse.core.permissions import Scope, can, grant, user_person, user_role, user_site_ids

from . import calculations
from .models import Document, DocumentVersion


def named_document_ids(person) -> list[int]:
    """Documents the person is granted, reviews or approves (a short list, read once in Python so that
    the visibility filter is a plain ``IN`` on the primary key, not three subqueries per request)."""
    if person is None:
        return []
    granted = Document.granted_people.through.objects.filter(person_id=person.pk).values_list(
        "document_id", flat=True
    )
    reviewing = DocumentVersion.objects.filter(reviewers=person).values_list("document_id", flat=True)
    approving = DocumentVersion.objects.filter(approvers=person).values_list("document_id", flat=True)
    return sorted({*granted, *reviewing, *approving})


def _named_q(person) -> Q:
    """Documents the person is named on: owner (an indexed column), or one of their named documents."""
    if person is None:
        return Q(pk__in=[])
    return Q(owner_id=person.pk) | Q(pk__in=named_document_ids(person))


def _site_q(user: Any) -> Q:
    """Documents of the whole organisation (no site) or tied to one of the user's sites. Two
    uncorrelated subqueries on the document–site table, each built once by the database (the former
    nested ``NOT IN (… NOT IN …)`` was evaluated for every row of a 50,000-document list)."""
    site_ids = user_site_ids(user)
    if site_ids is None:
        return Q()
    through = Document.sites.through.objects
    inside = through.filter(site_id__in=list(site_ids)).values("document_id")
    # The documents tied only to other sites, built once; each row is then one probe of that list
    # (two probes per row, "not tied or tied to mine", cost 47 ms on the count of 50,000 documents).
    elsewhere_only = through.exclude(document_id__in=inside).values("document_id")
    return ~Q(pk__in=elsewhere_only)


def _edit_q(user: Any) -> Q:
    scope = grant(user, Operation.EDIT, Document)
    if scope is Scope.ALL:
        return Q()
    person = user_person(user)
    if scope is Scope.OWN and person is not None:
        # Same rule as ``Document.responsible_q`` (owner or owner of its process), without the join.
        process_model = Document._meta.get_field("process").related_model
        processes = list(process_model.objects.filter(owner_id=person.pk).values_list("pk", flat=True))
        return Q(owner_id=person.pk) | Q(process_id__in=processes)
    return Q(pk__in=[])


def visible_documents(user: Any, queryset: QuerySet[Document] | None = None) -> QuerySet[Document]:
    """The documents ``user`` may find: in their sites, at a level they may read, and either in force
    or one they edit or are named on."""
    queryset = Document.objects.all() if queryset is None else queryset
    role = user_role(user)
    if role is None or grant(user, Operation.VIEW, Document) is Scope.NONE:
        return queryset.none()
    levels = calculations.levels_seen_by_role(role)
    every_level = levels == frozenset(calculations.CONFIDENTIALITY_LEVELS)
    edit = _edit_q(user)
    condition = _site_q(user)
    if every_level and edit == Q():  # administrators and QSSE managers: their sites only
        return queryset.filter(condition)
    named = _named_q(user_person(user))  # read only when it matters (three small queries)
    if not every_level:
        condition &= Q(confidentiality__in=sorted(levels)) | named
    if edit != Q():
        condition &= Q(current_version__isnull=False) | edit | named
    return queryset.filter(condition)


def document_get(user: Any, pk: int, queryset: QuerySet[Document] | None = None) -> Document:
    """A document the user may see, or 404 (its existence is not disclosed)."""
    try:
        return visible_documents(user, queryset).get(pk=pk)
    except Document.DoesNotExist as error:
        raise Http404 from error


def is_named(user: Any, document: Document) -> bool:
    person = user_person(user)
    return (
        person is not None
        and visible_documents(user).filter(pk=document.pk).filter(_named_q(person)).exists()
    )


def can_edit(user: Any, document: Document) -> bool:
    return can(user, Operation.EDIT, document)


def can_publish(user: Any, document: Document) -> bool:
    return can(user, Operation.CLOSE, document)


def sees_every_version(user: Any, document: Document) -> bool:
    """Editors and the people named on a document see its drafts and obsolete versions; other readers
    see the version in force only."""
    return can_edit(user, document) or is_named(user, document)


def version_visible(user: Any, version: DocumentVersion) -> bool:
    return version.pk == version.document.current_version_id or sees_every_version(user, version.document)


def require_edit(user: Any, document: Document) -> None:
    if not can_edit(user, document):
        raise PermissionDenied


def require_publish(user: Any, document: Document) -> None:
    if not can_publish(user, document):
        raise PermissionDenied


def visible_versions(user: Any) -> QuerySet[DocumentVersion]:
    """Versions the user may see: the one in force of every visible document, and every version of
    the documents they edit or are named on."""
    documents = visible_documents(user)
    full = documents.filter(_edit_q(user) | _named_q(user_person(user))).values("pk")
    in_force = documents.filter(current_version__isnull=False).values("current_version_id")
    return DocumentVersion.objects.filter(Q(document_id__in=full) | Q(pk__in=in_force))


# --- The rules core asks (qsse.core.registry.register_object_rule) ---------------------------------
# Core's shared mechanisms — attachments, comments and history panels, the API's object permission —
# know role and site only; these add the rules above, so that nothing of a document the user may not
# see reaches them through core. Registered in ``integrations.register``.


def document_rule(user: Any, document: Document, operation: str) -> bool:
    """Whatever the operation, the document must be one the user may see (``visible_documents``)."""
    return visible_documents(user).filter(pk=document.pk).exists()


def version_rule(user: Any, version: DocumentVersion, operation: str) -> bool:
    """A version: its document visible, and the version itself (readers: the one in force only)."""
    return document_rule(user, version.document, operation) and version_visible(user, version)


def version_part_rule(user: Any, record: Any, operation: str) -> bool:
    """A record hanging on a version (signature, signature attempt, read request, download log)."""
    return version_rule(user, record.version, operation)


def documents_restrict(user: Any, queryset: QuerySet[Document], operation: str) -> QuerySet[Document]:
    return visible_documents(user, queryset)


def versions_restrict(
    user: Any, queryset: QuerySet[DocumentVersion], operation: str
) -> QuerySet[DocumentVersion]:
    return queryset.filter(pk__in=visible_versions(user).values("pk"))
