"""The periodic health and safety report: a page, a slide mode for the CSE meeting and a PDF."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qsse.core.pdf import render_pdf
from qsse.inspections.choices import VisitResult

from . import calculations, charts, report, selectors
from .calculations import Period

LANGUAGES = ("fr", "en")


def site_ids_param(value: str | None) -> list[int] | None:
    """The ``site`` parameter: one site id, or None for every visible site."""
    return [int(value)] if value and value.isdigit() else None


def period_param(value: str | None, today: Any) -> Period:
    return calculations.parse_period(value) or calculations.default_period(today)


def _context(request: HttpRequest) -> dict[str, Any]:
    today = timezone.localdate()
    period = period_param(request.GET.get("period"), today)
    site_ids = site_ids_param(request.GET.get("site"))
    data = selectors.ohs_report(request.user, period, site_ids, today=today)
    site = data.site_names[0] if site_ids and data.site_ids else None
    return {
        "report": data,
        "period": period,
        "period_label": report.period_label(period),
        "previous_label": report.period_label(calculations.previous_period(period)),
        "periods": [(p.code, report.period_label(p)) for p in calculations.period_choices(today)],
        "sites": selectors.report_sites(request.user, None),
        "site_id": data.site_ids[0] if site else None,
        "site_name": site,
        "trend_chart": charts.trend_chart(data.months, _("TF"), _("TG")),
        "query": request.GET.urlencode(),
        "rate_rows": [
            (report.period_label(period), data.current, "period"),
            (report.period_label(calculations.previous_period(period)), data.previous, "previous"),
            (_("Rolling 12 months"), data.rolling, "rolling"),
        ],
        "inspection_results": [
            (label, data.inspections.results.get(value, 0)) for value, label in VisitResult.choices
        ],
    }


@login_required
def ohs_report(request: HttpRequest) -> HttpResponse:
    """The report of a quarter or a year (``?period=2026-Q3`` or ``2026``, ``&site=``); with
    ``&slides=1`` one section per full-screen slide."""
    context = _context(request)
    template = "ohsreport/slides.html" if request.GET.get("slides") == "1" else "ohsreport/report.html"
    return render(request, template, context)


@login_required
def ohs_report_pdf(request: HttpRequest) -> HttpResponse:
    """The report as a PDF (Typst), in French or English (``?lang=fr|en``)."""
    today = timezone.localdate()
    period = period_param(request.GET.get("period"), today)
    language = request.GET.get("lang")
    if language not in LANGUAGES:
        language = (translation.get_language() or "fr")[:2]
    with translation.override(language):
        data = selectors.ohs_report(
            request.user, period, site_ids_param(request.GET.get("site")), today=today
        )
        pdf = render_pdf(report.TEMPLATE, report.report_data(data))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rapport-sst-{period.code}.pdf"'
    return response
