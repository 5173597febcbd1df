"""Recompute the computed indicators (current and previous period by default).

Run it every night from cron, for example at 5:30::

    30 5 * * * cd /srv/openqsse && .venv/bin/python manage.py compute_indicators

With the database task backend a worker executes the task; with the immediate backend it runs at once.
"""

from django.core.management.base import BaseCommand

from qsse.indicators.tasks import compute_indicators


class Command(BaseCommand):
    help = "Recompute the values of the computed indicators (the last periods, the current one included)."

    def add_arguments(self, parser):
        parser.add_argument("--periods", type=int, default=2, help="how many periods back (default 2)")

    def handle(self, *args, **options):
        result = compute_indicators.enqueue(periods=options["periods"])
        if result.is_finished:
            self.stdout.write(
                f"Indicators task {result.id}: {result.status}, {result.return_value} values written."
            )
        else:
            self.stdout.write(f"Indicators task {result.id} enqueued.")
