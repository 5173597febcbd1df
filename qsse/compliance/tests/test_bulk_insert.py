"""``qsse.core.bulk.bulk_insert_with_history`` writes the rows the ORM would write (checked on the
compliance assessments, its first user): same column values, primary keys set and reserved (the
next ORM insert gets a higher one, on SQLite and on PostgreSQL), one ``+`` history row per record
with the user and the record's values; refused outside a transaction."""

from datetime import date

import pytest
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from qsse.compliance import services
from qsse.compliance.models import ComplianceAssessment, Requirement
from qsse.core.bulk import bulk_insert_with_history
from qsse.core.choices import Role
from qsse.organization.models import Site

from .factories import V1

pytestmark = pytest.mark.django_db

COMPARED = (
    "requirement_id",
    "proposed_applicable",
    "proposed_reason",
    "applicability",
    "is_applicable",
    "justification",
    "status",
    "gap_severity",
    "evidence",
    "comment",
    "assessed_on",
    "next_assessment_on",
    "needs_review",
    "review_reason",
)


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, all_sites=True)


@pytest.fixture
def requirements(manager):
    services.library_import(user=manager.user, content=V1)  # no profile yet: no assessment
    return list(Requirement.objects.order_by("position"))


def _new(requirement, site, reason):
    return ComplianceAssessment(
        requirement=requirement,
        site=site,
        proposed_applicable=False,
        proposed_reason=reason,
        is_applicable=False,
        status="not_applicable",
        evidence="Registre « VGP » — 2026",
        assessed_on=date(2026, 11, 2),
    )


def test_rows_history_and_keys_are_those_of_the_orm(manager, requirements, site_a, site_b):
    assert ComplianceAssessment.objects.count() == 0
    with transaction.atomic():
        orm = bulk_create_with_history(
            [_new(requirement, site_a, f"ORM {requirement.key}") for requirement in requirements],
            ComplianceAssessment,
            default_user=manager.user,
        )
        fast = bulk_insert_with_history(
            ComplianceAssessment,
            [_new(requirement, site_b, f"ORM {requirement.key}") for requirement in requirements],
            history_user=manager.user,
        )
    assert len(fast) == len(requirements) == 4
    orm_ids = set(ComplianceAssessment.objects.filter(site=site_a).values_list("pk", flat=True))
    fast_ids = [obj.pk for obj in fast]
    assert sorted(fast_ids) == fast_ids and min(fast_ids) > max(orm_ids)
    for mine in ComplianceAssessment.objects.filter(site=site_b).order_by("pk"):
        theirs = ComplianceAssessment.objects.get(site=site_a, requirement=mine.requirement)
        assert {name: getattr(mine, name) for name in COMPARED} == {
            name: getattr(theirs, name) for name in COMPARED
        }
        assert mine.created_at is not None and mine.updated_at == mine.created_at
        history = list(mine.history.all())
        assert len(history) == 1
        assert (history[0].history_type, history[0].history_user_id) == ("+", manager.user.pk)
        assert history[0].evidence == "Registre « VGP » — 2026"
        assert history[0].proposed_reason == f"ORM {mine.requirement.key}"
    assert len(orm) == 4
    # The keys were reserved: the next ORM insert gets a key above them (the sequence moved on).
    other_site = Site.objects.create(organization=site_a.organization, code="ZZ", name="Autre site")
    later = ComplianceAssessment.objects.create(
        requirement=requirements[0], site=other_site, status="to_assess", proposed_reason="after"
    )
    assert later.pk > max(fast_ids)


@pytest.mark.django_db(transaction=True)
def test_refused_outside_a_transaction(requirements, site_a):
    with pytest.raises(RuntimeError):
        bulk_insert_with_history(ComplianceAssessment, [_new(requirements[0], site_a, "x")])
    assert ComplianceAssessment.objects.count() == 0
