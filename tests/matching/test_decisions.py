"""Every decision is journaled with its score and reason; agents settle reviews."""

import datetime

import pytest

from prevex.audit.models import WriteLog
from prevex.core.errors import BusinessError
from prevex.households.keys import stored_keys
from prevex.matching.claims import claim_confirm, claim_reject
from prevex.matching.models import HouseholdClaim, MatchDecision, Outcome
from prevex.matching.records import MatchResult
from prevex.matching.services import (
    household_holders_complete,
    match_decision_confirm,
    match_decision_record,
    match_record,
)
from tests.factories import MembershipFactory, OrganisationFactory

from .conftest import BIRTH, record


@pytest.fixture
def benali(make_household):
    return make_household("Benali", "Samia", BIRTH)


@pytest.fixture
def secretariat(db):
    return MembershipFactory(organisation=OrganisationFactory(ccapex=True))


def test_an_automatic_match_is_journaled_with_score_reason_and_source(benali):
    result = match_record(record=record("BENALLI", "Samia", BIRTH), departement="93")
    decision = match_decision_record(result=result, source_kind="intake_row", source_id=41)
    decision.refresh_from_db()
    assert decision.outcome == Outcome.MATCH
    assert decision.household == benali
    assert decision.household_reference == benali.reference
    assert decision.score == pytest.approx(result.score)
    assert decision.reason == result.reason and "même date de naissance" in decision.reason
    assert decision.automatic is True and decision.decided_by is None
    assert (decision.source_kind, decision.source_id) == ("intake_row", 41)
    assert decision.candidates[0]["household_id"] == benali.pk
    assert decision.departement_id == "93"


def test_a_new_household_decision_can_name_the_household_created(benali, make_household):
    result = match_record(record=record("Koné", "Awa"), departement="93")
    assert result.outcome == "NEW"
    created = make_household("Koné", "Awa")
    decision = match_decision_record(
        result=result, source_kind="api", source_id=7, household=created
    )
    assert decision.household == created and decision.outcome == Outcome.NEW


def test_a_decision_needs_a_source_and_a_departement(benali):
    result = MatchResult(outcome="NEW", household_id=None, score=0.0, reason="")
    with pytest.raises(BusinessError, match="département"):
        match_decision_record(result=result, source_kind="api", source_id=1)
    with pytest.raises(BusinessError, match="source"):
        match_decision_record(
            result=MatchResult("NEW", None, 0.0, "", departement="93"),
            source_kind=" ",
            source_id=1,
        )
    assert not MatchDecision.objects.exists()


def test_an_agent_settles_a_review_and_both_decisions_stay(benali, secretariat):
    result = match_record(
        record=record("Benali", "Sonia"),
        departement="93",
    )
    assert result.outcome == "REVIEW"
    review = match_decision_record(result=result, source_kind="intake_row", source_id=3)
    settled = match_decision_confirm(decision=review, household=benali, by=secretariat)
    assert settled.outcome == Outcome.MATCH and settled.household == benali
    assert settled.automatic is False and settled.decided_by == secretariat.user
    assert settled.organisation == secretariat.organisation
    assert settled.reason.startswith("Rattachement décidé par un agent")
    assert settled.score == pytest.approx(result.candidates[0].score)
    assert MatchDecision.objects.filter(source_kind="intake_row", source_id=3).count() == 2
    with pytest.raises(BusinessError, match="Seul un rapprochement à vérifier"):
        match_decision_confirm(decision=settled, household=None, by=secretariat)
    new = match_decision_confirm(decision=review, household=None, by=secretariat)
    assert new.outcome == Outcome.NEW and new.household is None


def test_an_agent_of_another_departement_cannot_settle(benali):
    outsider = MembershipFactory(organisation=OrganisationFactory(other_departement=True))
    result = match_record(
        record=record("Benali", "Sonia"),
        departement="93",
    )
    review = match_decision_record(result=result, source_kind="intake_row", source_id=3)
    with pytest.raises(BusinessError, match="autre département"):
        match_decision_confirm(decision=review, household=benali, by=outsider)


def test_a_match_records_what_the_row_adds_as_claims_and_writes_nothing(make_household):
    household = make_household("Benali", "Samia", None)
    keys_before = stored_keys([household.pk])
    added = household_holders_complete(
        household=household,
        record=record("BENALI", "Samia", BIRTH, co_last_name="Haddad", co_first_name="Karim"),
        source_kind="intake_row",
        source_id=12,
    )
    assert added == ["date de naissance", "cotitulaire"]
    holders = list(household.members.order_by("-role", "id"))
    assert [(m.role, m.last_name, m.birth_date) for m in holders] == [("TITULAIRE", "Benali", None)]
    assert stored_keys([household.pk]) == keys_before
    claims = list(HouseholdClaim.objects.filter(household=household).order_by("field"))
    assert [(c.field, c.value_label, c.status, c.source_id) for c in claims] == [
        ("BIRTH_DATE", "12/04/1985", "PENDING", 12),
        ("CO_TENANT", "HADDAD Karim", "PENDING", 12),
    ]
    # The same row sent again does not repeat its claims.
    again = household_holders_complete(
        household=household,
        record=record("Benali", "Samia", BIRTH),
        source_kind="intake_row",
        source_id=13,
    )
    assert again == [] and HouseholdClaim.objects.count() == 2


def test_a_claim_is_written_only_when_the_secretariat_confirms_it(make_household, secretariat):
    household = make_household("Benali", "Samia", None)
    household_holders_complete(
        household=household,
        record=record("BENALI", "Samia", BIRTH, co_last_name="Haddad", co_first_name="Karim"),
    )
    birth, co_tenant = HouseholdClaim.objects.order_by("field")
    outsider = MembershipFactory(organisation=OrganisationFactory())
    with pytest.raises(BusinessError, match="secrétariat de la CCAPEX"):
        claim_confirm(claim=birth, by=outsider)
    claim_confirm(claim=birth, by=secretariat)
    claim_reject(claim=co_tenant, by=secretariat)
    holders = list(household.members.order_by("-role", "id"))
    assert [(m.last_name, m.birth_date) for m in holders] == [("Benali", BIRTH)]
    assert WriteLog.objects.filter(household_id=household.pk, object_type="MEMBER").exists()
    assert result_of("Haddad", "Karim").household_id is None  # the rejected co-tenant
    with pytest.raises(BusinessError, match="déjà été tranchée"):
        claim_confirm(claim=co_tenant, by=secretariat)


def test_the_secretariat_of_another_departement_cannot_settle_a_claim(make_household):
    household = make_household("Benali", "Samia", None)
    household_holders_complete(household=household, record=record("BENALI", "Samia", BIRTH))
    claim = HouseholdClaim.objects.get()
    paris = MembershipFactory(organisation=OrganisationFactory(ccapex=True, other_departement=True))
    for settle in (claim_confirm, claim_reject):
        with pytest.raises(BusinessError, match="secrétariat de la CCAPEX du département"):
            settle(claim=claim, by=paris)
    claim.refresh_from_db()
    assert claim.status == "PENDING"
    assert household.members.get().birth_date is None


def result_of(last, first, birth=None):
    return match_record(record=record(last, first, birth), departement="93")


def test_a_match_without_comparable_birth_dates_does_not_spread_to_the_next_person(
    make_household,
):
    """Issue 9: the father's file has no birth date; the son's row matches (nothing
    tells them apart), writes nothing into the file, and the father's next row — or
    the son's twin's — is not attached on the strength of the son's date."""
    father = make_household("Dupont", "Jean", None, "8 rue Jules Vallès")
    son = record("Dupont", "Jean", datetime.date(1988, 6, 1), "8 rue Jules Vallès")
    first = match_record(record=son, departement="93")
    assert first.outcome == "MATCH" and first.household_id == father.pk
    household_holders_complete(household=father, record=son, source_kind="intake_row", source_id=1)
    assert father.members.get().birth_date is None  # nothing written
    assert "1988" not in str(stored_keys([father.pk]))
    again = match_record(
        record=record("Dupont", "Jean", datetime.date(1988, 6, 1), "8 rue Jules Vallès"),
        departement="93",
    )
    assert "même date de naissance" not in again.reason
    other = match_record(
        record=record("Dupont", "Jean", datetime.date(1961, 2, 9), "8 rue Jules Vallès"),
        departement="93",
    )
    assert other.outcome == "REVIEW" and other.household_id is None
    assert "même nom, autre date de naissance" in other.candidates[0].reason + other.reason


def test_a_claim_set_aside_is_in_the_files_write_history_with_its_author(
    make_household, secretariat
):
    household = make_household("Benali", "Samia", None)
    household_holders_complete(
        household=household,
        record=record("BENALI", "Samia", BIRTH, co_last_name="Haddad", co_first_name="Karim"),
    )
    co_tenant = HouseholdClaim.objects.get(field="CO_TENANT")
    before = WriteLog.objects.filter(household_id=household.pk).count()
    claim_reject(claim=co_tenant, by=secretariat)
    entries = list(WriteLog.objects.filter(household_id=household.pk).order_by("id"))[before:]
    assert len(entries) == 1
    entry = entries[0]
    assert "écartée" in entry.summary and "HADDAD Karim" in entry.summary
    assert (entry.user_id, entry.organisation_id) == (
        secretariat.user_id,
        secretariat.organisation_id,
    )
    assert list(household.members.values_list("last_name", flat=True)) == ["Benali"]
