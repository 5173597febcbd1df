from django import template

register = template.Library()


@register.filter
def field_value(mapping, key):
    """``mapping[key]`` in a template (the before/after values of a requirement change)."""
    return mapping.get(key) if isinstance(mapping, dict) else None
