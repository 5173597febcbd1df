"""``manage.py print_demo_logins``: who to sign in as in the demo, and where."""

from django.conf import settings
from django.core.management.base import BaseCommand

from qsse.demo.logins import demo_logins


class Command(BaseCommand):
    help = (
        "Print the demo accounts (username, password, role, site scope) and the address of the application."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", help="Address the server answers on (default: SITE_URL).")

    def handle(self, *args, **options):
        rows = demo_logins()
        if not rows:
            self.stdout.write("No demo organisation yet: run `manage.py seed_demo` first.")
            return
        headers = ("Username", "Password", "Role", "Sites", "Name / job")
        table = [headers] + [
            (row.username, row.password, row.role, row.sites, f"{row.name} – {row.job_title}{row.note}")
            for row in rows
        ]
        widths = [max(len(line[index]) for line in table) for index in range(len(headers) - 1)]
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("OpenQSSE demo – Mécanique Bourbonnaise de Précision (MBP)"))
        for number, line in enumerate(table):
            cells = [cell.ljust(width) for cell, width in zip(line, widths, strict=False)] + [line[-1]]
            self.stdout.write("  ".join(cells).rstrip())
            if number == 0:
                self.stdout.write("  ".join("-" * width for width in widths) + "  " + "-" * 10)
        url = (options.get("url") or getattr(settings, "SITE_URL", "http://127.0.0.1:8000")).rstrip("/")
        self.stdout.write("")
        self.stdout.write(f"Open {url} and sign in (main user: {rows[0].username}).")
