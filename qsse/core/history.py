"""Reading the change history kept by django-simple-history, merged with business events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import BusinessEvent


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    at: datetime
    actor: str
    kind: str  # "created", "changed", "deleted", "event"
    title: str
    changes: list[FieldChange] = field(default_factory=list)


def _display(model: type[Model], field_name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    try:
        model_field = model._meta.get_field(field_name)
    except Exception:
        return str(value)
    if model_field.many_to_many:
        return _display_many(model, model_field, value)
    if getattr(model_field, "choices", None):
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation and model_field.related_model is not None:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def _display_many(model: type[Model], model_field: Any, value: Any) -> str:
    """The related records of a many-to-many snapshot, by name.

    django-simple-history records such a field as a list of rows of the through table, e.g.
    ``[{"person": 3, "site": 7}]``: the related record's id is under the related model's name.
    """
    related_model = model_field.related_model
    key = related_model._meta.model_name
    own = model._meta.model_name
    ids = []
    for row in value if isinstance(value, list) else []:
        if not isinstance(row, dict):
            continue
        related_id = row.get(key)
        if related_id is None:  # a through model naming its columns differently
            related_id = next((v for k, v in row.items() if k not in {own, "id"}), None)
        if related_id is not None:
            ids.append(related_id)
    if not ids:
        return "—"
    names = sorted(str(record) for record in related_model._default_manager.filter(pk__in=ids))
    return ", ".join(names)


def _label(model: type[Model], field_name: str) -> str:
    try:
        return capfirst(str(model._meta.get_field(field_name).verbose_name))
    except Exception:
        return field_name


HIDDEN_FIELDS = {"updated_at", "created_at", "search_text"}


def history_for(obj: Model) -> list[HistoryEntry]:
    """Every change of ``obj`` (who, when, field before → after) and its business events, oldest first."""
    model = type(obj)
    entries: list[HistoryEntry] = []
    records = list(obj.history.select_related("history_user").order_by("history_date", "history_id"))
    previous = None
    for record in records:
        actor = str(record.history_user) if record.history_user else str(_("system"))
        if record.history_type == "+":
            entries.append(HistoryEntry(record.history_date, actor, "created", str(_("Created"))))
        elif record.history_type == "-":
            entries.append(HistoryEntry(record.history_date, actor, "deleted", str(_("Deleted"))))
        elif previous is not None:
            delta = record.diff_against(previous)
            changes = [
                FieldChange(
                    _label(model, c.field), _display(model, c.field, c.old), _display(model, c.field, c.new)
                )
                for c in delta.changes
                if c.field not in HIDDEN_FIELDS
            ]
            if changes:
                entries.append(
                    HistoryEntry(record.history_date, actor, "changed", str(_("Changed")), changes)
                )
        previous = record
    content_type = ContentType.objects.get_for_model(model)
    for event in BusinessEvent.objects.filter(content_type=content_type, object_id=obj.pk).select_related(
        "actor"
    ):
        entries.append(
            HistoryEntry(
                event.occurred_at,
                str(event.actor) if event.actor else str(_("system")),
                "event",
                gettext(event.verb),
                [FieldChange("", "", event.detail)] if event.detail else [],
            )
        )
    entries.sort(key=lambda entry: entry.at)
    return _merge_events_with_their_changes(entries)


SAME_STEP_SECONDS = 2


def _merge_events_with_their_changes(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """Show a workflow step once: the business event carries the field changes saved with it.

    A service that changes a status both saves the record (a "changed" history row) and writes an
    event ("Status changed"); both come from the same actor within the same instant.
    """
    absorbed: set[int] = set()
    for entry in entries:
        if entry.kind != "event":
            continue
        for other_index, other in enumerate(entries):
            if (
                other.kind == "changed"
                and other_index not in absorbed
                and other.actor == entry.actor
                and abs((other.at - entry.at).total_seconds()) <= SAME_STEP_SECONDS
            ):
                absorbed.add(other_index)
                shown = {f"{change.old} → {change.new}" for change in other.changes}
                details = [change for change in entry.changes if change.new not in shown]
                entry.changes = details + other.changes
                break
    return [entry for index, entry in enumerate(entries) if index not in absorbed]
