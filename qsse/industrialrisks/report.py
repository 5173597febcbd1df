"""The emergency plan of a site as a PDF (Typst template ``reports/plan.typ``): alert procedure
and contacts first (what is read in an emergency), then the scenarios and their procedures, the
dangerous phenomena with their rating, the resources, and the drills log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from qsse.core.pdf import render_pdf

from . import selectors
from .choices import ContactCategory
from .models import DangerousPhenomenon, EmergencyPlan

TEMPLATE = Path(__file__).resolve().parent / "reports" / "plan.typ"


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def pdf_data(plan: EmergencyPlan) -> dict[str, Any]:
    from qsse.context.calculations import readable_text_colour

    with translation.override(django_settings.LANGUAGE_CODE):
        content = selectors.plan_content(plan)
        status = selectors.drill_status(plan, today=timezone.localdate())
        categories = dict(ContactCategory.choices)
        phenomena = DangerousPhenomenon.objects.filter(site_id=plan.site_id).prefetch_related("measures")
        return {
            "lang": django_settings.LANGUAGE_CODE[:2],
            "title": plan.title,
            "site": plan.site.name,
            "revision": plan.revision,
            "revised_on": _day(plan.revised_on),
            "owner": str(plan.owner),
            "alert": plan.alert_procedure,
            "assembly": plan.assembly_point,
            "notes": plan.notes,
            "printed": _day(timezone.localdate()),
            "contacts": [
                {
                    "category": str(categories[c.category]),
                    "name": c.name,
                    "organisation": c.organisation,
                    "phone": c.phone,
                    "alternate": c.alternate_phone,
                    "notes": c.notes,
                }
                for c in content["contacts"]
            ],
            "procedures": [
                {
                    "scenario": p.scenario,
                    "phenomenon": str(p.phenomenon) if p.phenomenon else "",
                    "steps": p.step_list(),
                }
                for p in content["procedures"]
            ],
            "phenomena": [
                {
                    "reference": p.reference,
                    "title": p.title,
                    "kind": str(p.get_kind_display()),
                    "installation": p.installation,
                    "scenario": p.scenario,
                    "before": f"{p.level} · {p.score}",
                    "after": f"{p.residual_level} · {p.residual_score}",
                    "colour": p.residual_colour or "#ffffff",
                    "text_colour": readable_text_colour(p.residual_colour)
                    if p.residual_colour
                    else "#000000",
                    "measures": [
                        f"{m.get_role_display()} – {m.description} ({m.get_status_display()})"
                        for m in p.measures.all()
                    ],
                }
                for p in phenomena
            ],
            "resources": [
                {
                    "kind": str(r.get_kind_display()),
                    "description": r.description,
                    "location": r.location,
                    "quantity": r.quantity,
                }
                for r in content["resources"]
            ],
            "drills": [
                {
                    "reference": d.reference,
                    "held_on": _day(d.held_on),
                    "scenario": d.scenario,
                    "participants": d.participants,
                    "duration": d.duration_minutes,
                    "findings": d.findings,
                }
                for d in content["drills"]
            ],
            "drill_status": _("Last drill: %(last)s · next due: %(next)s · %(count)s in the last 12 months")
            % {
                "last": _day(status.last_on),
                "next": _day(status.next_due_on),
                "count": status.drills_in_last_year,
            },
            "labels": {
                "document": _("Emergency plan (internal operation plan)"),
                "site": _("Site"),
                "revision": _("Revision"),
                "owner": _("Owner"),
                "printed": _("printed on"),
                "alert": _("Alert"),
                "assembly": _("Assembly point"),
                "contacts": _("Emergency contacts"),
                "contact_columns": [
                    _("Category"),
                    _("Name or function"),
                    _("Organisation"),
                    _("Phone"),
                    _("Notes"),
                ],
                "procedures": _("Scenarios and procedures"),
                "phenomenon": _("Dangerous phenomenon"),
                "phenomena": _("Dangerous phenomena and their control"),
                "phenomenon_columns": [
                    _("Phenomenon"),
                    _("Scenario"),
                    _("Before"),
                    _("After"),
                    _("Measures"),
                ],
                "resources": _("Response resources"),
                "resource_columns": [_("Kind"), _("Description"), _("Location"), _("Quantity")],
                "drills": _("Drills log"),
                "drill_columns": [
                    _("Reference"),
                    _("Held on"),
                    _("Scenario"),
                    _("Participants"),
                    _("Duration (min)"),
                    _("Findings"),
                ],
                "none": _("None recorded."),
                "notes": _("Notes"),
            },
        }


def pdf(plan: EmergencyPlan) -> bytes:
    return render_pdf(TEMPLATE, pdf_data(plan))
