"""Matching screens sent twice or after the files changed (independent probe): one
household, one merge, a French message, never a 500."""

import datetime

import pytest

from prevex.core import clock
from prevex.households.models import Household
from prevex.matching.models import MatchDecision
from prevex.procedures.models import Procedure
from tests.factories import MembershipFactory, OrganisationFactory
from tests.procedures.factories import procedure_at_cdp
from tests.stale_text import text

NEW = {
    "holder_last_name": "Kowalski",
    "holder_first_name": "Anna",
    "holder_birth_date": "02/02/1980",
    "composition": "AUTRE",
    "address": "4 rue Gabriel Péri",
    "postal_code": "93200",
    "commune_name": "Saint-Denis",
    "parc": "PRIVE",
    "rent": "600",
    "charges": "50",
}


@pytest.fixture
def secretariat(saint_denis):
    clock.freeze(datetime.date(2025, 3, 10))
    return MembershipFactory(organisation=OrganisationFactory(ccapex=True))


def test_household_created_twice(client, login_as, secretariat):
    login_as(secretariat)
    assert client.post("/menages/nouveau/", NEW).status_code == 302
    second = client.post("/menages/nouveau/", NEW)
    assert second.status_code == 200
    assert Household.objects.filter(members__last_name="Kowalski").count() == 1
    assert "Kowalski".upper() in text(second).upper()


def test_household_created_twice_after_confirming_a_candidate(
    client, login_as, secretariat, make_household
):
    other = make_household("Kowalski", "Anna", datetime.date(1980, 2, 2), "4 rue Gabriel Péri")
    login_as(secretariat)
    first = client.post("/menages/nouveau/", NEW)
    assert first.status_code == 200  # a candidate to look at first
    confirmed = {**NEW, "seen_candidates": str(other.pk)}
    assert client.post("/menages/nouveau/", confirmed).status_code == 302
    second = client.post("/menages/nouveau/", confirmed)
    assert second.status_code == 200
    assert Household.objects.filter(members__last_name="Kowalski").count() == 2


def test_merge_posted_twice(client, login_as, secretariat, make_household):
    keep = make_household("Benali", "Samia", datetime.date(1985, 4, 12))
    absorb = make_household("Benali", "Samia", datetime.date(1985, 4, 12))
    login_as(secretariat)
    url = f"/menages/{keep.pk}/fusionner/{absorb.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    second = client.post(url)
    assert second.status_code == 404
    assert "introuvable" in text(second).lower()
    assert MatchDecision.objects.filter(outcome="MERGE").count() == 1
    assert not Household.objects.filter(pk=absorb.pk).exists()


def test_edit_of_a_household_merged_meanwhile(client, login_as, secretariat, make_household):
    from prevex.matching.corrections import household_merge

    keep = make_household("Benali", "Samia", datetime.date(1985, 4, 12))
    absorb = make_household("Benali", "Samia", datetime.date(1985, 4, 12))
    login_as(secretariat)
    assert client.get(f"/menages/{absorb.pk}/modifier/").status_code == 200
    household_merge(keep=keep, absorb=absorb, by=secretariat)
    data = {**NEW, "holder_last_name": "Benali", "holder_first_name": "Samia", "rent": "999"}
    response = client.post(f"/menages/{absorb.pk}/modifier/", data)
    assert response.status_code == 404
    assert "introuvable" in text(response).lower()
    keep.refresh_from_db()
    assert keep.rent != 999


def test_split_posted_twice(client, login_as, secretariat, make_household):
    household = make_household("Benali", "Samia", datetime.date(1985, 4, 12))
    first = procedure_at_cdp(household=household, cdp_on=datetime.date(2023, 3, 10))
    from prevex.procedures.services import procedure_close

    procedure_close(
        procedure=first, outcome="DETTE_SOLDEE", closed_on=datetime.date(2023, 9, 1), by=None
    )
    procedure_at_cdp(household=household, cdp_on=datetime.date(2024, 3, 10))
    login_as(secretariat)
    url = f"/menages/{household.pk}/separer/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"procedures": [first.pk]}).status_code == 302
    households = Household.objects.count()
    second = client.post(url, {"procedures": [first.pk]})
    assert second.status_code in (200, 422)
    assert Household.objects.count() == households
    assert Procedure.objects.get(pk=first.pk).household_id != household.pk
    assert "procédure" in text(second).lower()


def test_claim_decided_twice(client, login_as, secretariat, make_household):
    from prevex.matching.models import ClaimField, ClaimStatus, HouseholdClaim

    household = make_household("Benali", "Samia")
    holder = household.members.get()
    claim = HouseholdClaim.objects.create(
        household=household, member=holder, field=ClaimField.BIRTH_DATE,
        birth_date=datetime.date(1985, 4, 12), status=ClaimStatus.PENDING,
        departement_id="93", source_kind="IMPORT_ROW", source_id=1,
    )  # fmt: skip
    login_as(secretariat)
    url = f"/menages/{household.pk}/donnees-declarees/{claim.pk}/"
    from django.urls import reverse

    url = reverse("matching:claim_decide", args=[household.pk, claim.pk])
    assert client.post(url, {"decision": "confirmer"}).status_code == 302
    second = client.post(url, {"decision": "ecarter"}, follow=True)
    assert "introuvable" in text(second)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CONFIRMED
