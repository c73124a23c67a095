import datetime
from decimal import Decimal

import pytest

from prevex.accounts.models import OrganisationType, Role
from prevex.core import clock
from prevex.procedures.models import Event, Procedure, Stage
from tests.factories import (
    HouseholdFactory,
    InvolvementFactory,
    MembershipFactory,
    OrganisationFactory,
    departement,
)

TODAY = datetime.date(2025, 3, 10)
HEARING = datetime.date(2025, 4, 15)


def open_procedure(household, *, assignation=True, hearing=HEARING):
    procedure = Procedure.objects.create(
        household=household,
        departement_id=household.departement_id,
        opened_on=datetime.date(2024, 11, 2),
        stage=Stage.ASSIGNATION if assignation else Stage.CDP,
        stage_date=datetime.date(2025, 2, 1),
        current_debt=Decimal("2100.00"),
    )
    Event.objects.create(procedure=procedure, stage=Stage.CDP, date=datetime.date(2024, 11, 2))
    if assignation:
        Event.objects.create(
            procedure=procedure,
            stage=Stage.ASSIGNATION,
            date=datetime.date(2025, 2, 1),
            hearing_date=hearing,
        )
    return procedure


def member_of(household, org_type, role=Role.AGENT):
    org = OrganisationFactory(type=org_type)
    InvolvementFactory(household=household, organisation=org, starts_on=datetime.date(2024, 1, 1))
    return MembershipFactory(organisation=org, role=role)


@pytest.fixture
def file(db):
    """A household with an open procedure at the assignation, the département's social
    service (designated for the DSF) and one of its social workers, involved."""
    clock.freeze(TODAY)
    departement("93")
    household = HouseholdFactory()
    procedure = open_procedure(household)
    worker = member_of(household, OrganisationType.CD_SOCIAL, Role.TRAVAILLEUR_SOCIAL)
    return household, procedure, worker
