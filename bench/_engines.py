"""The benchmarks' databases: PostgreSQL on loopback (created and dropped), SQLite files."""

from __future__ import annotations

from pathlib import Path

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def postgres_url(database: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{database}"


def postgres_reachable() -> str | None:
    """None when PostgreSQL answers, else why not."""
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=5):
            return None
    except Exception as error:  # noqa: BLE001 — any failure means "skip PostgreSQL"
        return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def postgres_exists(database: str) -> bool:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        return row is not None


def postgres_recreate(database: str, *, drop_only: bool = False) -> None:
    """Drop the benchmark's database (closing its sessions) and, unless told, create it."""
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{database}"')


def sqlite_reset(path: Path) -> str:
    """Delete this SQLite file and its WAL files; return its URL."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"
