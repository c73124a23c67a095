"""The database side of the append-only journals: triggers on both engines.

PostgreSQL: a row trigger refuses ``UPDATE`` and ``DELETE`` (``INSERT … ON CONFLICT DO
UPDATE`` fires it too). ``TRUNCATE`` is not a row operation: it stays possible for an
operator, and Django's test flushes use it.

SQLite: triggers refuse ``UPDATE``, ``DELETE`` (except during ``manage.py flush``) and an
``INSERT OR REPLACE`` over an existing row (SQLite's REPLACE deletes without firing delete
triggers). SQLite has no ``TRUNCATE``: emptying the whole database (``manage.py flush``,
which the test suite runs after transactional tests) is the one operator route, opened for
its duration by ``purge_allowed()``, which the delete trigger asks through the SQL
function ``prevex_audit_purge()``. The function exists only on connections opened by
prevex: from any other client (the ``sqlite3`` shell), a ``DELETE`` fails.

One ``UPDATE`` passes (``redaction=True``, migration 0005; prevex/audit/retention.py
makes it): the redaction of an anonymised file's rows, which only removes values
(docs/decisions/2026-12-06-journal-redaction.md).

- History of writes: ``redacted_at`` goes from empty to a date, once; ``changes``
  becomes exactly its redacted form (each change keeps ``field`` and ``label``, loses
  ``old`` and ``new``); ``summary`` stays or becomes ``REDACTED_SUMMARY``; every other
  column (``WRITELOG_FIXED``) stays as it was.
- Access journal: a search's ``what`` (action ``SEARCH``, or ``ADMIN`` for a search in
  the administration) becomes ``REDACTED_SEARCH[action]``; every other column stays.

The texts are part of the triggers: changing them (models.py) needs a migration that
creates the triggers again.

SQLite drops a table's triggers when a migration rebuilds the table: a migration that
alters these tables must create them again (``create_triggers``);
tests/audit/test_append_only.py checks that they exist.
"""

import contextlib
import threading

from .models import REDACTED_SEARCH, REDACTED_SUMMARY

JOURNALS = {
    "audit_accesslog": "Le journal des accès est en ajout seul",
    "audit_writelog": "L''historique des modifications est en ajout seul",
}
PURGE_FUNCTION = "prevex_audit_purge"
REDACTED_FUNCTION = "audit_writelog_redacted"  # PostgreSQL: changes → redacted changes

# Columns a redaction never changes (tests/audit/test_redaction.py checks the lists
# against the models: a new column is fixed until it is said otherwise here).
WRITELOG_FIXED = (
    "id",
    "at",
    "user_id",
    "organisation_id",
    "household_id",
    "object_type",
    "object_id",
    "operation",
    "field_group",
    "channel",
)
WRITELOG_REDACTED = ("summary", "changes", "redacted_at")
ACCESSLOG_FIXED = ("id", "at", "user_id", "organisation_id", "household_id", "action")
ACCESSLOG_REDACTED = ("what",)

_state = threading.local()


def _purge_allowed_now() -> int:
    return 1 if getattr(_state, "purge", False) else 0


@contextlib.contextmanager
def purge_allowed():
    """Let this thread empty the journals on SQLite (whole-database flush only)."""
    previous = getattr(_state, "purge", False)
    _state.purge = True
    try:
        yield
    finally:
        _state.purge = previous


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: give each SQLite connection the purge function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(PURGE_FUNCTION, 0, _purge_allowed_now)


def _quote(text: str) -> str:
    """A SQL string literal (the texts are ours; ``%`` doubled for the driver's format)."""
    return "'" + text.replace("'", "''").replace("%", "%%") + "'"


def _same(columns, *, vendor: str) -> str:
    equal = "IS NOT DISTINCT FROM" if vendor == "postgresql" else "IS"
    return " AND ".join(f"NEW.{c} {equal} OLD.{c}" for c in columns)


def _search_redacted() -> str:
    return " OR ".join(
        f"(OLD.action = {_quote(action)} AND NEW.what = {_quote(text)})"
        for action, text in REDACTED_SEARCH.items()
    )


# --------------------------------------------------------------------------- PostgreSQL

PG_REDACTED = f"""
CREATE OR REPLACE FUNCTION {REDACTED_FUNCTION}(changes jsonb) RETURNS jsonb AS $$
  SELECT CASE WHEN jsonb_typeof(changes) = 'array' THEN coalesce(
    (SELECT jsonb_agg(jsonb_build_object('field', e -> 'field', 'label', e -> 'label')
                      ORDER BY i)
       FROM jsonb_array_elements(changes) WITH ORDINALITY AS t(e, i)),
    '[]'::jsonb) ELSE '[]'::jsonb END
$$ LANGUAGE sql IMMUTABLE;
"""  # noqa: S608 (our own names)


def _pg_allowed(table: str) -> str:
    if table == "audit_writelog":
        return (
            "OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL AND "
            f"{_same(WRITELOG_FIXED, vendor='postgresql')} AND "
            f"(NEW.summary = OLD.summary OR NEW.summary = {_quote(REDACTED_SUMMARY)}) AND "
            f"NEW.changes = {REDACTED_FUNCTION}(OLD.changes)"
        )
    return (
        f"{_same(ACCESSLOG_FIXED, vendor='postgresql')} AND NEW.what <> OLD.what AND "
        f"({_search_redacted()})"
    )


def _postgresql(table: str, message: str, redaction: bool) -> tuple[str, str]:
    name = f"{table}_append_only"
    allowed = ""
    if redaction:
        allowed = f"""
  IF TG_OP = 'UPDATE' AND {_pg_allowed(table)} THEN
    RETURN NEW;
  END IF;"""
    create = f"""
{PG_REDACTED if redaction and table == "audit_writelog" else ""}
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN{allowed}
  RAISE EXCEPTION '{message} (%%).', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {name} ON {table};
CREATE TRIGGER {name}
  BEFORE UPDATE OR DELETE ON {table}
  FOR EACH ROW EXECUTE FUNCTION {name}();
"""
    drop = f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();"
    if table == "audit_writelog":
        drop += f" DROP FUNCTION IF EXISTS {REDACTED_FUNCTION}(jsonb);"
    return create, drop


# --------------------------------------------------------------------------- SQLite

# Element by element (``json_each``: the index is the key): the new array is as long as
# the old one, each element an object with no key but ``field`` and ``label``, equal to
# the old element's. Compared as values, not as text (Django writes ``\u00e9``, SQLite
# ``é``).
SQLITE_CHANGES_REDACTED = """
json_type(NEW.changes) = 'array'
AND json_array_length(NEW.changes) = CASE WHEN json_type(OLD.changes) = 'array'
    THEN json_array_length(OLD.changes) ELSE 0 END
AND NOT EXISTS (
  SELECT 1 FROM json_each(NEW.changes) AS n
  LEFT JOIN json_each(CASE WHEN json_type(OLD.changes) = 'array' THEN OLD.changes
                      ELSE '[]' END) AS o ON o.key = n.key
  WHERE n.type <> 'object'
     OR EXISTS (SELECT 1 FROM json_each(n.value) AS k WHERE k.key NOT IN ('field', 'label'))
     OR json_extract(n.value, '$.field') IS NOT json_extract(o.value, '$.field')
     OR json_extract(n.value, '$.label') IS NOT json_extract(o.value, '$.label')
)"""

# The same redaction as ``PG_REDACTED``, for the UPDATE of prevex/audit/retention.py.
SQLITE_REDACT_CHANGES = """CASE WHEN json_type(changes) = 'array' THEN (
  SELECT json_group_array(json_object(
    'field', json_extract(e.value, '$.field'), 'label', json_extract(e.value, '$.label')))
  FROM (SELECT value FROM json_each(audit_writelog.changes) ORDER BY key) AS e
) ELSE '[]' END"""


def _sqlite_allowed(table: str) -> str:
    if table == "audit_writelog":
        return (
            "OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL AND "
            f"{_same(WRITELOG_FIXED, vendor='sqlite')} AND "
            f"(NEW.summary = OLD.summary OR NEW.summary = {_quote(REDACTED_SUMMARY)}) AND "
            f"{SQLITE_CHANGES_REDACTED}"
        )
    return (
        f"{_same(ACCESSLOG_FIXED, vendor='sqlite')} AND NEW.what <> OLD.what AND "
        f"({_search_redacted()})"
    )


def sqlite_trigger_names(table: str) -> list[str]:
    return [f"{table}_no_update", f"{table}_no_delete", f"{table}_no_replace"]


def _sqlite(table: str, message: str, redaction: bool) -> tuple[list[str], list[str]]:
    no_update, no_delete, no_replace = sqlite_trigger_names(table)
    unless = f"WHEN NOT ({_sqlite_allowed(table)}) " if redaction else ""
    create = [
        f"CREATE TRIGGER IF NOT EXISTS {no_update} BEFORE UPDATE ON {table} {unless}"
        f"BEGIN SELECT RAISE(ABORT, '{message} (UPDATE).'); END",
        f"CREATE TRIGGER IF NOT EXISTS {no_delete} BEFORE DELETE ON {table} "
        f"WHEN NOT {PURGE_FUNCTION}() "
        f"BEGIN SELECT RAISE(ABORT, '{message} (DELETE).'); END",
        f"CREATE TRIGGER IF NOT EXISTS {no_replace} BEFORE INSERT ON {table} "  # noqa: S608
        f"WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) "
        f"BEGIN SELECT RAISE(ABORT, '{message} (REPLACE).'); END",
    ]
    drop = [f"DROP TRIGGER IF EXISTS {name}" for name in sqlite_trigger_names(table)]
    return create, drop


# --------------------------------------------------------------------------- both


def create_triggers(schema_editor, tables=tuple(JOURNALS), *, redaction: bool = True) -> None:
    """``redaction=False``: the triggers of migration 0003 (no update at all)."""
    vendor = schema_editor.connection.vendor
    for table in tables:
        if vendor == "postgresql":
            schema_editor.execute(_postgresql(table, JOURNALS[table], redaction)[0])
        elif vendor == "sqlite":
            for statement in _sqlite(table, JOURNALS[table], redaction)[0]:
                schema_editor.execute(statement)


def drop_triggers(schema_editor, tables=tuple(JOURNALS)) -> None:
    vendor = schema_editor.connection.vendor
    for table in tables:
        if vendor == "postgresql":
            schema_editor.execute(_postgresql(table, JOURNALS[table], True)[1])
        elif vendor == "sqlite":
            for statement in _sqlite(table, JOURNALS[table], True)[1]:
                schema_editor.execute(statement)
