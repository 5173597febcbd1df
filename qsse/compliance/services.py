"""Every write of the compliance module: loading a library version (the watch), the site profiles and
the applicability proposals, the applicability decisions and the conformity assessments.

A gap (partially or not compliant) opens an action in the unified action plan, through the action
module's services, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qsse.actions import services as action_services
from qsse.actions.choices import ActionStatus, ActionType
from qsse.core.bulk import bulk_insert_with_history, bulk_update_with_history_rows
from qsse.core.choices import Operation
from qsse.core.permissions import require, user_person, user_site_ids
from qsse.core.services import event_record
from qsse.organization.models import Site

from . import applicability, calculations, rating, selectors
from .choices import GAP_STATUSES, Applicability, ChangeKind, ConformityStatus, GapSeverity, LibraryKind
from .library_files import FileError, LibraryFileError, parse_library
from .models import (
    ComplianceAssessment,
    ComplianceSnapshot,
    LibraryVersion,
    Requirement,
    RequirementChange,
    RequirementLibrary,
    SiteProfile,
)

# Requirements without a periodicity of their own are assessed again after this many months.
DEFAULT_REASSESSMENT_MONTHS = 12
# Days given to the action opened for a gap when no due date is chosen.
GAP_ACTION_DELAY_DAYS = 30
BATCH_SIZE = 1000
SHIPPED_DIR = Path(__file__).resolve().parent / "data"
SHIPPED_LIBRARIES = (
    "fr_ohs_essentials.yaml",
    "fr_environment_essentials.yaml",
    "iso_9001_2015.yaml",
    "iso_14001_2015.yaml",
    "iso_45001_2018.yaml",
    "iso_50001_2018.yaml",
    "mase_2024.yaml",
)

PROFILE_FIELDS = frozenset(
    {
        "naf_code",
        "activities",
        "icpe_rubriques",
        "equipment",
        "tertiary_floor_area_m2",
        "annual_energy_gwh",
        "notes",
    }
)


def _today() -> date:
    return timezone.localdate()


def _snapshot(requirement: Requirement) -> dict[str, Any]:
    data = {name: getattr(requirement, name) for name in calculations.COMPARED_FIELDS}
    data["is_repealed"] = not requirement.is_in_force
    return data


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


# --- Libraries and the watch ------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    version: LibraryVersion
    diff: calculations.LibraryDiff
    flagged: int  # assessments flagged to redo


@transaction.atomic
def library_import(*, user: Any, content: bytes | str, today: date | None = None) -> ImportResult:
    """Load a library file as a new version of its library (created on first load).

    The file is checked first; any error raises ``LibraryFileError`` and nothing is written (the
    version in use stays). Requirements are updated in place and each change is recorded; the
    assessments of modified or repealed requirements are flagged to redo; the sites that have a
    profile get applicability proposals for the new requirements.
    """
    require(user, Operation.CREATE, RequirementLibrary)
    today = today or _today()
    parsed = parse_library(content)
    library = RequirementLibrary.objects.select_for_update().filter(code=parsed.code).first()
    if library is None:
        library = RequirementLibrary(code=parsed.code)
    elif library.versions.filter(number=parsed.version).exists():
        raise LibraryFileError(
            [
                FileError(
                    None,
                    "version",
                    "number",
                    _("Version %(number)s of this library is already loaded.") % {"number": parsed.version},
                )
            ]
        )
    library.title, library.kind = parsed.title, parsed.kind
    library.publisher, library.description = parsed.publisher, parsed.description
    library.full_clean(exclude=["current_version"])
    library.save()

    existing = {requirement.key: requirement for requirement in library.requirements.all()}
    old = {key: _snapshot(requirement) for key, requirement in existing.items()}
    new = {
        key: {name: item[name] for name in calculations.COMPARED_FIELDS}
        for key, item in parsed.requirements.items()
    }
    diff = calculations.library_diff(old, new, today=today)

    version = LibraryVersion.objects.create(
        library=library,
        number=parsed.version,
        published_on=parsed.published_on,
        notes=parsed.notes,
        loaded_by=user if getattr(user, "is_authenticated", False) else None,
        added_count=len(diff.added),
        modified_count=len(diff.modified),
        repealed_count=len(diff.repealed),
        unchanged_count=diff.unchanged,
    )
    changes: list[RequirementChange] = []
    to_create: list[Requirement] = []
    to_update: list[Requirement] = []
    added, modified = set(diff.added), dict(diff.modified)
    for key, item in parsed.requirements.items():
        fields = {name: item[name] for name in calculations.COMPARED_FIELDS}
        requirement = existing.get(key)
        if requirement is None:
            requirement = Requirement(
                library=library, key=key, added_in=version, changed_in=version, **fields
            )
            requirement.is_in_force = key in added
            requirement.position = item["position"]
            to_create.append(requirement)
            continue
        is_in_force = key in added or key in modified or not calculations._is_repealed(item, today)
        changed = key in added or key in modified or key in diff.repealed
        same_place = requirement.position == item["position"] and requirement.is_in_force == is_in_force
        if not changed and same_place:
            continue  # unchanged: no write (a new version of 5,000 requirements changes a few hundred)
        for name, value in fields.items():
            setattr(requirement, name, value)
        requirement.position = item["position"]
        requirement.is_in_force = is_in_force
        if changed:
            requirement.changed_in = version
        to_update.append(requirement)
    for key in diff.repealed:
        if key not in parsed.requirements:  # dropped from the file
            requirement = existing[key]
            requirement.is_in_force = False
            requirement.changed_in = version
            to_update.append(requirement)
    for requirement in to_create + to_update:
        requirement.full_clean(exclude=["library", "added_in", "changed_in"], validate_unique=False)
    history_user = user if getattr(user, "is_authenticated", False) else None
    bulk_insert_with_history(Requirement, to_create, history_user=history_user)
    if to_update:
        bulk_update_with_history_rows(
            Requirement,
            to_update,
            [*calculations.COMPARED_FIELDS, "position", "is_in_force", "changed_in"],
            history_user=history_user,
        )
    by_key = {requirement.key: requirement for requirement in library.requirements.all()}
    for key in diff.added:
        changes.append(RequirementChange(version=version, requirement=by_key[key], kind=ChangeKind.ADDED))
    for key, names in diff.modified:
        changes.append(
            RequirementChange(
                version=version,
                requirement=by_key[key],
                kind=ChangeKind.MODIFIED,
                fields=list(names),
                before={name: _json(old[key][name]) for name in names},
                after={name: _json(new[key][name]) for name in names},
            )
        )
    for key in diff.repealed:
        changes.append(RequirementChange(version=version, requirement=by_key[key], kind=ChangeKind.REPEALED))
    RequirementChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)

    flagged = _flag_assessments(version, diff, by_key, history_user)
    library.current_version = version
    library.save(update_fields=["current_version", "updated_at"])
    for profile in SiteProfile.objects.select_related("site"):
        _propose(profile.site, profile, [by_key[key] for key in (*diff.added, *modified)], history_user)
    event_record(
        actor=user,
        target=library,
        verb=gettext_noop("Library version loaded"),
        detail=f"{version.number}: +{len(diff.added)} ~{len(diff.modified)} -{len(diff.repealed)}",
    )
    return ImportResult(version, diff, flagged)


def library_load_shipped(*, user: Any, files: tuple[str, ...] = SHIPPED_LIBRARIES) -> list[ImportResult]:
    """Load the starter libraries of ``data/`` whose version is not loaded yet (see data/SOURCE.md)."""
    results = []
    for name in files:
        content = (SHIPPED_DIR / name).read_bytes()
        parsed = parse_library(content)
        if LibraryVersion.objects.filter(library__code=parsed.code, number=parsed.version).exists():
            continue
        results.append(library_import(user=user, content=content))
    return results


def _flag_assessments(
    version: LibraryVersion, diff: calculations.LibraryDiff, by_key: dict[str, Requirement], history_user: Any
) -> int:
    """Mark the assessments of the changed requirements as to redo; returns how many."""
    reasons: dict[int, str] = {}
    for key, names in diff.modified:
        reasons[by_key[key].pk] = _("Modified in version %(version)s: %(fields)s") % {
            "version": version.number,
            "fields": ", ".join(str(Requirement._meta.get_field(name).verbose_name) for name in names),
        }
    for key in diff.repealed:
        reasons[by_key[key].pk] = _("Repealed in version %(version)s") % {"version": version.number}
    if not reasons:
        return 0
    assessments = list(ComplianceAssessment.objects.filter(requirement_id__in=reasons))
    for assessment in assessments:
        assessment.needs_review = True
        assessment.flagged_in = version
        assessment.review_reason = reasons[assessment.requirement_id][:500]
    bulk_update_with_history_rows(
        ComplianceAssessment,
        assessments,
        ["needs_review", "flagged_in", "review_reason"],
        history_user=history_user,
    )
    return len(assessments)


# --- Profiles and applicability ---------------------------------------------------------------


def _propose(
    site: Site, profile: SiteProfile | None, requirements: list[Requirement], history_user: Any
) -> None:
    """Create or refresh the applicability proposal of each requirement for ``site``.

    An unconfirmed proposal takes the new outcome; a confirmed one whose outcome changes goes back
    to "proposed" and is flagged for review; an override (justified) is kept as it is.
    """
    facts = selectors.profile_facts(site, profile)
    existing = {
        assessment.requirement_id: assessment
        for assessment in ComplianceAssessment.objects.filter(
            site=site, requirement__in=[r.pk for r in requirements]
        )
    }
    to_create, to_update = [], []
    for requirement in requirements:
        if not requirement.is_in_force:
            continue
        result = calculations.evaluate_criteria(calculations.criteria_from_data(requirement.criteria), facts)
        reason = applicability.describe_result(result)
        assessment = existing.get(requirement.pk)
        if assessment is None:
            to_create.append(
                ComplianceAssessment(
                    requirement=requirement,
                    site=site,
                    proposed_applicable=result.applicable,
                    proposed_reason=reason,
                    is_applicable=result.applicable,
                    status=ConformityStatus.TO_ASSESS
                    if result.applicable
                    else ConformityStatus.NOT_APPLICABLE,
                )
            )
            continue
        if assessment.proposed_applicable == result.applicable and assessment.proposed_reason == reason:
            continue
        outcome_changed = assessment.proposed_applicable != result.applicable
        assessment.proposed_applicable, assessment.proposed_reason = result.applicable, reason
        if outcome_changed and assessment.applicability == Applicability.CONFIRMED:
            assessment.applicability = Applicability.PROPOSED
            assessment.needs_review = True
            assessment.review_reason = _("The applicability proposal changed.")
        if assessment.applicability == Applicability.PROPOSED:
            _set_applicable(assessment, result.applicable)
        to_update.append(assessment)
    bulk_insert_with_history(ComplianceAssessment, to_create, history_user=history_user)
    if to_update:
        bulk_update_with_history_rows(
            ComplianceAssessment,
            to_update,
            [
                "proposed_applicable",
                "proposed_reason",
                "applicability",
                "is_applicable",
                "status",
                "needs_review",
                "review_reason",
            ],
            history_user=history_user,
        )


def _set_applicable(assessment: ComplianceAssessment, is_applicable: bool) -> None:
    assessment.is_applicable = is_applicable
    if not is_applicable:
        assessment.status = ConformityStatus.NOT_APPLICABLE
    elif assessment.status == ConformityStatus.NOT_APPLICABLE:
        assessment.status = ConformityStatus.TO_ASSESS


@transaction.atomic
def profile_save(*, user: Any, site: Site, **fields: Any) -> SiteProfile:
    """Create or change the compliance profile of ``site`` and refresh every applicability proposal."""
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise TypeError(f"profile_save() cannot change {', '.join(sorted(unknown))}")
    profile = SiteProfile.objects.filter(site=site).first()
    if profile is None:
        require(user, Operation.CREATE, SiteProfile, site_id=site.pk)
        profile = SiteProfile(site=site)
    else:
        require(user, Operation.EDIT, profile)
    for name, value in fields.items():
        if name in ("activities", "icpe_rubriques", "equipment"):
            value = sorted({str(item).strip() for item in value or [] if str(item).strip()})
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    site_propose(site=site, profile=profile, user=user)
    event_record(actor=user, target=profile, verb=gettext_noop("Compliance profile updated"))
    return profile


def site_propose(*, site: Site, profile: SiteProfile | None = None, user: Any = None) -> None:
    """Propose the applicability of every requirement in force for ``site``."""
    profile = profile if profile is not None else selectors.profile_for(site)
    requirements = list(Requirement.objects.filter(is_in_force=True))
    _propose(site, profile, requirements, user if getattr(user, "is_authenticated", False) else None)


@transaction.atomic
def applicability_decide(
    *, user: Any, assessment: ComplianceAssessment, is_applicable: bool, justification: str = ""
) -> ComplianceAssessment:
    """Confirm the proposal or override it; an override needs a justification."""
    require(user, Operation.EDIT, assessment)
    justification = (justification or "").strip()
    if is_applicable == assessment.proposed_applicable:
        assessment.applicability = Applicability.CONFIRMED
    else:
        if not justification:
            raise ValidationError({"justification": _("Overriding the proposal needs a justification.")})
        assessment.applicability = Applicability.OVERRIDDEN
    assessment.justification = justification
    _set_applicable(assessment, is_applicable)
    assessment.decided_by = user
    assessment.decided_on = _today()
    if assessment.review_reason == _("The applicability proposal changed."):
        assessment.needs_review, assessment.review_reason = False, ""
    assessment.full_clean()
    assessment.save()
    event_record(
        actor=user,
        target=assessment,
        verb=gettext_noop("Applicability overridden")
        if assessment.applicability == Applicability.OVERRIDDEN
        else gettext_noop("Applicability confirmed"),
        detail=justification,
    )
    return assessment


# --- Conformity assessment --------------------------------------------------------------------


ASSESSABLE = (
    ConformityStatus.TO_ASSESS,
    ConformityStatus.COMPLIANT,
    ConformityStatus.PARTIAL,
    ConformityStatus.NONCOMPLIANT,
)


@transaction.atomic
def assessment_record(
    *,
    user: Any,
    assessment: ComplianceAssessment,
    status: str,
    evidence: str | None = None,
    comment: str | None = None,
    gap_severity: str | None = None,
    gap_likelihood: int | None = None,
    gap_impact: int | None = None,
    assessed_on: date | None = None,
    next_assessment_on: date | None = None,
    assessor: Any = None,
    action_owner: Any = None,
    action_due_on: date | None = None,
) -> ComplianceAssessment:
    """Record the conformity of an applicable requirement for its site.

    A gap must be rated on the criticality matrix ("compliance" usage): ``gap_likelihood`` and
    ``gap_impact`` (kept from a previous rating when not given); any other status clears the rating.
    Clears the watch flag; the next assessment date defaults to the requirement's periodicity (or
    ``DEFAULT_REASSESSMENT_MONTHS``). A gap without an open action opens one (corrective, owned by
    ``action_owner``, else the assessor, else the user; due ``action_due_on``, else in
    ``GAP_ACTION_DELAY_DAYS`` days).
    """
    require(user, Operation.EDIT, assessment)
    if not assessment.is_applicable:
        raise ValidationError({"status": _("A requirement that does not apply cannot be assessed.")})
    if status not in ASSESSABLE:
        raise ValidationError({"status": _("Choose a conformity status.")})
    today = _today()
    assessment.status = status
    if evidence is not None:
        assessment.evidence = evidence
    if comment is not None:
        assessment.comment = comment
    if status in GAP_STATUSES:
        if gap_severity is not None:
            assessment.gap_severity = gap_severity
        if gap_severity and gap_severity not in GapSeverity.values:
            raise ValidationError({"gap_severity": _("Unknown gap rating.")})
        _rate_gap(
            assessment,
            gap_likelihood if gap_likelihood is not None else assessment.gap_likelihood,
            gap_impact if gap_impact is not None else assessment.gap_impact,
        )
    else:
        assessment.gap_severity = ""
        _rate_gap(assessment, None, None)
    assessment.assessor = assessor or assessment.assessor or user_person(user)
    if status == ConformityStatus.TO_ASSESS:
        assessment.assessed_on = None
        assessment.next_assessment_on = None
    else:
        assessment.assessed_on = assessed_on or today
        assessment.next_assessment_on = next_assessment_on or calculations.next_assessment_on(
            assessment.assessed_on, assessment.requirement.periodicity_months, DEFAULT_REASSESSMENT_MONTHS
        )
        assessment.needs_review, assessment.review_reason, assessment.flagged_in = False, "", None
    assessment.full_clean()
    if status in GAP_STATUSES and not _has_open_action(assessment):
        owner = action_owner or assessment.assessor
        if owner is None:
            raise ValidationError({"action_owner": _("Choose who is in charge of the action for this gap.")})
        assessment.action = action_services.action_create(
            user=user,
            title=(_("Gap: %(reference)s") % {"reference": assessment.requirement.reference})[:255],
            description=assessment.comment or assessment.requirement.summary_fr,
            owner=owner,
            due_on=action_due_on or today + timedelta(days=GAP_ACTION_DELAY_DAYS),
            type=ActionType.CORRECTIVE,
            origin=assessment,
            site=assessment.site,
        )
    assessment.save()
    event_record(
        actor=user,
        target=assessment,
        verb=gettext_noop("Conformity assessed"),
        detail=assessment.get_status_display(),
    )
    return assessment


def _rate_gap(assessment: ComplianceAssessment, likelihood: int | None, impact: int | None) -> None:
    """Check and store the criticality of a gap (both values required for a gap, none otherwise)."""
    if not assessment.is_gap:
        likelihood = impact = None
    elif likelihood is None or impact is None:
        raise ValidationError(
            {"gap_likelihood": _("Rate the criticality of the gap: its likelihood and its impact.")}
        )
    else:
        matrix = rating.active_matrix()
        rows, cols = rating.scale_max(matrix)
        errors = {}
        if not 1 <= likelihood <= rows:
            errors["gap_likelihood"] = _("Give the gap a likelihood between 1 and %(max)s.") % {"max": rows}
        if not 1 <= impact <= cols:
            errors["gap_impact"] = _("Give the gap an impact between 1 and %(max)s.") % {"max": cols}
        if errors:
            raise ValidationError(errors)
    assessment.gap_likelihood, assessment.gap_impact = likelihood, impact
    _apply_gap_rating(assessment)


def _apply_gap_rating(assessment: ComplianceAssessment, matrix: Any = None) -> None:
    """Store score, level and colours of the gap (denormalised for sorting and the dashboard)."""
    if assessment.gap_likelihood is None or assessment.gap_impact is None:
        assessment.gap_score = None
        assessment.gap_level = assessment.gap_colour = assessment.gap_text_colour = ""
        assessment.gap_is_significant = False
        return
    result = rating.rate(assessment.gap_likelihood, assessment.gap_impact, matrix=matrix)
    assessment.gap_score = result.score
    assessment.gap_level = result.level_name[:60]
    assessment.gap_colour = result.colour[:20]
    assessment.gap_text_colour = result.text_colour[:20]
    assessment.gap_is_significant = result.is_significant


RATED_FIELDS = ["gap_score", "gap_level", "gap_colour", "gap_text_colour", "gap_is_significant"]


def gaps_rescore(matrix_id: int | None = None) -> int:
    """Rescore every rated gap after the "compliance" matrix changed (the matrix listener).

    One UPDATE per (likelihood, impact) pair in use, whatever the number of gaps.
    """
    matrix = rating.active_matrix()
    rated = ComplianceAssessment.objects.filter(gap_likelihood__isnull=False, gap_impact__isnull=False)
    pairs = rated.values_list("gap_likelihood", "gap_impact").distinct().order_by()
    count = 0
    for likelihood, impact in list(pairs):
        probe = ComplianceAssessment(gap_likelihood=likelihood, gap_impact=impact)
        _apply_gap_rating(probe, matrix)
        count += rated.filter(gap_likelihood=likelihood, gap_impact=impact).update(
            **{name: getattr(probe, name) for name in RATED_FIELDS}
        )
    return count


def _has_open_action(assessment: ComplianceAssessment) -> bool:
    action = assessment.action
    return action is not None and action.status not in (ActionStatus.CANCELLED,)


# --- Standard gap analysis: snapshots -----------------------------------------------------------


@transaction.atomic
def snapshot_take(
    *,
    user: Any,
    library: RequirementLibrary,
    site: Site | None = None,
    label: str = "",
    taken_on: date | None = None,
) -> ComplianceSnapshot:
    """Freeze the current rates of a standard's clauses, for ``site`` or every site (``None``).

    Only a user who sees every site may take an all-sites snapshot. The label defaults to
    "État des lieux du <date>".
    """
    if site is None and user_site_ids(user) is not None:
        raise PermissionDenied
    require(user, Operation.CREATE, ComplianceSnapshot, site_id=site.pk if site else None)
    if library.kind != LibraryKind.STANDARD:
        raise ValidationError({"library": _("Only a standard's clauses can be snapshotted.")})
    taken_on = taken_on or _today()
    analysis = selectors.gap_analysis(user, library, site=site)
    snapshot = ComplianceSnapshot(
        library=library,
        site=site,
        label=(label or "").strip()[:120]
        or _("Assessment of %(date)s") % {"date": date_format(taken_on, "SHORT_DATE_FORMAT")},
        taken_on=taken_on,
        taken_by=user if getattr(user, "is_authenticated", False) else None,
        compliant=analysis.overall.compliant,
        partial=analysis.overall.partial,
        noncompliant=analysis.overall.noncompliant,
        to_assess=analysis.overall.to_assess,
        rate=analysis.overall.rate,
        clauses={
            row.clause.key: {
                "compliant": row.clause.counts.compliant,
                "partial": row.clause.counts.partial,
                "noncompliant": row.clause.counts.noncompliant,
                "to_assess": row.clause.counts.to_assess,
                "rate": None if row.clause.rate.rate is None else str(row.clause.rate.rate),
            }
            for row in analysis.rows
        },
    )
    snapshot.full_clean()
    snapshot.save()
    event_record(
        actor=user, target=library, verb=gettext_noop("Gap analysis snapshot taken"), detail=snapshot.label
    )
    return snapshot
