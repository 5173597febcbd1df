"""Reads: scoping, database aggregates, Pareto of the filtered set, search."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from qsse.core.choices import Role
from qsse.nonconformities import selectors, services
from qsse.nonconformities.choices import Category, IshikawaCategory, NonconformityKind, Severity

from .factories import make_nc

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(member, site_a, site_b):
    manager = member(Role.QSSE_MANAGER, all_sites=True)
    user = manager.user
    make_nc(
        user,
        site_a,
        category=Category.PRODUCT,
        severity=Severity.MAJOR,
        cost_of_nonquality=Decimal("1200.00"),
    )
    make_nc(
        user,
        site_a,
        category=Category.PRODUCT,
        severity=Severity.CRITICAL,
        cost_of_nonquality=Decimal("300.50"),
    )
    make_nc(user, site_a, category=Category.PRODUCT, severity=Severity.MINOR)
    make_nc(user, site_a, category=Category.PROCESS, kind=NonconformityKind.INCIDENT)
    complaint = make_nc(
        user,
        site_a,
        kind=NonconformityKind.COMPLAINT,
        category=Category.SERVICE,
        severity=Severity.MAJOR,
        cost_of_nonquality=Decimal("99.49"),
        title="Late delivery",
        detected_on=date(2026, 3, 5),
    )
    cancelled = make_nc(user, site_a, category=Category.DOCUMENTATION)
    services.nonconformity_cancel(user=user, nonconformity=cancelled, reason="Duplicate")
    make_nc(user, site_b, category=Category.SAFETY, title="Moulins record")
    return manager, complaint


def test_list_is_scoped_to_the_users_sites(data, member, site_a, site_b):
    moulins_reader = member(Role.READER, site=site_b)
    assert [nc.title for nc in selectors.nonconformity_list(moulins_reader.user)] == ["Moulins record"]
    assert selectors.nonconformity_list(data[0].user).count() == 7


def test_site_scope_is_a_lookup_an_index_can_use(data, member, site_b):
    """Besides the policy's ``site_id IN (…) OR site_id IS NULL``, the list of a user limited to some
    sites says ``AND site_id IN (…)`` (a record always has a site), which the (site, …) indexes serve."""
    moulins_reader = member(Role.READER, site=site_b)
    sql = str(selectors.nonconformity_list(moulins_reader.user).query)
    assert f'AND "nonconformities_nonconformity"."site_id" IN ({site_b.pk})' in sql
    assert "IN (" not in str(selectors.nonconformity_list(data[0].user).query)  # every site: no condition
    stats = selectors.nonconformity_stats(moulins_reader.user)
    assert (stats["total"], stats["open"], stats["by_category"]["safety"]) == (1, 1, 1)


def test_stats_count_open_records_by_severity_kind_and_category(data, member, site_a):
    reader = member(Role.READER)  # Montluçon only
    with translation.override("en"):
        stats = selectors.nonconformity_stats(reader.user)
    assert (stats["total"], stats["open"]) == (6, 5)
    assert [(line.key, line.count) for line in stats["open_by_severity"]] == [(3, 1), (2, 2), (1, 2)]
    assert [(line.key, line.count) for line in stats["by_kind"]] == [
        ("nonconformity", 4),
        ("incident", 1),
        ("complaint", 1),
    ]
    # 3 product, 1 process, 1 service, 1 documentation out of 6: 50 %, 66.7 %, 83.3 %, 100 %
    # (ties in label order).
    assert [tuple(row) for row in stats["pareto"]] == [
        ("Product", 3, 50.0),
        ("Documentation", 1, 66.7),
        ("Process", 1, 83.3),
        ("Service / delivery", 1, 100.0),
    ]
    assert stats["pareto_vital_few"] == ["Product", "Documentation", "Process"]
    assert stats["cost_total"] == Decimal("1599.99")  # 1200.00 + 300.50 + 99.49
    assert [(line.key, line.count) for line in stats["cost_by_kind"]] == [
        ("nonconformity", Decimal("1500.50")),
        ("incident", Decimal("0.00")),
        ("complaint", Decimal("99.49")),
    ]


def test_stats_follow_a_filtered_queryset_in_one_query(data, django_assert_num_queries):
    queryset = selectors.nonconformity_list(data[0].user).filter(category=Category.PRODUCT)
    with django_assert_num_queries(1):
        stats = selectors.nonconformity_stats(data[0].user, queryset)
    assert stats["total"] == 3 and [row.count for row in stats["pareto"]] == [3]


def test_recent_complaints_and_search(data):
    manager, complaint = data
    assert selectors.recent_complaints(manager.user) == [complaint]
    results = selectors.nonconformity_search(manager.user, "CLM-2026", 10)
    assert [(r.reference, r.title) for r in results] == [("REC-2026-0001", "Late delivery")]
    assert selectors.nonconformity_search(manager.user, "late peugeot", 10)[0].reference == "REC-2026-0001"


def test_get_prefetches_the_analysis(data, django_assert_num_queries):
    manager, complaint = data
    services.ishikawa_cause_add(
        user=manager.user,
        nonconformity=complaint,
        category=IshikawaCategory.METHOD,
        text="Carrier not confirmed",
    )
    services.why_steps_set(user=manager.user, nonconformity=complaint, steps=[("Why late?", "Truck missed")])
    nc = selectors.nonconformity_get(manager.user, complaint.pk)
    with django_assert_num_queries(0):
        tree = selectors.ishikawa_tree(nc)
        layout = selectors.fishbone(nc, tree)
        assert [step.answer for step in nc.why_steps.all()] == ["Truck missed"]
    assert [branch.key for branch in tree if branch.causes] == ["method"]
    assert [bone.key for bone in layout.bones] == ["method"]


def test_eight_d_prefill_uses_the_record(data):
    manager, complaint = data
    services.nonconformity_update(
        user=manager.user, nonconformity=complaint, containment="Sorting of stock", owner=manager
    )
    services.root_cause_add(
        user=manager.user, nonconformity=complaint, description="No carrier follow-up", source="other"
    )
    complaint.refresh_from_db()
    prefill = selectors.eight_d_prefill(manager.user, complaint)
    assert manager.full_name in prefill["d1_team"]
    assert prefill["d2_problem"].startswith("Late delivery")
    assert prefill["d3_containment"] == "Sorting of stock"
    assert "No carrier follow-up" in prefill["d4_root_causes"]
