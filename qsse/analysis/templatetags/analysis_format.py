"""Number formats of the analysis pages (localised: decimal comma in French)."""

from __future__ import annotations

import math

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def number(value, digits: int = 4):
    """A number with at most ``digits`` decimals (trailing zeros dropped), localised; "—" for none."""
    if value is None or value == "":
        return "—"
    try:
        value = float(value)
    except (TypeError, ValueError):
        return value
    if math.isnan(value):
        return "—"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    digits = int(digits)
    if digits and 0 < abs(value) < 1:
        # Small values (standard deviations in mm) keep about four significant digits.
        digits += math.ceil(-math.log10(abs(value))) - 1
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"
    decimals = len(text.split(".")[1]) if "." in text else 0
    return number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def percent(value, digits: int = 1):
    """A fraction (0–1) as a percentage: 0.125 → "12,5 %"."""
    if value is None:
        return "—"
    # number_format cuts the extra decimals off: round first (37/60 is 61.7 %, not 61.6 %).
    rounded = round(float(value) * 100, int(digits))
    return f"{number_format(rounded, decimal_pos=int(digits), use_l10n=True)} %"


@register.filter
def interval(value, digits: int = 2):
    if not value:
        return "—"
    low, high = value
    return f"[{number(low, digits)} ; {number(high, digits)}]"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
