"""Every write of the reviews module: management reviews (ISO 9001 §9.3) and process reviews.

Workflow of a management review: draft (inputs may be collected again and again) → inputs frozen
(the snapshots stay as the minutes will print them) → held → signed (read-only from then on).
A process review goes draft → held → signed; its inputs are frozen once it is held.

Inputs are snapshots: ``*_collect_inputs`` calls every provider registered in
``qsse.core.registry.review_input_providers`` for the period [period_start, period_end + 1 day) and
stores what they return, in the language of the minutes, under the §9.3.2 input they feed.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qsse.actions import services as action_services
from qsse.actions.choices import ActionType
from qsse.core import registry
from qsse.core.choices import Operation
from qsse.core.numbering import next_reference
from qsse.core.permissions import can, require, user_person
from qsse.core.services import event_record

from . import selectors
from .choices import PROCESS_REVIEW_INPUTS, ManagementReviewStatus, ProcessReviewStatus, ReviewInput
from .models import ManagementReview, ProcessReview, ReviewDecision, ReviewInputEntry

logger = logging.getLogger(__name__)

Review = ManagementReview | ProcessReview

MANAGEMENT_REVIEW_FIELDS = frozenset(
    {
        "title",
        "held_on",
        "period_start",
        "period_end",
        "site",
        "chair",
        "participants",
        "external_participants",
        "absentees",
        "location",
        "language",
        "conclusions",
    }
)
PROCESS_REVIEW_FIELDS = frozenset(
    {"period_start", "period_end", "held_on", "owner", "participants", "conclusion"}
)
# Changing these would make the collected snapshots wrong: refused once the inputs are frozen.
SNAPSHOT_FIELDS = frozenset({"period_start", "period_end", "site"})


def _check_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")


def _ensure_not_signed(review: Review) -> None:
    if review.is_signed:
        raise ValidationError(_("This review is signed: it can no longer be changed."), code="signed")


def _input_keys(review: Review) -> tuple[str, ...]:
    if isinstance(review, ProcessReview):
        return tuple(str(key) for key in PROCESS_REVIEW_INPUTS)
    return tuple(ReviewInput.values)


def _owner_field(review: Review) -> dict[str, Review]:
    if isinstance(review, ProcessReview):
        return {"process_review": review}
    return {"management_review": review}


def _create_entries(review: Review) -> None:
    ReviewInputEntry.objects.bulk_create(
        [
            ReviewInputEntry(input_key=key, position=position, **_owner_field(review))
            for position, key in enumerate(_input_keys(review), start=1)
        ]
    )


def _set_participants(review: Review, participants: Any) -> None:
    if participants is not None:
        review.participants.set(participants)


# --- Management reviews ------------------------------------------------------------------------


@transaction.atomic
def management_review_create(
    *,
    user: Any,
    title: str,
    held_on: date,
    period_start: date,
    period_end: date,
    chair: Any,
    site: Any = None,
    participants: Any = (),
    **fields: Any,
) -> ManagementReview:
    """Create a draft review numbered ``RDD-<year of the meeting>-<nnnn>`` with its §9.3.2 agenda
    (one empty input per item, in the order of the standard)."""
    _check_fields(fields, MANAGEMENT_REVIEW_FIELDS)
    require(user, Operation.CREATE, ManagementReview, site_id=getattr(site, "pk", None))
    review = ManagementReview(
        title=(title or "").strip(),
        held_on=held_on,
        period_start=period_start,
        period_end=period_end,
        chair=chair,
        site=site,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        **fields,
    )
    review.full_clean(exclude={"reference"})
    review.reference = next_reference("RDD", held_on.year)
    review.save()
    _set_participants(review, participants)
    _create_entries(review)
    event_record(
        actor=user, target=review, verb=gettext_noop("Management review created"), detail=review.title
    )
    return review


@transaction.atomic
def management_review_update(*, user: Any, review: ManagementReview, **fields: Any) -> ManagementReview:
    """Change the header, participants or conclusions of a review that is not signed."""
    _check_fields(fields, MANAGEMENT_REVIEW_FIELDS)
    require(user, Operation.EDIT, review)
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    _ensure_not_signed(review)
    if review.inputs_are_frozen:
        changed = [
            name
            for name in SNAPSHOT_FIELDS & set(fields)
            if getattr(review, f"{name}_id" if name == "site" else name)
            != (getattr(fields[name], "pk", None) if name == "site" else fields[name])
        ]
        if changed:
            raise ValidationError(
                _("The inputs are frozen: the period and the site can no longer change."), code="frozen"
            )
    participants = fields.pop("participants", None)
    for name, value in fields.items():
        setattr(review, name, value)
    review.full_clean()
    review.save()
    _set_participants(review, participants)
    return review


@transaction.atomic
def management_review_delete(*, user: Any, review: ManagementReview) -> None:
    """Delete a review created by mistake: only a draft without decisions."""
    require(user, Operation.DELETE, review)
    if review.status != ManagementReviewStatus.DRAFT or review.decisions.exists():
        raise ValidationError(
            _("Only a draft review without decisions can be deleted."), code="not_deletable"
        )
    review.delete()


def collect_sections(
    user: Any, start: date, end: date, site_ids: frozenset[int] | None, process_id: int | None
) -> dict[str, list[dict[str, Any]]]:
    """What every registered provider reports for [start, end), grouped by §9.3.2 input key.

    A provider that fails is logged and skipped (inside a savepoint, so that a database error does not
    spoil the transaction): one broken module does not keep the others' figures from the review.
    Sections for an input that is not on the agenda (see ``ReviewInput``) are logged and dropped.
    """
    grouped: dict[str, list[dict[str, Any]]] = {}
    for provider in list(registry.review_input_providers):
        try:
            with transaction.atomic():
                sections = list(provider(user, start, end, site_ids, process_id))
        except Exception:  # noqa: BLE001 - another module's failure must not stop the review
            logger.exception("Review input provider %r failed", provider)
            continue
        for section in sections:
            if section.key not in ReviewInput.values:
                logger.warning("Review input provider %r returned an unknown key %r", provider, section.key)
                continue
            grouped.setdefault(section.key, []).append(selectors.section_as_dict(section))
    return grouped


def _collect(*, user: Any, review: Review) -> list[ReviewInputEntry]:
    start, end = review.period_start, review.period_end + timedelta(days=1)
    if isinstance(review, ProcessReview):
        site_ids, process_id, language = None, review.process_id, translation.get_language()
    else:
        site_ids = frozenset({review.site_id}) if review.site_id else None
        process_id, language = None, review.language
    with translation.override(language):
        previous = selectors.previous_decisions_section(user, review)
        grouped = collect_sections(user, start, end, site_ids, process_id)
    grouped.setdefault(ReviewInput.PREVIOUS_ACTIONS, []).insert(0, selectors.section_as_dict(previous))
    now = timezone.now()
    entries = {entry.input_key: entry for entry in review.inputs.all()}
    for position, key in enumerate(_input_keys(review), start=1):
        entry = entries.get(key) or ReviewInputEntry(input_key=key, position=position, **_owner_field(review))
        entry.sections = grouped.get(key, [])
        entry.collected_at = now
        entry.position = position
        entry.save()
    review.inputs_collected_at = now
    review.save(update_fields=["inputs_collected_at", "updated_at"])
    return list(review.inputs.order_by("position"))


@transaction.atomic
def management_review_collect_inputs(*, user: Any, review: ManagementReview) -> list[ReviewInputEntry]:
    """Ask every module for its §9.3.2 inputs of the review's period and site, and store them.

    Allowed until the inputs are frozen; the managers' comments are kept. Returns the entries in
    the order of the standard; an input no module reports on keeps an empty snapshot (the review
    page says "to be completed" and the comment holds the analysis).
    """
    require(user, Operation.EDIT, review)
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    if review.inputs_are_frozen:
        raise ValidationError(
            _("The inputs are frozen: they can no longer be collected again."), code="frozen"
        )
    entries = _collect(user=user, review=review)
    event_record(actor=user, target=review, verb=gettext_noop("Review inputs collected"))
    return entries


@transaction.atomic
def management_review_freeze_inputs(*, user: Any, review: ManagementReview) -> ManagementReview:
    """Keep the collected inputs as they are for the meeting and its minutes."""
    require(user, Operation.EDIT, review)
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    if review.status != ManagementReviewStatus.DRAFT:
        raise ValidationError(_("The inputs of this review are already frozen."), code="frozen")
    if review.inputs_collected_at is None:
        raise ValidationError(_("Collect the inputs before freezing them."), code="not_collected")
    review.status = ManagementReviewStatus.INPUTS_FROZEN
    review.save(update_fields=["status", "updated_at"])
    event_record(actor=user, target=review, verb=gettext_noop("Review inputs frozen"))
    return review


@transaction.atomic
def management_review_mark_held(*, user: Any, review: ManagementReview) -> ManagementReview:
    """Record that the meeting took place (the inputs are frozen by the same step when they were not)."""
    require(user, Operation.EDIT, review)
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    _ensure_not_signed(review)
    if review.status == ManagementReviewStatus.HELD:
        return review
    if review.inputs_collected_at is None:
        raise ValidationError(_("Collect the inputs before holding the review."), code="not_collected")
    review.status = ManagementReviewStatus.HELD
    review.save(update_fields=["status", "updated_at"])
    event_record(actor=user, target=review, verb=gettext_noop("Management review held"))
    return review


def can_sign(user: Any, review: Review) -> bool:
    """The QSSE manager, an administrator or the chair (the director) signs a management review; the
    owner of the process or a manager signs a process review."""
    if review.is_signed:
        return False
    if can(user, Operation.CLOSE, review):
        return True
    person = user_person(user)
    chair_id = review.chair_id if isinstance(review, ManagementReview) else review.owner_id
    return person is not None and person.pk == chair_id


def _sign(*, user: Any, review: Review, held_status: str) -> Review:
    if not can_sign(user, review):
        if review.is_signed:
            _ensure_not_signed(review)
        raise PermissionDenied
    if review.status != held_status:
        raise ValidationError(_("Only a review that was held can be signed."), code="not_held")
    person = user_person(user)
    review.status = ManagementReviewStatus.SIGNED  # the same value as ProcessReviewStatus.SIGNED
    review.signed_by = user
    review.signed_by_name = (
        f"{person.full_name} – {person.job_title}".strip(" –") if person is not None else user.get_username()
    )
    review.signed_at = timezone.now()
    review.full_clean()
    review.save()
    event_record(actor=user, target=review, verb=gettext_noop("Review signed"), detail=review.signed_by_name)
    return review


@transaction.atomic
def management_review_sign(*, user: Any, review: ManagementReview) -> ManagementReview:
    """Sign the minutes of a held review: the review, its inputs and decisions become read-only."""
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    return _sign(user=user, review=review, held_status=ManagementReviewStatus.HELD)


# --- Inputs and decisions (both kinds of review) ------------------------------------------------


@transaction.atomic
def review_input_comment_set(*, user: Any, entry: ReviewInputEntry, comment: str) -> ReviewInputEntry:
    """Write the manager's analysis of one input (allowed until the review is signed)."""
    review = entry.review
    require(user, Operation.EDIT, review)
    _ensure_not_signed(review)
    entry.comment = (comment or "").strip()
    entry.full_clean()
    entry.save(update_fields=["comment"])
    return entry


@transaction.atomic
def review_decision_create(
    *,
    user: Any,
    review: Review,
    text: str,
    owner: Any,
    due_on: date,
    output_kind: str,
    title: str = "",
) -> ReviewDecision:
    """Record a decision of the review and open its action in the unified action plan (an
    improvement action raised from the review, owned and due as the decision)."""
    require(user, Operation.EDIT, review)
    _ensure_not_signed(review)
    decision = ReviewDecision(output_kind=output_kind, text=(text or "").strip(), owner=owner, due_on=due_on)
    for name, value in _owner_field(review).items():
        setattr(decision, name, value)
    decision.full_clean(exclude={"action"})
    first_line = decision.text.splitlines()[0] if decision.text else ""
    action_title = ((title or "").strip() or first_line).strip()[:255]
    decision.action = action_services.action_create(
        user=user,
        title=action_title,
        owner=owner,
        due_on=due_on,
        type=ActionType.IMPROVEMENT,
        origin=review,
        description=decision.text,
    )
    decision.save()
    event_record(
        actor=user, target=review, verb=gettext_noop("Decision recorded"), detail=decision.action.reference
    )
    return decision


# --- Process reviews ---------------------------------------------------------------------------


@transaction.atomic
def process_review_create(
    *,
    user: Any,
    process: Any,
    period_start: date,
    period_end: date,
    held_on: date,
    owner: Any = None,
    participants: Any = (),
    conclusion: str = "",
) -> ProcessReview:
    """Create the review of ``process`` (led by its owner unless told otherwise), numbered
    ``RDP-<year>-<nnnn>``. A process owner creates reviews of the processes they own only."""
    require(user, Operation.CREATE, ProcessReview)
    review = ProcessReview(
        process=process,
        period_start=period_start,
        period_end=period_end,
        held_on=held_on,
        owner=owner if owner is not None else process.owner,
        conclusion=conclusion,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    if not can(user, Operation.EDIT, review):
        raise PermissionDenied
    review.full_clean(exclude={"reference"})
    review.reference = next_reference("RDP", held_on.year)
    review.save()
    _set_participants(review, participants)
    _create_entries(review)
    event_record(actor=user, target=review, verb=gettext_noop("Process review created"), detail=str(process))
    return review


@transaction.atomic
def process_review_update(*, user: Any, review: ProcessReview, **fields: Any) -> ProcessReview:
    """Change a process review that is not signed (the period only while its inputs are not frozen)."""
    _check_fields(fields, PROCESS_REVIEW_FIELDS)
    require(user, Operation.EDIT, review)
    review = ProcessReview.objects.select_for_update().get(pk=review.pk)
    _ensure_not_signed(review)
    if review.inputs_are_frozen and any(
        getattr(review, name) != fields[name] for name in SNAPSHOT_FIELDS & set(fields)
    ):
        raise ValidationError(_("The inputs are frozen: the period can no longer change."), code="frozen")
    participants = fields.pop("participants", None)
    for name, value in fields.items():
        setattr(review, name, value)
    review.full_clean()
    review.save()
    _set_participants(review, participants)
    return review


@transaction.atomic
def process_review_collect_inputs(*, user: Any, review: ProcessReview) -> list[ReviewInputEntry]:
    """Ask every module for the inputs of the process for the period (only while the review is a draft)."""
    require(user, Operation.EDIT, review)
    review = ProcessReview.objects.select_for_update().get(pk=review.pk)
    if review.inputs_are_frozen:
        raise ValidationError(
            _("The inputs are frozen: they can no longer be collected again."), code="frozen"
        )
    entries = _collect(user=user, review=review)
    event_record(actor=user, target=review, verb=gettext_noop("Review inputs collected"))
    return entries


@transaction.atomic
def process_review_mark_held(*, user: Any, review: ProcessReview) -> ProcessReview:
    """Record that the process review took place; its inputs are frozen from then on."""
    require(user, Operation.EDIT, review)
    review = ProcessReview.objects.select_for_update().get(pk=review.pk)
    _ensure_not_signed(review)
    if review.inputs_collected_at is None:
        raise ValidationError(_("Collect the inputs before holding the review."), code="not_collected")
    review.status = ProcessReviewStatus.HELD
    review.save(update_fields=["status", "updated_at"])
    event_record(actor=user, target=review, verb=gettext_noop("Process review held"))
    return review


@transaction.atomic
def process_review_sign(*, user: Any, review: ProcessReview) -> ProcessReview:
    """Sign a held process review: it becomes read-only."""
    review = ProcessReview.objects.select_for_update().select_related("process").get(pk=review.pk)
    return _sign(user=user, review=review, held_status=ProcessReviewStatus.HELD)
