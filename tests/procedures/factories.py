"""Procedures built through the services, named after the situation they stand for.

Each helper records the acts a real file would have, in order, so the denormalised
fields and the deadlines are those the platform would compute. Dates are relative to
the last act so a test only pins the one it is about.
"""

import datetime
from decimal import Decimal

from prevex.procedures.models import CfpDecision, Decision, Event, Procedure, Stage
from prevex.procedures.services import event_record, procedure_open
from tests.factories import HouseholdFactory

DAY = datetime.timedelta(days=1)


def procedure_at_cdp(
    *, household=None, cdp_on=datetime.date(2024, 3, 10), debt=Decimal("1850.00"), **kw
) -> Procedure:
    """A private-sector tenant who has just received a commandement de payer."""
    return procedure_open(
        household=household or HouseholdFactory(),
        stage=Stage.CDP,
        date=cdp_on,
        by=None,
        debt_amount=debt,
        **kw,
    )


def procedure_at_assignation(
    *, household=None, assignation_on=datetime.date(2024, 6, 3), hearing_on=None
) -> Procedure:
    """Summoned to court after a CDP served three months earlier."""
    procedure = procedure_at_cdp(household=household, cdp_on=assignation_on - 90 * DAY)
    event_record(
        procedure=procedure,
        stage=Stage.ASSIGNATION,
        date=assignation_on,
        by=None,
        hearing_date=hearing_on or assignation_on + 150 * DAY,
        debt_amount=Decimal("2600.00"),
    )
    return procedure


def procedure_at_jugement(
    *,
    household=None,
    jugement_on=datetime.date(2024, 7, 15),
    decision=Decision.FERME,
    contradictoire=False,
    grace_months=None,
) -> Procedure:
    """Judged after one hearing (by default: termination, tenant absent)."""
    procedure = procedure_at_assignation(
        household=household,
        assignation_on=jugement_on - 200 * DAY,
        hearing_on=jugement_on - 30 * DAY,
    )
    event_record(procedure=procedure, stage=Stage.AUDIENCE, date=jugement_on - 30 * DAY, by=None)
    event_record(
        procedure=procedure,
        stage=Stage.JUGEMENT,
        date=jugement_on,
        by=None,
        decision=decision,
        contradictoire=contradictoire,
        grace_months=grace_months,
    )
    return procedure


def procedure_at_cql(
    *, household=None, cql_on=datetime.date(2024, 9, 15), grace_months=None
) -> Procedure:
    """A household ordered to leave (commandement de quitter les lieux served)."""
    procedure = procedure_at_jugement(household=household, jugement_on=cql_on - 60 * DAY)
    event_record(
        procedure=procedure, stage=Stage.CQL, date=cql_on, by=None, grace_months=grace_months
    )
    return procedure


def procedure_at_cfp_granted(*, household=None, cfp_on=datetime.date(2025, 5, 20)) -> Procedure:
    """The préfet granted the police's help: eviction may be carried out."""
    procedure = procedure_at_cql(household=household, cql_on=cfp_on - 120 * DAY)
    event_record(procedure=procedure, stage=Stage.RFP, date=cfp_on - 50 * DAY, by=None)
    event_record(
        procedure=procedure,
        stage=Stage.CFP,
        date=cfp_on,
        by=None,
        cfp_decision=CfpDecision.ACCORDE,
    )
    return procedure


def events_of(procedure: Procedure) -> list[Event]:
    return list(procedure.events.order_by("date", "id"))
