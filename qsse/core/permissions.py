"""Roles and site scope: the one policy every page, export and API endpoint asks.

A model takes part by declaring:
- ``scope_site_field``: the lookup of its site (``"site"``); a record with no site is
  organisation-wide and visible to every user of the organisation;
- ``responsible_person_ids()``: the people who own the record, for the grants limited to "own";
- optionally ``permission_grants``: a grants table replacing ``DEFAULT_GRANTS``.

A domain app may add its own condition on its records with ``registry.register_object_rule``
(documents: the confidentiality level); ``can`` and ``scope_queryset`` ask it after role and site.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet

from .choices import Operation, Role
from .registry import object_rules_for


class Scope(Enum):
    NONE = "none"
    OWN = "own"  # inside the user's sites, and only records the user is responsible for
    ALL = "all"  # every record inside the user's sites


_ALL_OPS = {op: Scope.ALL for op in Operation}

DEFAULT_GRANTS: dict[str, dict[str, Scope]] = {
    Role.ADMINISTRATOR: dict(_ALL_OPS),
    Role.QSSE_MANAGER: dict(_ALL_OPS),
    Role.PROCESS_OWNER: {
        Operation.VIEW: Scope.ALL,
        Operation.CREATE: Scope.ALL,
        Operation.EDIT: Scope.ALL,
        Operation.CLOSE: Scope.OWN,
        Operation.DELETE: Scope.NONE,
    },
    Role.AUDITOR: {
        Operation.VIEW: Scope.ALL,
        Operation.CREATE: Scope.ALL,
        Operation.EDIT: Scope.OWN,
        Operation.CLOSE: Scope.NONE,
        Operation.DELETE: Scope.NONE,
    },
    Role.CONTRIBUTOR: {
        Operation.VIEW: Scope.ALL,
        Operation.CREATE: Scope.ALL,
        Operation.EDIT: Scope.OWN,
        Operation.CLOSE: Scope.NONE,
        Operation.DELETE: Scope.NONE,
    },
    Role.READER: {
        Operation.VIEW: Scope.ALL,
        Operation.CREATE: Scope.NONE,
        Operation.EDIT: Scope.NONE,
        Operation.CLOSE: Scope.NONE,
        Operation.DELETE: Scope.NONE,
    },
}

# Reference data (processes, organisation): managed by administrators and QSSE managers;
# a process owner edits the processes they own.
REFERENCE_DATA_GRANTS: dict[str, dict[str, Scope]] = {
    Role.ADMINISTRATOR: dict(_ALL_OPS),
    Role.QSSE_MANAGER: dict(_ALL_OPS),
    Role.PROCESS_OWNER: {Operation.VIEW: Scope.ALL, Operation.EDIT: Scope.OWN},
    Role.AUDITOR: {Operation.VIEW: Scope.ALL},
    Role.CONTRIBUTOR: {Operation.VIEW: Scope.ALL},
    Role.READER: {Operation.VIEW: Scope.ALL},
}


def user_person(user: Any):
    """The directory entry of a signed-in user, or None."""
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(user, "_qsse_person", False)
    if cached is False:
        from qsse.organization.models import Person

        cached = Person.objects.filter(user=user, is_active=True).first()
        user._qsse_person = cached
    return cached


def user_role(user: Any) -> str | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMINISTRATOR
    person = user_person(user)
    return person.role if person else None


def user_site_ids(user: Any) -> frozenset[int] | None:
    """The ids of the sites the user may see; None means every site."""
    if user.is_superuser:
        return None
    cached = getattr(user, "_qsse_site_ids", False)
    if cached is not False:
        return cached
    person = user_person(user)
    if person is None:
        result: frozenset[int] | None = frozenset()
    elif person.has_all_sites:
        result = None
    else:
        result = frozenset(person.scope_sites.values_list("id", flat=True))
    user._qsse_site_ids = result
    return result


def _grants_for(model: type[Model] | Model) -> dict[str, dict[str, Scope]]:
    return getattr(model, "permission_grants", DEFAULT_GRANTS)


def grant(user: Any, operation: str, model: type[Model] | Model) -> Scope:
    role = user_role(user)
    if role is None:
        return Scope.NONE
    return _grants_for(model).get(role, {}).get(operation, Scope.NONE)


def _site_q(user: Any, model: type[Model]) -> Q:
    site_ids = user_site_ids(user)
    field = getattr(model, "scope_site_field", None)
    if site_ids is None or field is None:
        return Q()
    return Q(**{f"{field}__in": site_ids}) | Q(**{f"{field}__isnull": True})


def scope_queryset(user: Any, queryset: QuerySet, operation: str = Operation.VIEW) -> QuerySet:
    """Restrict ``queryset`` to the records ``user`` may see (or act on, for another operation)."""
    model = queryset.model
    scope = grant(user, operation, model)
    if scope is Scope.NONE:
        return queryset.none()
    queryset = queryset.filter(_site_q(user, model))
    if scope is Scope.OWN:
        person = user_person(user)
        own_q = getattr(model, "responsible_q", None)
        if person is None or own_q is None:
            return queryset.none()
        queryset = queryset.filter(own_q(person))
    for rule in object_rules_for(model):
        if rule.restrict is not None:
            queryset = rule.restrict(user, queryset, operation)
    return queryset


def _site_id_of(obj: Model) -> int | None:
    field = getattr(obj, "scope_site_field", None)
    if field is None:
        return None
    value: Any = obj
    for part in field.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value.pk if isinstance(value, Model) else value


def can(user: Any, operation: str, obj: Model | type[Model], *, site_id: int | None = None) -> bool:
    """Whether ``user`` may do ``operation`` on ``obj`` (an instance, or a model class for create).

    For a creation, ``site_id`` is the site the new record would belong to.
    """
    scope = grant(user, operation, obj)
    if scope is Scope.NONE:
        return False
    site_ids = user_site_ids(user)
    target_site = site_id if isinstance(obj, type) else _site_id_of(obj)
    if site_ids is not None and target_site is not None and target_site not in site_ids:
        return False
    if isinstance(obj, type):
        return True
    if scope is Scope.OWN:
        person = user_person(user)
        if person is None or person.pk not in obj.responsible_person_ids():
            return False
    # The domain's own rules last: they may cost a query, the checks above cost none.
    return all(rule.check(user, obj, operation) for rule in object_rules_for(obj))


def require(user: Any, operation: str, obj: Model | type[Model], *, site_id: int | None = None) -> None:
    """Raise Django's PermissionDenied (a 403 in pages and API) unless ``can`` allows it."""
    if not can(user, operation, obj, site_id=site_id):
        raise PermissionDenied
