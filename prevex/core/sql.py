"""Fast bulk writes, for the bulk services of the apps that own the tables
(``household_create_many``, ``procedure_open_many``, ``event_record_many``) and the
import's own rows (bench/import.py: 100,000 rows a minute).

Django's ``bulk_create``/``bulk_update`` spend most of their time in Python building
expressions and, on PostgreSQL with client-side binding, quoting every value. Here:

* ``insert_objects`` gives unsaved instances their ids first (PostgreSQL: ``nextval``
  of the table's identity sequence; SQLite: after the largest id, under the write lock
  every import transaction holds — production settings open SQLite transactions
  ``IMMEDIATE``), then writes them with ``COPY`` (PostgreSQL) or ``executemany``
  (SQLite). Values go through each field's ``pre_save``/``get_db_prep_save``, as in
  ``bulk_create``, except the values the driver takes as they are (``_preparer``: the
  same stored value, less Python); no signal is sent (as with ``bulk_create``).
* ``bulk_update_cases`` writes a few fields of saved instances with one
  ``UPDATE … SET col = CASE id WHEN … END`` per batch (SQLite), or one
  ``UPDATE … FROM unnest(arrays)`` (PostgreSQL: the same query text for every batch).

Plain SQL otherwise identical on both engines; tested on both.
"""

from __future__ import annotations

import datetime
import functools
import json
import operator
from decimal import Decimal

from django.db import connections, router
from django.db.models import signals
from django.db.models.base import ModelState

BATCH = 500


def _connection(model):
    return connections[router.db_for_write(model)]


def _raw_cursor(connection):
    """A DB-API cursor with server-side binding on PostgreSQL (fast with many values)."""
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        import psycopg

        return psycopg.Cursor(connection.connection)
    return connection.connection.cursor()


def _mark(connection) -> str:
    return "%s" if connection.vendor == "postgresql" else "?"


# PostgreSQL: (database, table, column) → the sequence of the table's identity column.
_SEQUENCES: dict[tuple[str, str, str], str] = {}


def _sequence(connection, cursor, table: str, pk: str) -> str:
    """The name of ``table``'s id sequence, looked up once per database and table: called
    for every row of ``generate_series``, ``pg_get_serial_sequence`` cost the database
    8 times as much as the ``nextval`` itself (one catalog lookup per id)."""
    key = (connection.settings_dict["NAME"], table, pk)
    found = _SEQUENCES.get(key)
    if found is None:
        cursor.execute(
            "SELECT pg_get_serial_sequence(%s, %s)", [connection.ops.quote_name(table), pk]
        )
        found = _SEQUENCES[key] = cursor.fetchone()[0]
    return found


def _allocate_ids(connection, meta, count: int) -> list[int]:
    quote = connection.ops.quote_name
    table, pk = meta.db_table, meta.pk.column
    cursor = _raw_cursor(connection)
    try:
        if connection.vendor == "postgresql":
            # one array (read in C), not one row per id; in the order they were drawn
            cursor.execute(
                "SELECT array_agg(n ORDER BY n) FROM "
                "(SELECT nextval(%s::regclass) AS n FROM generate_series(1, %s)) AS ids",
                [_sequence(connection, cursor, table, pk), count],
            )
            return cursor.fetchone()[0]
        cursor.execute(f"SELECT COALESCE(MAX({quote(pk)}), 0) FROM {quote(table)}")  # noqa: S608
        start = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", [table])
        row = cursor.fetchone()
        start = max(start, row[0] if row else 0)
        return list(range(start + 1, start + count + 1))
    finally:
        cursor.close()


# Field types whose Python value is what both database drivers take as is.
_AS_IS = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "EmailField",
        "FloatField",
        "ForeignKey",
        "IntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
    }
)


def _needs_preparation(field) -> bool:
    return (
        field.get_internal_type() not in _AS_IS
        or getattr(field, "auto_now", False)
        or getattr(field, "auto_now_add", False)
    )


def _preparer(field, connection, *, copy: bool = False):
    """How to prepare ``field``'s values for the driver: Django's ``get_db_prep_save``,
    except on PostgreSQL for the values psycopg adapts as they are (its ``COPY`` takes
    dates, aware datetimes and finite Decimals; Django would hand them over unchanged
    after converting them through ``to_python``), which skip it. Any other value (a
    string, a naive datetime, a float…) still goes through Django, so the stored value
    and the errors are the same; SQLite (``executemany``) always goes through Django.

    ``copy``: the values go to PostgreSQL's ``COPY`` (text format), where a JSON
    container is sent as the text Django's ``Jsonb`` wrapper would produce (the same
    ``json.dumps``), without the wrapper and psycopg's Python dumper around it."""
    save = field.get_db_prep_save
    kind = field.get_internal_type()
    if kind == "JSONField":  # a dict or a list: what Django's chain comes down to, both engines
        adapt, encoder, containers = connection.ops.adapt_json_value, field.encoder, (dict, list)
        if copy and connection.vendor == "postgresql":
            dumps = json.dumps if encoder is None else functools.partial(json.dumps, cls=encoder)

            def as_text(value):
                if type(value) in containers:
                    return dumps(value)
                return save(value, connection)

            return as_text

        def as_json(value):
            if type(value) in containers:
                return adapt(value, encoder)
            return save(value, connection)

        return as_json
    if connection.vendor != "postgresql":
        return lambda value: save(value, connection)
    if kind == "DateField":
        date = datetime.date
        return lambda value: (
            value if value is None or type(value) is date else save(value, connection)
        )
    if kind == "DateTimeField":
        moment = datetime.datetime

        def aware(value):
            if value is None or (type(value) is moment and value.utcoffset() is not None):
                return value
            return save(value, connection)

        return aware
    if kind == "DecimalField":

        def decimal(value):
            if value is None or (type(value) is Decimal and value.is_finite()):
                return value
            return save(value, connection)

        return decimal
    return lambda value: save(value, connection)


def instance(model, **values):
    """``model(**values)`` (an unsaved instance), built with less Python: the values of
    fields go straight to the instance, a related object through its descriptor (as
    ``Model.__init__`` does), the other fields take their default. Falls back to
    ``model(**values)`` for anything else (a keyword that is not a field, a model with
    ``pre_init``/``post_init`` receivers). For the bulk services' many new rows."""
    maker = _MAKERS.get(model)
    if maker is None:
        maker = _MAKERS[model] = _Maker(model)
    return maker(values)


class _Maker:
    def __init__(self, model):
        fields = model._meta.concrete_fields
        self.model = model
        self.related = {f.name: f.attname for f in fields if f.is_relation}
        self.attnames = {f.attname for f in fields}
        self.defaults = [(f.attname, f.name, f._get_default) for f in fields]
        self.plain = not (
            signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model)
        )

    def __call__(self, values: dict):
        model = self.model
        if not self.plain:
            return model(**values)
        related, attnames = self.related, self.attnames
        objects = []
        for key in values:
            if key in related:
                objects.append(key)
            elif key not in attnames:
                return model(**values)
        obj = model.__new__(model)
        obj._state = ModelState()
        state = obj.__dict__
        for attname, name, default in self.defaults:
            if attname in values:
                state[attname] = values[attname]
            elif name not in values:
                state[attname] = default()
        for name in objects:  # the descriptor sets the id, the cache and the database
            setattr(obj, name, values[name])
        return obj


_MAKERS: dict = {}


def insert_objects(model, objects: list) -> None:
    """Insert unsaved instances of ``model`` and set their primary keys."""
    if not objects:
        return
    connection = _connection(model)
    meta = model._meta
    fields = list(meta.concrete_fields)
    attnames = [f.attname for f in fields]
    plain = operator.attrgetter(*attnames)
    special = [(i, f) for i, f in enumerate(fields) if _needs_preparation(f)]
    preparers = [(i, _preparer(f, connection, copy=True)) for i, f in special]
    automatic = [
        f for _, f in special if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    relations = [(f.attname, f.cache_name, f) for f in fields if f.is_relation]
    allocate(model, objects)
    rows = []
    alias = connection.alias
    for obj in objects:
        state = obj.__dict__  # the field values (a foreign key's id read without its descriptor)
        for attname, cache_name, field in relations:  # a parent saved after it was assigned
            if state.get(attname) is None and cache_name in obj._state.fields_cache:
                parent = field.get_cached_value(obj)
                if parent is not None:
                    if parent.pk is None:
                        raise ValueError(f"{field.name} non enregistré")
                    setattr(obj, field.attname, parent.pk)
                    field.set_cached_value(obj, parent)  # setattr forgot it: no query later
        for field in automatic:  # auto_now(_add): the value is set on the object
            field.pre_save(obj, True)
        try:
            values = list(map(state.__getitem__, attnames))
        except KeyError:  # a deferred field: read through the model
            values = list(plain(obj))
        for index, prepare in preparers:
            values[index] = prepare(values[index])
        rows.append(values)
        obj._state.adding, obj._state.db = False, alias
    _write(connection, meta, [f.column for f in fields], rows)


def allocate(model, objects: list) -> None:
    """Give their ids to the instances that have none (before they are inserted)."""
    missing = [obj for obj in objects if obj.pk is None]
    if missing:
        ids = _allocate_ids(_connection(model), model._meta, len(missing))
        for obj, pk in zip(missing, ids, strict=True):
            obj.pk = pk


def insert_values(model, rows: list[dict]) -> list[int]:
    """Insert rows given as ``{attname: value}`` without building instances (missing
    fields take their default); returns the ids given to them, in order."""
    if not rows:
        return []
    connection = _connection(model)
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    attnames = [f.attname for f in fields]
    defaults = [f.get_default() for f in fields]
    preparers = [  # (index in the line, after the id)
        (index, _preparer(f, connection, copy=True))
        for index, f in enumerate(fields, start=1)
        if _needs_preparation(f)
    ]
    ids = _allocate_ids(connection, meta, len(rows))
    values = []
    for pk, row in zip(ids, rows, strict=True):
        line = [pk]
        line += map(row.get, attnames, defaults)  # a missing field takes its default
        for index, prepare in preparers:
            line[index] = prepare(line[index])
        values.append(line)
    _write(connection, meta, [meta.pk.column, *(f.column for f in fields)], values)
    return ids


def _write(connection, meta, columns: list[str], rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    table = quote(meta.db_table)
    cursor = _raw_cursor(connection)
    try:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["?"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608
    finally:
        cursor.close()


def bulk_update_cases(model, objects: list, fields: list[str], *, batch_size: int = BATCH) -> int:
    """Save ``fields`` of already saved ``objects``; returns the number of rows updated."""
    if not objects:
        return 0
    connection = _connection(model)
    quote, mark = connection.ops.quote_name, _mark(connection)
    meta = model._meta
    table, pk_column = quote(meta.db_table), quote(meta.pk.column)
    concrete = [meta.get_field(name) for name in fields]
    if connection.vendor == "postgresql":
        return _update_arrays(connection, meta, objects, concrete, batch_size)
    updated = 0
    cursor = _raw_cursor(connection)
    try:
        for start in range(0, len(objects), batch_size):
            batch = objects[start : start + batch_size]
            sets, params = [], []
            for field in concrete:
                whens = " ".join([f"WHEN {mark} THEN {mark}"] * len(batch))
                for obj in batch:
                    value = field.get_db_prep_save(getattr(obj, field.attname), connection)
                    params += [obj.pk, value]
                expression = f"CASE {pk_column} {whens} END"
                if connection.vendor == "postgresql":
                    expression = f"CAST({expression} AS {field.db_type(connection)})"
                sets.append(f"{quote(field.column)} = {expression}")
            ids = [obj.pk for obj in batch]
            marks = ", ".join([mark] * len(ids))
            cursor.execute(
                f"UPDATE {table} SET {', '.join(sets)} WHERE {pk_column} IN ({marks})",  # noqa: S608 — names quoted, values bound
                params + ids,
            )
            updated += cursor.rowcount
    finally:
        cursor.close()
    return updated


def _update_arrays(connection, meta, objects: list, concrete: list, batch_size: int) -> int:
    """PostgreSQL: one ``UPDATE … FROM unnest(<one array per column>)`` per batch. The
    query text is the same for every batch (psycopg parses it once, whatever the batch's
    size), the values go as arrays of the columns' own types."""
    quote = connection.ops.quote_name
    table, pk_column = quote(meta.db_table), quote(meta.pk.column)
    names = [f"c{i}" for i in range(len(concrete))]
    arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in [meta.pk, *concrete])
    sets = ", ".join(f"{quote(f.column)} = v.{n}" for f, n in zip(concrete, names, strict=True))
    sql = (
        f"UPDATE {table} AS t SET {sets} FROM unnest({arrays}) AS v(k, {', '.join(names)}) "  # noqa: S608 — names quoted, values bound
        f"WHERE t.{pk_column} = v.k"
    )
    preparers = [_preparer(field, connection) for field in concrete]
    updated = 0
    cursor = _raw_cursor(connection)
    try:
        for start in range(0, len(objects), batch_size):
            batch = objects[start : start + batch_size]
            params = [[obj.pk for obj in batch]]
            for field, prepare in zip(concrete, preparers, strict=True):
                params.append([prepare(getattr(obj, field.attname)) for obj in batch])
            cursor.execute(sql, params)
            updated += cursor.rowcount
    finally:
        cursor.close()
    return updated


def json_mentions(queryset, field: str, key: str, ids):
    """The rows of ``queryset`` whose JSON ``field`` holds ``"key": <one of ids>`` at any
    depth (a list of candidates: ``[{"household_id": 12, …}, …]``), by one regular
    expression on the stored text: Django's ``json.dumps`` on SQLite and jsonb's output
    on PostgreSQL both write ``"key": 12`` followed by ``,`` or ``}``. A scan of the
    table: for jobs, not pages."""
    from django.db.models import TextField
    from django.db.models.functions import Cast

    numbers = sorted({int(pk) for pk in ids})
    if not numbers:
        return queryset.none()
    pattern = '"' + key + '": (' + "|".join(map(str, numbers)) + ")[,}]"
    return queryset.annotate(_json_text=Cast(field, TextField())).filter(_json_text__regex=pattern)
