"""Reads of a composed page in one round trip.

On PostgreSQL every statement is a round trip to the server (≈ 0.4 ms on a busy
machine), and a file page reads a dozen small, independent things: the household's rows,
its procedures and acts, the follow-up, the plans, the commissions. Each reader declares
the statements it will run (a panel's ``statements``, see ``prevex.core.panels``); the
page runs them all at once inside :func:`prefetched`, then each reader asks for its rows
with :func:`rows` (or :func:`models`) as it would have asked the database, and gets
them from the batch. A statement the batch does not hold (not declared, or already
taken) is simply run: the batch is an optimisation, never a second source of truth.

On PostgreSQL with client-side binding (Django's default with psycopg 3) the statements
go in one ``execute`` and their results are read with ``nextset()``; elsewhere (SQLite,
in-process: no round trip to save) they run one by one, which still spares each reader
the ORM's ``raw()`` machinery (a tenth of the file page's Python calls on SQLite).
``ALWAYS = False`` turns batching off (the tests run the same page both ways, on both
engines, and compare).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection

Statement = tuple[str, Sequence]

_store: ContextVar[dict | None] = ContextVar("prevex_batch", default=None)
# False: never batch (the tests read the same page both ways, on both engines, and
# compare).
ALWAYS: bool = True


def _key(sql: str, params: Sequence) -> tuple | None:
    """The statement's key in a batch; None for parameters that cannot be a key (a list
    bound as an array): such a statement is not batched, it is run when read."""
    key = sql, tuple(params)
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _one_round_trip(cursor) -> bool:
    if connection.vendor != "postgresql":
        return False
    import psycopg

    return isinstance(cursor.cursor, psycopg.ClientCursor)


def fetch_each(statements: list[Statement]) -> list[tuple[list[str], list[tuple]]]:
    """Each statement's (column names, rows): in one round trip on PostgreSQL with
    client-side binding, else one by one. Same statements, same rows."""
    with connection.cursor() as cursor:
        if not _one_round_trip(cursor):
            out = []
            for sql, params in statements:
                cursor.execute(sql, list(params))
                out.append(([c[0] for c in cursor.description], cursor.fetchall()))
            return out
        cursor.execute(
            ";\n".join(sql for sql, _ in statements), [p for _, ps in statements for p in ps]
        )
        out = [([c[0] for c in cursor.description], cursor.fetchall())]
        while cursor.nextset():
            out.append(([c[0] for c in cursor.description], cursor.fetchall()))
        return out


@contextmanager
def prefetched(statements: list[Statement], *, force: bool = False) -> Iterator[None]:
    """Inside the block, :func:`rows` and :func:`models` answer these statements from
    one round trip (PostgreSQL), each once. A nested block runs only the statements the
    outer batch does not hold (a reader that batches its own statements costs nothing
    more inside a page's batch)."""
    outer = _store.get() or {}
    keys = dict.fromkeys(_key(sql, ps) for sql, ps in statements)
    wanted = [k for k in keys if k is not None and k not in outer]
    if not wanted or not (force or ALWAYS):
        yield
        return
    results = fetch_each(wanted)
    store = dict(outer)
    store.update(zip(wanted, results, strict=True))
    token = _store.set(store)
    try:
        yield
    finally:
        _store.reset(token)


def _taken(sql: str, params: Sequence):
    store = _store.get()
    if store is None:
        return None
    key = _key(sql, params)
    return None if key is None else store.pop(key, None)


def rows(sql: str, params: Sequence) -> list[tuple]:
    """The statement's rows: from the batch if it holds them, else from the database."""
    found = _taken(sql, params)
    if found is not None:
        return found[1]
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def models(model, sql: str, params: Sequence) -> list:
    """``model.objects.raw(sql, params)`` as a list: model instances (the engine's and the
    fields' converters applied; other columns as attributes), from the batch if it
    holds the statement, else run now (without ``raw()``'s per-call machinery)."""
    found = _taken(sql, params)
    if found is None:  # not in a batch: run it now, same rows as raw() would give
        found = fetch_each([(sql, params)])[0]
    columns, found_rows = found
    return _instances(model, columns, found_rows)


def _plan(model, columns: list[str]) -> tuple:
    """How to turn rows of ``columns`` into ``model`` instances: the columns' order for
    ``from_db()``, the other columns (set as attributes), each column's converters.
    Computed once per connection, model and column list (a file page reads the same
    half-dozen shapes on every read)."""
    plans = connection.__dict__.setdefault("_prevex_row_plans", {})
    key = (model, tuple(columns))
    plan = plans.get(key)
    if plan is not None:
        return plan
    fields = model._meta.concrete_fields
    by_column = {f.column: f for f in fields}
    rank = {f.column: n for n, f in enumerate(fields)}
    # from_db() takes the values in the order of the model's fields.
    at = sorted(
        (i for i, name in enumerate(columns) if name in by_column), key=lambda i: rank[columns[i]]
    )
    names = [by_column[columns[i]].attname for i in at]
    others = [(i, name) for i, name in enumerate(columns) if name not in by_column]
    converters = []
    for i in at:
        field = by_column[columns[i]]
        expression = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(expression) + field.get_db_converters(connection)
        if found:
            converters.append((i, found, expression))
    plan = plans[key] = (at, names, others, converters)
    return plan


def _instances(model, columns: list[str], found_rows: list[tuple]) -> list:
    db = connection.alias
    at, names, others, converters = _plan(model, columns)
    out = []
    for row in found_rows:
        values = list(row)
        for i, functions, expression in converters:
            for convert in functions:
                values[i] = convert(values[i], expression, connection)
        instance = model.from_db(db, names, [values[i] for i in at])
        for i, name in others:
            setattr(instance, name, values[i])
        out.append(instance)
    return out
