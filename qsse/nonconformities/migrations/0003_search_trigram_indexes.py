"""Trigram indexes for the "contains" searches on PostgreSQL (qsse/core/search_indexes.py); none on SQLite."""

from django.db import migrations

from qsse.core.search_indexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("nonconformities", "0002_nonconformity_statistics_index")]

    operations = [
        trigram_indexes(
            "nonconformities_nonconformity",
            "reference",
            "title",
            "product",
            "lot",
            "customer_name",
            "customer_reference",
        )
    ]
