"""Fixtures of the CFP tests (the agenda work owns conftest.py): a file whose procedure
waits for the préfet's decision, the organisations around it, the département's criteria.

Import the fixtures into a test module with ``from .cfp_fixtures import *``.
"""

import datetime
from dataclasses import dataclass

import pytest

from prevex.access.models import InvolvementReason
from prevex.accounts.models import Membership, OrganisationType, Role
from prevex.commissions.cfp import cfp_criteria_seed_defaults
from prevex.core import clock
from prevex.households.models import Member, MemberRole, Vulnerability
from prevex.procedures.models import Procedure, Stage
from prevex.procedures.services import event_record
from tests.factories import (
    HouseholdFactory,
    InvolvementFactory,
    MemberFactory,
    MembershipFactory,
    OrganisationFactory,
    commune,
    departement,
)
from tests.procedures.factories import procedure_at_cql

TODAY = datetime.date(2025, 3, 10)
RFP_ON = datetime.date(2025, 1, 20)
# What the procedure computes (CPCE R153-1, 2 months after the réquisition): asserted
# against the procedure's own deadline in the tests, never used to compute one.
DEADLINE = datetime.date(2025, 3, 20)
HEALTH_SENTINEL = "SANTE-SENTINELLE"
CHILD_SENTINEL = "Enfantsentinelle"

__all__ = [
    "CHILD_SENTINEL",
    "DEADLINE",
    "HEALTH_SENTINEL",
    "RFP_ON",
    "TODAY",
    "CfpFile",
    "cfp_file",
    "criteria_answers",
    "involved",
    "rfp_procedure",
]


def involved(household, org_type, *, role=Role.AGENT, other_departement=False) -> Membership:
    """A membership of a new organisation involved in ``household`` since 2024."""
    if other_departement:
        commune("75056", "Paris", "75001")
        organisation = OrganisationFactory(type=org_type, other_departement=True)
    else:
        organisation = OrganisationFactory(type=org_type)
    InvolvementFactory(
        household=household,
        organisation=organisation,
        reason=InvolvementReason.ACTE,
        starts_on=datetime.date(2024, 1, 1),
    )
    return MembershipFactory(organisation=organisation, role=role)


def rfp_procedure(household, *, rfp_on=RFP_ON) -> Procedure:
    """A procedure through the services up to the réquisition of the force publique."""
    procedure = procedure_at_cql(household=household, cql_on=rfp_on - datetime.timedelta(days=66))
    event_record(procedure=procedure, stage=Stage.RFP, date=rfp_on, by=None)
    procedure.refresh_from_db()
    assert procedure.stage == Stage.RFP
    return procedure


def criteria_answers(departement_id="93", *, met=True) -> dict:
    from prevex.commissions.models import CfpCriterion

    return {
        str(pk): {"met": met, "note": ""}
        for pk in CfpCriterion.objects.filter(departement_id=departement_id, active=True)
        .order_by("id")
        .values_list("pk", flat=True)
    }


@dataclass
class CfpFile:
    household: object
    procedure: Procedure
    prefecture: Membership
    secretariat: Membership


@pytest.fixture
def cfp_file(db) -> CfpFile:
    """A family of the 93 (a lease holder, a child of 2, a health vulnerability) whose
    procedure waits for the préfet's decision; the préfecture of the 93 is involved; the
    département's criteria are the harmonised defaults."""
    clock.freeze(TODAY)
    departement("93")
    household = HouseholdFactory()
    MemberFactory(household=household, last_name="Zorglub", first_name="Aline")
    Member.objects.create(
        household=household,
        role=MemberRole.ENFANT,
        last_name="Zorglub",
        first_name=CHILD_SENTINEL,
        birth_date=datetime.date(2022, 11, 2),
    )
    Vulnerability.objects.create(
        household=household, kind="SANTE", note=HEALTH_SENTINEL, recorded_on=TODAY
    )
    procedure = rfp_procedure(household)
    cfp_criteria_seed_defaults(departement_id="93")
    prefecture = involved(household, OrganisationType.PREFECTURE)
    secretariat = MembershipFactory(organisation=OrganisationFactory(ccapex=True))
    return CfpFile(
        household=household, procedure=procedure, prefecture=prefecture, secretariat=secretariat
    )
