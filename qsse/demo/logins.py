"""The demo accounts, as shown by ``print_demo_logins`` and checked by the tests."""

from __future__ import annotations

from dataclasses import dataclass

from qsse.core.choices import Role
from qsse.organization.models import Person

from . import company

ROLE_ORDER = [
    Role.QSSE_MANAGER,
    Role.ADMINISTRATOR,
    Role.PROCESS_OWNER,
    Role.AUDITOR,
    Role.CONTRIBUTOR,
    Role.READER,
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    sites: str
    name: str
    job_title: str
    note: str


def demo_logins() -> list[DemoLogin]:
    """One row per demo account, the QSSE manager (the main user) first; empty before ``seed_demo``."""
    notes = {spec.username: spec.note for spec in company.PEOPLE if spec.has_account}
    people = (
        Person.objects.filter(user__username__in=list(notes))
        .select_related("user")
        .prefetch_related("scope_sites")
    )
    rows = []
    for person in people:
        sites = (
            "all sites"
            if person.has_all_sites
            else ", ".join(sorted(s.name for s in person.scope_sites.all()))
        )
        note = notes[person.user.username]
        rows.append(
            DemoLogin(
                username=person.user.username,
                password=company.DEMO_PASSWORD,
                role=str(Role(person.role).label),
                sites=sites,
                name=person.full_name,
                job_title=person.job_title,
                note=f" ({note})" if note else "",
            )
        )
    order = {role.label: index for index, role in enumerate(ROLE_ORDER)}
    rows.sort(key=lambda row: (order.get(row.role, 99), row.username))
    return rows
