"""The demo story of document control (MBP), on a light organisation with the people it names."""

from datetime import date
from types import SimpleNamespace

import pytest

from qsse.core.choices import Role
from qsse.demo.company import DEMO_PASSWORD
from qsse.demo.documents import DOCUMENTS, seed_documents
from qsse.documents import access, selectors
from qsse.documents.models import Document, DocumentVersion, ReadRequest
from qsse.organization.tests.factories import SiteFactory, make_member
from qsse.processes import services as process_services

pytestmark = pytest.mark.django_db

KEYS = {
    "director": Role.ADMINISTRATOR,
    "qsse_manager": Role.QSSE_MANAGER,
    "qsse_assistant": Role.CONTRIBUTOR,
    "hr": Role.PROCESS_OWNER,
    "finance": Role.PROCESS_OWNER,
    "sales": Role.PROCESS_OWNER,
    "design": Role.PROCESS_OWNER,
    "purchasing": Role.PROCESS_OWNER,
    "machining": Role.PROCESS_OWNER,
    "surface": Role.PROCESS_OWNER,
    "metrology": Role.PROCESS_OWNER,
    "maintenance": Role.PROCESS_OWNER,
    "auditor_1": Role.AUDITOR,
    "lead_machining": Role.CONTRIBUTOR,
    "lead_surface": Role.CONTRIBUTOR,
    "lead_logistics": Role.CONTRIBUTOR,
    "op_inspector": Role.CONTRIBUTOR,
    "cse_secretary": Role.READER,
    "moulins_manager": Role.PROCESS_OWNER,
    "lead_shipping": Role.CONTRIBUTOR,
}


def test_seed_documents():
    mtl = SiteFactory(code="MTL", name="Montluçon")
    mou = SiteFactory(code="MOU", name="Moulins")
    people = {}
    for key, role in KEYS.items():
        site = mou if key in ("moulins_manager", "lead_shipping") else mtl
        person = make_member(role, site=site, all_sites=key in ("director", "qsse_manager"))
        person.user.set_password(DEMO_PASSWORD)
        person.user.save()
        people[key] = person
    manager = people["qsse_manager"]
    processes = {
        code: process_services.process_create(
            user=manager.user, code=code, name=f"Processus {code}", kind="management", owner=manager
        )
        for code in {row[1] for row in DOCUMENTS if row[1]}
    }
    org = SimpleNamespace(sites={"MTL": mtl, "MOU": mou}, people=people)
    counts = seed_documents(org=org, user=manager.user, processes=processes, today=date(2026, 11, 25))
    # 27 documents in force with 46 versions (3 + 3 + 1 + 2 + …), one in review, one draft.
    assert counts == {
        "documents": 29,
        "document_versions": 48,
        "signatures": 93,
        "read_receipts": counts["read_receipts"],
    }
    assert Document.objects.count() == 29 and DocumentVersion.objects.count() == 48
    assert DocumentVersion.objects.filter(status="obsolete").count() == 46 - 27
    assert DocumentVersion.objects.filter(status="in_review").count() == 1
    assert (
        Document.objects.get(title="Manuel qualité, sécurité, santé et environnement").reference == "MAN-01"
    )
    # Every seal checks out.
    assert all(
        check.is_valid
        for version in DocumentVersion.objects.all()
        for check in selectors.signatures_verify(version)
    )
    # The QSSE policy was read by part of the staff.
    policy = Document.objects.get(title="Politique QSSE de MBP")
    assert (
        counts["read_receipts"]
        == ReadRequest.objects.filter(version=policy.current_version, acknowledged_at__isnull=False).count()
        > 0
    )
    # The CSE secretary (reader) sees the CSE agreement (named) but not the salary policy.
    visible = set(access.visible_documents(people["cse_secretary"].user).values_list("title", flat=True))
    assert "Accord d'entreprise CSE sur le temps de travail" in visible
    assert "Politique de rémunération et grilles salariales" not in visible
    assert "Gestion des modifications (management du changement)" not in visible
