from django.core.management.base import BaseCommand

from qsse.inspections import services


class Command(BaseCommand):
    help = "Load or refresh the shipped catalogue of periodic inspections (idempotent)."

    def handle(self, *args, **options) -> None:
        counts = services.catalogue_load()
        self.stdout.write(
            f"{counts['kinds_created']} kinds created, {counts['types_created']} types created, "
            f"{counts['types_updated']} types updated."
        )
