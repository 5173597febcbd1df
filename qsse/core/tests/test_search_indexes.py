"""The trigram indexes of the "contains" searches: present on PostgreSQL and chosen by its planner for
the search Django writes; absent (and harmless) on SQLite."""

import pytest
from django.db import connection

from qsse.documents.models import Document

pytestmark = pytest.mark.django_db

SEARCHED = {
    "documents_document": ("reference", "title"),
    "actions_action": ("reference", "title"),
    "nonconformities_nonconformity": (
        "reference",
        "title",
        "product",
        "lot",
        "customer_name",
        "customer_reference",
    ),
    "waste_wasteremoval": ("reference", "usual_name", "tracking_number"),
}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
def test_every_searched_column_has_its_trigram_index_and_the_planner_uses_it():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE %s", ["%_trgm"])
        indexes = dict(cursor.fetchall())
    for table, columns in SEARCHED.items():
        for column in columns:
            definition = indexes[f"{table}_{column}_trgm"]
            assert "gin_trgm_ops" in definition and f"upper(({column})::text)" in definition

    queryset = Document.objects.filter(title__icontains="étalonnage")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "documents_document_title_trgm" in plan


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite side of the same migrations")
def test_sqlite_has_no_trigram_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%trgm'")
        assert cursor.fetchall() == []
