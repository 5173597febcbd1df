"""Enqueue the daily reminders of document control (read receipts outstanding, periodic reviews).

Run it once a day from cron, for example at 6:20::

    20 6 * * * cd /srv/openqsse && .venv/bin/python manage.py send_document_reminders

Running it twice the same day sends nothing new.
"""

from django.core.management.base import BaseCommand

from qsse.documents.tasks import send_document_reminders


class Command(BaseCommand):
    help = "Enqueue the reminders of unread document versions and of periodic reviews due (run daily)."

    def handle(self, *args, **options):
        result = send_document_reminders.enqueue()
        if result.is_finished:
            self.stdout.write(f"Reminders task {result.id}: {result.status}, {result.return_value} sent.")
        else:
            self.stdout.write(f"Reminders task {result.id} enqueued.")
