"""Traffic lights and trend arrows of the indicators pages: an icon and a word, never colour alone."""

from decimal import Decimal

from django import template
from django.utils.formats import get_format
from django.utils.html import format_html

from ..choices import Status, Trend

register = template.Library()

STATUS_CSS = {
    "on_target": "text-bg-success",
    "alert": "text-bg-warning",
    "off_target": "text-bg-danger",
    "no_data": "text-bg-secondary",
}
STATUS_ICONS = {"on_target": "●", "alert": "▲", "off_target": "✖", "no_data": "–"}
TREND_ARROWS = {"improving": "↗", "stable": "→", "worsening": "↘", "unknown": "·"}


@register.simple_tag
def status_badge(code: str, large: bool = False):
    """A badge: icon, then the status in words (e.g. "▲ Alert")."""
    code = code if code in STATUS_CSS else "no_data"
    return format_html(
        '<span class="badge {} status-{}{}"><span aria-hidden="true">{}</span> {}</span>',
        STATUS_CSS[code],
        code,
        " fs-5" if large else "",
        STATUS_ICONS[code],
        Status(code).label,
    )


@register.simple_tag
def trend_badge(code: str):
    code = code if code in TREND_ARROWS else "unknown"
    return format_html(
        '<span class="trend trend-{}"><span aria-hidden="true">{}</span> {}</span>',
        code,
        TREND_ARROWS[code],
        Trend(code).label,
    )


@register.filter
def number(value, decimals=1):
    """``value`` with the indicator's decimals and the language's decimal separator; "–" when empty.

    A dashboard formats thousands of numbers: this skips ``floatformat``/``number_format`` (ten
    times slower), which the values do not need (no thousands grouping is used)."""
    if value is None or value == "":
        return "–"
    try:
        places = max(0, min(int(decimals), 6))
        text = f"{Decimal(str(value)):.{places}f}"
    except (ValueError, TypeError, ArithmeticError):
        return str(value)
    if text.startswith("-") and not text.strip("-0."):
        text = text[1:]  # no "-0"
    return text.replace(".", get_format("DECIMAL_SEPARATOR"))
