"""Indexes that answer the "contains" searches of lists and of the global search without reading the
whole table: trigram indexes on PostgreSQL (migration operations), FTS5 trigram tables on SQLite
(kept by ``ensure_sqlite_text_indexes`` after every migrate), and ``text_filter`` that uses them.

PostgreSQL
----------

Django writes ``field__icontains=word`` as ``UPPER("table"."field"::text) LIKE UPPER('%word%')``: no
B-tree index serves a pattern that starts with ``%``, so PostgreSQL reads the whole table (about 50 ms
for 50,000 documents, 130 ms for 300,000 actions, on the bench machine). A GIN index of the trigrams
of ``UPPER(field::text)`` (extension ``pg_trgm``, shipped with PostgreSQL and "trusted" since
PostgreSQL 13, so the database owner may create it) serves exactly that expression, for any word of
three characters or more.

The operation ``trigram_indexes`` does nothing on SQLite.

SQLite
------
A ``LIKE '%word%'`` reads every row (about 140 ms for 300,000 actions on the bench machine). SQLite's
FTS5 extension with its ``trigram`` tokenizer (SQLite 3.34+) indexes every three-character sequence
of a text, case-folded: a phrase query of three characters or more is answered from the index, with
the meaning of "contains". For each model registered with ``registry.register_text_index`` core keeps
an external-content FTS5 table ``<table>_fts`` (the text is not stored twice, only its trigrams) and
three triggers that follow the inserts, updates and deletes of the table, whoever writes them
(services, bulk updates, migrations, loaddata). ``ensure_sqlite_text_indexes`` runs after every
``migrate`` (and ``flush``): it creates what is missing and rebuilds the index from the table. That also
mends a table that a migration re-created (SQLite's ALTER TABLE emulation drops its triggers).
Where the SQLite library has no FTS5 or no trigram tokenizer, nothing is created and ``text_filter``
falls back to ``icontains``: same results, slower.
"""

from __future__ import annotations

import logging

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, migrations, transaction
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from .registry import TextIndex, _concrete, text_indexes

logger = logging.getLogger(__name__)
MIN_INDEXED_LENGTH = 3  # the trigram tokenizer cannot answer a shorter substring
COMMON_MATCHES = 2000  # see text_filter(first_rows_only=True)


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


# --- SQLite: FTS5 trigram tables ------------------------------------------------------------------


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _trigger_names(index: TextIndex) -> tuple[str, str, str]:
    return (f"{index.fts_table}_insert", f"{index.fts_table}_delete", f"{index.fts_table}_update")


def _create_statements(index: TextIndex) -> list[str]:
    fts, table = _quoted(index.fts_table), _quoted(index.table)
    pk = _quoted(index.model._meta.pk.column)
    columns = ", ".join(_quoted(column) for column in index.columns)
    new_values = ", ".join(f"new.{_quoted(column)}" for column in index.columns)
    old_values = ", ".join(f"old.{_quoted(column)}" for column in index.columns)
    on_insert, on_delete, on_update = (_quoted(name) for name in _trigger_names(index))
    insert_new = f"INSERT INTO {fts}(rowid, {columns}) VALUES (new.{pk}, {new_values});"
    delete_old = f"INSERT INTO {fts}({fts}, rowid, {columns}) VALUES ('delete', old.{pk}, {old_values});"
    return [
        f"DROP TRIGGER IF EXISTS {on_insert}",
        f"DROP TRIGGER IF EXISTS {on_delete}",
        f"DROP TRIGGER IF EXISTS {on_update}",
        f"DROP TABLE IF EXISTS {fts}",
        f"CREATE VIRTUAL TABLE {fts} USING fts5({columns}, content={table}, content_rowid={pk}, "
        "tokenize='trigram')",
        f"CREATE TRIGGER {on_insert} AFTER INSERT ON {table} BEGIN {insert_new} END",
        f"CREATE TRIGGER {on_delete} AFTER DELETE ON {table} BEGIN {delete_old} END",
        f"CREATE TRIGGER {on_update} AFTER UPDATE OF {columns} ON {table} "
        f"BEGIN {delete_old} {insert_new} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def _is_current(cursor, index: TextIndex, existing: set[str]) -> bool:
    if not {index.fts_table, *_trigger_names(index)} <= existing:
        return False
    cursor.execute(f"PRAGMA table_info({_quoted(index.fts_table)})")
    return tuple(row[1] for row in cursor.fetchall()) == index.columns


_available: dict[tuple[str, str, str], bool] = {}


def _cache_key(connection, index: TextIndex) -> tuple[str, str, str]:
    return (connection.alias, str(connection.settings_dict["NAME"]), index.fts_table)


def ensure_sqlite_text_indexes(using: str = DEFAULT_DB_ALIAS, **kwargs) -> list[str]:
    """Create (and fill) the FTS5 table and triggers of every registered text index that lacks them or
    whose columns changed; the names of the tables (re)built. Nothing on other databases."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    built = []
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        existing = {row[0] for row in cursor.fetchall()}
        for index in text_indexes.values():
            _available.pop(_cache_key(connection, index), None)
            if index.table not in existing or _is_current(cursor, index, existing):
                continue
            try:
                with transaction.atomic(using=using):
                    for statement in _create_statements(index):
                        cursor.execute(statement)
            except OperationalError as error:  # no FTS5, or a SQLite older than 3.34 (no trigram)
                logger.warning("No text index for %s on this SQLite (%s)", index.table, error)
                continue
            built.append(index.fts_table)
    return built


def _sqlite_index(queryset: QuerySet) -> TextIndex | None:
    connection = connections[queryset.db]
    if connection.vendor != "sqlite":
        return None
    index = text_indexes.get(_concrete(queryset.model))
    if index is None:
        return None
    key = _cache_key(connection, index)
    if key not in _available:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = %s", [index.fts_table]
            )
            _available[key] = cursor.fetchone()[0] == 1
    return index if _available[key] else None


def _fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _contains_any(fields: tuple[str, ...], text: str) -> Q:
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": text})
    return condition


def text_filter(
    queryset: QuerySet, query: str, *, every_word: bool = False, first_rows_only: bool = False
) -> QuerySet:
    """The rows of ``queryset`` one of whose indexed fields contains ``query`` (case-insensitive);
    with ``every_word``, each word of ``query`` must be contained in one of the fields.

    The model must be registered with ``registry.register_text_index``. On SQLite the terms of three
    characters or more are looked up in the FTS5 table (``rowid IN (… MATCH …)``) and shorter ones with
    ``icontains``; on PostgreSQL every term is an ``icontains``, which its trigram indexes answer.

    ``first_rows_only``: the caller reads only the first rows in an order the database can walk (the
    global search's 20 most recent). When the text is common (``COMMON_MATCHES`` rows or more in the
    index) walking the table finds them sooner than listing every match (on 300,000 actions, 13,000
    matches: 0.5 ms walking, 23 ms from the index), so the filter is then a plain ``icontains``."""
    index = text_indexes.get(_concrete(queryset.model))
    if index is None:
        raise LookupError(f"{queryset.model.__name__} has no registered text index")
    terms = query.split() if every_word else [query.strip()]
    terms = [term for term in terms if term]
    if not terms:
        return queryset
    fts = _sqlite_index(queryset)
    indexed = [term for term in terms if fts is not None and len(term) >= MIN_INDEXED_LENGTH]
    match = " AND ".join(_fts_phrase(term) for term in indexed)
    select = f"SELECT rowid FROM {_quoted(index.fts_table)} WHERE {_quoted(index.fts_table)} MATCH %s"
    if indexed and first_rows_only:
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({select} LIMIT {COMMON_MATCHES})", [match])
            if cursor.fetchone()[0] >= COMMON_MATCHES:
                indexed = []
    condition = Q()
    for term in terms:
        if term not in indexed:
            condition &= _contains_any(index.fields, term)
    if indexed:
        condition &= Q(pk__in=RawSQL(select, [match]))
    return queryset.filter(condition)
