"""Enqueue the daily reminders of the action plan.

Run it once a day from cron, for example at 6:00::

    0 6 * * * cd /srv/openqsse && .venv/bin/python manage.py send_action_reminders

With the database task backend, a worker (``manage.py db_worker``) executes the task; with the
immediate backend (the default), it runs at once. Running it twice the same day sends nothing new.
"""

from django.core.management.base import BaseCommand

from qsse.actions.tasks import send_action_reminders


class Command(BaseCommand):
    help = "Enqueue the reminders for actions due within 7 days and for overdue actions (run daily)."

    def handle(self, *args, **options):
        result = send_action_reminders.enqueue()
        if result.is_finished:
            self.stdout.write(f"Reminders task {result.id}: {result.status}, {result.return_value} sent.")
        else:
            self.stdout.write(f"Reminders task {result.id} enqueued.")
