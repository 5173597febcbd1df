"""The kinds of record that may feed the DUER (an accident, a near miss…), registered by their apps
in ``AppConfig.ready()``: a hazard is linked only to records of these models, so the DUER never
has to know the apps that feed it."""

from __future__ import annotations

from django.db.models import Model

_source_models: list[type[Model]] = []


def register_feedback_source(model: type[Model]) -> None:
    """Declare that records of ``model`` may be linked to DUER hazards (they need ``__str__`` and
    ``get_absolute_url``)."""
    if model not in _source_models:
        _source_models.append(model)


def is_feedback_source(record: Model) -> bool:
    return type(record) in _source_models
