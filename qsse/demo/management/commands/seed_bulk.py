"""``manage.py seed_bulk``: a large synthetic data set for benchmarks (bypasses services and history)."""

from datetime import date

from django.core.management.base import BaseCommand

from qsse.demo.bulk import DEFAULT_SINCE, seed_bulk


class Command(BaseCommand):
    help = (
        "Add many non-conformities and actions to the demo organisation with bulk inserts, for benchmarks. "
        "Bypasses the services: no history, events, notifications or permission checks. Not for production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--nonconformities", type=int, default=100_000, help="records to add")
        parser.add_argument("--actions", type=int, default=300_000, help="actions to add")
        parser.add_argument(
            "--since",
            type=date.fromisoformat,
            default=DEFAULT_SINCE,
            help="first detection date (YYYY-MM-DD)",
        )
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, **options):
        summary = seed_bulk(
            nonconformities=options["nonconformities"],
            actions=options["actions"],
            since=options["since"],
            batch_size=options["batch_size"],
            log=self.stdout.write,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary.nonconformities} non-conformities and {summary.actions} actions added "
                f"in {summary.seconds:.1f} s."
            )
        )
