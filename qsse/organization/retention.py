"""What the directory declares to the retention app (GDPR): the people who left (inactive people of
the directory and their user account) — retention counted from their departure, anonymisation, and
what the directory holds about a person for a subject access request.

The directory has no end-of-employment field: the departure is the day the person was made
inactive, read from the change history (the first inactive version after the last active one), or
the last update when no history row says it. People are never deleted: other records (actions,
NCs, audits…) point at them; anonymising replaces the name by a fingerprint everywhere at once.
"""

from __future__ import annotations

from typing import Any

from django.db.models import DateTimeField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qsse.core.registry import RetentionProvider, register_retention_provider

from .models import Person

KEY = "organization.former_people"
ANONYMOUS_FIRST_NAME = "ANON"


def departure_date():
    """Expression: the day an inactive person was made inactive (see the module docstring).

    Versions are ordered by ``history_id`` (the order they were written in), so that the database
    reads them through the index on the person's id: ordering by ``history_date`` made SQLite walk
    the date index of the whole history for each person."""
    versions = Person.history.model.objects
    last_active = (
        versions.filter(id=OuterRef(OuterRef("pk")), is_active=True)
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    first_inactive = (
        versions.filter(id=OuterRef("pk"), is_active=False)
        .filter(history_id__gt=Coalesce(Subquery(last_active), Value(0)))
        .order_by("history_id")
        .values("history_date")[:1]
    )
    return TruncDate(Coalesce(Subquery(first_inactive), "updated_at", output_field=DateTimeField()))


def former_people():
    """Inactive people not yet anonymised."""
    # No select_related: SQLite plans the LEFT JOIN on the user account as a scan of the accounts.
    return Person.objects.filter(is_active=False).exclude(first_name=ANONYMOUS_FIRST_NAME)


def _identify(person: Person) -> str:
    return gettext("person no. %(id)s") % {"id": person.pk}


def anonymise(records, user: Any) -> int:
    """Replace name, e-mail and job title by a fingerprint; close and strip the user account;
    scrub the same fields in the old history rows."""
    from qsse.retention.calculations import record_fingerprint

    people = list(records)
    actor = user if getattr(user, "is_authenticated", False) else None
    for person in people:
        code = record_fingerprint(KEY, person.pk)[:8].upper()
        blank = {"first_name": ANONYMOUS_FIRST_NAME, "last_name": code, "email": "", "job_title": ""}
        Person.history.model.objects.filter(id=person.pk).update(**blank)
        for name, value in blank.items():
            setattr(person, name, value)
        person.full_clean()
        person._history_user = actor
        person.save()
        account = person.user
        if account is not None:
            account.username = f"anon-{code.lower()}"
            account.first_name = account.last_name = account.email = ""
            account.is_active = False
            account.set_unusable_password()
            account.save()
    return len(people)


def _person_fields(person: Person) -> dict[str, Any]:
    fields: dict[str, Any] = {
        gettext("First name"): person.first_name,
        gettext("Last name"): person.last_name,
        gettext("E-mail"): person.email,
        gettext("Job title"): person.job_title,
        gettext("Site"): str(person.site) if person.site_id else "",
        gettext("Department"): str(person.department) if person.department_id else "",
        gettext("Work unit"): str(person.work_unit) if person.work_unit_id else "",
        gettext("Role"): person.get_role_display(),
        gettext("Active"): person.is_active,
        gettext("Created at"): person.created_at,
    }
    return fields


def subject_records(person: Person) -> list[dict[str, Any]]:
    """The directory entry and the user account of the person."""
    found = [
        {
            "record": gettext("Directory entry"),
            "url": "",
            "fields": _person_fields(person),
        }
    ]
    account = person.user
    if account is not None:
        found.append(
            {
                "record": gettext("User account"),
                "url": "",
                "fields": {
                    gettext("Username"): account.username,
                    gettext("E-mail"): account.email,
                    gettext("Date joined"): account.date_joined,
                    gettext("Last login"): account.last_login,
                    gettext("Active"): account.is_active,
                },
            }
        )
    return found


def register() -> None:
    register_retention_provider(
        RetentionProvider(
            key=KEY,
            label=_("People who left: directory entry and user account"),
            queryset=former_people,
            reference_date=departure_date(),
            identify=_identify,
            anonymise=anonymise,
            subject_records=subject_records,
            data_items=(
                _("first and last name, e-mail, job title"),
                _("site, department, work unit, role and access scope"),
                _("user account: username, e-mail, dates of joining and last login"),
                _("their name on the records they own or took part in (actions, NCs, audits…)"),
            ),
            purpose=_(
                "Managing the QSSE system: assigning responsibilities and actions, controlling access, "
                "tracing who did what."
            ),
            legal_basis=_(
                "Performance of the employment contract and legitimate interest of the employer (GDPR "
                "art. 6.1.b and 6.1.f); legal obligation for the traceability required by QSSE "
                "regulations (art. 6.1.c)."
            ),
            recipients=_("Every user sees names on the records; the directory is managed by administrators."),
        )
    )
