"""Load the European List of Waste (842 codes, 20 chapters, 111 sub-chapters) and the treatment
codes R1–R13 / D1–D15 shipped in qsse/waste/data (see data/SOURCE.md)."""

from django.db import migrations


def load(apps, schema_editor):
    from qsse.waste.reference import load as load_reference

    load_reference(
        apps.get_model("waste", "WasteHeading"),
        apps.get_model("waste", "WasteCode"),
        apps.get_model("waste", "TreatmentCode"),
    )


class Migration(migrations.Migration):
    dependencies = [("waste", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
