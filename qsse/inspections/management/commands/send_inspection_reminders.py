"""Enqueue the daily reminders of periodic inspections.

Run it once a day from cron, for example at 6:10::

    10 6 * * * cd /srv/openqsse && .venv/bin/python manage.py send_inspection_reminders

Running it twice the same day sends nothing new.
"""

from django.core.management.base import BaseCommand

from qsse.inspections.tasks import send_inspection_reminders


class Command(BaseCommand):
    help = "Enqueue the reminders for inspections due within 30 days and overdue ones (run daily)."

    def handle(self, *args, **options):
        result = send_inspection_reminders.enqueue()
        if result.is_finished:
            self.stdout.write(f"Reminders task {result.id}: {result.status}, {result.return_value} sent.")
        else:
            self.stdout.write(f"Reminders task {result.id} enqueued.")
