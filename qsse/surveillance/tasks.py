"""Background tasks of the surveillance plan (Django's task framework, ``django.tasks``)."""

from django.tasks import task

from . import services


@task
def send_control_reminders() -> int:
    """Remind responsibles of controls due within 7 days and of overdue controls (once per control,
    kind and due date). Returns the number of notifications sent."""
    return services.control_reminders_send()
