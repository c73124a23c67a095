"""The database side of the append-only journals: triggers on both engines.

PostgreSQL: a row trigger refuses ``UPDATE`` and ``DELETE`` (``INSERT … ON CONFLICT DO
UPDATE`` fires it too). ``TRUNCATE`` is not a row operation: it stays possible for an
operator, and Django's test flushes use it.

SQLite: triggers refuse ``UPDATE``, ``DELETE`` and an ``INSERT OR REPLACE`` over an
existing row (SQLite's REPLACE deletes without firing delete triggers). SQLite has no
``TRUNCATE``: emptying the whole database (``manage.py flush``, which the test suite runs
after transactional tests) is the one operator route, opened for its duration by
``purge_allowed()``, which the delete trigger asks through the SQL function
``prevex_audit_purge()``. The function exists only on connections opened by prevex: from
any other client (the ``sqlite3`` shell), a ``DELETE`` fails.

SQLite drops a table's triggers when a migration rebuilds the table: a migration that
alters these tables must create them again (``create_triggers``);
tests/audit/test_append_only.py checks that they exist.
"""

import contextlib
import threading

JOURNALS = {
    "audit_accesslog": "Le journal des accès est en ajout seul",
    "audit_writelog": "L''historique des modifications est en ajout seul",
}
PURGE_FUNCTION = "prevex_audit_purge"

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


def _postgresql(table: str, message: str) -> tuple[str, str]:
    name = f"{table}_append_only"
    create = f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '{message} (%%).', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {name} ON {table};
CREATE TRIGGER {name}
  BEFORE UPDATE OR DELETE ON {table}
  FOR EACH ROW EXECUTE FUNCTION {name}();
"""
    drop = f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();"
    return create, drop


def sqlite_trigger_names(table: str) -> list[str]:
    return [f"{table}_no_update", f"{table}_no_delete", f"{table}_no_replace"]


def _sqlite(table: str, message: str) -> tuple[list[str], list[str]]:
    no_update, no_delete, no_replace = sqlite_trigger_names(table)
    create = [
        f"CREATE TRIGGER IF NOT EXISTS {no_update} BEFORE UPDATE ON {table} "
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


def create_triggers(schema_editor, tables=tuple(JOURNALS)) -> None:
    vendor = schema_editor.connection.vendor
    for table in tables:
        if vendor == "postgresql":
            schema_editor.execute(_postgresql(table, JOURNALS[table])[0])
        elif vendor == "sqlite":
            for statement in _sqlite(table, JOURNALS[table])[0]:
                schema_editor.execute(statement)


def drop_triggers(schema_editor, tables=tuple(JOURNALS)) -> None:
    vendor = schema_editor.connection.vendor
    for table in tables:
        if vendor == "postgresql":
            schema_editor.execute(_postgresql(table, JOURNALS[table])[1])
        elif vendor == "sqlite":
            for statement in _sqlite(table, JOURNALS[table])[1]:
                schema_editor.execute(statement)
