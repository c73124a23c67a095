"""Issue 10 on the pages: the file shows the lease date, the acts awaiting verification
apart, the « signalement à la CCAPEX requis » flag and the missed-instalment form; the
dashboard filters on the flag; an outsider gets a 404 on the new URL."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from prevex.core import clock
from prevex.procedures.models import Channel, Decision, Stage
from prevex.procedures.services import ActDraft, event_record, event_record_many
from tests.factories import (
    HouseholdFactory,
    InvolvementFactory,
    MemberFactory,
    MembershipFactory,
    OrganisationFactory,
    commune,
)

from .factories import procedure_at_assignation, procedure_at_cdp

pytestmark = pytest.mark.django_db
D = datetime.date
S = Stage


@pytest.fixture
def setup(login_as):
    commune()
    clock.freeze(D(2025, 3, 20))
    household = HouseholdFactory(rent=Decimal("700"), lease_date=D(2023, 7, 28))
    MemberFactory(household=household, last_name="Benali", first_name="Samia")
    landlord = MembershipFactory(organisation__type="BAILLEUR_PRIVE")
    # the landlord of record (a landlord acts only on its own tenants' files)
    InvolvementFactory(household=household, organisation=landlord.organisation, reason="BAILLEUR")
    return household, landlord


def _conditional(household):
    procedure = procedure_at_assignation(
        household=household, assignation_on=D(2024, 9, 2), hearing_on=D(2025, 1, 15)
    )
    event_record(procedure=procedure, stage=S.AUDIENCE, date=D(2025, 1, 15), by=None)
    return procedure, event_record(
        procedure=procedure,
        stage=S.JUGEMENT,
        date=D(2025, 1, 15),
        by=None,
        decision=Decision.CONDITIONNELLE,
        contradictoire=True,
        payment_months=24,
        instalment_amount=Decimal("150"),
        first_instalment_on=D(2025, 2, 5),
    )


def test_the_landlord_records_a_missed_instalment_from_the_file(setup, client, login_as):
    household, landlord = setup
    procedure, judgment = _conditional(household)
    login_as(landlord)
    page = client.get(reverse("households:detail", args=[household.pk])).content.decode()
    assert "Date du bail :" in page and "28/07/2023" in page
    assert "Échéance n° 2/24 du plan de paiement de 150,00 € due le 05/03/2025" not in page
    assert "Échéance n° 3/24 du plan de paiement de 150,00 € due le 05/04/2025" in page
    assert 'data-testid="echeance-impayee"' in page
    url = reverse("procedures:instalment_missed", args=[procedure.pk])
    bad = client.post(url, {"missed_on": "06/03/2025"})
    assert bad.status_code == 422
    assert "pas une échéance du plan" in bad.content.decode()
    response = client.post(url, {"missed_on": "05/03/2025"})
    assert response.status_code == 302
    judgment.refresh_from_db()
    assert judgment.instalment_missed_on == D(2025, 3, 5)
    page = client.get(reverse("households:detail", args=[household.pk])).content.decode()
    assert "la clause résolutoire reprend son plein effet" in page
    assert 'data-testid="echeance-impayee"' not in page


def test_an_outsider_gets_a_404_on_the_missed_instalment_url(setup, client, login_as):
    household, _ = setup
    procedure, judgment = _conditional(household)
    login_as(MembershipFactory(organisation__type="BAILLEUR_PRIVE"))
    url = reverse("procedures:instalment_missed", args=[procedure.pk])
    assert client.post(url, {"missed_on": "05/03/2025"}).status_code == 404
    judgment.refresh_from_db()
    assert judgment.instalment_missed_on is None


def test_the_file_shows_acts_awaiting_verification_apart(setup, client, login_as):
    household, _ = setup
    procedure = procedure_at_assignation(
        household=household, assignation_on=D(2025, 1, 6), hearing_on=D(2025, 6, 2)
    )
    event_record_many(
        acts=[ActDraft(household_id=household.pk, stage=S.CQL, date=D(2025, 3, 3))],
        by=None,
        channel=Channel.IMPORT,
    )
    login_as(MembershipFactory(organisation=OrganisationFactory(ccapex=True)))
    page = client.get(reverse("households:detail", args=[household.pk])).content.decode()
    assert "Actes en attente de vérification" in page
    assert "en attente de vérification" in page.split('data-testid="actes-en-attente"')[1]
    assert "Expulsion possible" not in page
    assert procedure.pk


def test_the_reporting_flag_on_the_file_and_the_dashboard_filter(setup, client, login_as):
    household, _ = setup
    procedure_at_cdp(household=household, cdp_on=D(2025, 3, 3), debt=Decimal("1400"))
    other = HouseholdFactory()
    MemberFactory(household=other, last_name="Martin", first_name="Paul")
    procedure_at_cdp(household=other, cdp_on=D(2025, 3, 3), debt=Decimal("100"))
    login_as(MembershipFactory(organisation=OrganisationFactory(ccapex=True)))
    page = client.get(reverse("households:detail", args=[household.pk])).content.decode()
    assert "Signalement à la CCAPEX requis : dette d&#x27;au moins 2 fois le loyer" in page
    listed = client.get(reverse("dashboard") + "?signalement=requis").content.decode()
    assert household.reference in listed and other.reference not in listed
    everything = client.get(reverse("dashboard")).content.decode()
    assert household.reference in everything and other.reference in everything
