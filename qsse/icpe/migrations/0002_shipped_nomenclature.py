"""Load the shipped rubriques and thresholds (data/fr_icpe_nomenclature.yaml)."""

from django.db import migrations

from qsse.icpe.nomenclature import load_nomenclature


def load(apps, schema_editor):
    load_nomenclature(apps.get_model("icpe", "Rubrique"), apps.get_model("icpe", "Threshold"))


def unload(apps, schema_editor):
    apps.get_model("icpe", "Rubrique").objects.filter(is_shipped=True, activities__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("icpe", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
