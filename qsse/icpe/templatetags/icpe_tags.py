from decimal import Decimal

from django import template

from ..selectors import localized_number

register = template.Library()


@register.filter
def qty(value: Decimal | None) -> str:
    """A quantity without trailing zeros, grouped and localised ("5 000", "2,5"); "—" when None."""
    return "—" if value is None else localized_number(Decimal(value))
