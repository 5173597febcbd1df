"""Trigram indexes for the "contains" searches on PostgreSQL (qsse/core/search_indexes.py); none on SQLite."""

from django.db import migrations

from qsse.core.search_indexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("actions", "0002_board_efficacy_checked_indexes")]

    operations = [trigram_indexes("actions_action", "reference", "title")]
