"""Background job of the households app: the matching keys recomputed when the rules that
compute them changed (``keys_repair.matching_keys_repair``). Idempotent: keys already right
are not touched."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .keys_repair import matching_keys_repair

KEYS_REPAIR_SCHEDULE = crontab(day_of_week="0", hour="1", minute="30")


@db_periodic_task(KEYS_REPAIR_SCHEDULE, retries=2, retry_delay=600)
def repair_matching_keys() -> int:
    return matching_keys_repair()
