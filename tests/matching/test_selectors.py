"""Side-by-side comparison for the review queue, scoped to what the reader may see."""

import datetime

import pytest
from django.http import Http404

from prevex.audit.models import AccessLog
from prevex.households.models import InvolvementReason
from prevex.matching.selectors import (
    candidate_comparison,
    decisions_for_household,
    decisions_for_source,
)
from prevex.matching.services import match_decision_record, match_record
from tests.factories import InvolvementFactory, MembershipFactory, OrganisationFactory

from .conftest import BIRTH, record


@pytest.fixture
def benali(make_household):
    return make_household("Benali", "Samia", BIRTH, "12 avenue de la République")


@pytest.fixture
def secretariat(db):
    return MembershipFactory(organisation=OrganisationFactory(ccapex=True))


NOISY = record(
    "Samia", "BENALI", datetime.date(1962, 11, 3), "14 av. de la Republique", commune_insee="93066"
)


def rows(comparison):
    return {f.label: (f.record_value, f.household_value, f.agreement) for f in comparison.fields}


def test_the_secretariat_sees_every_field_side_by_side(benali, secretariat):
    comparison = candidate_comparison(membership=secretariat, household_id=benali.pk, record=NOISY)
    assert comparison.reference == benali.reference
    assert comparison.suggestion == "Ménage différent"
    assert rows(comparison) == {
        "Titulaire": ("SAMIA BENALI", "BENALI Samia", "same"),
        "Date de naissance du titulaire": ("03/11/1962", "12/04/1985", "different"),
        "Adresse": ("14 av. de la Republique", "12 avenue de la République", "different"),
        "Code postal": ("93200", "93200", "same"),
        "Commune": ("93066", "Saint-Denis (93066)", "same"),
    }
    assert "numéro de voie différent (14 ≠ 12)" in comparison.reason
    assert AccessLog.objects.filter(household_id=benali.pk, user=secretariat.user).count() == 1


def test_a_landlord_involved_sees_no_birth_date(benali):
    landlord = MembershipFactory(organisation=OrganisationFactory(social_landlord=True))
    InvolvementFactory(
        household=benali, organisation=landlord.organisation, reason=InvolvementReason.BAILLEUR
    )
    comparison = candidate_comparison(membership=landlord, household_id=benali.pk, record=NOISY)
    assert "Date de naissance du titulaire" not in rows(comparison)
    assert rows(comparison)["Titulaire"][1] == "BENALI Samia"


@pytest.mark.parametrize("household_id", ["absent", None, 10**9])
def test_unknown_ids_are_404(benali, secretariat, household_id):
    with pytest.raises(Http404):
        candidate_comparison(membership=secretariat, household_id=household_id, record=NOISY)


def test_an_organisation_not_involved_gets_404_and_nothing_is_journaled(benali):
    stranger = MembershipFactory()
    with pytest.raises(Http404):
        candidate_comparison(membership=stranger, household_id=benali.pk, record=NOISY)
    other_departement = MembershipFactory(
        organisation=OrganisationFactory(ccapex=True, other_departement=True)
    )
    with pytest.raises(Http404):
        candidate_comparison(membership=other_departement, household_id=benali.pk, record=NOISY)
    assert not AccessLog.objects.exists()


def test_decision_journal_is_scoped(benali, secretariat):
    result = match_record(record=record("Benali", "Samia", BIRTH), departement="93")
    decision = match_decision_record(result=result, source_kind="intake_row", source_id=5)
    assert list(decisions_for_household(membership=secretariat, household_id=benali.pk)) == [
        decision
    ]
    assert list(
        decisions_for_source(membership=secretariat, source_kind="intake_row", source_id=5)
    ) == [decision]
    stranger = MembershipFactory()
    assert not decisions_for_household(membership=stranger, household_id=benali.pk).exists()
    outsider = MembershipFactory(organisation=OrganisationFactory(other_departement=True))
    assert not decisions_for_source(
        membership=outsider, source_kind="intake_row", source_id=5
    ).exists()


def test_the_mobile_number_is_compared_for_identity_readers_only(benali, secretariat):
    from prevex.matching.phones import phones_learn

    phones_learn([(benali.pk, "93", "06 71 28 45 93", "test", 1)])
    row = record("Benali", "Samia", None, "12 avenue de la République", phone="+33671284593")
    compared = rows(
        candidate_comparison(membership=secretariat, household_id=benali.pk, record=row)
    )
    assert compared["Téléphone portable"] == ("06 71 28 45 93", "06 71 28 45 93", "same")
    other = record("Benali", "Samia", None, "12 avenue de la République", phone="0755284593")
    compared = rows(
        candidate_comparison(membership=secretariat, household_id=benali.pk, record=other)
    )
    assert compared["Téléphone portable"] == ("07 55 28 45 93", "06 71 28 45 93", "unknown")
    landlord = MembershipFactory(organisation=OrganisationFactory(social_landlord=True))
    InvolvementFactory(
        household=benali, organisation=landlord.organisation, reason=InvolvementReason.BAILLEUR
    )
    compared = rows(candidate_comparison(membership=landlord, household_id=benali.pk, record=row))
    assert "Téléphone portable" not in compared


def test_a_couple_named_the_other_way_round_is_compared_person_to_person(
    make_household, secretariat
):
    """The row's tenant is the file's co-tenant and the other way round: each person is
    shown against the same person of the file, not against the other one (« différent »
    on both lines would hide what the engine saw)."""
    kumar = make_household("Kumar", "Swetlana", None, co=("Kumar", "Wei"))
    row = record("Kumar", "Wei", datetime.date(2000, 2, 16), co_last_name="Kumar",
                 co_first_name="Swetlana")  # fmt: skip
    compared = rows(candidate_comparison(membership=secretariat, household_id=kumar.pk, record=row))
    assert compared["Titulaire"] == ("KUMAR Wei", "KUMAR Wei (cotitulaire du dossier)", "same")
    assert compared["Cotitulaire"] == (
        "KUMAR Swetlana",
        "KUMAR Swetlana (titulaire du dossier)",
        "same",
    )
    in_order = record("Kumar", "Swetlana", None, co_last_name="Kumar", co_first_name="Wei")
    compared = rows(
        candidate_comparison(membership=secretariat, household_id=kumar.pk, record=in_order)
    )
    assert compared["Titulaire"] == ("KUMAR Swetlana", "KUMAR Swetlana", "same")
    assert compared["Cotitulaire"] == ("KUMAR Wei", "KUMAR Wei", "same")


def test_a_stranger_is_compared_with_the_files_tenant_in_order(make_household, secretariat):
    """The crossed display is for a couple named the other way round, not for a row that
    resembles neither holder."""
    pineau = make_household("Pineau", "Omar", None, co=("Pineau", "Alexandria"))
    row = record("Lesage", "Denise", datetime.date(1987, 12, 26))
    compared = rows(
        candidate_comparison(membership=secretariat, household_id=pineau.pk, record=row)
    )
    assert compared["Titulaire"] == ("LESAGE Denise", "PINEAU Omar", "different")
    assert compared["Cotitulaire"] == ("", "PINEAU Alexandria", "unknown")
