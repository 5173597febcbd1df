"""Load the default rating guides (generic wording written for OpenQSSE, editable)."""

from django.db import migrations


def load(apps, schema_editor):
    from qsse.fmea.rating_guides import DEFAULT_GUIDES

    RatingGuide = apps.get_model("fmea", "RatingGuide")
    for scale, levels in DEFAULT_GUIDES.items():
        for level, meaning, criteria in levels:
            RatingGuide.objects.get_or_create(
                scale=scale, level=level, defaults={"meaning": meaning, "criteria": criteria}
            )


def unload(apps, schema_editor):
    apps.get_model("fmea", "RatingGuide").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("fmea", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
