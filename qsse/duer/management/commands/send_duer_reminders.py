"""Remind the owners of the DUERs whose yearly update is due (R4121-2, from 11 employees).

Run it once a day from cron with the other reminders, for example at 6:10::

    10 6 * * * cd /srv/openqsse && .venv/bin/python manage.py send_duer_reminders

Running it twice sends nothing new (one reminder per DUER and due date).
"""

from django.core.management.base import BaseCommand

from qsse.duer.services import update_reminders_send


class Command(BaseCommand):
    help = "Notify the owners of the DUERs whose yearly update is due (run daily)."

    def handle(self, *args, **options):
        self.stdout.write(f"{update_reminders_send()} DUER reminder(s) sent.")
