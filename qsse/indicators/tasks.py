"""Background tasks of the indicators module (Django's task framework, ``django.tasks``)."""

from django.tasks import task

from . import services


@task
def compute_indicators(periods: int = 2) -> int:
    """Recompute the last ``periods`` periods (current one included) of every active computed
    indicator. Returns the number of values written."""
    return services.indicators_compute_all(periods=periods)
