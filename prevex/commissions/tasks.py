"""Background jobs of the commissions' follow-up: thin, idempotent wrappers around
services. Schedules are declared here and listed in docs/architecture.md (« Jobs »)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from prevex.procedures.rules import clear_rule_cache

from . import tasks_cfp  # noqa: F401  (huey discovers ``tasks`` modules only)
from .follow import recommendation_reminders_refresh
from .outcomes import outcomes_refresh
from .saisines import saisines_from_acts

# Every night at 03:05 (after the work lists' refresh): reminders of recommendations
# before and after their due date, each once.
REMINDER_SCHEDULE = crontab(hour="3", minute="5")
# Every night at 03:10: one-year outcomes scheduled if missing, derived once due.
OUTCOME_SCHEDULE = crontab(hour="3", minute="10")
# Every night at 03:20 (the COMEX job of tasks_cfp.py runs at 03:15): social landlords'
# « saisine de la CCAPEX » acts received by import or API become saisines of the CCAPEX.
LANDLORD_SAISINE_SCHEDULE = crontab(hour="3", minute="20")


@db_periodic_task(REMINDER_SCHEDULE, retries=2, retry_delay=600)
def remind_recommendations() -> dict:
    clear_rule_cache()  # rules edited since the consumer last loaded them
    return recommendation_reminders_refresh()


@db_periodic_task(OUTCOME_SCHEDULE, retries=2, retry_delay=600)
def refresh_outcomes() -> dict:
    clear_rule_cache()
    return outcomes_refresh()


@db_periodic_task(LANDLORD_SAISINE_SCHEDULE, retries=2, retry_delay=600)
def saisines_from_landlords_acts() -> int:
    clear_rule_cache()
    return saisines_from_acts()
