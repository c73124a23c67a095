"""Fixtures of the audit tests: a household of the 93 and the organisations around it."""

import datetime

import pytest

from prevex.accounts.models import OrganisationType, Role
from prevex.core import clock
from tests.factories import (
    HouseholdFactory,
    InvolvementFactory,
    MemberFactory,
    MembershipFactory,
    OrganisationFactory,
    commune,
)

TODAY = datetime.date(2025, 3, 10)


@pytest.fixture
def saint_denis(db):
    clock.freeze(TODAY)
    return commune()


@pytest.fixture
def secretariat(saint_denis):
    return MembershipFactory(
        organisation=OrganisationFactory(ccapex=True),
        user__first_name="Claire",
        user__last_name="Secrétariat",
    )


@pytest.fixture
def household(saint_denis):
    household = HouseholdFactory()
    MemberFactory(household=household)
    return household


def involved(household, org_type, *, role=Role.AGENT, first_name="Camille", name=None):
    """A membership of a new organisation of ``org_type`` involved in ``household``."""
    organisation = OrganisationFactory(type=org_type, name=name or f"Organisation {org_type}")
    InvolvementFactory(household=household, organisation=organisation)
    return MembershipFactory(organisation=organisation, role=role, user__first_name=first_name)


@pytest.fixture
def social_worker(household):
    return involved(
        household,
        OrganisationType.CCAS,
        role=Role.TRAVAILLEUR_SOCIAL,
        first_name="Inès",
        name="CCAS de Saint-Denis",
    )


@pytest.fixture
def association(household):
    return involved(household, OrganisationType.ASSOCIATION, name="Association Droit au logement")


@pytest.fixture
def landlord(household):
    return involved(household, OrganisationType.BAILLEUR_PRIVE, name="Agence Dupuis")
