from django import template

register = template.Library()


@register.filter
def field_value(mapping, key):
    """``mapping[key]`` in a template (the before/after values of a requirement change)."""
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.simple_tag
def gap_badge(assessment):
    """The criticality badge of a gap (score and level in words, coloured by the matrix level)."""
    from qsse.compliance.badges import gap_badge as badge

    return badge(assessment)


@register.filter
def percent(value):
    """A rate as "87,5 %" (localised by the template), or an em dash when there is none."""
    if value is None:
        return "—"
    from django.utils.formats import number_format

    return f"{number_format(value, 1)} %"


@register.filter
def rate_class(value):
    """The background class of a rate cell: ≥ 80 % green, ≥ 50 % yellow, below red (the cell also
    prints the rate, so the colour is never the only cue)."""
    if value is None:
        return "bg-body-tertiary"
    if value >= 80:
        return "bg-success-subtle"
    if value >= 50:
        return "bg-warning-subtle"
    return "bg-danger-subtle"


@register.filter
def short_title(title):
    """A library title up to its dash: "ISO 45001:2018 — Systèmes de…" → "ISO 45001:2018"."""
    return str(title).split(" — ", 1)[0].strip()
