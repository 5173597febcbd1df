"""Every write of the HAZOP module: studies, nodes, deviations (one by one or generated as
parameter × guide words), their analysis and risk rating, and recommendations sent to the action plan."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qsse.actions import services as action_services
from qsse.core.choices import Operation
from qsse.core.numbering import next_reference
from qsse.core.permissions import require, user_person
from qsse.core.services import event_record

from . import rating
from .calculations import deviation_grid
from .choices import DEVIATION_TEMPLATES, REFERENCE_PREFIX, DeviationStatus, GuideWord, Parameter, StudyStatus
from .models import Deviation, HazopNode, HazopStudy

STUDY_FIELDS = frozenset({"title", "installation", "site", "leader", "pid_reference", "scope"})
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
    }
)


def _check_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")


def _ensure_editable(study: HazopStudy) -> None:
    if study.status == StudyStatus.ARCHIVED:
        raise ValidationError(_("This HAZOP study is archived: it can no longer change."), code="archived")


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
    _ensure_editable(study)
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
    _ensure_editable(node.study)
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
    _ensure_editable(node.study)
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
    _ensure_editable(deviation.node.study)
    for name, value in fields.items():
        setattr(deviation, name, value)
    _validate_scale(deviation)
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
