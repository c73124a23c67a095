"""Background job of the audit app: insert the journal rows spooled while SQLite's write
lock was held (prevex/audit/buffer.py). Idempotent: an empty spool does nothing."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .buffer import drain_spool


@db_periodic_task(crontab(minute="*"), retries=1, retry_delay=30)
def drain_journal_spool() -> int:
    return drain_spool()
