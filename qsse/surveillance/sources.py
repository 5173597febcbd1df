"""The kinds of risk record a control point can watch, registered by their apps in ``ready()``.

An app declares its risk model once::

    register_risk_model(Hazard, label=_("HACCP hazard"), describe=describe_hazard)

``describe(record) -> RiskSnapshot`` tells how the record reads in a surveillance plan (its
reference, title, score and level). The plan stores that snapshot on the control point, so that it
still reads well when the risk changes or disappears. ``queryset(user)`` (optional) gives the records
the user may see; without it every record of the model is offered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class RiskSnapshot:
    reference: str
    title: str
    score: int | None = None
    level_name: str = ""
    colour: str = ""  # #rrggbb of the level, "" when unknown
    severity: int = 0  # tie-breaker of the ranking (gravity), 0 when unknown
    url: str = ""

    @property
    def label(self) -> str:
        return f"{self.reference} – {self.title}" if self.reference else self.title


@dataclass(frozen=True)
class RiskModel:
    model: type[Model]
    label: Any
    describe: Callable[[Any], RiskSnapshot]
    queryset: Callable[[Any], QuerySet] | None = None


_risk_models: dict[str, RiskModel] = {}


def register_risk_model(
    model: type[Model],
    *,
    label: Any,
    describe: Callable[[Any], RiskSnapshot],
    queryset: Callable[[Any], QuerySet] | None = None,
) -> None:
    """Declare that control points may watch records of ``model``."""
    _risk_models[model._meta.label_lower] = RiskModel(model, label, describe, queryset)


def risk_models() -> tuple[RiskModel, ...]:
    """The registered risk models, in registration order."""
    return tuple(_risk_models.values())


def risk_model_for(model: type[Model] | Model) -> RiskModel | None:
    return _risk_models.get(model._meta.label_lower)


def describe(record: Model) -> RiskSnapshot:
    """The snapshot of a registered risk record; a plain one (its str) for an unregistered model."""
    entry = risk_model_for(record)
    if entry is None:
        return RiskSnapshot(reference="", title=str(record))
    return entry.describe(record)


def visible_risks(user: Any, model: type[Model]) -> QuerySet:
    entry = risk_model_for(model)
    if entry is None or entry.queryset is None:
        return model._default_manager.all()
    return entry.queryset(user)
