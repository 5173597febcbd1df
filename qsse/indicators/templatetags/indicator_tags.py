"""Traffic lights and trend arrows of the indicators pages: an icon and a word, never colour alone."""

from datetime import date
from decimal import Decimal
from functools import lru_cache

from django import template
from django.utils.formats import date_format, get_format
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

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


def _number(value, places: int, separator: str) -> str:
    try:
        text = f"{value if isinstance(value, Decimal) else Decimal(str(value)):.{places}f}"
    except (ValueError, TypeError, ArithmeticError):
        return str(value)
    if text.startswith("-") and not text.strip("-0."):
        text = text[1:]  # no "-0"
    return text.replace(".", separator) if separator != "." else text


def _places(decimals) -> int:
    return max(0, min(int(decimals), 6))


@register.filter
def number(value, decimals=1):
    """``value`` with the indicator's decimals and the language's decimal separator; "–" when empty.

    A dashboard formats thousands of numbers: this skips ``floatformat``/``number_format`` (ten
    times slower), which the values do not need (no thousands grouping is used)."""
    if value is None or value == "":
        return "–"
    try:
        places = _places(decimals)
    except (ValueError, TypeError):
        return str(value)
    return _number(value, places, get_format("DECIMAL_SEPARATOR"))


@register.filter
def number_list(values, decimals=1):
    """The known values of a series, each as ``number`` writes it, separated by commas (one call
    instead of a template loop, the separator looked up once: a dashboard writes the series of
    hundreds of cards)."""
    try:
        places = _places(decimals)
    except (ValueError, TypeError):
        return ", ".join(str(value) for value in values if value is not None)
    separator = get_format("DECIMAL_SEPARATOR")
    return ", ".join(_number(value, places, separator) for value in values if value not in (None, ""))


@lru_cache(maxsize=1024)
def _year_month(value: date, language: str) -> str:
    return date_format(value, "YEAR_MONTH_FORMAT")


@register.filter
def year_month(value):
    """``value|date:"YEAR_MONTH_FORMAT"`` ("novembre 2026"), remembered per month and language: the
    cards of a dashboard mostly share a handful of months."""
    if not value:
        return ""
    return _year_month(value, get_language())


CARD_HTML = (
    '<article class="card h-100 indicator-card status-border-{status}" aria-labelledby="card-{pk}-title">\n'
    '  <div class="card-body p-2">\n'
    '    <h3 class="h6 mb-1" id="card-{pk}-title">'
    '<a href="{url}" class="stretched-link text-decoration-none">{name}</a></h3>\n'
    '    <p class="small text-body-secondary mb-1">{code}{site}{period}</p>\n'
    '    <p class="mb-1"><span class="fs-4 fw-semibold card-value">{last_value}</span> '
    '<span class="small">{unit}</span></p>\n'
    '    <p class="small mb-1">{target_label} : {target} {unit}</p>\n'
    '    <p class="mb-1">{badge} <span class="small ms-1">{trend}</span></p>\n'
    "    {sparkline}\n"
    "  </div>\n"
    "</article>\n"
)
SPARKLINE_HTML = (
    '<svg class="sparkline" width="120" height="32" viewBox="0 0 120 32" role="img" aria-label="{}: {}">'
    '<polyline points="{}" fill="none" stroke="#0b5394" stroke-width="2"/></svg>'
)


@register.simple_tag
def indicator_card(card, indicator_base: str):
    """The card of one indicator on a dashboard or the kiosk (``selectors.Card``): name and link,
    code, site and month of the last value, last value and target, traffic light, trend and the
    sparkline of the last periods (its values in words for screen readers).

    Written in Python rather than as an included template: a dashboard shows hundreds of cards and
    the template engine took most of the page's time (``make bench``, 300 indicators)."""
    indicator = card.indicator
    places = _places(indicator.decimals)
    separator = get_format("DECIMAL_SEPARATOR")

    def as_number(value):
        return "–" if value is None or value == "" else _number(value, places, separator)

    url = f"{indicator_base}{indicator.pk}/"
    if card.site_id and not indicator.site_id:
        url += f"?site={card.site_id}"
    sparkline = ""
    if card.sparkline:
        known = [value for value in card.values if value is not None]
        sparkline = format_html(
            SPARKLINE_HTML,
            _("Last %(count)s values") % {"count": len(known)},
            ", ".join(_number(value, places, separator) for value in known if value != ""),
            card.sparkline,
        )
    return format_html(
        CARD_HTML,
        status=card.status,
        pk=indicator.pk,
        url=url,
        name=indicator.name,
        code=indicator.code,
        site=format_html(" · {}", indicator.site.code) if indicator.site_id else "",
        period=format_html(" · {}", year_month(card.last_period)) if card.last_period else "",
        last_value=as_number(card.last_value),
        unit=indicator.unit,
        target_label=_("Target"),
        target=as_number(indicator.target),
        badge=status_badge(card.status),
        trend=trend_badge(card.trend.label),
        sparkline=sparkline,
    )
