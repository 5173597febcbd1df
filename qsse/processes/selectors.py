"""Reads of the process map, scoped to the user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from qsse.core.permissions import scope_queryset

from .calculations import Flow, MapLayout, ProcessNode, process_map_layout
from .choices import ProcessKind
from .models import Process, ProcessInteraction


def process_list(user: Any, *, active: bool | None = None) -> QuerySet[Process]:
    """Processes the user may see, with their owner, in map order (band, position, code)."""
    queryset = Process.objects.select_related("owner")
    if active is not None:
        queryset = queryset.filter(is_active=active)
    return scope_queryset(user, queryset)


def process_get(user: Any, pk: int) -> Process:
    """One process the user may see (Http404 otherwise), with its owner."""
    process = process_list(user).filter(pk=pk).first()
    if process is None:
        raise Http404
    return process


def interaction_list(user: Any, *, process: Process | None = None) -> QuerySet[ProcessInteraction]:
    """Interactions the user may see, with both processes; those touching ``process`` when given."""
    queryset = ProcessInteraction.objects.select_related("source", "target", "source__owner")
    if process is not None:
        queryset = queryset.filter(Q(source=process) | Q(target=process))
    return scope_queryset(user, queryset)


def interaction_get(user: Any, pk: int) -> ProcessInteraction:
    interaction = interaction_list(user).filter(pk=pk).first()
    if interaction is None:
        raise Http404
    return interaction


@dataclass(frozen=True)
class ProcessMapData:
    processes: list[Process]  # active processes, map order
    interactions: list[ProcessInteraction]  # between active processes
    layout: MapLayout
    without_owner: int


def band_labels() -> dict[str, str]:
    return {
        ProcessKind.MANAGEMENT: _("Management processes"),
        ProcessKind.REALISATION: _("Realisation processes"),
        ProcessKind.SUPPORT: _("Support processes"),
    }


def process_map_data(user: Any) -> ProcessMapData:
    """The active processes and their interactions, with the drawing of the map (two queries)."""
    processes = list(process_list(user, active=True))
    interactions = list(
        interaction_list(user)
        .filter(source__is_active=True, target__is_active=True)
        .order_by("source__code", "pk")
    )
    nodes = [
        ProcessNode(
            key=process.pk,
            code=process.code,
            name=process.name,
            kind=process.kind,
            position=process.position,
            href=process.get_absolute_url(),
            has_owner=process.owner_id is not None,
        )
        for process in processes
    ]
    flows = [Flow(i.source_id, i.target_id, i.flow) for i in interactions]
    layout = process_map_layout(
        nodes,
        flows,
        band_labels=band_labels(),
        requirements_label=_("Requirements of customers and interested parties"),
        satisfaction_label=_("Customer and interested-party satisfaction"),
    )
    return ProcessMapData(
        processes=processes,
        interactions=interactions,
        layout=layout,
        without_owner=sum(1 for process in processes if process.owner_id is None),
    )


def process_stats(user: Any) -> dict[str, int]:
    """Counts of active processes, in one query: in all and without an owner."""
    return process_list(user, active=True).aggregate(
        total=Count("pk"), without_owner=Count("pk", filter=Q(owner__isnull=True))
    )


def process_search(user: Any, query: str, limit: int) -> list[Process]:
    return list(process_list(user).filter(Q(code__icontains=query) | Q(name__icontains=query))[:limit])


def organisation_name() -> str:
    """The name printed in the header of the process sheet."""
    from qsse.organization.selectors import organization_get

    organisation = organization_get()
    return str(organisation) if organisation else ""
