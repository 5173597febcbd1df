"""Fixtures of the reviews tests: data is built through the real services."""

from datetime import date

import pytest

from qsse.core import registry
from qsse.core.choices import Role
from qsse.processes import services as process_services

from .. import services


@pytest.fixture
def manager(member):
    return member(Role.QSSE_MANAGER, username="manager", all_sites=True)


@pytest.fixture
def director(member):
    """The managing director: a process owner who chairs the management reviews."""
    person = member(Role.PROCESS_OWNER, username="director", all_sites=True)
    person.first_name, person.last_name, person.job_title = "Jean-Marc", "Vernet", "Directeur général"
    person.save()
    return person


@pytest.fixture
def no_providers(monkeypatch):
    """No module reports anything: only the reviews app's own section (previous decisions)."""
    monkeypatch.setattr(registry, "review_input_providers", [])


@pytest.fixture
def make_review(manager, director):
    def build(**fields):
        values = {
            "title": "Revue de direction 2025",
            "held_on": date(2026, 1, 22),
            "period_start": date(2025, 1, 1),
            "period_end": date(2025, 12, 31),
            "chair": director,
            "participants": [manager, director],
            "location": "Salle de réunion, Montluçon",
        }
        values.update(fields)
        return services.management_review_create(user=manager.user, **values)

    return build


@pytest.fixture
def make_process(manager):
    def build(code, owner=None):
        return process_services.process_create(
            user=manager.user, code=code, name=f"Process {code}", kind="realisation", owner=owner
        )

    return build
