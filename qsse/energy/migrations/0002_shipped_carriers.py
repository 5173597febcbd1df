"""Load the shipped energy carriers and emission factors (data/energy_carriers.yaml)."""

from django.db import migrations

from qsse.energy.reference_data import load_carriers


def load(apps, schema_editor):
    load_carriers(apps.get_model("energy", "EnergyCarrier"), apps.get_model("energy", "EmissionFactor"))


def unload(apps, schema_editor):
    apps.get_model("energy", "EmissionFactor").objects.filter(is_shipped=True).delete()
    apps.get_model("energy", "EnergyCarrier").objects.filter(is_shipped=True, meters__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("energy", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
