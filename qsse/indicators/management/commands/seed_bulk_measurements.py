"""Insert many indicator values for the benchmark: ``manage.py seed_bulk_measurements --count 1000000``."""

from django.core.management.base import BaseCommand

from qsse.indicators.bulk import seed_bulk_measurements


class Command(BaseCommand):
    help = "Create benchmark indicators (BENCH-001…) and about COUNT measurements, fast (bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1_000_000)
        parser.add_argument("--indicators", type=int, default=300)

    def handle(self, *args, **options):
        result = seed_bulk_measurements(options["count"], indicators=options["indicators"])
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in result.items()))
