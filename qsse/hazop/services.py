"""Every write of the HAZOP module: studies, nodes, deviations (one by one or generated as
parameter × guide words), their analysis and risk rating, recommendations sent to the action plan,
and the life cycle: a study is completed once every deviation is rated or justified, then archived;
a deviation is closed once the action raised from its recommendation is done, or with a justification."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from qsse.actions import services as action_services
from qsse.actions.choices import ActionStatus
from qsse.core.choices import Operation
from qsse.core.numbering import next_reference
from qsse.core.permissions import require, user_person
from qsse.core.services import event_record

from . import rating
from .calculations import deviation_grid
from .choices import DEVIATION_TEMPLATES, REFERENCE_PREFIX, DeviationStatus, GuideWord, Parameter, StudyStatus
from .models import Deviation, HazopNode, HazopStudy

STUDY_FIELDS = frozenset({"title", "installation", "site", "process", "leader", "pid_reference", "scope"})
NODE_FIELDS = frozenset({"name", "design_intent", "parameters", "number"})
ANALYSIS_FIELDS = frozenset(
    {
        "text",
        "causes",
        "consequences",
        "safeguards",
        "likelihood",
        "severity",
        "recommendation",
        "responsible",
        "justification",
    }
)
# Statuses of an action that let the deviation it came from be closed.
ACTION_DONE_STATUSES = (ActionStatus.DONE, ActionStatus.CHECKED)


def _check_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")


def _reload_status(study: HazopStudy) -> str:
    """The status as stored, not as an instance loaded earlier holds it."""
    study.status = HazopStudy.objects.values_list("status", flat=True).get(pk=study.pk)
    return study.status


def _ensure_editable(study: HazopStudy) -> None:
    if _reload_status(study) == StudyStatus.ARCHIVED:
        raise ValidationError(_("This HAZOP study is archived: it can no longer change."), code="archived")


def _ensure_open_worksheet(study: HazopStudy) -> None:
    """Nodes and deviations are added or removed only while the study is in progress."""
    _ensure_editable(study)
    if study.status == StudyStatus.COMPLETED:
        raise ValidationError(
            _("This HAZOP study is completed: reopen it to change its nodes or deviations."), code="completed"
        )


def is_rated_or_justified(deviation: Deviation) -> bool:
    """A deviation counts as analysed for the completion of the study when it is rated or justified."""
    rated = deviation.likelihood is not None and deviation.severity is not None
    return rated or bool(deviation.justification.strip())


def deviation_text(parameter: str, guide_word: str) -> str:
    """The deviation as it reads in the worksheet: "More pressure", "Reverse flow"…"""
    text = DEVIATION_TEMPLATES[GuideWord(guide_word)] % {"parameter": Parameter(parameter).label}
    return text[:1].upper() + text[1:]


@transaction.atomic
def study_create(
    *, user: Any, title: str, installation: str, site: Any, team: list[Any] | None = None, **fields: Any
) -> HazopStudy:
    _check_fields(fields, STUDY_FIELDS)
    require(user, Operation.CREATE, HazopStudy, site_id=getattr(site, "pk", None))
    study = HazopStudy(title=title, installation=installation, site=site, created_by=user, **fields)
    if study.leader_id is None and "leader" not in fields:
        study.leader = user_person(user)
    study.full_clean(exclude={"reference"})
    study.reference = next_reference(REFERENCE_PREFIX, timezone.localdate().year)
    study.save()
    if team:
        study.team.set(team)
    event_record(actor=user, target=study, verb=gettext_noop("HAZOP study created"), detail=title)
    return study


@transaction.atomic
def study_update(*, user: Any, study: HazopStudy, team: list[Any] | None = None, **fields: Any) -> HazopStudy:
    _check_fields(fields, STUDY_FIELDS)
    require(user, Operation.EDIT, study)
    _ensure_editable(study)
    new_site = fields.get("site")
    if new_site is not None and new_site.pk != study.site_id:
        require(user, Operation.CREATE, HazopStudy, site_id=new_site.pk)
    for name, value in fields.items():
        setattr(study, name, value)
    study.full_clean()
    study.save()
    if team is not None:
        study.team.set(team)
    return study


@transaction.atomic
def node_add(*, user: Any, study: HazopStudy, name: str, **fields: Any) -> HazopNode:
    _check_fields(fields, NODE_FIELDS)
    require(user, Operation.EDIT, study)
    _ensure_open_worksheet(study)
    if fields.get("number") is None:
        last = study.nodes.order_by("-number").values_list("number", flat=True).first()
        fields["number"] = (last or 0) + 1
    unknown = set(fields.get("parameters") or []) - set(Parameter.values)
    if unknown:
        raise ValidationError({"parameters": _("Unknown parameter.")})
    node = HazopNode(study=study, name=name, **fields)
    node.full_clean()
    node.save()
    return node


@transaction.atomic
def node_update(*, user: Any, node: HazopNode, **fields: Any) -> HazopNode:
    """Change the name, design intent, parameters or number of a node."""
    _check_fields(fields, NODE_FIELDS)
    require(user, Operation.EDIT, node.study)
    _ensure_editable(node.study)
    unknown = set(fields.get("parameters") or []) - set(Parameter.values)
    if unknown:
        raise ValidationError({"parameters": _("Unknown parameter.")})
    if fields.get("number") is None:
        fields.pop("number", None)
    for name, value in fields.items():
        setattr(node, name, value)
    node.full_clean()
    node.save()
    return node


@transaction.atomic
def node_delete(*, user: Any, node: HazopNode) -> None:
    """Delete a node that has no deviation yet (a worksheet row is never lost with its node)."""
    study = node.study
    require(user, Operation.EDIT, study)
    _ensure_open_worksheet(study)
    count = node.deviations.count()
    if count:
        raise ValidationError(
            ngettext(
                "The node “%(name)s” cannot be deleted: it has %(count)s deviation in the worksheet.",
                "The node “%(name)s” cannot be deleted: it has %(count)s deviations in the worksheet.",
                count,
            )
            % {"name": node.name, "count": count},
            code="has_deviations",
        )
    event_record(actor=user, target=study, verb=gettext_noop("Node deleted"), detail=str(node))
    node.delete()


def _apply_rating(deviation: Deviation) -> None:
    if deviation.likelihood is None or deviation.severity is None:
        deviation.score = None
        deviation.level_name = deviation.level_colour = deviation.level_text_colour = ""
        deviation.is_significant = False
        return
    result = rating.rate(deviation.likelihood, deviation.severity)
    deviation.score = result.score
    deviation.level_name = str(result.level_name or "")[:60]
    deviation.level_colour = result.colour or ""
    deviation.level_text_colour = result.text_colour or ""
    deviation.is_significant = bool(result.is_significant)


def _validate_scale(deviation: Deviation) -> None:
    rows, cols = rating.scale_max()
    errors = {}
    if deviation.likelihood is not None and not 1 <= deviation.likelihood <= rows:
        errors["likelihood"] = _("Give a likelihood between 1 and %(max)s.") % {"max": rows}
    if deviation.severity is not None and not 1 <= deviation.severity <= cols:
        errors["severity"] = _("Give a severity between 1 and %(max)s.") % {"max": cols}
    if (deviation.likelihood is None) != (deviation.severity is None):
        errors["severity"] = _("Rate both the likelihood and the severity, or neither.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def deviation_add(*, user: Any, node: HazopNode, parameter: str, guide_word: str, **fields: Any) -> Deviation:
    """Add one deviation (its text generated from the guide word and the parameter unless given)."""
    _check_fields(fields, ANALYSIS_FIELDS)
    require(user, Operation.EDIT, node.study)
    _ensure_open_worksheet(node.study)
    if Deviation.objects.filter(node=node, parameter=parameter, guide_word=guide_word).exists():
        raise ValidationError(_("This deviation is already in the worksheet of the node."), code="duplicate")
    if parameter not in Parameter.values or guide_word not in GuideWord.values:
        raise ValidationError(_("Unknown parameter or guide word."), code="unknown")
    fields.setdefault("text", deviation_text(parameter, guide_word))
    deviation = Deviation(node=node, parameter=parameter, guide_word=guide_word, **fields)
    _validate_scale(deviation)
    _apply_rating(deviation)
    if deviation.causes or deviation.consequences:
        deviation.status = DeviationStatus.ANALYSED
    deviation.full_clean()
    deviation.save()
    return deviation


@transaction.atomic
def deviations_generate(
    *, user: Any, node: HazopNode, parameters: list[str], guide_words: list[str]
) -> list[Deviation]:
    """Add the deviations parameter × guide words missing from the node (IEC 61882 guide words)."""
    require(user, Operation.EDIT, node.study)
    _ensure_open_worksheet(node.study)
    existing = node.deviations.values_list("parameter", "guide_word")
    keys = deviation_grid(parameters, guide_words, existing)
    created = [
        deviation_add(user=user, node=node, parameter=key.parameter, guide_word=key.guide_word)
        for key in keys
    ]
    if created:
        event_record(
            actor=user,
            target=node.study,
            verb=gettext_noop("Deviations generated"),
            detail=f"{node.name}: {len(created)}",
        )
    return created


@transaction.atomic
def deviation_update(*, user: Any, deviation: Deviation, **fields: Any) -> Deviation:
    _check_fields(fields, ANALYSIS_FIELDS)
    require(user, Operation.EDIT, deviation)
    study = deviation.node.study
    _ensure_editable(study)
    if deviation.status == DeviationStatus.CLOSED:
        raise ValidationError(_("This deviation is closed: it can no longer change."), code="closed")
    for name, value in fields.items():
        setattr(deviation, name, value)
    _validate_scale(deviation)
    if study.status == StudyStatus.COMPLETED and not is_rated_or_justified(deviation):
        raise ValidationError(
            {"severity": _("The study is completed: keep the deviation rated, or justify it.")}
        )
    _apply_rating(deviation)
    if deviation.status == DeviationStatus.OPEN and (deviation.causes or deviation.consequences):
        deviation.status = DeviationStatus.ANALYSED
    deviation.full_clean()
    deviation.save()
    return deviation


@transaction.atomic
def deviation_create_action(
    *, user: Any, deviation: Deviation, owner: Any, due_on: date, title: str = ""
) -> Deviation:
    """Send the recommendation of a deviation to the action plan (the action points back to it)."""
    require(user, Operation.EDIT, deviation)
    _ensure_editable(deviation.node.study)
    if deviation.status == DeviationStatus.CLOSED:
        raise ValidationError(_("This deviation is closed: it can no longer change."), code="closed")
    if not deviation.recommendation.strip():
        raise ValidationError({"recommendation": _("Write the recommendation first.")})
    if deviation.action_id is not None:
        raise ValidationError(_("This recommendation is already in the action plan."), code="has_action")
    action = action_services.action_create(
        user=user,
        title=(title or deviation.recommendation)[:255],
        owner=owner,
        due_on=due_on,
        type="preventive",
        origin=deviation,
        description=f"{deviation.text}\n{deviation.consequences}".strip(),
    )
    deviation.action = action
    deviation.responsible = deviation.responsible or owner
    deviation.status = DeviationStatus.ACTION
    deviation.save(update_fields=["action", "responsible", "status", "updated_at"])
    event_record(
        actor=user,
        target=deviation.node.study,
        verb=gettext_noop("Recommendation sent to the action plan"),
        detail=action.reference,
    )
    return deviation


@transaction.atomic
def deviation_close(
    *, user: Any, deviation: Deviation, justification: str = "", today: date | None = None
) -> Deviation:
    """Close a deviation: the action raised from its recommendation is done (or its efficacy checked);
    without an action done, a justification is required (safeguards judged sufficient, action cancelled…)."""
    require(user, Operation.CLOSE, deviation)
    study = deviation.node.study
    _ensure_editable(study)
    if deviation.status == DeviationStatus.CLOSED:
        raise ValidationError(_("This deviation is already closed."), code="closed")
    justification = justification.strip() or deviation.justification.strip()
    action = deviation.action
    if action is not None and action.status not in ACTION_DONE_STATUSES:
        if action.status != ActionStatus.CANCELLED:
            raise ValidationError(
                _("The action %(reference)s is not done yet: the deviation stays open.")
                % {"reference": action.reference},
                code="action_open",
            )
        if not justification:
            raise ValidationError(
                {
                    "justification": _("The action %(reference)s was cancelled: justify the closure.")
                    % {"reference": action.reference}
                },
                code="justification",
            )
    if action is None and not justification:
        raise ValidationError(
            {
                "justification": _(
                    "No action was raised from this deviation: justify its closure "
                    "(for instance, the existing safeguards are sufficient)."
                )
            },
            code="justification",
        )
    deviation.justification = justification
    deviation.status = DeviationStatus.CLOSED
    deviation.closed_on = today or timezone.localdate()
    deviation.full_clean()
    deviation.save()
    event_record(actor=user, target=study, verb=gettext_noop("Deviation closed"), detail=deviation.text)
    return deviation


@transaction.atomic
def study_complete(*, user: Any, study: HazopStudy, today: date | None = None) -> HazopStudy:
    """Mark the study completed: it has deviations, each rated or justified (IEC 61882 examination done)."""
    require(user, Operation.CLOSE, study)
    _ensure_editable(study)
    if study.status != StudyStatus.DRAFT:
        raise ValidationError(_("Only a study in progress can be completed."), code="status")
    deviations = list(Deviation.objects.filter(node__study=study))
    if not deviations:
        raise ValidationError(_("The study has no deviation yet: it cannot be completed."), code="empty")
    pending = [d for d in deviations if not is_rated_or_justified(d)]
    if pending:
        raise ValidationError(
            ngettext(
                "%(count)s deviation is neither rated nor justified: the study cannot be completed.",
                "%(count)s deviations are neither rated nor justified: the study cannot be completed.",
                len(pending),
            )
            % {"count": len(pending)},
            code="pending",
        )
    study.status = StudyStatus.COMPLETED
    study.completed_on = today or timezone.localdate()
    study.save()
    event_record(actor=user, target=study, verb=gettext_noop("HAZOP study completed"))
    return study


@transaction.atomic
def study_reopen(*, user: Any, study: HazopStudy) -> HazopStudy:
    """Put a completed study back in progress (to add nodes or deviations)."""
    require(user, Operation.CLOSE, study)
    if _reload_status(study) != StudyStatus.COMPLETED:
        raise ValidationError(_("Only a completed study can be reopened."), code="status")
    study.status = StudyStatus.DRAFT
    study.completed_on = None
    study.save()
    event_record(actor=user, target=study, verb=gettext_noop("HAZOP study reopened"))
    return study


@transaction.atomic
def study_archive(*, user: Any, study: HazopStudy, today: date | None = None) -> HazopStudy:
    """Archive a completed study: from then on nothing in it changes."""
    require(user, Operation.CLOSE, study)
    if _reload_status(study) != StudyStatus.COMPLETED:
        raise ValidationError(_("Only a completed study can be archived."), code="status")
    study.status = StudyStatus.ARCHIVED
    study.archived_on = today or timezone.localdate()
    study.save()
    event_record(actor=user, target=study, verb=gettext_noop("HAZOP study archived"))
    return study


def deviations_rescore(matrix_id: int | None = None) -> int:
    """Rescore every rated deviation after the "hazop" matrix changed (the matrix listener)."""
    count = 0
    for deviation in Deviation.objects.filter(likelihood__isnull=False, severity__isnull=False):
        _apply_rating(deviation)
        deviation.save(
            update_fields=["score", "level_name", "level_colour", "level_text_colour", "is_significant"]
        )
        count += 1
    return count
