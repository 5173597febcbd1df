"""Every write of the DUER: the document, its hazards (rated on the "duer" matrix), prevention
measures turned into actions, own hazard families, and the freezing of versions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qsse.actions import services as action_services
from qsse.actions.choices import ActionType
from qsse.core.choices import Operation
from qsse.core.permissions import require, user_person
from qsse.core.services import event_record

from . import feedback, rating, snapshot
from .models import Duer, DuerVersion, Hazard, HazardFamily, HazardFeedback, PreventionMeasure

MATRIX_USAGE = rating.USAGE
HAZARD_FIELDS = frozenset(
    {
        "work_unit",
        "family",
        "sub_danger",
        "situation",
        "exposed_count",
        "existing_measures",
        "probability",
        "gravity",
        "control_level",
    }
)
MEASURE_FIELDS = frozenset({"description", "principle", "measure_type", "protection"})


@transaction.atomic
def duer_create(*, user: Any, title: str, owner: Any, site: Any = None) -> Duer:
    require(user, Operation.CREATE, Duer, site_id=site.pk if site is not None else None)
    duer = Duer(title=(title or "").strip(), owner=owner, site=site, created_by=user)
    duer.full_clean()
    duer.save()
    event_record(actor=user, target=duer, verb=gettext_noop("DUER created"))
    return duer


@transaction.atomic
def family_create(*, user: Any, name: str, sub_dangers: str = "") -> HazardFamily:
    """An organisation's own hazard family, listed after the shipped ones."""
    require(user, Operation.CREATE, HazardFamily)
    family = HazardFamily(name=(name or "").strip(), sub_dangers=sub_dangers, order=1000)
    family.full_clean()
    family.save()
    event_record(actor=user, target=family, verb=gettext_noop("Hazard family created"))
    return family


def _validate_scale(hazard: Hazard, matrix: Any) -> None:
    rows, cols = rating.scale_max(matrix)
    errors = {}
    if hazard.probability and hazard.probability > rows:
        errors["probability"] = _("At most %(max)s on the active matrix.") % {"max": rows}
    if hazard.gravity and hazard.gravity > cols:
        errors["gravity"] = _("At most %(max)s on the active matrix.") % {"max": cols}
    if hazard.work_unit_id and hazard.duer.site_id and hazard.work_unit.site_id != hazard.duer.site_id:
        errors["work_unit"] = _("The work unit must belong to the site of the DUER.")
    if errors:
        raise ValidationError(errors)


def _apply_rating(hazard: Hazard, matrix: Any) -> None:
    result = rating.rate(hazard.probability, hazard.gravity, hazard.control_level, matrix=matrix)
    hazard.raw_score = result.raw
    hazard.residual_score = result.residual
    hazard.residual_level = result.level_name
    hazard.residual_colour = result.colour
    hazard.is_significant = result.is_significant


@transaction.atomic
def hazard_create(*, user: Any, duer: Duer, **fields: Any) -> Hazard:
    """Add a hazard to a work unit of ``duer``, rated on the active "duer" matrix."""
    unknown = set(fields) - HAZARD_FIELDS
    if unknown:
        raise TypeError(f"hazard_create() got {', '.join(sorted(unknown))}")
    work_unit = fields.get("work_unit")
    require(user, Operation.EDIT, duer)
    require(user, Operation.CREATE, Hazard, site_id=work_unit.site_id if work_unit else None)
    hazard = Hazard(duer=duer, created_by=user, **fields)
    matrix = rating.active_matrix()
    hazard.full_clean(exclude=["raw_score", "residual_score"])
    _validate_scale(hazard, matrix)
    _apply_rating(hazard, matrix)
    hazard.save()
    event_record(actor=user, target=duer, verb=gettext_noop("Hazard added"), detail=str(hazard)[:255])
    return hazard


@transaction.atomic
def hazard_update(*, user: Any, hazard: Hazard, **fields: Any) -> Hazard:
    unknown = set(fields) - HAZARD_FIELDS
    if unknown:
        raise TypeError(f"hazard_update() cannot change {', '.join(sorted(unknown))}")
    require(user, Operation.EDIT, hazard)
    for name, value in fields.items():
        setattr(hazard, name, value)
    matrix = rating.active_matrix()
    hazard.full_clean(exclude=["raw_score", "residual_score"])
    _validate_scale(hazard, matrix)
    _apply_rating(hazard, matrix)
    if hazard.needs_review:
        # Saving the evaluation is the re-evaluation the feedback asked for.
        hazard.needs_review = False
        hazard.review_reason = ""
        event_record(
            actor=user, target=hazard.duer, verb=gettext_noop("Hazard re-evaluated"), detail=str(hazard)[:255]
        )
    hazard.save()
    return hazard


@transaction.atomic
def hazard_delete(*, user: Any, hazard: Hazard) -> None:
    require(user, Operation.DELETE, hazard)
    event_record(
        actor=user, target=hazard.duer, verb=gettext_noop("Hazard removed"), detail=str(hazard)[:255]
    )
    hazard.delete()


@transaction.atomic
def hazard_feedback_add(
    *,
    user: Any,
    hazard: Hazard,
    source: Any,
    source_on: date | None = None,
    note: str = "",
    flag_review: bool = True,
) -> HazardFeedback:
    """Link a record from the field (an accident, a near miss) to ``hazard``; with ``flag_review``
    the hazard is marked to re-evaluate until its evaluation is saved again. The user must be able
    to change the hazard and to see the record."""
    if not feedback.is_feedback_source(source):
        raise ValidationError(_("This kind of record cannot feed the DUER."))
    require(user, Operation.EDIT, hazard)
    require(user, Operation.VIEW, source)
    content_type = ContentType.objects.get_for_model(source)
    if HazardFeedback.objects.filter(
        hazard=hazard, source_content_type=content_type, source_object_id=source.pk
    ).exists():
        raise ValidationError(_("This record is already linked to the hazard."))
    item = HazardFeedback(
        hazard=hazard,
        source_content_type=content_type,
        source_object_id=source.pk,
        source_label=str(source)[:255],
        source_url=source.get_absolute_url()[:300],
        source_on=source_on,
        note=note.strip(),
        created_by=user,
    )
    item.full_clean()
    item.save()
    if flag_review:
        hazard.needs_review = True
        hazard.review_reason = item.source_label[:300]
        hazard.save(update_fields=["needs_review", "review_reason", "updated_at"])
    event_record(
        actor=user,
        target=hazard.duer,
        verb=gettext_noop("Feedback linked to a hazard"),
        detail=f"{item.source_label} → {hazard}"[:255],
    )
    return item


@transaction.atomic
def hazard_feedback_remove(*, user: Any, item: HazardFeedback) -> None:
    require(user, Operation.EDIT, item.hazard)
    event_record(
        actor=user,
        target=item.hazard.duer,
        verb=gettext_noop("Feedback unlinked from a hazard"),
        detail=str(item)[:255],
    )
    item.delete()


@transaction.atomic
def hazards_rescore(matrix_id: int) -> int:
    """Rescore every hazard on the active "duer" matrix (its levels changed); returns the count."""
    matrix = rating.active_matrix()
    hazards = list(Hazard.objects.all())
    for hazard in hazards:
        _apply_rating(hazard, matrix)
    Hazard.objects.bulk_update(
        hazards, ["raw_score", "residual_score", "residual_level", "residual_colour", "is_significant"]
    )
    return len(hazards)


@transaction.atomic
def measure_create(*, user: Any, hazard: Hazard, **fields: Any) -> PreventionMeasure:
    unknown = set(fields) - MEASURE_FIELDS
    if unknown:
        raise TypeError(f"measure_create() got {', '.join(sorted(unknown))}")
    require(user, Operation.EDIT, hazard)
    measure = PreventionMeasure(hazard=hazard, **fields)
    measure.description = (measure.description or "").strip()
    measure.full_clean()
    measure.save()
    return measure


@transaction.atomic
def measure_update(*, user: Any, measure: PreventionMeasure, **fields: Any) -> PreventionMeasure:
    unknown = set(fields) - MEASURE_FIELDS
    if unknown:
        raise TypeError(f"measure_update() cannot change {', '.join(sorted(unknown))}")
    require(user, Operation.EDIT, measure.hazard)
    for name, value in fields.items():
        setattr(measure, name, value)
    measure.full_clean()
    measure.save()
    return measure


@transaction.atomic
def measure_delete(*, user: Any, measure: PreventionMeasure) -> None:
    require(user, Operation.EDIT, measure.hazard)
    measure.delete()


@transaction.atomic
def measure_to_action(
    *,
    user: Any,
    measure: PreventionMeasure,
    owner: Any,
    due_on: date,
    estimated_cost: Decimal | None = None,
    efficacy_criterion: str = "",
    human_resources: str = "",
    material_resources: str = "",
) -> Any:
    """Raise the action that carries out ``measure`` (a preventive action of the action plan, its
    origin the measure). The execution conditions, indicator and cost feed the PAPRIPACT."""
    if measure.action_id:
        raise ValidationError(_("This measure is already carried by an action."))
    require(user, Operation.EDIT, measure.hazard)
    hazard = measure.hazard
    action = action_services.action_create(
        user=user,
        title=measure.description[:255],
        owner=owner,
        due_on=due_on,
        type=ActionType.PREVENTIVE,
        origin=measure,
        site=hazard.work_unit.site,
        description=_("DUER – %(unit)s – %(hazard)s: %(situation)s")
        % {
            "unit": hazard.work_unit.name,
            "hazard": hazard.sub_danger or hazard.family.name,
            "situation": hazard.situation,
        },
        estimated_cost=estimated_cost,
        efficacy_criterion=efficacy_criterion,
        human_resources=human_resources,
        material_resources=material_resources,
    )
    measure.action = action
    measure.save(update_fields=["action", "updated_at"])
    return action


def _who(user: Any) -> str:
    person = user_person(user)
    if person is not None:
        return str(person)
    return (user.get_full_name() or user.get_username()) if user is not None else ""


@transaction.atomic
def version_freeze(
    *, user: Any, duer: Duer, change_note: str, frozen_on: date | None = None, headcount: int | None = None
) -> DuerVersion:
    """Freeze the current content of ``duer`` as a new numbered version (R4121-4: kept 40 years).

    The content (every work unit, hazard, rating and measure with its action) is copied as JSON:
    later edits of the draft never change a frozen version.
    """
    require(user, Operation.EDIT, duer)
    if not (change_note or "").strip():
        raise ValidationError({"change_note": _("Say what changed in this version.")})
    # Serialise concurrent freezes of the same DUER: the number is the next after the last.
    Duer.objects.select_for_update().filter(pk=duer.pk).first()
    number = (duer.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    if headcount is None:
        headcount = snapshot.organisation_headcount(duer)
    version = DuerVersion.objects.create(
        duer=duer,
        number=number,
        frozen_on=frozen_on or timezone.localdate(),
        frozen_at=timezone.now(),
        frozen_by=user if getattr(user, "is_authenticated", False) else None,
        frozen_by_name=_who(user),
        change_note=change_note.strip(),
        headcount=headcount,
        content=snapshot.duer_content(duer),
    )
    event_record(
        actor=user,
        target=duer,
        verb=gettext_noop("DUER version frozen"),
        detail=f"v{number} – {change_note}"[:255],
    )
    return version


def update_reminders_send(*, today: date | None = None) -> int:
    """Notify the owner of each DUER whose yearly update (R4121-2, from 11 employees) is due: once
    per DUER and due date. Returns the number sent."""
    from django.conf import settings
    from django.utils import translation
    from django.utils.formats import date_format

    from qsse.core.services import notification_send

    from . import selectors

    today = today or timezone.localdate()
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for duer in Duer.objects.select_related("owner__user", "site__organization"):
            status = selectors.update_status(duer, today=today)
            if not status.is_overdue or status.next_update_on is None:
                continue
            notification = notification_send(
                recipient=getattr(duer.owner, "user", None),
                subject=_("DUER to update: %(duer)s") % {"duer": duer},
                body=_("The yearly update of the DUER was due on %(due)s (R4121-2).")
                % {"due": date_format(status.next_update_on, "SHORT_DATE_FORMAT")},
                url=duer.get_absolute_url(),
                kind="duer_update_due",
                dedup_key=f"duer-update:{duer.pk}:{status.next_update_on.isoformat()}",
            )
            sent += notification is not None
    return sent
