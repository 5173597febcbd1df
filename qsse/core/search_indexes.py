"""Trigram indexes that let PostgreSQL answer the "contains" searches of lists and of the global
search from an index.

Django writes ``field__icontains=word`` as ``UPPER("table"."field"::text) LIKE UPPER('%word%')``: no
B-tree index serves a pattern that starts with ``%``, so PostgreSQL reads the whole table (about 50 ms
for 50,000 documents, 130 ms for 300,000 actions, on the bench machine). A GIN index of the trigrams
of ``UPPER(field::text)`` (extension ``pg_trgm``, shipped with PostgreSQL and "trusted" since
PostgreSQL 13, so the database owner may create it) serves exactly that expression, for any word of
three characters or more.

SQLite has no such index: the operations below do nothing there.
"""

from __future__ import annotations

from django.db import migrations


def _index_name(table: str, column: str) -> str:
    return f"{table}_{column}_trgm"[:63]


def trigram_indexes(table: str, *columns: str) -> migrations.RunPython:
    """A migration operation creating (reversed: dropping) the trigram indexes of ``columns``."""

    def create(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in columns:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{_index_name(table, column)}" ON "{table}" '
                f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
            )

    def drop(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{_index_name(table, column)}"')

    return migrations.RunPython(create, drop, elidable=False)
