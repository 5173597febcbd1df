"""Services: numbering, stored RPN/AP, re-rating, actions, workflow, AP tables, all-or-nothing imports."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qsse.actions.models import Action
from qsse.core.choices import Role
from qsse.fmea import services
from qsse.fmea.calculations import ApRule
from qsse.fmea.models import ApTable, FmeaLine

from .factories import SYNTHETIC_RULES, add_line, load_synthetic_table, make_fmea

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(member, site_a):
    return member(Role.QSSE_MANAGER, username="manager")


def test_fmea_reference_and_defaults(manager, site_a):
    first = make_fmea(manager.user, site=site_a)
    second = make_fmea(manager.user, site=site_a)
    assert first.reference.startswith("AMDEC-") and first.reference.endswith("-0001")
    assert second.reference.endswith("-0002")
    assert first.leader == manager
    assert first.prioritisation_method == "ap"  # the organisation's default
    assert first.status == "draft" and first.revision == 0


def test_line_stores_rpn_and_ap(manager, site_a):
    load_synthetic_table(manager.user)
    fmea = make_fmea(manager.user, site=site_a)
    line = add_line(manager.user, fmea)
    assert (line.rpn, line.ap, line.ap_rank, line.position) == (210, "L", 1, 1)
    line = services.line_update(user=manager.user, line=line, detection=8)
    assert (line.rpn, line.ap, line.ap_rank) == (280, "M", 2)
    second = add_line(manager.user, fmea, severity=9, occurrence=3, detection=2)
    assert (second.rpn, second.ap, second.position) == (54, "H", 2)


def test_the_shipped_aiag_vda_table_is_in_use_by_default(manager, site_a):
    line = add_line(manager.user, make_fmea(manager.user, site=site_a))
    # S 7, O 5, D 6: AIAG-VDA 2019 table, S 7–8 / O 4–5 / D 1–6 → M.
    assert line.rpn == 210 and line.ap == "M" and line.ap_rank == 2


def test_bad_rating_is_refused(manager, site_a):
    fmea = make_fmea(manager.user, site=site_a)
    with pytest.raises(ValidationError) as error:
        add_line(manager.user, fmea, severity=11)
    assert "severity" in error.value.message_dict
    assert FmeaLine.objects.count() == 0


def test_rerate_keeps_before_and_after(manager, site_a):
    load_synthetic_table(manager.user)
    line = add_line(manager.user, make_fmea(manager.user, site=site_a), severity=9, occurrence=4, detection=5)
    assert (line.rpn, line.ap) == (180, "H")
    line = services.line_rerate(
        user=manager.user, line=line, revised_severity=9, revised_occurrence=1, revised_detection=3
    )
    assert (line.rpn, line.ap, line.revised_rpn, line.revised_ap) == (180, "H", 27, "L")


def test_create_action_from_a_line(manager, site_a):
    fmea = make_fmea(manager.user, site=site_a)
    line = add_line(manager.user, fmea)
    action = services.line_create_action(
        user=manager.user, line=line, title="Capteur d'usure outil", owner=manager, due_on=date(2026, 12, 1)
    )
    line.refresh_from_db()
    assert line.action == action and line.recommended_action == "Capteur d'usure outil"
    assert action.type == "preventive" and action.site == site_a and action.origin == fmea
    with pytest.raises(ValidationError):
        services.line_create_action(
            user=manager.user, line=line, title="x", owner=manager, due_on=date(2026, 12, 1)
        )
    assert Action.objects.count() == 1


def test_workflow_and_new_revision(manager, site_a):
    fmea = make_fmea(manager.user, site=site_a)
    with pytest.raises(ValidationError):
        services.fmea_set_status(user=manager.user, fmea=fmea, status="approved")  # no line
    line = add_line(manager.user, fmea)
    fmea = services.fmea_set_status(user=manager.user, fmea=fmea, status="in_review")
    fmea = services.fmea_set_status(user=manager.user, fmea=fmea, status="approved")
    assert fmea.status == "approved" and fmea.approved_by == manager.user
    line.refresh_from_db()
    with pytest.raises(ValidationError):
        services.line_update(user=manager.user, line=line, severity=3)
    fmea = services.fmea_set_status(user=manager.user, fmea=fmea, status="draft")
    assert fmea.revision == 1 and fmea.approved_on is None


def test_contributor_cannot_approve(member, manager, site_a):
    contributor = member(Role.CONTRIBUTOR, username="contrib")
    fmea = make_fmea(manager.user, site=site_a, leader=contributor)
    add_line(manager.user, fmea)
    services.fmea_set_status(user=contributor.user, fmea=fmea, status="in_review")
    with pytest.raises(PermissionDenied):
        services.fmea_set_status(user=contributor.user, fmea=fmea, status="approved")


def test_ap_table_import_reports_gaps_and_overlaps(manager):
    with pytest.raises(ValidationError) as error:
        services.ap_table_import(user=manager.user, name="incomplète", rules=SYNTHETIC_RULES[:-1])
    assert "432 combinaisons ne sont couvertes par aucune règle : S=1 O=2 D=1" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        services.ap_table_import(
            user=manager.user, name="chevauchement", rules=(*SYNTHETIC_RULES, ApRule(1, 1, 1, 1, 1, 1, "H"))
        )
    assert "1 combinaison est couverte par plusieurs règles : S=1 O=1 D=1" in error.value.messages[0]
    assert ApTable.objects.count() == 1  # only the shipped AIAG-VDA table


def test_activating_a_table_recomputes_every_line(manager, site_a):
    line = add_line(manager.user, make_fmea(manager.user, site=site_a), severity=9, occurrence=3)
    assert line.ap == "M"  # shipped table: S 9–10, O 2–3, D 5–6
    first = load_synthetic_table(manager.user)
    line.refresh_from_db()
    assert (line.ap, line.ap_rank) == ("H", 3)
    everything_low = services.ap_table_import(
        user=manager.user, name="tout L", rules=[ApRule(1, 10, 1, 10, 1, 10, "L")]
    )
    line.refresh_from_db()
    assert line.ap == "L"
    first.refresh_from_db()
    assert not first.is_active and everything_low.is_active
    assert services.ap_table_activate(user=manager.user, table=first) == 1


def test_reader_cannot_write(member, manager, site_a):
    reader = member(Role.READER, username="reader")
    fmea = make_fmea(manager.user, site=site_a)
    with pytest.raises(PermissionDenied):
        make_fmea(reader.user, site=site_a)
    with pytest.raises(PermissionDenied):
        add_line(reader.user, fmea)
    with pytest.raises(PermissionDenied):
        services.ap_table_import(user=reader.user, name="x", rules=SYNTHETIC_RULES)
    with pytest.raises(PermissionDenied):
        services.rating_guide_save(user=reader.user, scale="severity", level=1, meaning="x")


def test_rating_guides_have_defaults_and_are_editable(manager):
    from qsse.fmea.models import RatingGuide

    assert RatingGuide.objects.count() == 30
    guide = services.rating_guide_save(user=manager.user, scale="severity", level=10, meaning="Danger mortel")
    assert RatingGuide.objects.get(scale="severity", level=10).meaning == "Danger mortel" == guide.meaning


def test_function_and_line_link(manager, site_a):
    fmea = make_fmea(manager.user, site=site_a)
    other = make_fmea(manager.user, site=site_a)
    function = services.function_add(
        user=manager.user, fmea=fmea, kind="main", structure_element="OP20", description="Usiner Ø42 h7"
    )
    add_line(manager.user, fmea, function=function)
    with pytest.raises(ValidationError):
        add_line(manager.user, other, function=function)


def test_review_input_and_search(manager, site_a):
    from qsse.fmea.review_inputs import fmea_review_input
    from qsse.fmea.selectors import fmea_search

    load_synthetic_table(manager.user)
    # Prioritised by AP (the default): only AP H lines are priority, whatever their RPN.
    fmea = make_fmea(manager.user, site=site_a)
    add_line(manager.user, fmea, severity=9, occurrence=4, detection=5, failure_mode="Outil cassé")  # H, 180
    add_line(manager.user, fmea, severity=3, occurrence=2, detection=2, failure_mode="Rayure légère")  # L, 12
    add_line(manager.user, fmea, severity=8, occurrence=5, detection=6, failure_mode="Bavure")  # L, 240
    # Prioritised by RPN: only RPN ≥ 100 (the default high threshold) is priority, whatever its AP.
    by_rpn = make_fmea(manager.user, site=site_a, prioritisation_method="rpn")
    high_rpn = add_line(
        manager.user, by_rpn, severity=8, occurrence=5, detection=6, failure_mode="Cote hors tolérance"
    )  # L, 240
    add_line(manager.user, by_rpn, severity=9, occurrence=3, detection=2, failure_mode="Filet abîmé")  # H, 54
    services.line_create_action(
        user=manager.user, line=high_rpn, title="Palpeur", owner=manager, due_on=date(2026, 12, 1)
    )
    (section,) = fmea_review_input(manager.user, date(2026, 1, 1), date(2027, 1, 1), None, None)
    assert section.key == "risk_opportunity_actions"
    assert [row[1] for row in section.rows] == [
        "1. Outil cassé",
        "1. Cote hors tolérance",
    ]  # AP rank first, then RPN
    assert section.figures[0][1] == "2"
    assert section.rows[1][4].startswith("ACT-")
    assert [result.reference for result in fmea_search(manager.user, "cassé", 10)] == [fmea.reference]
    assert fmea_review_input(manager.user, date(2026, 1, 1), date(2027, 1, 1), frozenset({-1}), None) == []
