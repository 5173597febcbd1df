"""Enqueue the daily search for records past their retention.

Run it once a day from cron, for example at 6:20::

    20 6 * * * cd /srv/openqsse && .venv/bin/python manage.py flag_retention

It only flags: the administrator or QSSE manager confirms each purge on the retention schedule.
Running it twice the same day notifies nobody twice.
"""

from django.core.management.base import BaseCommand

from qsse.retention.tasks import flag_records_past_retention


class Command(BaseCommand):
    help = "Flag the records past their retention period (run daily); nothing is purged without confirmation."

    def handle(self, *args, **options):
        result = flag_records_past_retention.enqueue()
        if result.is_finished:
            self.stdout.write(
                f"Retention task {result.id}: {result.status}, {result.return_value} pending purge(s)."
            )
        else:
            self.stdout.write(f"Retention task {result.id} enqueued.")
