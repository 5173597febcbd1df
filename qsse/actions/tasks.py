"""Background tasks of the action plan (Django's task framework, ``django.tasks``)."""

from django.tasks import task

from . import services


@task
def send_action_reminders() -> int:
    """Remind owners of actions due within 7 days and of overdue actions (once per action, kind and
    due date). Returns the number of notifications sent."""
    return services.action_reminders_send()
