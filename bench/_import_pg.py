"""The PostgreSQL-only measures of bench/import.py's worker: the writes-alone reference
and ``PREVEX_BENCH_DUMP`` (what the import wrote, table by table); and ``_empty``, which
the worker also uses on SQLite to list the tables empty before the import."""

from __future__ import annotations

import time
from pathlib import Path

from _import_rows import WORK


def _empty(connection, table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT 1 FROM "{table}" LIMIT 1')  # noqa: S608 — introspected name
        return cursor.fetchone() is None


def _dump(connection, empty_before: list[str], folder: Path) -> None:
    """``PREVEX_BENCH_DUMP=folder`` (PostgreSQL): what the import wrote, table by table,
    in id order and without the time stamps, to compare two versions of the code."""
    folder.mkdir(parents=True, exist_ok=True)
    with connection.cursor() as cursor:
        for table in empty_before:
            if _empty(connection, table):
                continue
            cursor.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = %s ORDER BY ordinal_position",
                [table],
            )
            columns = [n for n, kind in cursor.fetchall() if not kind.startswith("timestamp")]
            order = "id" if "id" in columns else "1"
            listed = ", ".join(f'"{c}"' for c in columns)
            query = f'COPY (SELECT {listed} FROM "{table}" ORDER BY {order}) TO STDOUT'
            with (folder / f"{table}.copy").open("wb") as out, cursor.cursor.copy(query) as copy:
                for block in copy:
                    out.write(block)


def _writes_alone(connection, empty_before: list[str]) -> dict:
    """The writes-alone reference (PostgreSQL): the rows the import wrote, in the tables
    empty before it, copied out to files and ``COPY``-ed again from them into empty
    clones of those tables (same columns, defaults, checks and indexes), in one timed
    transaction (the files are read in blocks: the worker's memory does not grow)."""
    from django.db import transaction

    folder = WORK / "writes-alone"
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    rows = 0
    per_table: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in empty_before:
            if table == "bench_raw_rows" or _empty(connection, table):
                continue
            path = written[table] = folder / f"{table}.copy"
            with path.open("wb") as out, cursor.cursor.copy(f'COPY "{table}" TO STDOUT') as copy:
                for block in copy:
                    lines = bytes(block).count(b"\n")
                    rows += lines
                    per_table[table] = per_table.get(table, 0) + lines
                    out.write(block)
            cursor.execute(f'DROP TABLE IF EXISTS "floor_{table}"')
            cursor.execute(f'CREATE TABLE "floor_{table}" (LIKE "{table}" INCLUDING ALL)')
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for table, path in written.items():
            with (
                path.open("rb") as data,
                cursor.cursor.copy(f'COPY "floor_{table}" FROM STDIN') as copy,
            ):
                while block := data.read(1 << 20):
                    copy.write(block)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        for table, path in written.items():
            cursor.execute(f'DROP TABLE "floor_{table}"')
            path.unlink()
    return {
        "floor_seconds": seconds,
        "floor_rows": rows,
        "floor_tables": len(written),
        "floor_per_table": dict(sorted(per_table.items(), key=lambda kv: -kv[1])),
    }
