"""Background tasks of periodic inspections (Django's task framework, ``django.tasks``)."""

from django.tasks import task

from . import services


@task
def send_inspection_reminders() -> int:
    """Remind equipment responsibles of inspections due within 30 days and of overdue ones (once per
    inspection, kind and due date). Returns the number of notifications sent."""
    return services.inspection_reminders_send()
