"""Data of the PDF of a tree of causes (Typst template ``reports/tree.typ``): plain strings already
translated and the diagram as SVG text. The victim is named only for the roles allowed to see it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

TEMPLATE = Path(__file__).resolve().parent / "reports" / "tree.typ"


def tree_data(accident: Any, tree: Any, diagram: Any, victim: Any = None) -> dict[str, Any]:
    parts = [
        accident.get_kind_display(),
        date_format(timezone.localtime(accident.occurred_at), "SHORT_DATETIME_FORMAT"),
        accident.site.name,
        accident.place,
    ]
    if victim is not None and victim.victim is not None:
        parts.append(_("Victim: %(name)s") % {"name": victim.victim})
    facts = [
        [
            node.text,
            node.get_kind_display(),
            node.component or "—",
            f"{node.action.reference} – {node.action.title}" if node.action else "—",
        ]
        for node in tree.nodes
    ]
    return {
        "lang": (get_language() or "fr")[:2],
        "title": _("%(reference)s – tree of causes") % {"reference": accident.reference},
        "summary": " · ".join(part for part in parts if part),
        "description": accident.description,
        "svg": render_to_string("accidents/partials/_tree_svg.html", {"diagram": diagram}),
        "facts": facts,
        "labels": {
            "columns": [_("Fact"), _("Kind of fact"), _("Component"), _("Action")],
            "legend": _(
                "Rectangle: habitual fact · ellipse: unusual fact · ET: conjunction · OU: disjunction · "
                "I/T/MT/MI: individual, task, equipment, environment"
            ),
        },
    }
