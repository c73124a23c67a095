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


def record_follow_up(household, procedure, author):
    """The follow-up the API and access-matrix tests read: a DSF asked for and filled
    by ``author`` (sentinel opinion and causes, never to be shown to a landlord), an SMS
    contact, an ASLL measure proposed then asked for (two steps) and a 6-instalment
    negotiated plan, which is returned."""
    from django.utils import timezone

    from prevex.support import services

    dsf = services.dsf_request(procedure=procedure, by=None)
    services.dsf_update_content(
        dsf=dsf, by=author, opinion="DSF-AVIS-SENTINELLE", causes=["SANTE"],
        causes_note="DSF-CAUSE-SENTINELLE",
    )  # fmt: skip
    services.contact_record(
        household=household, by=author, channel="SMS", direction="SORTANT",
        at=timezone.now() - datetime.timedelta(hours=2), purpose="RELANCE", outcome="JOINT",
    )  # fmt: skip
    measure = services.measure_propose(household=household, by=author, type_code="ASLL")
    services.measure_change(measure=measure, by=author, status="DEMANDEE")
    return services.plan_open(
        household=household, by=author, origin="NEGOCIE", starts_on=datetime.date(2025, 1, 5),
        debt_amount="600", instalments=6,
    )  # fmt: skip


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
