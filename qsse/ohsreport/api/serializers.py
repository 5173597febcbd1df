from __future__ import annotations

from rest_framework import serializers


class OhsReportQuerySerializer(serializers.Serializer):
    period = serializers.RegexField(r"^\d{4}(-[Qq][1-4])?$", required=False, help_text="2026-Q3 or 2026")
    site = serializers.IntegerField(required=False)


def _rate() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)


class OhsReportRateBlockSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField(help_text="First day after the span.")
    lost_time_accidents = serializers.IntegerField(source="figures.lost_time_accidents")
    other_accidents = serializers.IntegerField(source="figures.other_accidents")
    days_lost = serializers.IntegerField(source="figures.days_lost")
    hours_worked = serializers.DecimalField(
        source="figures.hours_worked", max_digits=14, decimal_places=2, allow_null=True
    )
    average_headcount = serializers.DecimalField(
        source="figures.average_headcount", max_digits=11, decimal_places=2, allow_null=True
    )
    tf = serializers.DecimalField(source="rates.tf", max_digits=12, decimal_places=2, allow_null=True)
    tf2 = serializers.DecimalField(source="rates.tf2", max_digits=12, decimal_places=2, allow_null=True)
    tg = serializers.DecimalField(source="rates.tg", max_digits=12, decimal_places=2, allow_null=True)
    frequency_index = serializers.DecimalField(
        source="rates.indice", max_digits=12, decimal_places=2, allow_null=True
    )


class OhsReportAccidentRowSerializer(serializers.Serializer):
    """An accident of the period, without any data on the victim."""

    reference = serializers.CharField()
    occurred_on = serializers.DateField()
    site = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    days_lost = serializers.IntegerField()
    status = serializers.CharField()
    facts = serializers.IntegerField(help_text="Facts of the tree of causes besides the injury.")
    is_analysed = serializers.BooleanField()
    actions_open = serializers.IntegerField()
    actions_closed = serializers.IntegerField()


class OhsReportVersionRowSerializer(serializers.Serializer):
    duer = serializers.CharField()
    number = serializers.IntegerField()
    frozen_on = serializers.DateField()
    change_note = serializers.CharField()


class OhsReportRiskRowSerializer(serializers.Serializer):
    work_unit = serializers.CharField()
    family = serializers.CharField()
    situation = serializers.CharField()
    residual_score = serializers.DecimalField(max_digits=8, decimal_places=2)
    residual_level = serializers.CharField()


class OhsReportPlanSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    overdue = serializers.IntegerField()
    percent_done = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    from_duer = serializers.IntegerField()
    from_accidents = serializers.IntegerField()


class OhsReportVisitRowSerializer(serializers.Serializer):
    reference = serializers.CharField()
    performed_on = serializers.DateField()
    site = serializers.CharField()
    equipment = serializers.CharField()
    inspection = serializers.CharField()
    result = serializers.CharField()


class OhsReportInspectionStatusSerializer(serializers.Serializer):
    overdue = serializers.IntegerField()
    due_soon = serializers.IntegerField()
    up_to_date = serializers.IntegerField()
    performed = serializers.IntegerField()
    results = serializers.DictField(child=serializers.IntegerField())
    visits = OhsReportVisitRowSerializer(many=True)


class OhsReportSerializer(serializers.Serializer):
    period = serializers.CharField(source="period.code")
    start = serializers.DateField(source="period.start")
    end = serializers.DateField(source="period.end", help_text="First day after the period.")
    sites = serializers.ListField(child=serializers.CharField(), source="site_names")
    current = OhsReportRateBlockSerializer()
    previous = OhsReportRateBlockSerializer()
    rolling_12_months = OhsReportRateBlockSerializer(source="rolling")
    kinds = serializers.DictField(child=serializers.IntegerField())
    accidents = OhsReportAccidentRowSerializer(many=True)
    duer_versions = OhsReportVersionRowSerializer(many=True, source="versions")
    hazards_added = serializers.IntegerField()
    hazards_rerated = serializers.IntegerField()
    top_risks = OhsReportRiskRowSerializer(many=True)
    prevention_plan = OhsReportPlanSerializer(source="plan")
    inspections = OhsReportInspectionStatusSerializer()
