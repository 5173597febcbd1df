"""Every write of the environmental analysis: the significance settings, analyses and their
versions, activities, aspects (scored by ``calculations.assess_significance``), and what a
significant aspect leads to: actions (``qsse.actions.services``) and objectives
(``qsse.indicators.services``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qsse.actions import services as action_services
from qsse.actions.choices import ActionType
from qsse.core.choices import Operation
from qsse.core.numbering import next_reference
from qsse.core.permissions import require, user_person
from qsse.core.services import event_record

from . import calculations
from .choices import AnalysisStatus
from .models import Activity, EnvironmentalAnalysis, EnvironmentalAspect, SignificanceSettings

ANALYSIS_FIELDS = frozenset({"title", "site", "analysed_on", "owner", "scope", "life_cycle_note"})
ACTIVITY_FIELDS = frozenset({"name", "process", "description", "life_cycle_stage", "order"})
ASPECT_FIELDS = frozenset(
    {
        "aspect",
        "impact",
        "compartment",
        "condition",
        "life_cycle_stage",
        "control_type",
        "existing_controls",
        "legal_requirement",
        "severity",
        "frequency",
        "control",
    }
)
SETTINGS_FIELDS = frozenset(
    {
        "method",
        "severity_labels",
        "frequency_labels",
        "control_labels",
        "threshold",
        "legal_requirement_rule",
        "emergency_rule",
        "emergency_min_severity",
    }
)


def _check(fields: dict[str, Any], allowed: frozenset[str], name: str) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"{name}() got {', '.join(sorted(unknown))}")


# --- Significance settings ----------------------------------------------------------------------


def default_settings() -> SignificanceSettings:
    """The starting scales (4 levels each, labels in the organisation's language) and threshold 24
    of 64: an aspect rated 4 × 3 × 2, 3 × 4 × 2 or 2 × 4 × 3 and above is significant."""
    with translation.override(django_settings.LANGUAGE_CODE):
        return SignificanceSettings(
            severity_labels=[
                _("Negligible: no lasting effect"),
                _("Limited: local, reversible effect"),
                _("Serious: effect beyond the site or lasting"),
                _("Very serious: irreversible or widespread damage"),
            ],
            frequency_labels=[
                _("Rare: less than once a year"),
                _("Occasional: a few times a year"),
                _("Frequent: weekly"),
                _("Continuous or daily"),
            ],
            control_labels=[
                _("Controlled: measures in place and monitored"),
                _("Mostly controlled: measures in place, not monitored"),
                _("Poorly controlled: partial measures"),
                _("Not controlled"),
            ],
            threshold=24,
        )


def rules_of(settings: SignificanceSettings) -> calculations.SignificanceRules:
    return calculations.SignificanceRules(
        method=settings.method,
        severity_max=len(settings.severity_labels),
        frequency_max=len(settings.frequency_labels),
        control_max=len(settings.control_labels),
        threshold=settings.threshold,
        legal_requirement_rule=settings.legal_requirement_rule,
        emergency_rule=settings.emergency_rule,
        emergency_min_severity=settings.emergency_min_severity,
    )


def current_settings() -> SignificanceSettings:
    """The saved settings, or the defaults (not saved) before anyone changed them."""
    return SignificanceSettings.objects.first() or default_settings()


@transaction.atomic
def settings_update(*, user: Any, **fields: Any) -> SignificanceSettings:
    """Save the scales, threshold and rules, then rescore the aspects of every draft analysis
    (approved analyses keep the rating they were approved with)."""
    _check(fields, SETTINGS_FIELDS, "settings_update")
    require(user, Operation.EDIT, SignificanceSettings)
    settings = SignificanceSettings.objects.select_for_update().first() or default_settings()
    for name, value in fields.items():
        if name.endswith("_labels"):
            value = [str(label).strip() for label in value if str(label).strip()]
        setattr(settings, name, value)
    problems = calculations.validate_rules(rules_of(settings))
    messages = {
        "scale": _("A scale has between 2 and 10 levels."),
        "threshold": _("The threshold must lie between 1 and the highest possible score (%(max)s).")
        % {"max": calculations.max_score(rules_of(settings))},
        "severity": _("Choose a level of the severity scale."),
    }
    errors = {name.replace("_max", "_labels"): messages[problem] for name, problem in problems.items()}
    if errors:
        raise ValidationError(errors)
    settings.full_clean()
    settings.save()
    event_record(actor=user, target=settings, verb=gettext_noop("Significance settings changed"))
    aspects_rescore(settings=settings)
    return settings


def aspects_rescore(*, settings: SignificanceSettings | None = None) -> int:
    """Rescore the aspects of draft analyses with the current settings; returns the count."""
    settings = settings or current_settings()
    rules = rules_of(settings)
    aspects = list(EnvironmentalAspect.objects.filter(activity__analysis__status=AnalysisStatus.DRAFT))
    for aspect in aspects:
        _rate(aspect, rules, clamp=True)
    EnvironmentalAspect.objects.bulk_update(
        aspects,
        ["severity", "frequency", "control", "score", "is_significant", "significance_reasons"],
        batch_size=1000,
    )
    return len(aspects)


def _rate(aspect: EnvironmentalAspect, rules: calculations.SignificanceRules, *, clamp: bool = False) -> None:
    if clamp:
        # A shorter scale: ratings above its top level take the top level.
        aspect.severity = min(aspect.severity, rules.severity_max)
        aspect.frequency = min(aspect.frequency, rules.frequency_max)
        aspect.control = min(aspect.control, rules.control_max)
    result = calculations.assess_significance(
        severity=aspect.severity,
        frequency=aspect.frequency,
        control=aspect.control if rules.method == calculations.METHOD_SFC else 1,
        condition=aspect.condition,
        has_legal_requirement=aspect.has_legal_requirement,
        rules=rules,
    )
    aspect.score = result.score
    aspect.is_significant = result.is_significant
    aspect.significance_reasons = ",".join(result.reasons)


def _validate_scales(aspect: EnvironmentalAspect, rules: calculations.SignificanceRules) -> None:
    errors = {}
    for name, top in (
        ("severity", rules.severity_max),
        ("frequency", rules.frequency_max),
        ("control", rules.control_max),
    ):
        value = getattr(aspect, name)
        if value and value > top:
            errors[name] = _("At most %(max)s on the organisation's scale.") % {"max": top}
    if errors:
        raise ValidationError(errors)


# --- Analyses ------------------------------------------------------------------------------------


def _require_draft(analysis: EnvironmentalAnalysis) -> None:
    if not analysis.is_editable:
        raise ValidationError(_("This version is approved: start a new version to change it."))


@transaction.atomic
def analysis_create(
    *, user: Any, title: str, site: Any, owner: Any, analysed_on: date, **fields: Any
) -> EnvironmentalAnalysis:
    _check(fields, ANALYSIS_FIELDS, "analysis_create")
    require(user, Operation.CREATE, EnvironmentalAnalysis, site_id=site.pk if site is not None else None)
    analysis = EnvironmentalAnalysis(
        title=(title or "").strip(),
        site=site,
        owner=owner,
        analysed_on=analysed_on,
        created_by=user,
        **fields,
    )
    analysis.full_clean(exclude=["reference"])
    analysis.reference = next_reference("ENV", analysed_on.year)
    analysis.save()
    event_record(actor=user, target=analysis, verb=gettext_noop("Environmental analysis created"))
    return analysis


@transaction.atomic
def analysis_update(*, user: Any, analysis: EnvironmentalAnalysis, **fields: Any) -> EnvironmentalAnalysis:
    _check(fields, ANALYSIS_FIELDS, "analysis_update")
    require(user, Operation.EDIT, analysis)
    _require_draft(analysis)
    if "site" in fields and fields["site"] != analysis.site and analysis.version > 1:
        raise ValidationError({"site": _("A later version stays on the site of the first.")})
    for name, value in fields.items():
        setattr(analysis, name, value)
    analysis.full_clean()
    analysis.save()
    require(user, Operation.EDIT, analysis)
    return analysis


def _who(user: Any) -> str:
    person = user_person(user)
    if person is not None:
        return str(person)
    return (user.get_full_name() or user.get_username()) if user is not None else ""


@transaction.atomic
def analysis_approve(
    *, user: Any, analysis: EnvironmentalAnalysis, approved_on: date | None = None
) -> EnvironmentalAnalysis:
    """Approve a draft: it is frozen from then on, and the version it replaces is superseded."""
    require(user, Operation.CLOSE, analysis)
    _require_draft(analysis)
    if not analysis.activities.filter(aspects__isnull=False).exists():
        raise ValidationError(_("An analysis without any aspect cannot be approved."))
    analysis.status = AnalysisStatus.APPROVED
    analysis.approved_on = approved_on or timezone.localdate()
    analysis.approved_by_name = _who(user)
    analysis.save()
    if analysis.previous_id:
        previous = analysis.previous
        previous.status = AnalysisStatus.SUPERSEDED
        previous.save(update_fields=["status", "updated_at"])
    event_record(
        actor=user,
        target=analysis,
        verb=gettext_noop("Environmental analysis approved"),
        detail=f"v{analysis.version}",
    )
    return analysis


@transaction.atomic
def analysis_new_version(
    *, user: Any, analysis: EnvironmentalAnalysis, analysed_on: date | None = None
) -> EnvironmentalAnalysis:
    """A new draft version copying every activity and aspect of an approved analysis (its
    actions and objectives stay linked to the aspects they came from, and are linked again to the
    copies' objectives)."""
    require(user, Operation.CREATE, EnvironmentalAnalysis, site_id=analysis.site_id)
    if analysis.status != AnalysisStatus.APPROVED:
        raise ValidationError(_("Only the approved version can be revised."))
    if EnvironmentalAnalysis.objects.filter(previous=analysis).exists():
        raise ValidationError(_("A newer version already exists."))
    day = analysed_on or timezone.localdate()
    copy = EnvironmentalAnalysis(
        title=analysis.title,
        site=analysis.site,
        owner=analysis.owner,
        analysed_on=day,
        scope=analysis.scope,
        life_cycle_note=analysis.life_cycle_note,
        version=analysis.version + 1,
        previous=analysis,
        created_by=user,
    )
    copy.full_clean(exclude=["reference", "previous"])
    copy.reference = next_reference("ENV", day.year)
    copy.save()
    rules = rules_of(current_settings())
    for activity in analysis.activities.prefetch_related("aspects"):
        aspects = list(activity.aspects.all())
        activity.pk = None
        activity.analysis = copy
        activity.save()
        for aspect in aspects:
            aspect.pk = None
            aspect.activity = activity
            aspect.created_by = user
            _rate(aspect, rules, clamp=True)
            aspect.save()
    event_record(actor=user, target=copy, verb=gettext_noop("New version started"), detail=analysis.reference)
    return copy


@transaction.atomic
def analysis_delete(*, user: Any, analysis: EnvironmentalAnalysis) -> None:
    require(user, Operation.DELETE, analysis)
    _require_draft(analysis)
    analysis.delete()


# --- Activities ----------------------------------------------------------------------------------


@transaction.atomic
def activity_create(*, user: Any, analysis: EnvironmentalAnalysis, name: str, **fields: Any) -> Activity:
    _check(fields, ACTIVITY_FIELDS, "activity_create")
    require(user, Operation.EDIT, analysis)
    _require_draft(analysis)
    activity = Activity(analysis=analysis, name=(name or "").strip(), **fields)
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_update(*, user: Any, activity: Activity, **fields: Any) -> Activity:
    _check(fields, ACTIVITY_FIELDS, "activity_update")
    require(user, Operation.EDIT, activity.analysis)
    _require_draft(activity.analysis)
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_delete(*, user: Any, activity: Activity) -> None:
    require(user, Operation.EDIT, activity.analysis)
    _require_draft(activity.analysis)
    activity.delete()


# --- Aspects -------------------------------------------------------------------------------------


@transaction.atomic
def aspect_create(*, user: Any, activity: Activity, **fields: Any) -> EnvironmentalAspect:
    """Add an aspect to ``activity``, scored with the organisation's settings."""
    _check(fields, ASPECT_FIELDS, "aspect_create")
    require(user, Operation.EDIT, activity.analysis)
    _require_draft(activity.analysis)
    aspect = EnvironmentalAspect(activity=activity, created_by=user, **fields)
    aspect.aspect = (aspect.aspect or "").strip()
    rules = rules_of(current_settings())
    aspect.full_clean(exclude=["score"])
    _validate_scales(aspect, rules)
    _rate(aspect, rules)
    aspect.save()
    event_record(
        actor=user, target=activity.analysis, verb=gettext_noop("Aspect added"), detail=str(aspect)[:255]
    )
    return aspect


@transaction.atomic
def aspect_update(*, user: Any, aspect: EnvironmentalAspect, **fields: Any) -> EnvironmentalAspect:
    _check(fields, ASPECT_FIELDS | {"activity"}, "aspect_update")
    require(user, Operation.EDIT, aspect.activity.analysis)
    _require_draft(aspect.activity.analysis)
    if "activity" in fields and fields["activity"].analysis_id != aspect.activity.analysis_id:
        raise ValidationError({"activity": _("Choose an activity of the same analysis.")})
    for name, value in fields.items():
        setattr(aspect, name, value)
    rules = rules_of(current_settings())
    aspect.full_clean(exclude=["score"])
    _validate_scales(aspect, rules)
    _rate(aspect, rules)
    aspect.save()
    return aspect


@transaction.atomic
def aspect_delete(*, user: Any, aspect: EnvironmentalAspect) -> None:
    analysis = aspect.activity.analysis
    require(user, Operation.EDIT, analysis)
    _require_draft(analysis)
    event_record(actor=user, target=analysis, verb=gettext_noop("Aspect removed"), detail=str(aspect)[:255])
    aspect.delete()


@transaction.atomic
def aspect_to_action(
    *,
    user: Any,
    aspect: EnvironmentalAspect,
    title: str,
    owner: Any,
    due_on: date,
    type: str = ActionType.PREVENTIVE,
    description: str = "",
    efficacy_criterion: str = "",
) -> Any:
    """Raise an action of the action plan to master ``aspect`` (its origin the aspect)."""
    require(user, Operation.VIEW, aspect)
    activity = aspect.activity
    return action_services.action_create(
        user=user,
        title=title,
        owner=owner,
        due_on=due_on,
        type=type,
        origin=aspect,
        site=activity.analysis.site,
        process=activity.process,
        description=description
        or _(
            "Environmental aspect – %(activity)s: %(aspect)s → %(impact)s (%(compartment)s, score %(score)s)"
        )
        % {
            "activity": activity.name,
            "aspect": aspect.aspect,
            "impact": aspect.impact,
            "compartment": aspect.get_compartment_display(),
            "score": aspect.score,
        },
        efficacy_criterion=efficacy_criterion,
    )


@transaction.atomic
def aspect_link_objective(*, user: Any, aspect: EnvironmentalAspect, objective: Any) -> EnvironmentalAspect:
    """Link the aspect to an environmental objective (ISO 14001 §6.2), or unlink it with None."""
    require(user, Operation.EDIT, aspect.activity.analysis)
    aspect.objective = objective
    aspect.save(update_fields=["objective", "updated_at"])
    return aspect


@transaction.atomic
def aspect_create_objective(
    *,
    user: Any,
    aspect: EnvironmentalAspect,
    title: str,
    owner: Any,
    target_date: date | None = None,
    measurable_statement: str = "",
) -> Any:
    """Create an environmental objective through the objectives module and link the aspect to it: a
    process objective when the activity belongs to a process, else a strategic one."""
    from qsse.indicators import services as indicator_services
    from qsse.indicators.choices import Domain, ObjectiveLevel

    require(user, Operation.EDIT, aspect.activity.analysis)
    process = aspect.activity.process
    objective = indicator_services.objective_create(
        user=user,
        level=ObjectiveLevel.PROCESS if process is not None else ObjectiveLevel.STRATEGIC,
        title=title,
        process=process,
        site=aspect.activity.analysis.site,
        domain=Domain.ENVIRONMENT,
        owner=owner,
        target_date=target_date,
        measurable_statement=measurable_statement,
        justification=_("Significant environmental aspect: %(aspect)s") % {"aspect": aspect.aspect},
    )
    aspect.objective = objective
    aspect.save(update_fields=["objective", "updated_at"])
    return objective
