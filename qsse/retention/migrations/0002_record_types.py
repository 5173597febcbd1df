"""Load the shipped record types (data/record_types.yaml); see catalogue.py."""

from django.db import migrations


def load(apps, schema_editor):
    from qsse.retention.catalogue import load_record_types

    load_record_types(apps.get_model("retention", "RecordType"))


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
