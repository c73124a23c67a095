"""The follow-up's tables: contacts, DSF (and who does it), support measures,
plans, referrals, and the work-list tasks (``Alert``: alerts are tasks)."""

from .contacts import Contact
from .dsf import Dsf, DsfDesignation
from .measures import Measure, MeasureStep, MeasureType
from .plans import Instalment, Payment, RepaymentPlan
from .referrals import Referral
from .tasks import Alert

__all__ = [
    "Alert",
    "Contact",
    "Dsf",
    "DsfDesignation",
    "Instalment",
    "Measure",
    "MeasureStep",
    "MeasureType",
    "Payment",
    "Referral",
    "RepaymentPlan",
]
