"""Services of the environmental analysis, through the real services (values worked by hand)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.environment import services
from qsse.environment.choices import AnalysisStatus
from qsse.environment.models import EnvironmentalAspect, SignificanceSettings

from .conftest import make_aspect

pytestmark = pytest.mark.django_db


def test_analysis_numbered_and_aspects_scored(manager, analysis, activity):
    assert analysis.reference == "ENV-2026-0001"
    high = make_aspect(manager.user, activity)  # 3 × 4 × 2 = 24 ≥ 24
    low = make_aspect(
        manager.user, activity, aspect="Copeaux", compartment="waste", severity=2, frequency=4, control=1
    )
    assert (high.score, high.is_significant, high.reason_codes()) == (24, True, ["score"])
    assert (low.score, low.is_significant, low.reason_codes()) == (8, False, [])


def test_legal_and_emergency_reasons_are_stored(manager, activity):
    nox = make_aspect(
        manager.user,
        activity,
        aspect="NOx chaudière",
        compartment="air",
        severity=2,
        frequency=4,
        control=1,
        legal_requirement="Arrêté du 3 août 2018 (2910)",
    )
    spill = make_aspect(
        manager.user,
        activity,
        aspect="Déversement bain",
        condition="emergency",
        severity=4,
        frequency=1,
        control=2,
    )
    assert (nox.score, nox.reason_codes()) == (8, ["legal"])
    assert (spill.score, spill.reason_codes()) == (8, ["emergency"])


def test_rating_above_the_scale_is_refused(manager, activity):
    with pytest.raises(ValidationError) as error:
        make_aspect(manager.user, activity, severity=5)
    assert "severity" in error.value.message_dict


def test_settings_change_rescores_draft_aspects(manager, activity):
    aspect = make_aspect(manager.user, activity, severity=2, frequency=4, control=2)  # 16
    assert aspect.is_significant is False
    settings = services.settings_update(user=manager.user, threshold=16)
    assert SignificanceSettings.objects.count() == 1 and settings.threshold == 16
    aspect.refresh_from_db()
    assert (aspect.score, aspect.is_significant) == (16, True)
    # Two factors only: 2 × 4 = 8 < 16.
    services.settings_update(user=manager.user, method="sf")
    aspect.refresh_from_db()
    assert (aspect.score, aspect.is_significant) == (8, False)


def test_settings_threshold_above_the_highest_score_is_refused(manager):
    with pytest.raises(ValidationError) as error:
        services.settings_update(user=manager.user, threshold=65)
    assert "threshold" in error.value.message_dict


def test_settings_shorter_scale_clamps_ratings(manager, activity):
    aspect = make_aspect(manager.user, activity, severity=4, frequency=4, control=4)  # 64
    services.settings_update(user=manager.user, control_labels=["Maîtrisé", "Non maîtrisé"], threshold=20)
    aspect.refresh_from_db()
    assert (aspect.control, aspect.score) == (2, 32)


def test_reader_cannot_change_settings(member):
    reader = member(Role.READER)
    with pytest.raises(PermissionDenied):
        services.settings_update(user=reader.user, threshold=10)


def test_approve_freezes_and_new_version_copies(manager, analysis, activity):
    make_aspect(manager.user, activity)
    with pytest.raises(ValidationError):
        services.analysis_new_version(user=manager.user, analysis=analysis)  # still a draft
    services.analysis_approve(user=manager.user, analysis=analysis, approved_on=date(2026, 3, 20))
    assert analysis.status == AnalysisStatus.APPROVED
    with pytest.raises(ValidationError):
        make_aspect(manager.user, activity)
    copy = services.analysis_new_version(user=manager.user, analysis=analysis, analysed_on=date(2027, 3, 1))
    assert (copy.version, copy.previous_id, copy.reference) == (2, analysis.pk, "ENV-2027-0001")
    assert EnvironmentalAspect.objects.filter(activity__analysis=copy).count() == 1
    with pytest.raises(ValidationError):
        services.analysis_new_version(user=manager.user, analysis=analysis)
    services.analysis_approve(user=manager.user, analysis=copy)
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.SUPERSEDED


def test_empty_analysis_cannot_be_approved(manager, analysis):
    with pytest.raises(ValidationError):
        services.analysis_approve(user=manager.user, analysis=analysis)


def test_significant_aspect_to_action_and_objective(manager, activity):
    aspect = make_aspect(manager.user, activity)
    action = services.aspect_to_action(
        user=manager.user,
        aspect=aspect,
        title="Centrale de recyclage des émulsions",
        owner=manager,
        due_on=date(2026, 9, 30),
    )
    assert Action.objects.get() == action
    assert action.origin_object_id == aspect.pk and action.site == activity.analysis.site
    assert "score 24" in action.description
    objective = services.aspect_create_objective(
        user=manager.user, aspect=aspect, title="Réduire de 30 % les émulsions usagées", owner=manager
    )
    aspect.refresh_from_db()
    assert aspect.objective == objective
    assert (objective.domain, objective.level, objective.site) == (
        "environment",
        "strategic",
        activity.analysis.site,
    )


def test_contributor_of_another_site_cannot_add(member, site_b, activity):
    other = member(Role.CONTRIBUTOR, site=site_b)
    with pytest.raises(PermissionDenied):
        make_aspect(other.user, activity)
