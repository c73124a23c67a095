"""The follow-up's tables: contacts, DSF (and who does it), alerts, support measures."""

from .contacts import Contact
from .dsf import Alert, Dsf, DsfDesignation
from .measures import Measure, MeasureType
from .plans import Instalment, Payment, RepaymentPlan
from .referrals import Referral

__all__ = [
    "Alert",
    "Contact",
    "Dsf",
    "DsfDesignation",
    "Instalment",
    "Measure",
    "MeasureType",
    "Payment",
    "Referral",
    "RepaymentPlan",
]
