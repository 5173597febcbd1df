"""What the surveillance plan contributes to reviews: "monitoring_results" (ISO 9001 §9.3.2 c) 5)):
controls performed in the period, the share within limits, and the results out of limits with the
non-conformity each opened."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from qsse.core.registry import ReviewInputSection, register_review_input

from . import calculations, selectors

MAX_ROWS = 20


def review_inputs(
    user: Any, start: date, end: date, site_ids: frozenset[int] | None, process_id: int | None
) -> list[ReviewInputSection]:
    results = selectors.results_in_period(user, start, end, site_ids, process_id)
    counts = results.aggregate(
        total=Count("pk"),
        within=Count("pk", filter=Q(is_within_limits=True)),
        controls=Count("control_point", distinct=True),
    )
    if not counts["total"]:
        return []
    rate = calculations.within_limits_rate(counts["within"], counts["total"])
    out = (
        results.filter(is_within_limits=False)
        .select_related("control_point", "nonconformity")
        .order_by("performed_on", "pk")
    )
    rows = tuple(
        (
            date_format(r.performed_on, "SHORT_DATE_FORMAT"),
            f"{r.control_point.reference} – {r.control_point.what}",
            (
                f"{r.value.normalize():f} {r.control_point.unit}".strip()
                if r.value is not None
                else _("Not compliant")
            ),
            r.nonconformity.reference if r.nonconformity else "—",
        )
        for r in out[:MAX_ROWS]
    )
    rate_text = "—" if rate is None else f"{rate:g} %"
    return [
        ReviewInputSection(
            key="monitoring_results",
            title=_("Surveillance plan: results of the controls"),
            summary=_(
                "%(total)s control results in the period on %(controls)s control points; %(rate)s within the "
                "acceptance limits."
            )
            % {"total": counts["total"], "controls": counts["controls"], "rate": rate_text},
            headers=(_("Date"), _("Control"), _("Result"), _("Non-conformity")),
            rows=rows,
            figures=(
                (_("Results recorded"), str(counts["total"])),
                (_("Within limits"), rate_text),
                (_("Out of limits"), str(counts["total"] - counts["within"])),
            ),
            url=reverse("surveillance:plan_list"),
        )
    ]


def register() -> None:
    register_review_input(review_inputs)
