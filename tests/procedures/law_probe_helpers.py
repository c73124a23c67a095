"""The acts and procedure the legal-delay probes (``test_law_probe_*.py``) hand to the
deadline engine without the database, and the short ``d`` for dates."""

import datetime
from dataclasses import dataclass

d = datetime.date


@dataclass(eq=False)
class Act:
    stage: str
    date: datetime.date
    hearing_date: datetime.date | None = None
    grace_months: int | None = None
    served_on: datetime.date | None = None
    decision: str = ""
    contradictoire: bool | None = None
    cfp_decision: str = ""
    payment_months: int | None = None
    instalment_amount: object = None
    first_instalment_on: datetime.date | None = None
    instalment_missed_on: datetime.date | None = None
    pending_review: bool = False
    debt_amount: object = None
    pk: int | None = None


@dataclass
class Proc:
    ground: str = "IMPAYES"
    closed_on: datetime.date | None = None
    pk: int = 1
