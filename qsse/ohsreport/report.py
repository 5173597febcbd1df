"""Labels of the periods and the data of the PDF (Typst template ``reports/ohs_report.typ``): plain
strings already translated, so the template only lays them out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from qsse.inspections.choices import VisitResult

from .calculations import Period
from .selectors import OhsReport, RateBlock

TEMPLATE = Path(__file__).resolve().parent / "reports" / "ohs_report.typ"


def period_label(period: Period) -> str:
    """« T3 2026 » / "Q3 2026", or the year."""
    if period.quarter:
        return _("Q%(quarter)s %(year)s") % {"quarter": period.quarter, "year": period.year}
    return _("Year %(year)s") % {"year": period.year}


def rate_text(value: Decimal | None) -> str:
    return _("not computable") if value is None else number_format(value, 2)


def _day(value: date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def _rate_row(label: str, block: RateBlock) -> list[str]:
    figures = block.figures
    return [
        label,
        str(figures.lost_time_accidents),
        str(figures.other_accidents),
        str(figures.days_lost),
        "—" if figures.hours_worked is None else number_format(figures.hours_worked, 0, force_grouping=True),
        rate_text(block.rates.tf),
        rate_text(block.rates.tf2),
        rate_text(block.rates.tg),
        rate_text(block.rates.indice),
    ]


def report_data(report: OhsReport) -> dict[str, Any]:
    from .calculations import previous_period

    period = report.period
    sites = ", ".join(report.site_names) or _("No site")
    plan = report.plan
    inspections = report.inspections
    return {
        "lang": (get_language() or "fr")[:2],
        "title": _("Health and safety report"),
        "subtitle": _("%(period)s – %(sites)s") % {"period": period_label(period), "sites": sites},
        "printed": _("Printed on %(day)s") % {"day": _day(report.today)},
        "audience": _("For the CSE and management. No personal data: victims are not named."),
        "rates": {
            "heading": _("Accident rates"),
            "columns": [
                _("Span"),
                _("Accidents with lost time"),
                _("Without lost time"),
                _("Days lost"),
                _("Hours worked"),
                "TF",
                "TF2",
                "TG",
                "IF",
            ],
            "rows": [
                _rate_row(period_label(period), report.current),
                _rate_row(period_label(previous_period(period)), report.previous),
                _rate_row(_("Rolling 12 months"), report.rolling),
            ],
            "note": _(
                "TF = accidents with lost time × 1,000,000 / hours worked; TF2 also counts accidents "
                "without lost time; TG = days lost × 1,000 / hours worked; IF = accidents with lost time "
                "× 1,000 / average headcount. Not computable: hours (or headcount) missing for a month."
            ),
        },
        "kinds": {
            "heading": _("Events of the period"),
            "items": [
                [_("Accidents with lost time"), str(report.lost_time)],
                [_("Accidents without lost time"), str(report.without_lost_time)],
                [_("Near misses"), str(report.near_misses)],
            ],
        },
        "accidents": {
            "heading": _("Accidents analysed"),
            "summary": _("%(analysed)s of %(total)s events analysed.")
            % {"analysed": report.analysed_count, "total": len(report.accidents)},
            "columns": [
                _("Reference"),
                _("Date"),
                _("Site"),
                _("Kind"),
                _("Title"),
                _("Days lost"),
                _("Analysis"),
                _("Actions open / closed"),
            ],
            "rows": [
                [
                    row.reference,
                    _day(row.occurred_on),
                    row.site,
                    row.kind_label,
                    row.title,
                    str(row.days_lost),
                    row.status_label
                    + " · "
                    + (
                        _("tree of causes: %(count)s facts") % {"count": row.facts}
                        if row.facts
                        else _("no tree of causes")
                    ),
                    f"{row.actions_open} / {row.actions_closed}",
                ]
                for row in report.accidents
            ],
            "empty": _("No event in the period."),
        },
        "duer": {
            "heading": _("Changes in the DUER"),
            "summary": _(
                "%(versions)s versions frozen, %(added)s hazards added, %(rerated)s hazards re-rated."
            )
            % {
                "versions": len(report.versions),
                "added": report.hazards_added,
                "rerated": report.hazards_rerated,
            },
            "versions": [
                _("Version %(number)s of %(duer)s, %(day)s: %(note)s")
                % {"number": v.number, "duer": v.duer, "day": _day(v.frozen_on), "note": v.change_note}
                for v in report.versions
            ],
            "top_heading": _("Highest residual risks"),
            "top_columns": [_("Work unit"), _("Hazard family"), _("Situation"), _("Residual risk")],
            "top": [
                [
                    r.work_unit,
                    r.family,
                    r.situation,
                    f"{number_format(r.residual_score, 1)} – {r.residual_level}",
                ]
                for r in report.top_risks
            ],
        },
        "plan": {
            "heading": _("Prevention plan progress"),
            "items": [
                [_("Actions"), str(plan.total)],
                [_("Done"), str(plan.done)],
                [_("In progress"), str(plan.in_progress)],
                [_("Overdue"), str(plan.overdue)],
                [
                    _("Done (%)"),
                    "—" if plan.percent_done is None else number_format(plan.percent_done, 1) + " %",
                ],
            ],
            "note": _(
                "Actions from DUER prevention measures (%(duer)s) and from causes of accidents (%(acc)s)."
            )
            % {"duer": plan.from_duer, "acc": plan.from_accidents},
        },
        "inspections": {
            "heading": _("Periodic inspections"),
            "items": [
                [_("Overdue"), str(inspections.overdue)],
                [_("Due within 30 days"), str(inspections.due_soon)],
                [_("Performed in the period"), str(inspections.performed)],
            ]
            + [[str(label), str(inspections.results.get(value, 0))] for value, label in VisitResult.choices],
            "columns": [_("Date"), _("Site"), _("Equipment"), _("Inspection"), _("Result")],
            "rows": [
                [_day(v.performed_on), v.site, v.equipment, v.inspection, v.result_label]
                for v in inspections.visits
            ],
        },
    }
