"""Fast bulk insertion of new records with their creation history, for imports of tens of thousands
of rows (a regulatory library proposed for every site, for instance).

``bulk_create_with_history`` (django-simple-history) goes through Django's ``bulk_create`` twice, whose
SQL compiler costs about 10 µs per value: 50,000 records of 30 fields and their history rows take
more than 30 s. ``bulk_insert_with_history`` writes the same rows with ``executemany`` of plain
parameter tuples, converting each value with the field's own ``get_db_prep_save`` (memoised for the
values that repeat, which are most of them), so that the rows are those Django would have written:

- primary keys are reserved first (the sequence's next values on PostgreSQL; on SQLite, the rows
  after the highest id ever given, ``sqlite_sequence`` included, inside the caller's transaction that
  holds the write lock), and set on the objects, as ``bulk_create`` does on PostgreSQL;
- ``auto_now`` / ``auto_now_add`` fields take the time of the call;
- each record gets its ``+`` history row (same user, same date), as ``bulk_create_with_history`` writes.

Call it inside ``transaction.atomic()``. Signals are not sent (``bulk_create`` sends none either).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

BATCH_SIZE = 2000
_SIMPLE = (str, int, float, bool, type(None), date, datetime, Decimal)


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    table = model._meta.db_table
    pk_column = model._meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), pk_column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor != "sqlite":
            raise NotImplementedError(connection.vendor)
        cursor.execute(f"SELECT COALESCE(MAX({quote(pk_column)}), 0) FROM {quote(table)}")
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")
        if cursor.fetchone():
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            if row and row[0] > highest:
                highest = row[0]
    return list(range(highest + 1, highest + 1 + count))


def _insert(model: type[models.Model], columns: list[str], rows: list[tuple]) -> None:
    """``COPY … FROM STDIN`` on PostgreSQL (one INSERT per row costs it three times as much, even
    pipelined), ``executemany`` of one INSERT elsewhere (SQLite runs it in C)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = "INSERT INTO {} ({}) VALUES ({})".format(table, names, ", ".join(["%s"] * len(columns)))
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, rows[start : start + BATCH_SIZE])


class _Converter:
    """The database value of each field's Python value, memoised for the simple values that repeat."""

    def __init__(self, fields: Sequence[models.Field]) -> None:
        self.fields = list(fields)
        self.cache: list[dict[Any, Any]] = [{} for _ in self.fields]

    def row(self, values: Sequence[Any]) -> tuple:
        out = []
        for index, value in enumerate(values):
            field = self.fields[index]
            if isinstance(value, _SIMPLE) and not isinstance(field, models.JSONField):
                cache = self.cache[index]
                key = (type(value), value)
                if key not in cache:
                    cache[key] = field.get_db_prep_save(value, connection)
                out.append(cache[key])
            else:
                out.append(field.get_db_prep_save(value, connection))
        return tuple(out)


def bulk_insert_with_history(
    model: type[models.Model], objs: list[models.Model], *, history_user: Any = None
) -> list[models.Model]:
    """INSERT ``objs`` (new, unsaved records of ``model``) and their creation history rows."""
    if not objs:
        return objs
    _require_atomic()
    now = timezone.now()
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:
                setattr(obj, field.attname, now)
    for obj, pk in zip(objs, _reserve_ids(model, len(objs)), strict=True):
        obj.pk = pk
        obj._state.adding = False
    record_fields = [meta.pk, *fields]
    converter = _Converter(record_fields)
    _insert(
        model,
        [field.column for field in record_fields],
        [converter.row([getattr(obj, field.attname) for field in record_fields]) for obj in objs],
    )
    _insert_history(model, objs, "+", now, history_user)
    return objs


def _require_atomic() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("The bulk writes of qsse.core.bulk must run inside transaction.atomic().")


def _insert_history(
    model: type[models.Model], objs: list[models.Model], history_type: str, now: Any, history_user: Any
) -> None:
    """One history row per object (``+`` created, ``~`` changed), as django-simple-history writes."""
    history = getattr(model, "history", None)
    if history is None:
        return
    history_model = history.model
    history_fields = [field for field in history_model._meta.concrete_fields if not field.primary_key]
    tracked = {field.attname for field in history_model.tracked_fields}
    user_id = history_user.pk if getattr(history_user, "is_authenticated", False) else None
    fixed = {
        "history_date": now,
        "history_change_reason": "",
        "history_type": history_type,
        "history_user_id": user_id,
    }
    unknown = [f.attname for f in history_fields if f.attname not in tracked and f.attname not in fixed]
    if unknown:
        raise NotImplementedError(f"history fields not handled: {unknown}")
    converter = _Converter(history_fields)
    _insert(
        history_model,
        [field.column for field in history_fields],
        [
            converter.row(
                [
                    getattr(obj, field.attname) if field.attname in tracked else fixed[field.attname]
                    for field in history_fields
                ]
            )
            for obj in objs
        ],
    )


def bulk_update_with_history_rows(
    model: type[models.Model],
    objs: list[models.Model],
    field_names: Sequence[str],
    *,
    history_user: Any = None,
) -> int:
    """UPDATE ``field_names`` of ``objs`` (saved records changed in memory), one ``executemany`` of
    ``UPDATE … WHERE pk = %s``, and write their ``~`` history rows; ``auto_now`` fields take the
    time of the call. The fast counterpart of ``bulk_update_with_history`` (whose ``CASE WHEN``
    statements cost seconds for a few thousand rows). Returns the number of records."""
    if not objs:
        return 0
    _require_atomic()
    now = timezone.now()
    meta = model._meta
    fields = [meta.get_field(name) for name in field_names]
    for field in meta.concrete_fields:
        if getattr(field, "auto_now", False) and field not in fields:
            fields.append(field)
    for field in fields:
        if getattr(field, "auto_now", False):
            for obj in objs:
                setattr(obj, field.attname, now)
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(meta.db_table),
        ", ".join(f"{quote(field.column)} = %s" for field in fields),
        quote(meta.pk.column),
    )
    converter = _Converter([*fields, meta.pk])
    rows = [converter.row([*(getattr(obj, field.attname) for field in fields), obj.pk]) for obj in objs]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, rows[start : start + BATCH_SIZE])
    _insert_history(model, objs, "~", now, history_user)
    return len(objs)
