"""Access by role, site and confidentiality level; readers see the version in force only."""

import pytest

from qsse.core.choices import Role
from qsse.documents import access, selectors, services

pytestmark = pytest.mark.django_db


def _refs(user):
    return sorted(access.visible_documents(user).values_list("reference", flat=True))


def test_levels_by_role(published, member, make_document):
    public, _r, _a = published(title="Politique", confidentiality="public")
    internal, _r, _a = published(title="Interne", confidentiality="internal")
    restricted, _r, _a = published(title="Restreint", confidentiality="restricted")
    confidential, _r, _a = published(title="Salaires", confidentiality="confidential")
    draft = make_document(title="Brouillon")
    reader, auditor, owner = member(Role.READER), member(Role.AUDITOR), member(Role.PROCESS_OWNER)
    assert _refs(reader.user) == sorted([public.reference, internal.reference])
    assert _refs(auditor.user) == sorted([public.reference, internal.reference, restricted.reference])
    assert draft.reference not in _refs(owner.user)
    # Named on the confidential document: the reader sees it.
    services.document_update(user=confidential.owner.user, document=confidential, granted_people=[reader])
    assert confidential.reference in _refs(reader.user)


def test_sites(published, member, site_a, site_b):
    montlucon, _r, _a = published(title="Montluçon", sites=[site_a])
    moulins, _r, _a = published(title="Moulins", sites=[site_b])
    everywhere, _r, _a = published(title="Tous sites")
    reader_b = member(Role.READER, site=site_b)
    assert _refs(reader_b.user) == sorted([moulins.reference, everywhere.reference])
    assert montlucon.reference not in _refs(reader_b.user)


def test_readers_see_only_the_version_in_force(published, manager, member):
    document, reviewer, _approver = published()
    draft = services.version_create(
        user=manager.user, document=document, is_major=False, change_description="c"
    )
    reader = member(Role.READER)
    assert list(access.visible_versions(reader.user).values_list("pk", flat=True)) == [
        document.current_version_id
    ]
    assert not access.version_visible(reader.user, draft)
    assert access.version_visible(reviewer.user, draft)  # named: reviewer of a version


def test_search_hides_what_the_user_may_not_read(published, member):
    published(title="Rémunérations des cadres", confidentiality="confidential")
    visible, _r, _a = published(title="Rémunérations : procédure de paie")
    reader = member(Role.READER)
    results = selectors.search(reader.user, "Rémunérations", 20)
    assert [result.reference for result in results] == [visible.reference]


def test_confidential_download_logged(published, manager):
    document, _r, _a = published(confidentiality="confidential")
    services.download_record(user=manager.user, version=document.current_version, what="pdf")
    internal, _r, _a = published(confidentiality="internal")
    services.download_record(user=manager.user, version=internal.current_version, what="pdf")
    logs = list(
        selectors.download_log(manager.user).values_list("version__document__reference", "user_id", "what")
    )
    assert logs == [(document.reference, manager.user_id, "pdf")]
