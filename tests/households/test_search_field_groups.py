"""The search answers only with what the reader may read in a file: a reader without the
identity group (a landlord) finds a file by its lease holders and address, never by the
name of another occupant (a child, a lodger), which is identity data it does not read."""

import datetime
from decimal import Decimal

import pytest

from prevex.accounts.models import OrganisationType, Role
from prevex.core import clock
from prevex.households.services import household_create
from tests.factories import (
    InvolvementFactory,
    MembershipFactory,
    OrganisationFactory,
    commune,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def household():
    clock.freeze(datetime.date(2025, 3, 10))
    secretariat = MembershipFactory(organisation=OrganisationFactory(ccapex=True))
    return household_create(
        by=secretariat,
        departement="93",
        composition="FAMILLE",
        address="12 rue de la République",
        postal_code="93200",
        commune=commune(),
        parc="SOCIAL",
        rent=Decimal("600"),
        members=[
            {"role": "TITULAIRE", "last_name": "Benali", "first_name": "Samia"},
            {"role": "ENFANT", "last_name": "Occupantsecret", "first_name": "Noé"},
        ],
    )


def _reader(login_as, household, org_type, role=Role.AGENT):
    membership = MembershipFactory(organisation=OrganisationFactory(type=org_type), role=role)
    InvolvementFactory(household=household, organisation=membership.organisation)
    login_as(membership)
    return membership


@pytest.mark.parametrize(
    "org_type", [OrganisationType.BAILLEUR_SOCIAL, OrganisationType.BAILLEUR_PRIVE]
)
def test_a_landlord_does_not_find_a_file_by_another_occupants_name(
    client, login_as, household, org_type
):
    _reader(login_as, household, org_type)
    link = f"/menages/{household.pk}/"
    by_occupant = client.get("/menages/recherche/", {"q": "Occupantsecret"}).content.decode()
    assert link not in by_occupant
    assert "0 résultat" in by_occupant
    # Its lease holder and the address still find it (what a landlord holds).
    assert link in client.get("/menages/recherche/", {"q": "Benali Samia"}).content.decode()
    assert link in client.get("/menages/recherche/", {"q": "rue République"}).content.decode()


def test_a_partner_reading_identity_finds_the_file_by_an_occupants_name(
    client, login_as, household
):
    _reader(login_as, household, OrganisationType.CAF)
    html = client.get("/menages/recherche/", {"q": "Occupantsecret Noé"}).content.decode()
    assert f"/menages/{household.pk}/" in html
