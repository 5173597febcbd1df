"""The iCalendar feed of a user's due dates, reached with a signed token instead of a session."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .choices import ActionStatus
from .selectors import action_calendar

SALT = "qsse.actions.calendar"


def _password_stamp(user: Any) -> str:
    # Changing the password (or disabling it) invalidates every calendar link given before.
    return salted_hmac(SALT, user.password or "", algorithm="sha256").hexdigest()[:12]


def calendar_token(user: Any) -> str:
    """A token identifying ``user`` in the calendar URL; it does not expire."""
    return signing.dumps({"u": user.pk, "p": _password_stamp(user)}, salt=SALT, compress=True)


def user_from_token(token: str) -> Any | None:
    """The active user a token was made for, or None when it is forged or revoked."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=payload.get("u"), is_active=True).first()
    if user is None or payload.get("p") != _password_stamp(user):
        return None
    return user


def calendar_ics(user: Any) -> bytes:
    """An all-day event per due date of the user's open actions and per planned efficacy check."""
    site_url = settings.SITE_URL.rstrip("/")
    calendar = Calendar()
    calendar.add("prodid", "-//OpenQSSE//Action plan//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("My QSSE actions"))
    stamp = timezone.now()
    for action in action_calendar(user).order_by("due_on", "pk").iterator(chunk_size=500):
        event = Event()
        url = f"{site_url}{action.get_absolute_url()}"
        if action.status == ActionStatus.DONE:
            day = action.efficacy_check_due_on
            event.add("uid", f"action-{action.pk}-efficacy@openqsse")
            event.add("summary", _("Efficacy check: %(action)s") % {"action": action})
        else:
            day = action.due_on
            event.add("uid", f"action-{action.pk}@openqsse")
            event.add("summary", _("Due: %(action)s") % {"action": action})
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("dtstamp", stamp)
        event.add("url", url)
        event.add(
            "description",
            _("Status: %(status)s. Priority: %(priority)s.")
            % {"status": action.get_status_display(), "priority": action.get_priority_display()}
            + f"\n{url}",
        )
        calendar.add_component(event)
    return calendar.to_ical()
