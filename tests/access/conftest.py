"""Fixtures of the access tests: the 93 with Saint-Denis, an existing file known to the
secretariat (with its matching keys and an open procedure), senders of every type."""

import datetime
from decimal import Decimal

import pytest

from prevex.accounts.models import OrganisationType, Role
from prevex.core import clock
from prevex.households.models import MemberRole, Parc
from prevex.households.services import household_create, household_derived_refresh
from prevex.procedures.services import procedure_open
from tests.factories import MembershipFactory, OrganisationFactory, commune, departement

TODAY = datetime.date(2025, 6, 2)
# Every organisation type but the secretariat (which reads every file of its département).
PARTNER_TYPES = [t for t in OrganisationType.values if t != OrganisationType.ETAT_CCAPEX]


@pytest.fixture
def territory(db):
    clock.freeze(TODAY)
    departement("93")
    return commune()


@pytest.fixture
def ccapex(territory):
    return MembershipFactory(organisation=OrganisationFactory(ccapex=True))


@pytest.fixture
def known_file(ccapex, territory):
    """Samia Benali's file, reported by the secretariat, with an open procedure at the
    CDP (served by nobody on the platform)."""
    household = household_create(
        by=ccapex,
        departement="93",
        composition="AUTRE",
        address="12 rue de la République",
        postal_code="93200",
        commune=territory,
        parc=Parc.PRIVE,
        rent=Decimal("650"),
        members=[
            {
                "role": MemberRole.TITULAIRE,
                "last_name": "Benali",
                "first_name": "Samia",
                "birth_date": datetime.date(1985, 4, 12),
            }
        ],
    )
    household_derived_refresh(household_ids=[household.pk])
    procedure_open(household=household, stage="CDP", date=datetime.date(2025, 3, 10), by=ccapex)
    return household


def member_of(org_type: str, **org):
    role = Role.TRAVAILLEUR_SOCIAL if org_type in ("CD_SOCIAL", "ASSOCIATION") else Role.AGENT
    return MembershipFactory(organisation=OrganisationFactory(type=org_type, **org), role=role)
