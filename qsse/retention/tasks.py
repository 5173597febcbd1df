"""Background task of the retention app (Django's task framework, ``django.tasks``)."""

from django.tasks import task

from . import services


@task
def flag_records_past_retention() -> int:
    """Flag the records past their retention and tell the administrators and QSSE managers; nothing
    is anonymised or deleted before one of them confirms. Returns the number of pending operations."""
    return services.purge_flag_all()
