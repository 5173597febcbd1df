"""Reads of the reviews module, scoped to the user."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from qsse.actions import selectors as action_selectors
from qsse.actions.choices import OPEN_STATUSES, ActionStatus
from qsse.core.permissions import scope_queryset
from qsse.core.registry import ReviewInputSection, SearchResult

from .choices import INPUT_CLAUSES, ReviewInput
from .models import ManagementReview, ProcessReview, ReviewDecision, ReviewInputEntry

Review = ManagementReview | ProcessReview


def management_review_list(user: Any) -> QuerySet[ManagementReview]:
    """Management reviews the user may see, with their chair and site."""
    return scope_queryset(user, ManagementReview.objects.select_related("chair", "site"))


def management_review_get(user: Any, pk: int) -> ManagementReview:
    """One visible management review (Http404 otherwise) with its participants prefetched."""
    review = (
        management_review_list(user)
        .select_related("signed_by")
        .prefetch_related("participants")
        .filter(pk=pk)
    ).first()
    if review is None:
        raise Http404
    return review


def process_review_list(user: Any) -> QuerySet[ProcessReview]:
    """Process reviews the user may see, with their process and owner."""
    return scope_queryset(user, ProcessReview.objects.select_related("process", "process__owner", "owner"))


def process_review_get(user: Any, pk: int) -> ProcessReview:
    review = process_review_list(user).prefetch_related("participants").filter(pk=pk).first()
    if review is None:
        raise Http404
    return review


def section_as_dict(section: ReviewInputSection) -> dict[str, Any]:
    """A section as stored in a snapshot: plain strings and lists only."""
    data = asdict(section)
    return {
        "key": str(data["key"]),
        "title": str(data["title"]),
        "summary": str(data["summary"]),
        "headers": [str(header) for header in data["headers"]],
        "rows": [[str(cell) for cell in row] for row in data["rows"]],
        "figures": [[str(label), str(value)] for label, value in data["figures"]],
        "url": str(data["url"]),
    }


def _previous_reviews(review: Review) -> list[Review]:
    if isinstance(review, ProcessReview):
        queryset = ProcessReview.objects.filter(process_id=review.process_id)
    else:
        queryset = (
            ManagementReview.objects.filter(site_id=review.site_id)
            if review.site_id
            else (ManagementReview.objects.filter(site__isnull=True))
        )
    return list(
        queryset.filter(Q(held_on__lt=review.held_on) | Q(held_on=review.held_on, pk__lt=review.pk))
        .exclude(pk=review.pk)
        .order_by("-held_on", "-pk")
        .only("pk", "reference", "held_on")
    )


def previous_decisions_section(user: Any, review: Review, today: date | None = None) -> ReviewInputSection:
    """§9.3.2 a): the actions decided at the previous reviews (of the same site, or of the same process):
    every action of the latest previous review and the actions of older reviews still open, with
    their status and efficacy. Labels in the active language."""
    today = today or timezone.localdate()
    previous = _previous_reviews(review)
    title = _("Decisions of the previous reviews")
    if not previous:
        return ReviewInputSection(
            key=ReviewInput.PREVIOUS_ACTIONS, title=title, summary=_("No previous review in OpenQSSE.")
        )
    latest = previous[0]
    references = {item.pk: item.reference for item in previous}
    content_type = ContentType.objects.get_for_model(review.__class__)
    actions = list(
        action_selectors.action_list(user)
        .filter(origin_content_type=content_type, origin_object_id__in=list(references))
        .filter(Q(origin_object_id=latest.pk) | Q(status__in=OPEN_STATUSES))
        .order_by("due_on", "pk")
    )
    done = sum(1 for action in actions if action.status in (ActionStatus.DONE, ActionStatus.CHECKED))
    open_count = sum(1 for action in actions if action.status in OPEN_STATUSES)
    overdue = sum(1 for action in actions if action.status in OPEN_STATUSES and action.due_on < today)
    effective = sum(1 for action in actions if action.efficacy_result == "effective")
    rows = tuple(
        (
            references.get(action.origin_object_id, ""),
            action.reference,
            action.title,
            str(action.owner),
            date_format(action.due_on, "SHORT_DATE_FORMAT"),
            str(action.get_status_display()),
            str(action.get_efficacy_result_display()) if action.efficacy_result else "—",
        )
        for action in actions
    )
    summary = _(
        "%(done)s of the %(total)s actions decided at the previous reviews are done, %(open)s are "
        "still open (%(overdue)s overdue)."
    ) % {"done": done, "total": len(actions), "open": open_count, "overdue": overdue}
    return ReviewInputSection(
        key=ReviewInput.PREVIOUS_ACTIONS,
        title=title,
        summary=summary,
        headers=(_("Review"), _("Action"), _("Title"), _("Owner"), _("Due date"), _("Status"), _("Efficacy")),
        rows=rows,
        figures=(
            (_("Actions decided"), str(len(actions))),
            (_("Actions done"), str(done)),
            (_("Open actions"), str(open_count)),
            (_("Overdue actions"), str(overdue)),
            (_("Checked effective"), str(effective)),
        ),
        url=latest.get_absolute_url(),
    )


@dataclass(frozen=True)
class InputCard:
    entry: ReviewInputEntry
    label: str
    clause: str
    sections: list[dict[str, Any]]


def review_input_cards(review: Review) -> list[InputCard]:
    """The inputs of the review in the order of ISO 9001 §9.3.2, each with its label and clause."""
    labels = dict(ReviewInput.choices)
    return [
        InputCard(
            entry=entry,
            label=str(labels.get(entry.input_key, entry.input_key)),
            clause=INPUT_CLAUSES.get(entry.input_key, ""),
            sections=list(entry.sections or []),
        )
        for entry in review.inputs.order_by("position", "id")
    ]


def review_decisions(review: Review) -> QuerySet[ReviewDecision]:
    """The decisions of the review with their owner and action."""
    return review.decisions.select_related("owner", "action").order_by("id")


def input_entry_get(review: Review, pk: int) -> ReviewInputEntry:
    entry = review.inputs.filter(pk=pk).first()
    if entry is None:
        raise Http404
    return entry


def review_search(user: Any, query: str, limit: int) -> list[SearchResult]:
    """Management and process reviews whose reference or title matches ``query``."""
    management = management_review_list(user).filter(
        Q(reference__icontains=query) | Q(title__icontains=query)
    )[:limit]
    results = [
        SearchResult(
            reference=review.reference,
            title=review.title,
            url=review.get_absolute_url(),
            kind=str(_("Management review")),
        )
        for review in management
    ]
    process = process_review_list(user).filter(
        Q(reference__icontains=query) | Q(process__name__icontains=query) | Q(process__code__icontains=query)
    )[: max(0, limit - len(results))]
    results += [
        SearchResult(
            reference=review.reference,
            title=str(review.process),
            url=review.get_absolute_url(),
            kind=str(_("Process review")),
        )
        for review in process
    ]
    return results


def review_dashboard(user: Any, today: date | None = None) -> dict[str, Any]:
    """The next management review not yet signed, and the open decisions of reviews past their due date."""
    today = today or timezone.localdate()
    next_review = (
        management_review_list(user)
        .exclude(status="signed")
        .filter(held_on__gte=today)
        .order_by("held_on")
        .first()
    )
    last_review = management_review_list(user).filter(held_on__lt=today).order_by("-held_on").first()
    content_types = ContentType.objects.get_for_models(ManagementReview, ProcessReview).values()
    overdue = list(
        action_selectors.action_list(user)
        .filter(
            origin_content_type__in=list(content_types),
            status__in=OPEN_STATUSES,
            due_on__lt=today,
        )
        .order_by("due_on", "pk")[:5]
    )
    overdue_count = (
        action_selectors.action_list(user)
        .filter(origin_content_type__in=list(content_types), status__in=OPEN_STATUSES, due_on__lt=today)
        .count()
    )
    return {
        "next_review": next_review,
        "last_review": last_review,
        "overdue": overdue,
        "overdue_count": overdue_count,
    }
