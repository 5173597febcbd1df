"""Enqueue the daily reminders of the surveillance plan.

Run it once a day from cron, for example at 6:05::

    5 6 * * * cd /srv/openqsse && .venv/bin/python manage.py send_control_reminders

Running it twice the same day sends nothing new.
"""

from django.core.management.base import BaseCommand

from qsse.surveillance.tasks import send_control_reminders


class Command(BaseCommand):
    help = "Enqueue the reminders for controls due within 7 days and for overdue controls (run daily)."

    def handle(self, *args, **options):
        result = send_control_reminders.enqueue()
        if result.is_finished:
            self.stdout.write(f"Reminders task {result.id}: {result.status}, {result.return_value} sent.")
        else:
            self.stdout.write(f"Reminders task {result.id} enqueued.")
