"""The data of the minutes PDF of a review (qsse/reviews/reports/minutes.typ), every label translated
into the language asked for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qsse.core.pdf import render_pdf
from qsse.organization import selectors as organization_selectors

from . import selectors
from .choices import MinutesLanguage
from .models import ManagementReview, ProcessReview

MINUTES_TEMPLATE = Path(__file__).resolve().parent / "reports" / "minutes.typ"
EMPTY_INPUT_NOTE = gettext_noop("No data from OpenQSSE yet — to be completed.")


def minutes_language(review: ManagementReview | ProcessReview, requested: str | None) -> str:
    """The language asked for when it is one of the minutes' languages, else the review's own."""
    if requested in MinutesLanguage.values:
        return requested
    return getattr(review, "language", None) or MinutesLanguage.FRENCH


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _person(person: Any) -> str:
    if person is None:
        return "—"
    return f"{person.full_name} ({person.job_title})" if person.job_title else person.full_name


def minutes_data(user: Any, review: ManagementReview | ProcessReview, lang: str) -> dict[str, Any]:
    """Everything the minutes print, in ``lang`` (fr or en)."""
    with translation.override(lang):
        return _minutes_data(user, review, lang)


def _minutes_data(user: Any, review: ManagementReview | ProcessReview, lang: str) -> dict[str, Any]:
    is_management = isinstance(review, ManagementReview)
    organisation = organization_selectors.organization_get()
    cards = selectors.review_input_cards(review)
    inputs = [
        {
            "clause": card.clause,
            "label": card.label,
            "sections": card.sections,
            "comment": card.entry.comment,
            "empty": not card.sections,
        }
        for card in cards
    ]
    decisions = [
        {
            "kind": str(decision.get_output_kind_display()),
            "text": decision.text,
            "owner": str(decision.owner),
            "due_on": date_format(decision.due_on, "SHORT_DATE_FORMAT"),
            "action": decision.action.reference if decision.action_id else "—",
            "status": str(decision.action.get_status_display()) if decision.action_id else "—",
        }
        for decision in selectors.review_decisions(review)
    ]
    if is_management:
        title = _("Management review minutes")
        subject = review.title
        chair = review.chair
        scope = str(review.site) if review.site_id else _("Whole organisation")
        conclusions = review.conclusions
        external = _lines(review.external_participants)
        absentees = _lines(review.absentees)
        location = review.location
    else:
        title = _("Process review minutes")
        subject = str(review.process)
        chair = review.owner
        scope = str(review.process)
        conclusions = review.conclusion
        external, absentees, location = [], [], ""
    signer = chair
    return {
        "lang": lang,
        "labels": {
            "title": title,
            "reference": _("Reference"),
            "date": _("Date"),
            "location": _("Location"),
            "period": _("Period reviewed"),
            "scope": _("Scope"),
            "chair": _("Chaired by"),
            "participants": _("Participants"),
            "external": _("Other participants"),
            "absentees": _("Absent or excused"),
            "agenda": _("Agenda (ISO 9001 §9.3.2 inputs)"),
            "inputs": _("Review inputs"),
            "comment": _("Analysis"),
            "no_comment": _("No comment."),
            "empty_input": _(EMPTY_INPUT_NOTE),
            "decisions": _("Decisions and actions (ISO 9001 §9.3.3 outputs)"),
            "kind": _("Output"),
            "decision": _("Decision"),
            "owner": _("Owner"),
            "due_on": _("Due date"),
            "action": _("Action"),
            "status": _("Status"),
            "no_decision": _("No decision recorded."),
            "conclusions": _(
                "Conclusions on the suitability, adequacy and effectiveness of the management system"
            )
            if is_management
            else _("Conclusion on the performance of the process"),
            "no_conclusion": _("To be completed."),
            "signature_block": _("Approval"),
            "name": _("Name"),
            "role": _("Role"),
            "signed_on": _("Date"),
            "signature": _("Signature"),
            "signed_electronically": _("Signed in OpenQSSE"),
            "page": _("Page"),
            "generated_on": _("Generated on"),
            "status_label": _("Status"),
            "none": "—",
        },
        "organisation": str(organisation) if organisation else "",
        "organisation_legal": organisation.legal_name if organisation else "",
        "reference": review.reference,
        "subject": subject,
        "status": str(review.get_status_display()),
        "date": date_format(review.held_on, "DATE_FORMAT"),
        "location": location or "—",
        "period": _("from %(start)s to %(end)s")
        % {
            "start": date_format(review.period_start, "SHORT_DATE_FORMAT"),
            "end": date_format(review.period_end, "SHORT_DATE_FORMAT"),
        },
        "scope": scope,
        "chair": _person(chair),
        "participants": [_person(person) for person in review.participants.all()],
        "external": external,
        "absentees": absentees,
        "agenda": [{"clause": item["clause"], "label": item["label"]} for item in inputs],
        "inputs": inputs,
        "decisions": decisions,
        "conclusions": _lines(conclusions),
        "signature": {
            "name": signer.full_name if signer else "—",
            "role": signer.job_title if signer and signer.job_title else "—",
            "date": date_format(timezone.localtime(review.signed_at), "SHORT_DATE_FORMAT")
            if review.signed_at
            else "",
            "signed": review.is_signed,
            "signed_by": review.signed_by_name,
        },
        "generated_on": date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT"),
    }


def minutes_pdf(user: Any, review: ManagementReview | ProcessReview, lang: str) -> bytes:
    return render_pdf(MINUTES_TEMPLATE, minutes_data(user, review, lang))
