"""Storage of the job queue (huey): Redis when ``PREVEX_REDIS_URL`` is set, else SQLite.

SQLite (a file next to the database, ``PREVEX_HUEY_FILE``) needs nothing installed, so
``make demo`` works on a fresh machine; Redis is the production choice (several web
processes and consumers share one queue, no file lock). The tests use neither:
``prevex.settings.test`` runs jobs in memory, in the calling thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

CONSUMER = {"workers": 1, "worker_type": "thread", "periodic": True}


def huey_settings(environ: Mapping[str, str], base_dir: Path) -> dict:
    """The ``HUEY`` setting for this environment."""
    common = {"name": "prevex", "immediate": False, "utc": True, "consumer": dict(CONSUMER)}
    redis_url = (environ.get("PREVEX_REDIS_URL") or "").strip()
    if redis_url:
        return {**common, "huey_class": "huey.RedisHuey", "url": redis_url}
    filename = environ.get("PREVEX_HUEY_FILE") or str(base_dir / "var" / "huey.sqlite3")
    # huey opens the file when Django starts: a fresh clone has no var/ yet, and any
    # management command (or a benchmark with its own database path) must still start.
    Path(filename).parent.mkdir(parents=True, exist_ok=True)
    return {**common, "huey_class": "huey.SqliteHuey", "filename": filename}
