"""The COMEX job of the CFP work: a thin, idempotent wrapper around
``cfp.comex_saisines_refresh``, with its schedule (docs/architecture.md, « Jobs »).

huey's consumer discovers ``tasks`` modules only: ``tasks.py`` of this app imports this
module so that the job is registered.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .cfp import comex_saisines_refresh

# Every night at 03:15 (after the deadlines' refresh at 02:15 and the support jobs): files
# waiting for the préfet's decision are proposed to the COMEX of their territory.
COMEX_SCHEDULE = crontab(hour="3", minute="15")


@db_periodic_task(COMEX_SCHEDULE, retries=2, retry_delay=600)
def propose_rfp_files_to_comex() -> int:
    return comex_saisines_refresh()
