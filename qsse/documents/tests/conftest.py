"""Fixtures of the documents tests: data built through the real services."""

import pytest

from qsse.core.choices import Role
from qsse.processes import services as process_services

from .. import services
from ..models import DocumentType

PASSWORD = "pass-1234-word"  # the factories' password


@pytest.fixture(autouse=True)
def _types(request):
    """The shipped document types (loaded again, idempotently, in case a browser test flushed them)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    services.types_load()


@pytest.fixture
def manager(member, site_a):
    return member(Role.QSSE_MANAGER, site=site_a, username="manager", all_sites=True)


@pytest.fixture
def quality_process(manager):
    return process_services.process_create(
        user=manager.user, code="QUA", name="Management de la qualité", kind="management", owner=manager
    )


@pytest.fixture
def procedure_type(db):
    return DocumentType.objects.get(code="procedure")


@pytest.fixture
def make_document(manager, procedure_type, quality_process):
    """``make_document(title=..., **fields)``: a procedure of the QUA process owned by the manager."""

    def build(title="Maîtrise des documents", user=None, owner=None, document_type=None, **fields):
        fields.setdefault("process", quality_process)
        return services.document_create(
            user=(user or manager.user),
            document_type=document_type or procedure_type,
            title=title,
            owner=owner or manager,
            **fields,
        )

    return build


@pytest.fixture
def published(make_document, manager, member):
    """``published(**fields)``: a document whose version 1.0 was written, reviewed, approved and
    published; returns (document, reviewer, approver)."""

    def build(reviewer=None, approver=None, **fields):
        reviewer = reviewer or member(Role.PROCESS_OWNER, all_sites=True)
        approver = approver or manager
        document = make_document(**fields)
        version = document.versions.get()
        services.version_update(
            user=manager.user,
            version=version,
            sections={"purpose": "Décrire la maîtrise.", "description": "1. Rédiger\n2. Vérifier"},
            reviewers=[reviewer],
            approvers=[approver],
        )
        services.version_submit(user=manager.user, version=version)
        services.version_sign(user=reviewer.user, version=version, meaning="reviewed", password=PASSWORD)
        services.version_sign(user=approver.user, version=version, meaning="approved", password=PASSWORD)
        version.refresh_from_db()
        services.version_publish(user=manager.user, version=version)
        document.refresh_from_db()
        return document, reviewer, approver

    return build
