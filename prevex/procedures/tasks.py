"""Background jobs of the procedures: thin, idempotent wrappers around services.

Discovered by huey's Django integration (``tasks`` module of each installed app); the
consumer runs beside the web server (``make demo``: ``scripts/serve.py``). The schedule of
every periodic job is declared here, next to it, and listed in docs/architecture.md.
Never run on a page load: a page reads the stored fields, these jobs keep them fresh.

* ``refresh_deadlines``: every night, every open procedure's computed fields for today's
  date (a deadline passed, an instalment fell due, the truce started or ended).
* ``refresh_at_truce_boundary``: every day at 00:05, the same refresh when the winter truce
  starts or ends that day in some département (so that the dashboard is right from the
  first hour, not after 02:15).
* ``refresh_after_rule_change``: queued when a legal rule is saved or deleted in the admin
  (after the commit), for the rule's département or, for a national rule, all of them.

All are idempotent (``open_procedures_refresh`` writes only what changed; the second run
changes nothing) and take their locks in the database (row locks per batch).
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from prevex.core import clock

from .refresh import open_procedures_refresh, truce_boundary_departements
from .rules import clear_rule_cache

# Every night at 02:15: next deadlines, stages and debts recomputed for today's date.
REFRESH_SCHEDULE = crontab(hour="2", minute="15")
TRUCE_SCHEDULE = crontab(hour="0", minute="5")


@db_periodic_task(REFRESH_SCHEDULE, retries=2, retry_delay=600)
def refresh_deadlines() -> int:
    clear_rule_cache()  # rules edited since the consumer last loaded them
    return open_procedures_refresh()


@db_periodic_task(TRUCE_SCHEDULE, retries=2, retry_delay=600)
def refresh_at_truce_boundary() -> int:
    """Refresh the départements where the truce starts or ends today; 0 on other days."""
    changed = 0
    for departement in truce_boundary_departements(clock.today()):
        changed += open_procedures_refresh(departement=departement)
    return changed


@db_task(retries=2, retry_delay=60)
def refresh_after_rule_change(departement: str | None = None) -> int:
    # The consumer is another process: its rule cache may predate the edit.
    clear_rule_cache()
    return open_procedures_refresh(departement=departement)
