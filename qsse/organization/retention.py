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


ANONYMISED_FIELDS = ("first_name", "last_name", "email", "job_title")
CHUNK = 2000


def anonymised_values(person_id: int) -> dict[str, str]:
    """What an anonymised person holds: ``ANON`` and the first 8 digits of their fingerprint."""
    from qsse.retention.calculations import record_fingerprint

    code = record_fingerprint(KEY, person_id)[:8].upper()
    return {"first_name": ANONYMOUS_FIRST_NAME, "last_name": code, "email": "", "job_title": ""}


def anonymise(records, user: Any) -> int:
    """Replace name, e-mail and job title by a fingerprint; close and strip the user account;
    scrub the same fields in the old history rows.

    In bulk, inside the purge's transaction: one ``executemany`` of the people with their ``~``
    history rows (and the snapshot of their sites in scope, as a save writes it), one UPDATE of the
    old history rows per 2,000 people, one of the accounts — about a hundred times faster than
    saving the people one by one, with the same values and the same validation of the fields."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db.models import Max

    from qsse.core.bulk import bulk_update_with_history_rows

    people = list(records.order_by("pk"))
    if not people:
        return 0
    actor = user if getattr(user, "is_authenticated", False) else None
    others = [field.name for field in Person._meta.concrete_fields if field.name not in ANONYMISED_FIELDS]
    for person in people:
        for name, value in anonymised_values(person.pk).items():
            setattr(person, name, value)
        person.clean_fields(exclude=others)
    bulk_update_with_history_rows(Person, people, ANONYMISED_FIELDS, history_user=actor)
    ids = [person.pk for person in people]
    versions = Person.history.model.objects
    sites = Person.scope_sites.through.objects
    site_versions = Person.history.model._meta.get_field("historicalperson_scope_sites").related_model.objects
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        versions.filter(id__in=chunk).update(
            first_name=ANONYMOUS_FIRST_NAME,
            last_name=Subquery(Person.objects.filter(pk=OuterRef("id")).values("last_name")[:1]),
            email="",
            job_title="",
        )
        # The new history rows carry the sites in scope, as simple-history's save writes them.
        scoped = list(sites.filter(person_id__in=chunk).values_list("id", "person_id", "site_id"))
        if scoped:
            latest = dict(
                versions.filter(id__in={person_id for _id, person_id, _site in scoped})
                .values_list("id")
                .annotate(latest=Max("history_id"))
                .values_list("id", "latest")
            )
            site_versions.bulk_create(
                site_versions.model(id=pk, history_id=latest[person_id], person_id=person_id, site_id=site_id)
                for pk, person_id, site_id in scoped
            )
    accounts = list(get_user_model().objects.filter(pk__in=[p.user_id for p in people if p.user_id]))
    codes = {person.user_id: person.last_name for person in people if person.user_id}
    for account in accounts:
        account.username = f"anon-{codes[account.pk].lower()}"
        account.first_name = account.last_name = account.email = ""
        account.is_active = False
        account.password = make_password(None)
    get_user_model().objects.bulk_update(
        accounts, ["username", "first_name", "last_name", "email", "is_active", "password"], batch_size=500
    )
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
