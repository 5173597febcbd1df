"""The role/site policy of qsse.core.permissions, on a record that has a site and responsible people."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from qsse.core.choices import Operation, Role
from qsse.core.permissions import can, scope_queryset
from qsse.nonconformities.models import Nonconformity

pytestmark = pytest.mark.django_db


def make_nc(site, reference, owner=None):
    return Nonconformity.objects.create(
        reference=reference, title="Burr on part", site=site, detected_on=date(2026, 3, 2), owner=owner
    )


EXPECTED = {
    # role: (view, create, edit other's, close other's, delete)
    Role.ADMINISTRATOR: (True, True, True, True, True),
    Role.QSSE_MANAGER: (True, True, True, True, True),
    Role.PROCESS_OWNER: (True, True, True, False, False),
    Role.AUDITOR: (True, True, False, False, False),
    Role.CONTRIBUTOR: (True, True, False, False, False),
    Role.READER: (True, False, False, False, False),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_role_grants_on_a_record_of_the_users_site(role, member, site_a):
    person = member(role)
    nc = make_nc(site_a, "NC-2026-0001")
    view, create, edit, close, delete = EXPECTED[role]
    assert can(person.user, Operation.VIEW, nc) is view
    assert can(person.user, Operation.CREATE, Nonconformity, site_id=site_a.pk) is create
    assert can(person.user, Operation.EDIT, nc) is edit
    assert can(person.user, Operation.CLOSE, nc) is close
    assert can(person.user, Operation.DELETE, nc) is delete


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.CONTRIBUTOR])
def test_own_grants_cover_records_the_user_handles(role, member, site_a):
    person = member(role)
    nc = make_nc(site_a, "NC-2026-0002", owner=person)
    assert can(person.user, Operation.EDIT, nc) is True
    assert can(person.user, Operation.CLOSE, nc) is False


@pytest.mark.parametrize("role", list(EXPECTED))
def test_a_user_of_another_site_can_do_nothing(role, member, site_a, site_b):
    person = member(role, site=site_b)
    nc = make_nc(site_a, "NC-2026-0003", owner=person)
    for operation in Operation:
        assert can(person.user, operation, nc) is False
    assert can(person.user, Operation.CREATE, Nonconformity, site_id=site_a.pk) is False
    assert list(scope_queryset(person.user, Nonconformity.objects.all())) == []


def test_all_sites_scope_and_list_filtering(member, site_a, site_b):
    nc_a = make_nc(site_a, "NC-2026-0010")
    nc_b = make_nc(site_b, "NC-2026-0011")
    local = member(Role.QSSE_MANAGER, site=site_a)
    group = member(Role.QSSE_MANAGER, site=site_a, all_sites=True)
    assert list(scope_queryset(local.user, Nonconformity.objects.order_by("pk"))) == [nc_a]
    assert list(scope_queryset(group.user, Nonconformity.objects.order_by("pk"))) == [nc_a, nc_b]


def test_anonymous_and_accountless_users_get_nothing(site_a, django_user_model):
    nc = make_nc(site_a, "NC-2026-0020")
    assert can(AnonymousUser(), Operation.VIEW, nc) is False
    lone = django_user_model.objects.create_user("lone", password="x")
    assert can(lone, Operation.VIEW, nc) is False
    assert scope_queryset(lone, Nonconformity.objects.all()).count() == 0
