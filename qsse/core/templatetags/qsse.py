from django import template
from django.contrib.contenttypes.models import ContentType

from qsse.core.choices import Operation
from qsse.core.history import history_for
from qsse.core.models import Attachment, Comment
from qsse.core.permissions import can

register = template.Library()


@register.inclusion_tag("core/partials/_record_panels.html", takes_context=True)
def record_panels(context, obj, history=True):
    """History, attachments and comments of any record, for its detail page (``history=False``: without
    the history, for a page that shows it to some users only)."""
    user = context["request"].user
    content_type = ContentType.objects.get_for_model(obj)
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "obj": obj,
        "content_type_id": content_type.pk,
        "show_history": bool(history),
        "history": history_for(obj) if history else [],
        "attachments": Attachment.objects.filter(content_type=content_type, object_id=obj.pk).select_related(
            "uploaded_by"
        ),
        "comments": Comment.objects.filter(content_type=content_type, object_id=obj.pk).select_related(
            "author"
        ),
        "can_edit": can(user, Operation.EDIT, obj),
    }


@register.simple_tag(takes_context=True)
def user_can(context, operation, obj):
    return can(context["request"].user, operation, obj)


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some parameters replaced (for pagination and sorting links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()
