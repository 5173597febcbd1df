"""Wording of the applicability proposals: why a requirement applies (or not) to a site, in the
organisation's language."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .calculations import ApplicabilityResult, Check
from .choices import Equipment

FACT_LABELS = {
    "headcount": gettext_lazy("site headcount"),
    "organisation_headcount": gettext_lazy("company headcount"),
    "naf_code": gettext_lazy("NAF code"),
    "icpe_rubriques": gettext_lazy("ICPE rubriques"),
    "equipment": gettext_lazy("equipment"),
    "activities": gettext_lazy("activities"),
    "tertiary_floor_area_m2": gettext_lazy("tertiary floor area (m²)"),
    "annual_energy_gwh": gettext_lazy("annual energy consumption (GWh)"),
}
OPERATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


def _values(values) -> str:
    labels = dict(Equipment.choices)
    items = values if isinstance(values, list | tuple) else [values]
    return ", ".join(str(labels.get(str(item), item)) for item in items)


def describe_check(check: Check) -> str:
    fact = FACT_LABELS.get(check.fact, check.fact)
    mark = "✓" if check.met else "✗"
    if check.op in OPERATOR_SIGNS:
        actual = _("unknown") if check.actual in (None, "") else check.actual
        return _("%(mark)s %(fact)s %(actual)s (required %(op)s %(expected)s)") % {
            "mark": mark,
            "fact": fact,
            "actual": actual,
            "op": OPERATOR_SIGNS[check.op],
            "expected": check.expected,
        }
    if check.op == "has":
        template = (
            _("%(mark)s %(fact)s include %(expected)s")
            if check.met
            else _("%(mark)s %(fact)s lack %(expected)s")
        )
    elif check.op == "has_any":
        template = (
            _("%(mark)s %(fact)s include one of %(expected)s")
            if check.met
            else _("%(mark)s %(fact)s include none of %(expected)s")
        )
    elif check.op == "starts_with":
        template = _("%(mark)s %(fact)s %(actual)s (required: starting with %(expected)s)")
    else:  # "in"
        template = _("%(mark)s %(fact)s %(actual)s (required: one of %(expected)s)")
    return template % {
        "mark": mark,
        "fact": fact,
        "expected": _values(check.expected),
        "actual": check.actual or _("unknown"),
    }


def describe_result(result: ApplicabilityResult) -> str:
    """One line per deciding condition; a fixed sentence when the requirement has no criteria."""
    if not result.checks:
        return _("Applies to every organisation (no criteria).")
    return "\n".join(describe_check(check) for check in result.deciding_checks)
