"""Data of the PDF summary of a site's ICPE classification (Typst template ``reports/site_status.typ``):
plain strings already translated."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import selectors
from .choices import Regime, SevesoStatus

TEMPLATE = Path(__file__).resolve().parent / "reports" / "site_status.typ"


def site_status_data(
    status: selectors.SiteStatus, installations: dict[int, list[str]], today: date
) -> dict[str, Any]:
    rows = []
    for row in status.rows:
        rubrique = row.rubrique
        rows.append(
            {
                "code": rubrique.code,
                "title": rubrique.title,
                "to_verify": (_("To verify: %(note)s") % {"note": rubrique.note})
                if rubrique.to_verify
                else "",
                "quantity": f"{selectors.localized_number(row.result.quantity)} "
                f"{rubrique.get_unit_display()}",
                "regime": row.regime,
                "installations": installations.get(rubrique.pk, ""),
            }
        )
    return {
        "title": _("ICPE classification — %(site)s") % {"site": status.site.name},
        "lang": (get_language() or "fr")[:2],
        "printed": date_format(today, "SHORT_DATE_FORMAT"),
        "regime": str(Regime(status.regime).label),
        "seveso": str(SevesoStatus(status.seveso).label),
        "rows": rows,
        "reasoning": list(status.classification.reasoning),
        "disclaimer": _(
            "Derived from the thresholds of the rubrique catalogue; rubriques marked to verify rest on "
            "thresholds not confirmed by a source. The prefecture's acts remain the reference."
        ),
        "labels": {
            "printed": _("printed on"),
            "regime": _("Overall regime"),
            "seveso": _("Seveso status"),
            "rubriques": _("Rubriques"),
            "reasoning": _("Reasoning"),
            "empty": _("No quantity declared for this site."),
            "columns": [_("Rubrique"), _("Title"), _("Site total"), _("Regime"), _("Installations")],
        },
    }
