"""Demo data of records retention (GDPR) at MBP: a temp worker of the machining workshop who cut his
hand in March eight years ago and left fifteen months later, and a team assistant who left two years
ago. On the demo's today, the temp worker's directory entry and his accident's victim file are past
their 5-year retention: the schedule counts them and the daily check has flagged them for the QSSE
manager to confirm. The inventory carries the DPO's note on accident data.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from qsse.accidents import services as accident_services
from qsse.organization.models import Person
from qsse.retention import services
from qsse.retention.models import RecordType


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _former_person(
    *,
    site: Any,
    work_unit: Any,
    first_name: str,
    last_name: str,
    job_title: str,
    hired_on: date,
    left_on: date,
) -> Person:
    """A directory entry created on ``hired_on`` and made inactive on ``left_on``: the directory
    has no write services, and its change history is what dates the departure (see
    qsse/organization/retention.py), so the two history rows are dated as they would have been."""
    person = Person(
        site=site,
        work_unit=work_unit,
        department=getattr(work_unit, "department", None),
        first_name=first_name,
        last_name=last_name,
        job_title=job_title,
    )
    person.full_clean()
    person.save()
    Person.history.filter(id=person.pk).update(history_date=_at(hired_on, 8))
    person.is_active = False
    person.save()
    last = Person.history.filter(id=person.pk).order_by("-history_id").first()
    Person.history.filter(history_id=last.history_id).update(history_date=_at(left_on, 17))
    Person.objects.filter(pk=person.pk).update(created_at=_at(hired_on, 8), updated_at=_at(left_on, 17))
    return person


def seed_retention(*, org: Any, user: Any, processes: dict[str, Any], today: date) -> dict[str, int]:
    montlucon = org.sites["MTL"]
    machining = org.work_units.get("machining")
    temp_worker = _former_person(
        site=montlucon,
        work_unit=machining,
        first_name="Dylan",
        last_name="Perrin",
        job_title="Opérateur intérimaire (agence Bourbonnais Intérim)",
        hired_on=date(today.year - 8, 1, 8),
        left_on=date(today.year - 7, 6, 28),
    )
    _former_person(
        site=montlucon,
        work_unit=None,
        first_name="Sandrine",
        last_name="Lefèvre",
        job_title="Assistante d'équipe",
        hired_on=date(today.year - 6, 9, 1),
        left_on=date(today.year - 2, 9, 30),
    )
    accident_day = date(today.year - 8, 3, 12)
    accident_services.accident_create(
        user=user,
        kind="lost_time",
        occurred_at=_at(accident_day, 10),
        site=montlucon,
        work_unit=machining,
        place="Atelier d'usinage, poste d'ébavurage 2",
        title="Coupure à la main en ébavurant un carter",
        description=(
            "En ébavurant à la lime un carter aluminium, l'opérateur intérimaire s'est coupé la paume "
            "gauche sur une arête vive; il ne portait pas ses gants anti-coupure."
        ),
        days_lost=4,
        declared_on=date(today.year - 8, 3, 13),
        victim=temp_worker,
        witnesses="Kevin Lemoine, opérateur régleur CNC",
        lesion_nature="cut",
        lesion_seat="hand",
        lesion_details="Plaie de 3 cm à la paume gauche, 4 points de suture aux urgences de Montluçon.",
        first_aid="Pansement compressif par le SST de l'atelier, transport aux urgences.",
        immediate_measures="Gants anti-coupure rappelés au poste; arêtes cassées avant ébavurage.",
    )
    services.inventory_note_update(
        user=user,
        provider_key="accidents.victims",
        notes=(
            "Durée de 5 ans validée avec le DPO en attendant une confirmation juridique; les natures et "
            "sièges des lésions sont conservés sans la victime pour les statistiques."
        ),
    )
    flagged = services.purge_flag_all(today=today)
    return {
        "retention_record_types": RecordType.objects.count(),
        "retention_flagged": flagged,
    }
