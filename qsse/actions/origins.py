"""The kinds of record an action can be raised from, registered by their apps in ``AppConfig.ready()``.

The action list offers these kinds in its "origin type" filter: knowing them beforehand spares a
``SELECT DISTINCT`` over every action to find which kinds are in use.
"""

from __future__ import annotations

from django.db.models import Model

_origin_models: list[type[Model]] = []


def register_origin_model(model: type[Model]) -> None:
    """Declare that actions may be raised from records of ``model`` (a non-conformity, a finding...)."""
    if model not in _origin_models:
        _origin_models.append(model)


def origin_models() -> tuple[type[Model], ...]:
    """The registered origin models, in registration order."""
    return tuple(_origin_models)
