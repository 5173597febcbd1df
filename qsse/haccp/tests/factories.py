"""Test data built through the real services."""

from __future__ import annotations

from decimal import Decimal

from qsse.haccp import services


def build_plan(user, site, *, team=(), **extra):
    plan = services.plan_create(
        user=user,
        title=extra.pop("title", "Plan HACCP cantine"),
        site=site,
        scope="Repas servis à la cantine",
        product_name="Repas chauds",
        composition="Viandes, légumes",
        storage="0–3 °C",
        intended_use="Personnel adulte",
        **extra,
    )
    if team:
        plan.team.set(team)
    return plan


def build_ccp(user, plan):
    """A cooking step whose Salmonella hazard is decided CCP at Q2, with a ≥ 63 °C critical limit."""
    step = services.step_add(user=user, plan=plan, name="Cuisson", kind="cooking")
    hazard = services.hazard_add(
        user=user,
        step=step,
        category="biological",
        description="Survie de Salmonella",
        likelihood=3,
        severity=4,
    )
    services.hazard_answer(user=user, hazard=hazard, question="q1", answer=True)
    hazard = services.hazard_answer(user=user, hazard=hazard, question="q2", answer=True)
    control = services.control_point_define(
        user=user,
        hazard=hazard,
        limit_min=Decimal("63"),
        unit="°C",
        monitoring_what="Température à cœur",
        monitoring_frequency="Chaque lot",
        corrective_actions="Prolonger la cuisson",
        verification="Étalonnage des sondes",
        records="Fiche de cuisson",
    )
    return step, hazard, control
