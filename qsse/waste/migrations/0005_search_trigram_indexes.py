"""Trigram indexes for the "contains" searches on PostgreSQL (qsse/core/search_indexes.py); none on SQLite."""

from django.db import migrations

from qsse.core.search_indexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("waste", "0004_year_totals")]

    operations = [trigram_indexes("waste_wasteremoval", "reference", "usual_name", "tracking_number")]
