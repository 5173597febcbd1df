"""``manage.py seed_demo``: the demo company MBP with two years of records (does nothing if present)."""

import time

from django.core.management.base import BaseCommand

from qsse.demo.seeding import seed_demo


class Command(BaseCommand):
    help = (
        "Create the demo organisation (Mécanique Bourbonnaise de Précision) with its people, process map "
        "and two years of non-conformities, incidents, complaints and actions. Does nothing when it exists."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        summary = seed_demo()
        if summary is None:
            self.stdout.write("The demo organisation exists already: nothing to do.")
            return
        counts = summary.counts
        org = summary.organisation
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo organisation “{org.organization}” created in {time.perf_counter() - started:.1f} s: "
                f"{len(org.sites)} sites, {len(org.work_units)} work units, {len(org.people)} people, "
                f"{summary.processes} processes, {summary.interactions} interactions, "
                f"{counts.records} records ({dict(counts.by_kind)}), {counts.closed} closed, "
                f"{counts.analysed} with 5 whys or Ishikawa, {counts.eight_d} 8D reports, "
                f"{counts.actions} actions."
            )
        )
        if summary.modules:
            self.stdout.write(
                "Steering modules: " + ", ".join(f"{n} {kind}" for kind, n in summary.modules.items())
            )
