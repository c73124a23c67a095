"""Acts the law sends to the préfet (assignation, CQL, RFP) involve the préfecture of the
file's département when they are recorded, by whatever path (one Book of acts): the
préfecture reads the files it must decide on (« concours de la force publique »)."""

import datetime

import pytest

from prevex.access.gate import is_involved
from prevex.access.models import Involvement, InvolvementReason
from prevex.accounts.models import OrganisationType
from prevex.core import clock
from prevex.procedures.models import Stage
from prevex.procedures.services import event_record, procedure_open
from tests.factories import (
    HouseholdFactory,
    MembershipFactory,
    OrganisationFactory,
    commune,
    departement,
)

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 6, 2)


@pytest.fixture
def world():
    clock.freeze(DAY)
    departement("93")
    household = HouseholdFactory()  # Saint-Denis (93066)
    secretariat = MembershipFactory(
        organisation=OrganisationFactory(type=OrganisationType.ETAT_CCAPEX)
    )
    prefecture = OrganisationFactory(type=OrganisationType.PREFECTURE)
    yield household, secretariat, prefecture
    clock.freeze(None)


def reasons(household, organisation):
    return set(
        Involvement.objects.filter(household=household, organisation=organisation).values_list(
            "reason", flat=True
        )
    )


def test_an_assignation_involves_the_prefecture_a_cdp_does_not(world):
    household, secretariat, prefecture = world
    procedure = procedure_open(
        household=household, stage=Stage.CDP, date=DAY - datetime.timedelta(days=90), by=secretariat
    )
    assert not is_involved(organisation_id=prefecture.pk, household_id=household.pk)
    event_record(
        procedure=procedure, stage=Stage.ASSIGNATION, date=DAY - datetime.timedelta(days=10),
        hearing_date=DAY + datetime.timedelta(days=60), by=secretariat,
    )  # fmt: skip
    assert reasons(household, prefecture) == {InvolvementReason.DESTINATAIRE}
    assert is_involved(organisation_id=prefecture.pk, household_id=household.pk)


def test_a_sous_prefecture_listing_the_commune_is_chosen_over_the_prefecture(world):
    household, secretariat, prefecture = world
    saint_denis = OrganisationFactory(type=OrganisationType.PREFECTURE, name="Sous-préfecture")
    saint_denis.communes.add(household.commune)
    elsewhere = OrganisationFactory(
        type=OrganisationType.PREFECTURE, name="Sous-préfecture (Le Raincy)"
    )
    elsewhere.communes.add(commune("93062", "Le Raincy", "93340"))
    procedure_open(
        household=household, stage=Stage.ASSIGNATION, date=DAY - datetime.timedelta(days=3),
        hearing_date=DAY + datetime.timedelta(days=50), by=secretariat,
    )  # fmt: skip
    assert reasons(household, saint_denis) == {InvolvementReason.DESTINATAIRE}
    assert reasons(household, prefecture) == set()
    assert reasons(household, elsewhere) == set()


def test_later_acts_keep_one_involvement(world):
    household, secretariat, prefecture = world
    procedure = procedure_open(
        household=household, stage=Stage.ASSIGNATION, date=DAY - datetime.timedelta(days=300),
        hearing_date=DAY - datetime.timedelta(days=240), by=secretariat,
    )  # fmt: skip
    event_record(
        procedure=procedure, stage=Stage.JUGEMENT, date=DAY - datetime.timedelta(days=240),
        decision="FERME", contradictoire=True, by=secretariat,
    )  # fmt: skip
    event_record(
        procedure=procedure,
        stage=Stage.CQL,
        date=DAY - datetime.timedelta(days=150),
        by=secretariat,
    )
    rows = Involvement.objects.filter(household=household, organisation=prefecture)
    assert rows.count() == 1
