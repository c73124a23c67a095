"""Every write of the follow-up (one write path): contacts, DSF, measures, alerts.

Split by entity behind the same names; other apps (outreach, EMPEX, commissions) call
these, never the tables.
"""

from .alerts import dsf_alerts_refresh
from .contacts import contact_record
from .dsf import (
    dsf_mark_absent,
    dsf_mark_done,
    dsf_request,
    dsf_requests_for_assignations,
    dsf_schedule,
    dsf_send,
    dsf_update_content,
)
from .measures import measure_change, measure_propose, measure_types_for
from .plans import instalment_add, payment_record, plan_open, plans_compliance_refresh
from .referrals import (
    competent_organisation,
    referral_accept,
    referral_decline,
    referral_send,
    referrals_overdue_refresh,
)

__all__ = [
    "competent_organisation",
    "instalment_add",
    "payment_record",
    "plan_open",
    "plans_compliance_refresh",
    "referral_accept",
    "referral_decline",
    "referral_send",
    "referrals_overdue_refresh",
    "contact_record",
    "dsf_alerts_refresh",
    "dsf_mark_absent",
    "dsf_mark_done",
    "dsf_request",
    "dsf_requests_for_assignations",
    "dsf_schedule",
    "dsf_send",
    "dsf_update_content",
    "measure_change",
    "measure_propose",
    "measure_types_for",
]
