"""Every decision is journaled with its score and reason; agents settle reviews."""

import datetime

import pytest

from prevex.core.errors import BusinessError
from prevex.matching.models import MatchDecision, Outcome
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
        record=record("Benali", "Samia", datetime.date(1985, 12, 4)), departement="93"
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
        record=record("Benali", "Samia", datetime.date(1985, 12, 4)), departement="93"
    )
    review = match_decision_record(result=result, source_kind="intake_row", source_id=3)
    with pytest.raises(BusinessError, match="autre département"):
        match_decision_confirm(decision=review, household=benali, by=outsider)


def test_holders_are_completed_after_a_match_never_overwritten(make_household):
    household = make_household("Benali", "Samia", None)
    added = household_holders_complete(
        household=household,
        record=record("BENALI", "Samia", BIRTH, co_last_name="Haddad", co_first_name="Karim"),
    )
    assert added == ["date de naissance", "cotitulaire"]
    holders = list(household.members.order_by("-role", "id"))
    assert [(m.role, m.last_name, m.birth_date) for m in holders] == [
        ("TITULAIRE", "Benali", BIRTH),
        ("COTITULAIRE", "Haddad", None),
    ]
    household.refresh_from_db()
    assert "haddad karim" in household.search_text
    # The new keys find the household by the co-tenant and by the birth date.
    result = match_record(record=record("Haddad", "Karim"), departement="93")
    assert result.household_id == household.pk
    again = household_holders_complete(
        household=household, record=record("Benali", "Samia", datetime.date(1990, 1, 1))
    )
    assert again == []
    assert household.members.get(role="TITULAIRE").birth_date == BIRTH
