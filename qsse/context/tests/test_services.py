from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qsse.actions import selectors as action_selectors
from qsse.context import services
from qsse.context.choices import AnalysisStatus, RiskStatus
from qsse.context.models import ContextAnalysis, CriticalityMatrix, RiskOpportunity
from qsse.core.choices import Role

from .factories import LEVELS_4X4, make_matrix, make_risk

pytestmark = pytest.mark.django_db


# --- Analyses ----------------------------------------------------------------------------------


def _swot(user):
    analysis = services.analysis_create(
        user=user, kind="swot", title="SWOT 2026", analysed_on=date(2026, 1, 15)
    )
    services.analysis_item_add(user=user, analysis=analysis, category="strength", text="Savoir-faire usinage")
    services.analysis_item_add(
        user=user, analysis=analysis, category="strength", text="Certification ISO 9001"
    )
    services.analysis_item_add(
        user=user, analysis=analysis, category="threat", text="Prix de l'énergie", importance=3
    )
    return analysis


def test_items_are_ordered_within_their_quadrant(manager):
    analysis = _swot(manager.user)
    strengths = list(analysis.items.filter(category="strength").values_list("text", "position"))
    assert strengths == [("Savoir-faire usinage", 1), ("Certification ISO 9001", 2)]


def test_pestel_category_refused_on_a_swot(manager):
    analysis = _swot(manager.user)
    with pytest.raises(ValidationError) as error:
        services.analysis_item_add(user=manager.user, analysis=analysis, category="legal", text="REACH")
    assert "category" in error.value.message_dict


def test_approved_analysis_refuses_edits_and_new_version_copies_items(manager):
    user = manager.user
    analysis = _swot(user)
    services.analysis_approve(user=user, analysis=analysis)
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.APPROVED and analysis.approved_by == user
    item = analysis.items.first()
    with pytest.raises(ValidationError):
        services.analysis_item_add(
            user=user, analysis=analysis, category="weakness", text="Parc vieillissant"
        )
    with pytest.raises(ValidationError):
        services.analysis_item_update(user=user, item=item, text="Changed")
    with pytest.raises(ValidationError):
        services.analysis_item_delete(user=user, item=item)
    with pytest.raises(ValidationError):
        services.analysis_update(user=user, analysis=analysis, title="Other")

    new = services.analysis_new_version(user=user, analysis=analysis, analysed_on=date(2026, 6, 1))
    assert (new.version, new.status, new.previous_id) == (2, AnalysisStatus.DRAFT, analysis.pk)
    assert sorted(new.items.values_list("text", flat=True)) == sorted(
        analysis.items.values_list("text", flat=True)
    )
    services.analysis_item_update(
        user=user, item=new.items.get(text="Prix de l'énergie"), text="Prix de l'électricité"
    )
    # The approved version keeps its wording.
    assert analysis.items.filter(text="Prix de l'énergie").exists()
    with pytest.raises(ValidationError):
        services.analysis_new_version(user=user, analysis=analysis)


def test_empty_analysis_cannot_be_approved(manager):
    analysis = services.analysis_create(
        user=manager.user, kind="pestel", title="P", analysed_on=date(2026, 1, 1)
    )
    with pytest.raises(ValidationError):
        services.analysis_approve(user=manager.user, analysis=analysis)


def test_reader_and_contributor_cannot_write_analyses(manager, member):
    analysis = _swot(manager.user)
    reader = member(Role.READER, username="reader")
    contributor = member(Role.CONTRIBUTOR, username="contributor")
    for user in (reader.user, contributor.user):
        with pytest.raises(PermissionDenied):
            services.analysis_create(user=user, kind="swot", title="X", analysed_on=date(2026, 1, 1))
        with pytest.raises(PermissionDenied):
            services.analysis_item_add(user=user, analysis=analysis, category="strength", text="X")
    assert ContextAnalysis.objects.count() == 1


# --- Matrix and register -----------------------------------------------------------------------


def test_score_and_level_stored(manager, process, matrix):
    record = make_risk(manager.user, process, probability=3, impact=2)
    record.refresh_from_db()
    assert record.reference.startswith("RO-")
    assert (record.score, record.level.name, record.is_significant) == (6, "Modéré", False)
    assert record.auto_action is None
    assert action_selectors.origin_actions_summary(record)["total"] == 0


def test_significant_record_spawns_one_treatment_action(manager, process, matrix):
    record = make_risk(manager.user, process, probability=3, impact=3)
    assert (record.score, record.level.name, record.is_significant) == (9, "Élevé", True)
    action = record.auto_action
    assert action is not None and action.type == "preventive" and action.process == process
    assert action.owner == manager
    record.refresh_from_db()
    assert record.status == RiskStatus.PLANNED
    # Editing it again does not create a second one.
    services.risk_opportunity_update(user=manager.user, record=record, impact=4)
    assert action_selectors.origin_actions_summary(record)["total"] == 1
    opportunity = make_risk(
        manager.user, process, probability=4, impact=3, kind="opportunity", title="IATF 16949"
    )
    assert opportunity.auto_action.type == "improvement"


def test_no_matrix_refuses_scoring(manager, process):
    with pytest.raises(ValidationError) as error:
        make_risk(manager.user, process)
    assert error.value.code == "no_matrix"


def test_values_outside_the_matrix_and_wrong_strategy_are_refused(manager, process, matrix):
    with pytest.raises(ValidationError) as error:
        make_risk(manager.user, process, probability=5, impact=1, treatment_strategy="exploit")
    assert set(error.value.message_dict) == {"probability", "treatment_strategy"}
    assert RiskOpportunity.objects.count() == 0


def test_matrix_change_recomputes_stored_scores_and_levels(manager, process, matrix):
    user = manager.user
    low = make_risk(user, process, probability=2, impact=3)  # 6, Modéré
    high = make_risk(user, process, probability=4, impact=4)  # 16, Critique
    # New thresholds 1 / 6 / 10: 6 stays Modéré (6–9), 16 falls from Critique to Élevé (10+).
    levels = [
        {"name": "Faible", "min_score": 1, "colour": "#2e7d32"},
        {"name": "Modéré", "min_score": 6, "colour": "#ffc107"},
        {"name": "Élevé", "min_score": 10, "colour": "#fd7e14", "is_significant": True},
    ]
    services.matrix_save(user=user, matrix=matrix, name="P × G", rows=4, cols=4, levels=levels)
    low.refresh_from_db()
    high.refresh_from_db()
    assert (low.score, low.level.name, low.is_significant) == (6, "Modéré", False)
    assert (high.score, high.level.name, high.is_significant) == (16, "Élevé", True)
    # A smaller matrix moves the records to its edge.
    services.matrix_save(
        user=user,
        matrix=matrix,
        name="P × G",
        rows=3,
        cols=3,
        levels=[
            {"name": "Bas", "min_score": 1, "colour": "#2e7d32"},
            {"name": "Haut", "min_score": 6, "colour": "#c62828", "is_significant": True},
        ],
    )
    high.refresh_from_db()
    assert (high.probability, high.impact, high.score, high.level.name) == (3, 3, 9, "Haut")
    assert high.history.count() >= 3  # the rescoring is in the record's history


def test_invalid_levels_save_nothing(manager, matrix):
    with pytest.raises(ValidationError):
        services.matrix_save(
            user=manager.user,
            matrix=matrix,
            name="Broken",
            rows=4,
            cols=4,
            levels=[
                {"name": "A", "min_score": 1, "colour": "#000000"},
                {"name": "B", "min_score": 20, "colour": "#ffffff"},
            ],
        )
    matrix.refresh_from_db()
    assert matrix.name == "P × G" and matrix.levels.count() == 4


def test_only_one_active_matrix(manager, process, matrix):
    other = make_matrix(
        manager.user,
        rows=3,
        cols=3,
        is_active=False,
        name="3 × 3",
        levels=[
            {"name": "Bas", "min_score": 1, "colour": "#2e7d32"},
            {"name": "Haut", "min_score": 4, "colour": "#c62828", "is_significant": True},
        ],
    )
    record = make_risk(manager.user, process, probability=4, impact=2)
    assert services.matrix_activate(user=manager.user, matrix=other) == 1
    assert list(CriticalityMatrix.objects.filter(is_active=True)) == [other]
    record.refresh_from_db()
    assert (record.probability, record.score, record.level.name) == (3, 6, "Haut")


def test_process_owner_cannot_change_the_matrix(member, matrix):
    owner = member(Role.PROCESS_OWNER, username="owner")
    with pytest.raises(PermissionDenied):
        services.matrix_save(user=owner.user, matrix=matrix, name="X", rows=4, cols=4, levels=LEVELS_4X4)


def test_closing_needs_the_close_right(member, manager, process, matrix, site_a):
    contributor = member(Role.CONTRIBUTOR, username="contributor")
    record = make_risk(contributor.user, process, site=site_a)
    assert record.owner == contributor
    with pytest.raises(PermissionDenied):
        services.risk_opportunity_update(user=contributor.user, record=record, status=RiskStatus.CLOSED)
    services.risk_opportunity_update(user=manager.user, record=record, status=RiskStatus.CLOSED)
    record.refresh_from_db()
    assert record.status == RiskStatus.CLOSED


def test_record_with_actions_cannot_be_deleted(manager, process, matrix):
    record = make_risk(manager.user, process, probability=4, impact=4)
    with pytest.raises(ValidationError):
        services.risk_opportunity_delete(user=manager.user, record=record)
    plain = make_risk(manager.user, process)
    services.risk_opportunity_delete(user=manager.user, record=plain)
    assert RiskOpportunity.objects.count() == 1


def test_party_and_summary(manager, process, site_a):
    party = services.party_create(
        user=manager.user,
        name="Auto-Systèmes",
        category="customers",
        influence=4,
        interest=4,
        processes=[process],
    )
    assert list(party.processes.all()) == [process]
    summary = services.summary_save(user=manager.user, text="ICPE", iso_9001=True)
    services.summary_save(user=manager.user, text="ICPE déclaration", iso_14001=True)
    summary.refresh_from_db()
    assert summary.text == "ICPE déclaration" and summary.standards() == ["ISO 9001", "ISO 14001"]
    site_summary = services.summary_save(user=manager.user, site=site_a, text="Site")
    assert site_summary.pk != summary.pk
