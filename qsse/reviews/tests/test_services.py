"""Writes of the reviews module: agenda, collection of inputs, freezing, decisions, signature."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from qsse.actions import services as action_services
from qsse.actions.choices import ActionStatus, ActionType, EfficacyResult
from qsse.core import registry
from qsse.core.choices import Role
from qsse.core.models import BusinessEvent
from qsse.core.registry import ReviewInputSection
from qsse.reviews import selectors, services
from qsse.reviews.choices import PROCESS_REVIEW_INPUTS, ManagementReviewStatus, ReviewInput, ReviewOutput

pytestmark = pytest.mark.django_db


def test_creation_numbers_the_review_and_lays_out_the_agenda(make_review):
    review = make_review()
    assert review.reference == "RDD-2026-0001"
    assert review.status == ManagementReviewStatus.DRAFT
    keys = list(review.inputs.order_by("position").values_list("input_key", flat=True))
    assert keys == ReviewInput.values
    assert len(keys) == 12
    assert make_review(title="Revue 2026").reference == "RDD-2026-0002"


def test_collect_stores_one_entry_per_input_in_the_order_of_the_standard(make_review, manager, no_providers):
    review = make_review()
    entries = services.management_review_collect_inputs(user=manager.user, review=review)
    assert [entry.input_key for entry in entries] == ReviewInput.values
    assert [entry.position for entry in entries] == list(range(1, 13))
    # No module reports: every input but a) is empty ("to be completed"); a) says there was no review before.
    assert entries[0].sections[0]["title"] == "Décisions des revues précédentes"
    assert entries[0].sections[0]["summary"] == "Aucune revue précédente dans OpenQSSE."
    assert all(entry.sections == [] for entry in entries[1:])
    review.refresh_from_db()
    assert review.inputs_collected_at is not None


def test_a_registered_provider_has_its_section_stored_with_the_period_and_site(
    make_review, manager, site_a, monkeypatch
):
    calls = []

    def provider(user, start, end, site_ids, process_id):
        calls.append((start, end, site_ids, process_id))
        return [
            ReviewInputSection(
                key="objectives",
                title="Objectifs qualité 2025",
                summary="7 objectifs sur 9 atteints.",
                headers=("Objectif", "Cible", "Réalisé"),
                rows=(("Taux de service", "95 %", "96,2 %"),),
                figures=(("Atteints", "7 / 9"),),
                url="/indicators/",
            )
        ]

    def broken(user, start, end, site_ids, process_id):
        raise RuntimeError("module down")

    monkeypatch.setattr(registry, "review_input_providers", [broken, provider])
    review = make_review(site=site_a)
    services.management_review_collect_inputs(user=manager.user, review=review)
    # The period is passed as [start, end): the day after the last day of the period.
    assert calls == [(date(2025, 1, 1), date(2026, 1, 1), frozenset({site_a.pk}), None)]
    entry = review.inputs.get(input_key=ReviewInput.OBJECTIVES)
    assert entry.sections == [
        {
            "key": "objectives",
            "title": "Objectifs qualité 2025",
            "summary": "7 objectifs sur 9 atteints.",
            "headers": ["Objectif", "Cible", "Réalisé"],
            "rows": [["Taux de service", "95 %", "96,2 %"]],
            "figures": [["Atteints", "7 / 9"]],
            "url": "/indicators/",
        }
    ]


def test_collecting_again_keeps_comments_and_freezing_stops_it(make_review, manager, no_providers):
    review = make_review()
    services.management_review_collect_inputs(user=manager.user, review=review)
    entry = review.inputs.get(input_key=ReviewInput.RESOURCES)
    services.review_input_comment_set(
        user=manager.user, entry=entry, comment="  Deux recrutements en usinage. "
    )
    services.management_review_collect_inputs(user=manager.user, review=review)
    assert review.inputs.get(input_key=ReviewInput.RESOURCES).comment == "Deux recrutements en usinage."
    services.management_review_freeze_inputs(user=manager.user, review=review)
    review.refresh_from_db()
    assert review.status == ManagementReviewStatus.INPUTS_FROZEN
    with pytest.raises(ValidationError):
        services.management_review_collect_inputs(user=manager.user, review=review)
    with pytest.raises(ValidationError):
        services.management_review_update(user=manager.user, review=review, period_end=date(2025, 6, 30))
    # The header may still change (not the period).
    services.management_review_update(user=manager.user, review=review, location="Moulins")


def test_freezing_needs_collected_inputs(make_review, manager):
    review = make_review()
    with pytest.raises(ValidationError):
        services.management_review_freeze_inputs(user=manager.user, review=review)


def test_decision_creates_an_improvement_action_raised_from_the_review(make_review, manager, director):
    review = make_review()
    decision = services.review_decision_create(
        user=manager.user,
        review=review,
        output_kind=ReviewOutput.RESOURCE_NEED,
        text="Recruter un régleur CNC\nPoste en équipe de nuit",
        owner=director,
        due_on=date(2026, 6, 30),
    )
    action = decision.action
    assert action.title == "Recruter un régleur CNC"
    assert action.type == ActionType.IMPROVEMENT
    assert action.owner == director
    assert action.due_on == date(2026, 6, 30)
    assert action.origin == review
    assert action.origin_label == str(review)
    assert action.description == "Recruter un régleur CNC\nPoste en équipe de nuit"
    assert list(selectors.review_decisions(review)) == [decision]
    assert BusinessEvent.objects.filter(object_id=review.pk, verb="Decision recorded").count() == 1


def _hold_and_sign(review, user):
    services.management_review_collect_inputs(user=user, review=review)
    services.management_review_mark_held(user=user, review=review)
    return services.management_review_sign(user=user, review=review)


def test_signed_review_refuses_every_change(make_review, manager, director, no_providers):
    review = make_review()
    with pytest.raises(ValidationError):  # not held yet
        services.management_review_sign(user=manager.user, review=review)
    review = _hold_and_sign(review, manager.user)
    assert review.status == ManagementReviewStatus.SIGNED
    assert review.signed_by == manager.user
    assert review.signed_at is not None
    entry = review.inputs.first()
    with pytest.raises(ValidationError):
        services.review_input_comment_set(user=manager.user, entry=entry, comment="Trop tard")
    with pytest.raises(ValidationError):
        services.review_decision_create(
            user=manager.user,
            review=review,
            output_kind=ReviewOutput.IMPROVEMENT,
            text="Trop tard",
            owner=director,
            due_on=date(2026, 6, 30),
        )
    with pytest.raises(ValidationError):
        services.management_review_update(user=manager.user, review=review, title="Autre")
    with pytest.raises(ValidationError):
        services.management_review_mark_held(user=manager.user, review=review)
    with pytest.raises(ValidationError):
        services.management_review_collect_inputs(user=manager.user, review=review)
    assert review.decisions.count() == 0


def test_the_chair_signs_but_another_process_owner_cannot(
    make_review, manager, director, member, no_providers
):
    review = make_review()
    services.management_review_collect_inputs(user=manager.user, review=review)
    services.management_review_mark_held(user=manager.user, review=review)
    other = member(Role.PROCESS_OWNER, username="other")
    with pytest.raises(PermissionDenied):
        services.management_review_sign(user=other.user, review=review)
    review = services.management_review_sign(user=director.user, review=review)
    assert review.signed_by_name == "Jean-Marc Vernet – Directeur général"


def test_previous_actions_input_lists_the_actions_of_the_previous_review(
    make_review, manager, director, no_providers
):
    previous = make_review(title="Revue 2024", held_on=date(2025, 1, 20))
    first = services.review_decision_create(
        user=manager.user,
        review=previous,
        output_kind=ReviewOutput.IMPROVEMENT,
        text="Déployer le SMED sur les tours",
        owner=director,
        due_on=date(2025, 6, 30),
    ).action
    second = services.review_decision_create(
        user=manager.user,
        review=previous,
        output_kind=ReviewOutput.RESOURCE_NEED,
        text="Acheter une machine à mesurer",
        owner=director,
        due_on=date(2025, 9, 30),
    ).action
    action_services.action_set_status(user=manager.user, action=first, status=ActionStatus.DONE)
    action_services.action_check_efficacy(user=manager.user, action=first, result=EfficacyResult.EFFECTIVE)
    review = make_review()
    entries = services.management_review_collect_inputs(user=manager.user, review=review)
    section = entries[0].sections[0]
    assert entries[0].input_key == ReviewInput.PREVIOUS_ACTIONS
    assert section["title"] == "Décisions des revues précédentes"
    assert [row[:3] for row in section["rows"]] == [
        [previous.reference, first.reference, "Déployer le SMED sur les tours"],
        [previous.reference, second.reference, "Acheter une machine à mesurer"],
    ]
    assert [row[5] for row in section["rows"]] == ["Efficacité vérifiée", "Planifiée"]
    assert [row[6] for row in section["rows"]] == ["Efficace", "—"]
    figures = dict(section["figures"])
    assert figures["Actions décidées"] == "2"
    assert figures["Actions réalisées"] == "1"
    assert figures["Actions en cours"] == "1"
    # The later review is not "previous" to the earlier one.
    entries = services.management_review_collect_inputs(user=manager.user, review=previous)
    assert entries[0].sections[0]["rows"] == []


def test_previous_review_actions_use_the_origin_content_type(make_review, manager, director):
    review = make_review()
    decision = services.review_decision_create(
        user=manager.user,
        review=review,
        output_kind=ReviewOutput.QMS_CHANGE,
        text="Réviser la cartographie",
        owner=director,
        due_on=date(2026, 3, 31),
    )
    assert decision.action.origin_content_type == ContentType.objects.get_for_model(review)


def test_process_review_defaults_to_the_process_owner_and_collects_its_inputs(
    manager, member, make_process, monkeypatch
):
    owner = member(Role.PROCESS_OWNER, username="owner")
    process = make_process("REA-05", owner=owner)
    calls = []

    def provider(user, start, end, site_ids, process_id):
        calls.append((start, end, site_ids, process_id))
        return []

    monkeypatch.setattr(registry, "review_input_providers", [provider])
    review = services.process_review_create(
        user=owner.user,
        process=process,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        held_on=date(2026, 7, 10),
    )
    assert review.owner == owner
    assert review.reference == "RDP-2026-0001"
    entries = services.process_review_collect_inputs(user=owner.user, review=review)
    assert [entry.input_key for entry in entries] == [str(key) for key in PROCESS_REVIEW_INPUTS]
    assert calls == [(date(2026, 1, 1), date(2026, 7, 1), None, process.pk)]
    services.process_review_mark_held(user=owner.user, review=review)
    with pytest.raises(ValidationError):
        services.process_review_collect_inputs(user=owner.user, review=review)
    review = services.process_review_sign(user=owner.user, review=review)
    assert review.is_signed


def test_process_owner_cannot_review_another_owners_process(member, make_process):
    owner = member(Role.PROCESS_OWNER, username="owner")
    other = member(Role.PROCESS_OWNER, username="other")
    process = make_process("REA-06", owner=other)
    with pytest.raises(PermissionDenied):
        services.process_review_create(
            user=owner.user,
            process=process,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 6, 30),
            held_on=date(2026, 7, 10),
        )


def test_reader_cannot_create_a_management_review(member, director):
    reader = member(Role.READER)
    with pytest.raises(PermissionDenied):
        services.management_review_create(
            user=reader.user,
            title="Revue",
            held_on=date(2026, 1, 22),
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
            chair=director,
        )


def test_only_a_draft_without_decisions_is_deleted(make_review, manager, director):
    review = make_review()
    services.review_decision_create(
        user=manager.user,
        review=review,
        output_kind=ReviewOutput.IMPROVEMENT,
        text="Décision",
        owner=director,
        due_on=date(2026, 3, 31),
    )
    with pytest.raises(ValidationError):
        services.management_review_delete(user=manager.user, review=review)
    other = make_review(title="Erreur")
    services.management_review_delete(user=manager.user, review=other)
    assert not type(other).objects.filter(pk=other.pk).exists()
