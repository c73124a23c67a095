"""Background jobs of the follow-up: thin, idempotent wrappers around services.

Schedules are declared here and listed in docs/architecture.md (« Jobs »). Nothing of
this is computed on page load: the pages read what the jobs wrote.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .alerts import dsf_alerts_refresh
from .dsf import dsf_requests_for_assignations

# Every 10 minutes: a DSF is asked for each new assignation (by the designated organisation).
DSF_REQUEST_SCHEDULE = crontab(minute="*/10")
# Every night at 02:30 (after the deadlines' refresh): DSF alerts raised and closed.
DSF_ALERT_SCHEDULE = crontab(hour="2", minute="30")


@db_periodic_task(DSF_REQUEST_SCHEDULE, retries=2, retry_delay=60)
def request_dsf_after_assignation() -> int:
    return dsf_requests_for_assignations()


@db_periodic_task(DSF_ALERT_SCHEDULE, retries=2, retry_delay=600)
def refresh_dsf_alerts() -> tuple[int, int]:
    return dsf_alerts_refresh()
