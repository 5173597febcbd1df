from django.db import migrations


def load(apps, schema_editor):
    from qsse.documents.types_data import load_types

    load_types(apps.get_model("documents", "DocumentType"))


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
