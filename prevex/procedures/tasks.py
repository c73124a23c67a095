"""Background jobs of the procedures: thin, idempotent wrappers around services.

Discovered by huey's Django integration (``tasks`` module of each installed app); the
consumer runs beside the web server (``make demo``: ``scripts/serve.py``). The schedule of
every periodic job is declared here, next to it, and listed in docs/architecture.md.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .refresh import open_procedures_refresh

# Every night at 02:15: next deadlines, stages and debts recomputed for today's date.
REFRESH_SCHEDULE = crontab(hour="2", minute="15")


@db_periodic_task(REFRESH_SCHEDULE, retries=2, retry_delay=600)
def refresh_deadlines() -> int:
    return open_procedures_refresh()
