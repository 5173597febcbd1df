"""Data of the HAZOP worksheet PDF (Typst template ``reports/worksheet.typ``), in French or English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import Deviation, HazopStudy
from .selectors import study_worksheet

TEMPLATE = Path(__file__).resolve().parent / "reports" / "worksheet.typ"
LANGUAGES = ("fr", "en")


def _risk(deviation: Deviation) -> str:
    if deviation.score is None:
        return "—"
    text = str(deviation.score)
    if deviation.level_name:
        text += f" – {deviation.level_name}"
    if deviation.is_significant:
        significant = pgettext("deviation", "significant")
        text += f" ({significant})"
    return text


def _follow_up(deviation: Deviation) -> str:
    if deviation.action_id:
        return f"{deviation.action.reference} ({deviation.action.get_status_display()})"
    return "—"


def _status(deviation: Deviation) -> str:
    text = str(deviation.get_status_display())
    if deviation.justification:
        text += f" — {deviation.justification}"
    return text


def worksheet_data(study: HazopStudy, language: str) -> dict[str, Any]:
    """Every value of the worksheet, grouped by node, labels translated in ``language`` (fr or en)."""
    with translation.override(language):
        nodes = list(study.nodes.all())
        rows: dict[int, list[dict[str, str]]] = {node.pk: [] for node in nodes}
        for deviation in study_worksheet(study):
            rows[deviation.node_id].append(
                {
                    "guide_word": str(deviation.get_guide_word_display()),
                    "parameter": str(deviation.get_parameter_display()),
                    # As written in the worksheet (in the language of the study team).
                    "text": deviation.text,
                    "causes": deviation.causes or "—",
                    "consequences": deviation.consequences or "—",
                    "safeguards": deviation.safeguards or "—",
                    "likelihood": str(deviation.likelihood or "—"),
                    "severity": str(deviation.severity or "—"),
                    "risk": _risk(deviation),
                    "colour": deviation.level_colour or "",
                    "text_colour": deviation.level_text_colour or "#212529",
                    "recommendation": deviation.recommendation or "—",
                    "action": _follow_up(deviation),
                    "status": _status(deviation),
                }
            )
        return {
            "lang": language,
            "study": {
                "reference": study.reference,
                "title": study.title,
                "installation": study.installation,
                "site": str(study.site),
                "pid": study.pid_reference or "—",
                "leader": str(study.leader or "—"),
                "team": ", ".join(str(person) for person in study.team.all()) or "—",
                "scope": study.scope or "—",
                "status": str(study.get_status_display()),
                "printed": date_format(timezone.localdate(), "SHORT_DATE_FORMAT"),
            },
            "nodes": [
                {
                    "title": f"{node.number}. {node.name}",
                    "intent": node.design_intent or "—",
                    "rows": rows[node.pk],
                }
                for node in nodes
            ],
            "labels": {
                "title": _("HAZOP worksheet"),
                "status": _("Status"),
                "installation": _("Installation"),
                "site": _("Site"),
                "pid": _("P&ID"),
                "leader": _("Study leader"),
                "team": _("Team"),
                "scope": _("Scope and design intent"),
                "intent": _("Design intent"),
                "printed": _("printed on"),
                "empty": _("No node yet."),
                "columns": [
                    _("Guide word × parameter"),
                    _("Deviation"),
                    _("Causes"),
                    _("Consequences"),
                    _("Safeguards"),
                    _("L"),
                    _("S"),
                    _("Risk"),
                    _("Recommendation"),
                    _("Action"),
                    _("Status"),
                ],
            },
        }
