"""Background job of the data lifecycle: the nightly retention run (idempotent)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .retention import retention_run

# Every night at 03:30, after the deadlines' refresh (02:15).
RETENTION_SCHEDULE = crontab(hour="3", minute="30")


@db_periodic_task(RETENTION_SCHEDULE, retries=2, retry_delay=600)
def retention_nightly() -> int:
    return retention_run().anonymised
