"""Trigram indexes for the "contains" searches on PostgreSQL (qsse/core/search_indexes.py); none on SQLite."""

from django.db import migrations

from qsse.core.search_indexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_download_log_detail")]

    operations = [trigram_indexes("documents_document", "reference", "title")]
