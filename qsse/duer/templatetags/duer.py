from django import template

from qsse.context.calculations import readable_text_colour

register = template.Library()


@register.filter
def readable(colour: str) -> str:
    """Black or white, whichever reads on ``colour``."""
    return readable_text_colour(colour) if colour else "#212529"
