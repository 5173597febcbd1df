"""Background tasks of document control (Django's task framework, ``django.tasks``)."""

from django.tasks import task

from . import services


@task
def send_document_reminders() -> int:
    """Remind readers of unread versions and owners of periodic reviews due. Returns the count sent."""
    return services.document_reminders_send()
