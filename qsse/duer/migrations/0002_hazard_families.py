"""Load the shipped hazard families (data/digirisk_danger_categories.csv, valid rows only)."""

from django.db import migrations

from qsse.duer.families import load_families


def load(apps, schema_editor):
    load_families(apps.get_model("duer", "HazardFamily"))


def unload(apps, schema_editor):
    apps.get_model("duer", "HazardFamily").objects.filter(is_builtin=True, hazards__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("duer", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
