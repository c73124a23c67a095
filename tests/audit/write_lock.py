"""What the « reads under SQLite's write lock » tests share: another connection holding
the lock, as an import chunk does, and readers in threads."""

import sqlite3
import threading
from contextlib import contextmanager

from django.db import connection, connections


@contextmanager
def write_lock_held():
    """Another connection (an import) takes SQLite's write lock and keeps it meanwhile."""
    writer = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None, timeout=0)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("CREATE TABLE import_en_cours (n INTEGER)")
    try:
        yield
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def read_in_threads(clients, read, rounds: int) -> None:
    """Each client, in its own thread, runs ``read(client)`` ``rounds`` times; fails with
    the errors any thread met."""
    errors: list[BaseException] = []

    def run(client):
        try:
            for _ in range(rounds):
                read(client)
        except BaseException as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
