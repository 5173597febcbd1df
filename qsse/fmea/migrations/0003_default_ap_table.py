"""Ship the AIAG-VDA 2019 action-priority table and put it in use when no table is (fresh install).

A data migration rather than a lazy "create on first use": every install gets the table once,
inside the migration's transaction, and reads never write. Lines already rated when no table was
in use get their AP computed here. ``services.ap_table_ensure_default`` covers databases emptied
after migrating (``flush``, transactional tests).
"""

from django.db import migrations


def load(apps, schema_editor):
    from qsse.fmea.calculations import ap_lookup
    from qsse.fmea.choices import AP_RANK
    from qsse.fmea.default_ap import DEFAULT_AP_TABLE_NAME, DEFAULT_AP_TABLE_SOURCE, read_default_rules

    ApTable = apps.get_model("fmea", "ApTable")
    ActionPriorityRule = apps.get_model("fmea", "ActionPriorityRule")
    FmeaLine = apps.get_model("fmea", "FmeaLine")
    if ApTable.objects.filter(name=DEFAULT_AP_TABLE_NAME).exists():
        return
    activate = not ApTable.objects.filter(is_active=True).exists()
    rules = read_default_rules()
    table = ApTable.objects.create(name=DEFAULT_AP_TABLE_NAME, source=DEFAULT_AP_TABLE_SOURCE, is_active=activate)
    ActionPriorityRule.objects.bulk_create(
        ActionPriorityRule(
            table=table,
            severity_min=rule.severity_min,
            severity_max=rule.severity_max,
            occurrence_min=rule.occurrence_min,
            occurrence_max=rule.occurrence_max,
            detection_min=rule.detection_min,
            detection_max=rule.detection_max,
            priority=rule.priority,
        )
        for rule in rules
    )
    if not activate:
        return
    lookup = ap_lookup(rules)
    changed = []
    for line in FmeaLine.objects.all().iterator(chunk_size=2000):
        line.ap = lookup.get((line.severity, line.occurrence, line.detection), "")
        line.ap_rank = AP_RANK[line.ap]
        if line.revised_rpn is not None:
            line.revised_ap = lookup.get(
                (line.revised_severity, line.revised_occurrence, line.revised_detection), ""
            )
        changed.append(line)
    FmeaLine.objects.bulk_update(changed, ["ap", "ap_rank", "revised_ap"], batch_size=1000)


def unload(apps, schema_editor):
    from qsse.fmea.default_ap import DEFAULT_AP_TABLE_NAME

    apps.get_model("fmea", "ApTable").objects.filter(name=DEFAULT_AP_TABLE_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("fmea", "0002_default_rating_guides")]

    operations = [migrations.RunPython(load, unload)]
