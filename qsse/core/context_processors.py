from django.conf import settings

from .models import Notification
from .permissions import user_person, user_role
from .registry import nav_items


def shell(request):
    """What the navigation shell needs on every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"LANGUAGES": settings.LANGUAGES}
    return {
        "LANGUAGES": settings.LANGUAGES,
        "current_person": user_person(user),
        "current_role": user_role(user),
        "nav_extra": {
            menu: [item for item in nav_items if item.menu == menu]
            for menu in ("steering", "action_plan", "quality", "analysis", "organisation")
        },
        "unread_notification_count": Notification.objects.filter(recipient=user, is_read=False).count(),
    }
