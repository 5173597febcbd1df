"""Load the shipped hazard families (data/digirisk_danger_categories.csv, valid rows only)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "digirisk_danger_categories.csv"


def load(apps, schema_editor):
    HazardFamily = apps.get_model("duer", "HazardFamily")
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["status"] == "valid"]
    for order, row in enumerate(rows, start=1):
        sub_dangers = "\n".join(part.strip() for part in row["sub_dangers_fr"].split("|") if part.strip())
        HazardFamily.objects.update_or_create(
            name=row["category_fr"],
            defaults={"sub_dangers": sub_dangers, "order": order * 10, "is_builtin": True, "is_active": True},
        )


def unload(apps, schema_editor):
    apps.get_model("duer", "HazardFamily").objects.filter(is_builtin=True, hazards__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("duer", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
