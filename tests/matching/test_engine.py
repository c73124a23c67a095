"""The engine's decisions on each kind of noise found in partners' files."""

import datetime

import pytest

from prevex.matching import scoring
from prevex.matching.records import PersonRecord
from prevex.matching.services import match_record, match_records

from .conftest import BIRTH, record


@pytest.fixture
def benali(make_household):
    return make_household(
        "Benali", "Samia", BIRTH, "12 avenue de la République", co=("Haddad", "Karim")
    )


NOISY_VARIANTS = {
    "typo in the surname": record("Benalli", "Samia", BIRTH),
    "typo on a consonant, no birth date": record("Benaki", "Samia", None),
    "typo in the first name": record("Benali", "Samai", BIRTH),
    "first and last names swapped": record("Samia", "Benali", BIRTH),
    "capitals and accents": record("BENALI", "SAMIA", BIRTH, "12 AVENUE DE LA RÉPUBLIQUE"),
    "missing birth date": record("Benali", "Samia", None),
    "co-tenant order": record(
        "Haddad", "Karim", None, co_last_name="Benali", co_first_name="Samia"
    ),
    "co-tenant named alone": record("Haddad", "Karim", None),
    "av for avenue": record("Benali", "Samia", BIRTH, "12 av. de la Republique"),
    "street type left out": record("Benali", "Samia", None, "12 République"),
    "wrong postcode, same commune": record(
        "Benali", "Samia", BIRTH, postal_code="93210", commune_insee="93066"
    ),
    "wrong postcode and no commune": record("Benali", "Samia", BIRTH, postal_code="93210"),
    "swapped names and typo": record("Samia", "Benalli", None, "12 av de la Republique"),
}


@pytest.mark.parametrize("noise", sorted(NOISY_VARIANTS))
def test_each_kind_of_noise_still_matches(benali, noise):
    result = match_record(record=NOISY_VARIANTS[noise], departement="93")
    assert result.outcome == "MATCH", (result.score, result.reason)
    assert result.household_id == benali.pk
    assert result.score >= scoring.HIGH
    assert result.candidates[0].household_id == benali.pk


def test_accents_hyphens_and_compound_names(make_household):
    household = make_household(
        "Martin-Dupont", "Jean-Pierre", None, "45 bd Jean-Jaurès", postal_code="93200"
    )
    for last, first in [
        ("MARTIN DUPONT", "JEAN PIERRE"),
        ("Martin Dupont", "Jean-Pierre"),
        ("martin-dupont", "jean pierre"),
        ("Jean-Pierre", "Martin-Dupont"),
    ]:
        result = match_record(
            record=record(last, first, None, "45 boulevard Jean Jaures"), departement="93"
        )
        assert (result.outcome, result.household_id) == ("MATCH", household.pk), (last, first)


def test_missing_accents_on_both_names(make_household):
    household = make_household("Lefèvre", "Bénédicte", BIRTH, "7 rue Gabriel Péri")
    result = match_record(
        record=record("LEFEVRE", "Benedicte", None, "7 r Gabriel Peri"), departement="93"
    )
    assert (result.outcome, result.household_id) == ("MATCH", household.pk)
    assert "Même nom et prénom" in result.reason


def test_the_reason_is_french_and_says_why(benali):
    result = match_record(record=record("Benalli", "Samia", BIRTH), departement="93")
    assert result.reason.startswith("Même nom (phonétique)")
    assert "même date de naissance" in result.reason
    assert "même adresse" in result.reason
    swapped = match_record(record=record("Samia", "Benali", None), departement="93")
    assert "Nom et prénom inversés" in swapped.reason


def test_a_different_person_at_the_same_address_is_a_new_household(benali):
    result = match_record(record=record("Traoré", "Moussa", None), departement="93")
    assert result.outcome == "NEW"
    assert result.household_id is None
    assert result.score < scoring.LOW


def test_a_relative_at_the_same_address_is_not_matched_automatically(benali):
    result = match_record(record=record("Benali", "Yacine", None), departement="93")
    assert result.outcome != "MATCH"


@pytest.mark.parametrize("address", ["12 avenue de la République", "8 rue Danielle Casanova"])
def test_a_homonym_with_another_birth_date_is_never_matched(benali, address):
    result = match_record(
        record=record("Benali", "Samia", datetime.date(1962, 11, 3), address), departement="93"
    )
    assert result.outcome in ("REVIEW", "NEW")
    assert "date de naissance différente (03/11/1962 ≠ 12/04/1985)" in result.candidates[0].reason


def test_a_homonym_elsewhere_without_birth_date_is_a_new_household(benali):
    result = match_record(
        record=record("Benali", "Samia", None, "8 rue Danielle Casanova"), departement="93"
    )
    assert result.outcome == "NEW"


def test_same_person_same_birth_date_other_dwelling_goes_to_review(benali):
    result = match_record(
        record=record("Benali", "Samia", BIRTH, "8 rue Danielle Casanova"), departement="93"
    )
    assert result.outcome == "REVIEW"
    assert result.candidates[0].household_id == benali.pk


def test_house_numbers_must_agree(benali):
    result = match_record(
        record=record("Benali", "Samia", BIRTH, "14 avenue de la République"), departement="93"
    )
    assert result.outcome == "REVIEW"
    assert "numéro de voie différent (14 ≠ 12)" in result.reason


def test_another_departement_is_never_searched(benali):
    result = match_record(record=record("Benali", "Samia", BIRTH), departement="75")
    assert result.outcome == "NEW"
    assert result.candidates == []


def test_two_equally_good_households_go_to_review(benali, make_household):
    twin = make_household(
        "Benali", "Samia", BIRTH, "12 avenue de la République", co=("Haddad", "Karim")
    )
    result = match_record(record=record("Benali", "Samia", BIRTH), departement="93")
    assert result.outcome == "REVIEW"
    assert {c.household_id for c in result.candidates} == {benali.pk, twin.pk}
    assert result.reason.startswith("Plusieurs ménages possibles")


def test_no_departement_is_a_clear_error(benali):
    from prevex.core.errors import BusinessError

    with pytest.raises(BusinessError, match="département est obligatoire"):
        match_record(record=record("Benali", "Samia"), departement=" ")


def test_batch_gives_the_same_decisions_as_one_by_one(benali, make_household):
    other = make_household("Diallo", "Aminata", None, "3 allée des Lilas")
    records = [
        NOISY_VARIANTS["typo in the surname"],
        record("Traoré", "Moussa", None),
        record("DIALLO", "Aminata", None, "3 all. des Lilas"),
        record("Benali", "Samia", datetime.date(1962, 11, 3)),
    ]
    batch = match_records(records=records, departement="93")
    single = [match_record(record=r, departement="93") for r in records]
    assert [(r.outcome, r.household_id, r.score) for r in batch] == [
        (r.outcome, r.household_id, r.score) for r in single
    ]
    assert batch[0].household_id == benali.pk and batch[2].household_id == other.pk


def test_new_households_repeated_in_a_batch_point_to_their_first_row(db, saint_denis):
    records = [
        record("Koné", "Ibrahim", None, "5 rue Paul Éluard"),
        record("Fofana", "Awa", None, "9 rue Paul Éluard"),
        record("KONE", "Ibrahim", None, "5 r. Paul Eluard"),
        record("Ibrahim", "Koné", None, "5 rue Paul Eluard"),
        record("Koné", "Ibrahim", None, "7 rue Paul Éluard"),
    ]
    results = match_records(records=records, departement="93")
    assert [r.outcome for r in results] == ["NEW"] * 5
    assert [r.same_as_index for r in results] == [None, None, 0, 0, None]
    assert "ligne 1 du lot" in results[2].reason


def test_decision_thresholds(monkeypatch):
    def scored(*scores):
        return [
            (pk, scoring.Scored(score, "raison", 100.0, 100.0))
            for pk, score in enumerate(scores, 1)
        ]

    assert scoring.decide(scored(scoring.HIGH))[:2] == ("MATCH", 1)
    assert scoring.decide(scored(scoring.HIGH - 0.001))[:2] == ("REVIEW", None)
    assert scoring.decide(scored(scoring.LOW))[:2] == ("REVIEW", None)
    assert scoring.decide(scored(scoring.LOW - 0.001))[:2] == ("NEW", None)
    assert scoring.decide([])[:2] == ("NEW", None)
    assert scoring.decide(scored(0.99, 0.97))[0] == "REVIEW"
    assert scoring.decide(scored(0.99, 0.95))[:2] == ("MATCH", 1)
    assert scoring.LOW < scoring.HIGH


def test_record_people_skip_an_empty_co_tenant():
    r = PersonRecord(
        last_name="A",
        first_name="B",
        co_last_name=" ",
        address="1 rue X",
        postal_code="93200",
        departement="93",
    )
    assert r.people() == [("A", "B")]
