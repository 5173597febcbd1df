"""What the module gives the others: review inputs, the analysis source, search, action origins."""

from datetime import date
from decimal import Decimal

import pytest

from qsse.core.registry import analysis_sources, indicator_sources
from qsse.indicators import integrations, services

pytestmark = pytest.mark.django_db


def test_review_inputs_for_a_process_review(manager, make_indicator, put_values):
    from qsse.processes import services as process_services

    process = process_services.process_create(
        user=manager.user, code="REA-05", name="Usinage", kind="realisation"
    )
    scrap = make_indicator(
        "QUA-03",
        name="Taux de rebut",
        process=process,
        direction="lower_is_better",
        target=2,
        alert_threshold=3,
    )
    make_indicator("ENV-01", name="Valorisation des déchets")  # another process: not in this review
    put_values(
        scrap, {date(2026, 3, 1): Decimal("2.6"), date(2026, 6, 1): Decimal("1.9"), date(2026, 9, 1): 5}
    )
    services.objective_create(
        user=manager.user,
        level="process",
        title="Rebut sous 2 %",
        process=process,
        indicator=scrap,
        baseline_value=Decimal("3.8"),
        target_value=Decimal("2"),
        status="active",
    )
    services.objective_create(user=manager.user, level="process", title="Brouillon", process=process)
    objectives, performance = integrations.review_inputs(
        manager.user, date(2026, 1, 1), date(2026, 7, 1), None, process.pk
    )
    assert objectives.key == "objectives" and len(objectives.rows) == 1  # the draft is left out
    reference, title, status, current, target, progress, light = objectives.rows[0]
    # As of the end of the review period: June's 1.9 % (September's 5 % comes after);
    # (1.9 − 3.8) / (2 − 3.8) = 105 % of the way, shown as 100 %.
    assert (title, status, current, target, progress, light) == (
        "Rebut sous 2 %",
        "En cours",
        "1,9",
        "2,0",
        "100 %",
        "Objectif atteint",
    )
    assert performance.key == "process_performance"
    # In the review period (January to June) the last value is June's 1.9 %: on target.
    assert performance.rows == (
        ("QUA-03", "Taux de rebut", "juin 2026", "1,9 %", "2,0 %", "Objectif atteint"),
    )
    assert "1 indicateurs" in performance.summary or "1 indicator" in performance.summary


def test_analysis_source_and_search(manager, make_indicator, put_values, site_a):
    indicator = make_indicator("LOG-01", name="Livraisons à l'heure", site=site_a)
    put_values(indicator, {date(2026, 1, 1): 93, date(2026, 2, 1): 95})
    source = analysis_sources["indicators.measurements"]
    assert [column.name for column in source.columns] == [
        "indicator_code",
        "indicator_name",
        "site",
        "period",
        "value",
    ]
    assert list(source.rows(manager.user)) == [
        ("LOG-01", "Livraisons à l'heure", "Montluçon", date(2026, 1, 1), 93.0),
        ("LOG-01", "Livraisons à l'heure", "Montluçon", date(2026, 2, 1), 95.0),
    ]
    results = integrations.search_indicators(manager.user, "livraisons", 5)
    assert [(r.reference, r.url) for r in results] == [("LOG-01", indicator.get_absolute_url())]


def test_sources_are_registered():
    assert {
        "nonconformities.count",
        "nonconformities.complaints",
        "nonconformities.cost",
        "nonconformities.open_over_30_days",
        "actions.overdue_rate",
        "actions.closed",
        "actions.efficacy_rate",
    } <= set(indicator_sources)
    from qsse.actions.origins import origin_models
    from qsse.indicators.models import Objective

    assert Objective in origin_models()


def test_action_sources_hand_worked(manager, site_a):
    """Three actions on day D = 30 Sept. 2026: one open and overdue, one open not yet due, one completed
    late in September: overdue rate 1 / 2 = 50 %, one action closed in September."""
    from qsse.actions import services as action_services
    from qsse.actions.models import Action

    def action(title, due_on):
        return action_services.action_create(
            user=manager.user, title=title, owner=manager, due_on=due_on, site=site_a
        )

    action("En retard", date(2026, 9, 10))
    action("À venir", date(2026, 10, 20))
    done = action("Soldée", date(2026, 9, 1))
    Action.objects.filter(pk=done.pk).update(status="done", completed_on=date(2026, 9, 15))
    from datetime import datetime

    from django.utils import timezone

    Action.objects.update(created_at=timezone.make_aware(datetime(2026, 8, 1, 9)))
    september = (date(2026, 9, 1), date(2026, 10, 1))
    assert indicator_sources["actions.overdue_rate"].compute(*september, None) == 50.0
    assert indicator_sources["actions.closed"].compute(*september, frozenset({site_a.pk})) == 1
    assert indicator_sources["actions.closed"].compute(*september, frozenset({site_a.pk + 100})) == 0
    assert indicator_sources["actions.efficacy_rate"].compute(*september, None) is None
    url = indicator_sources["actions.overdue_rate"].drilldown(*september, site_a.pk)
    assert url == f"/actions/?overdue=yes&due_before=2026-09-29&site={site_a.pk}"
