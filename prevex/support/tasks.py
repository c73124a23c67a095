"""Background jobs of the follow-up: thin, idempotent wrappers around services.

Schedules are declared here and listed in docs/architecture.md (« Jobs »). Nothing of
this is computed on page load: the pages read what the jobs wrote.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .alerts import dsf_alerts_refresh, dsf_appointment_alerts_refresh
from .dsf import dsf_requests_for_assignations
from .plans import plans_compliance_refresh
from .plans_judgment import plans_from_judgments_refresh
from .referrals import referrals_overdue_refresh
from .worklist import generated_tasks_refresh

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


# Every night at 02:35: DSF appointments passed without an outcome (« sans suite »).
DSF_APPOINTMENT_SCHEDULE = crontab(hour="2", minute="35")


@db_periodic_task(DSF_APPOINTMENT_SCHEDULE, retries=2, retry_delay=600)
def refresh_dsf_appointment_alerts() -> tuple[int, int]:
    return dsf_appointment_alerts_refresh()


# Every night at 02:45: compliance of the repayment plans, alerts after missed instalments.
PLAN_SCHEDULE = crontab(hour="2", minute="45")
# Every night at 02:50: referrals unanswered past their due date go to the secretariat.
REFERRAL_SCHEDULE = crontab(hour="2", minute="50")


@db_periodic_task(PLAN_SCHEDULE, retries=2, retry_delay=600)
def refresh_plans_compliance() -> tuple[int, int, int]:
    # The judge's payment delays become plans first: their compliance is computed alike.
    plans_from_judgments_refresh()
    return plans_compliance_refresh()


@db_periodic_task(REFERRAL_SCHEDULE, retries=2, retry_delay=600)
def escalate_unanswered_referrals() -> int:
    return referrals_overdue_refresh()


# Every night at 02:55 (after the deadlines' refresh): the work lists' generated tasks
# (procedure deadline near, measure to follow up, referral to answer). The DSF, plan and
# referral jobs above write tasks of the same table.
WORK_LIST_SCHEDULE = crontab(hour="2", minute="55")


@db_periodic_task(WORK_LIST_SCHEDULE, retries=2, retry_delay=600)
def refresh_generated_tasks() -> dict:
    return generated_tasks_refresh()
