"""Files for the lifecycle tests: Samia Benali's (closed 25 months before today), and
two others (one closed recently, one still open), made through the services."""

import datetime
from decimal import Decimal

import pytest

from prevex.core import clock
from prevex.households.models import ContactKind, MemberRole, Parc
from prevex.households.services import household_create, household_derived_refresh
from prevex.procedures.models import Outcome
from prevex.procedures.services import event_record, procedure_close, procedure_open
from tests.factories import MembershipFactory, OrganisationFactory, commune, departement

TODAY = datetime.date(2027, 1, 15)


@pytest.fixture
def territory(db):
    clock.freeze(TODAY)
    departement("93")
    return commune()


@pytest.fixture
def ccapex(territory):
    return MembershipFactory(organisation=OrganisationFactory(ccapex=True))


def make_file(ccapex, territory, *, last, first, closed_on=None, notes="Loyer en retard"):
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
                "last_name": last,
                "first_name": first,
                "birth_date": datetime.date(1985, 4, 12),
            }
        ],
        contacts=[{"kind": ContactKind.TELEPHONE, "value": "0601020304"}],
    )
    household_derived_refresh(household_ids=[household.pk])
    procedure = procedure_open(
        household=household, stage="CDP", date=datetime.date(2024, 3, 10), by=ccapex
    )
    event_record(
        procedure=procedure,
        stage="ASSIGNATION",
        date=datetime.date(2024, 5, 2),
        by=ccapex,
        hearing_date=datetime.date(2024, 7, 2),
        notes=notes,
    )
    if closed_on:
        procedure_close(
            procedure=procedure, outcome=Outcome.DETTE_SOLDEE, closed_on=closed_on, by=ccapex
        )
    return household


@pytest.fixture
def files(ccapex, territory):
    old = make_file(
        ccapex, territory, last="Benali", first="Samia", closed_on=datetime.date(2024, 12, 10)
    )
    clock.freeze(TODAY)
    recent = make_file(
        ccapex, territory, last="Martin", first="Jean", closed_on=datetime.date(2026, 6, 1)
    )
    current = make_file(ccapex, territory, last="Durand", first="Lucie")
    return {"old": old, "recent": recent, "current": current}
