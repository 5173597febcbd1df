"""Test data: former people whose departure is dated in the change history (as the directory
records it), old accidents through the accident services."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from qsse.accidents.tests.factories import make_accident
from qsse.organization.models import Person


def moment(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def make_former_person(
    site: Any, first_name: str, last_name: str, *, hired_on: date, left_on: date, **fields: Any
) -> Person:
    """A person created on ``hired_on`` and made inactive on ``left_on`` (history rows dated so)."""
    person = Person.objects.create(site=site, first_name=first_name, last_name=last_name, **fields)
    Person.history.filter(id=person.pk).update(history_date=moment(hired_on))
    person.is_active = False
    person.save()
    latest = Person.history.filter(id=person.pk).order_by("-history_id").first()
    Person.history.filter(history_id=latest.history_id).update(history_date=moment(left_on, 17))
    Person.objects.filter(pk=person.pk).update(created_at=moment(hired_on), updated_at=moment(left_on, 17))
    person.refresh_from_db()
    return person


def make_victim_accident(user: Any, site: Any, victim: Person, *, on: date, **fields: Any):
    values = {
        "when": moment(on, 10),
        "victim": victim,
        "witnesses": "Paul Girard, régleur",
        "lesion_nature": "cut",
        "lesion_seat": "hand",
        "lesion_details": "Plaie de 3 cm à la paume, 4 points de suture",
        "first_aid": "Pansement compressif par le SST",
    }
    values.update(fields)
    return make_accident(user, site, **values)
