"""Writes of the SWOT/PESTEL analyses (an approved one is frozen; changes go to version n+1),
of the interested parties and of the context summary."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qsse.core.choices import Operation
from qsse.core.permissions import require
from qsse.core.services import event_record

from ..choices import (
    CATEGORIES_BY_KIND,
    AnalysisKind,
    AnalysisStatus,
)
from ..models import (
    ContextAnalysis,
    ContextItem,
    ContextSummary,
    InterestedParty,
)
from ._common import _check_fields

# --- SWOT and PESTEL ---------------------------------------------------------------------------

ANALYSIS_FIELDS = frozenset({"title", "site", "analysed_on", "notes"})
ITEM_FIELDS = frozenset({"category", "text", "importance", "position"})


def _ensure_draft(analysis: ContextAnalysis) -> None:
    if analysis.status != AnalysisStatus.DRAFT:
        raise ValidationError(
            _("This analysis is approved and frozen: create a new version to change it."), code="approved"
        )


@transaction.atomic
def analysis_create(
    *, user: Any, kind: str, title: str, analysed_on: date, site: Any = None, notes: str = ""
) -> ContextAnalysis:
    """A new SWOT or PESTEL analysis, version 1, draft."""
    require(user, Operation.CREATE, ContextAnalysis, site_id=getattr(site, "pk", None))
    analysis = ContextAnalysis(
        kind=kind, title=title, analysed_on=analysed_on, site=site, notes=notes, created_by=user
    )
    analysis.full_clean()
    analysis.save()
    event_record(actor=user, target=analysis, verb=gettext_noop("Analysis created"), detail=title)
    return analysis


@transaction.atomic
def analysis_update(*, user: Any, analysis: ContextAnalysis, **fields: Any) -> ContextAnalysis:
    _check_fields(fields, ANALYSIS_FIELDS)
    require(user, Operation.EDIT, analysis)
    analysis = ContextAnalysis.objects.select_for_update().get(pk=analysis.pk)
    _ensure_draft(analysis)
    for name, value in fields.items():
        setattr(analysis, name, value)
    analysis.full_clean()
    analysis.save()
    return analysis


def _check_category(analysis: ContextAnalysis, category: str) -> None:
    if category not in CATEGORIES_BY_KIND[AnalysisKind(analysis.kind)]:
        raise ValidationError(
            {
                "category": _("This category does not belong to a %(kind)s analysis.")
                % {"kind": analysis.get_kind_display()}
            }
        )


@transaction.atomic
def analysis_item_add(
    *, user: Any, analysis: ContextAnalysis, category: str, text: str, importance: int = 2
) -> ContextItem:
    """Add an item at the end of its quadrant (SWOT) or column (PESTEL) of a draft analysis."""
    require(user, Operation.EDIT, analysis)
    _ensure_draft(analysis)
    _check_category(analysis, category)
    last = analysis.items.filter(category=category).aggregate(last=Max("position"))["last"]
    item = ContextItem(
        analysis=analysis,
        category=category,
        text=(text or "").strip(),
        importance=importance,
        position=(last or 0) + 1,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def analysis_item_update(*, user: Any, item: ContextItem, **fields: Any) -> ContextItem:
    _check_fields(fields, ITEM_FIELDS)
    analysis = item.analysis
    require(user, Operation.EDIT, analysis)
    _ensure_draft(analysis)
    if "category" in fields:
        _check_category(analysis, fields["category"])
    if "text" in fields:
        fields["text"] = (fields["text"] or "").strip()
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def analysis_item_delete(*, user: Any, item: ContextItem) -> None:
    analysis = item.analysis
    require(user, Operation.EDIT, analysis)
    _ensure_draft(analysis)
    item.delete()


@transaction.atomic
def analysis_approve(*, user: Any, analysis: ContextAnalysis) -> ContextAnalysis:
    """Approve (and freeze) a draft; it must have at least one item."""
    require(user, Operation.CLOSE, analysis)
    analysis = ContextAnalysis.objects.select_for_update().get(pk=analysis.pk)
    _ensure_draft(analysis)
    if not analysis.items.exists():
        raise ValidationError(_("An empty analysis cannot be approved: add its items first."), code="empty")
    analysis.status = AnalysisStatus.APPROVED
    analysis.approved_by = user
    analysis.approved_at = timezone.now()
    analysis.save()
    event_record(
        actor=user, target=analysis, verb=gettext_noop("Analysis approved"), detail=f"v{analysis.version}"
    )
    return analysis


@transaction.atomic
def analysis_new_version(
    *, user: Any, analysis: ContextAnalysis, analysed_on: date | None = None
) -> ContextAnalysis:
    """Copy an approved analysis and its items into version n+1 (draft); the old one stays readable."""
    require(user, Operation.CREATE, ContextAnalysis, site_id=analysis.site_id)
    analysis = ContextAnalysis.objects.select_for_update().get(pk=analysis.pk)
    if analysis.status != AnalysisStatus.APPROVED:
        raise ValidationError(_("Only an approved analysis gets a new version: this one is still a draft."))
    if ContextAnalysis.objects.filter(previous=analysis).exists():
        raise ValidationError(_("A newer version of this analysis exists already."), code="has_next")
    new = ContextAnalysis(
        kind=analysis.kind,
        title=analysis.title,
        site=analysis.site,
        analysed_on=analysed_on or timezone.localdate(),
        version=analysis.version + 1,
        previous=analysis,
        notes=analysis.notes,
        created_by=user,
    )
    new.full_clean()
    new.save()
    ContextItem.objects.bulk_create(
        [
            ContextItem(
                analysis=new,
                category=item.category,
                text=item.text,
                importance=item.importance,
                position=item.position,
            )
            for item in analysis.items.all()
        ]
    )
    event_record(
        actor=user,
        target=new,
        verb=gettext_noop("New version created"),
        detail=f"v{analysis.version} → v{new.version}",
    )
    return new


# --- Interested parties ------------------------------------------------------------------------

PARTY_FIELDS = frozenset(
    {"needs", "expectations", "influence", "interest", "is_relevant", "how_monitored", "site", "review_on"}
)


@transaction.atomic
def party_create(
    *, user: Any, name: str, category: str, processes: Sequence[Any] = (), **fields: Any
) -> InterestedParty:
    _check_fields(fields, PARTY_FIELDS)
    site = fields.get("site")
    require(user, Operation.CREATE, InterestedParty, site_id=getattr(site, "pk", None))
    party = InterestedParty(name=name, category=category, **fields)
    party.full_clean()
    party.save()
    if processes:
        party.processes.set(processes)
    return party


@transaction.atomic
def party_update(
    *, user: Any, party: InterestedParty, processes: Sequence[Any] | None = None, **fields: Any
) -> InterestedParty:
    _check_fields(fields, PARTY_FIELDS | {"name", "category"})
    require(user, Operation.EDIT, party)
    new_site = fields.get("site")
    if new_site is not None and new_site.pk != party.site_id:
        require(user, Operation.CREATE, InterestedParty, site_id=new_site.pk)
    for name, value in fields.items():
        setattr(party, name, value)
    party.full_clean()
    party.save()
    if processes is not None:
        party.processes.set(processes)
    return party


@transaction.atomic
def party_delete(*, user: Any, party: InterestedParty) -> None:
    require(user, Operation.DELETE, party)
    party.delete()


# --- Context summary ---------------------------------------------------------------------------

SUMMARY_FIELDS = frozenset({"text", "iso_9001", "iso_14001", "iso_45001", "iso_50001", "other_standards"})


@transaction.atomic
def summary_save(*, user: Any, site: Any = None, **fields: Any) -> ContextSummary:
    """Create or update the context summary of the organisation (``site`` None) or of one site."""
    _check_fields(fields, SUMMARY_FIELDS)
    summary = ContextSummary.objects.select_for_update().filter(site=site).first()
    if summary is None:
        require(user, Operation.CREATE, ContextSummary, site_id=getattr(site, "pk", None))
        summary = ContextSummary(site=site)
    else:
        require(user, Operation.EDIT, summary)
    for name, value in fields.items():
        setattr(summary, name, value)
    summary.full_clean(validate_constraints=False)
    summary.save()
    return summary
