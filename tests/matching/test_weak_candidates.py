"""Weak candidates (weak.score_or_weak, services._scored): a household the names, the
birth date or another dwelling prove below ``LOW`` is not scored in full when the others
already decide an automatic match — and nothing else changes.

The households and rows are drawn by hypothesis from small pools of look-alike names,
birth dates one digit or a swap apart, flats and streets written several ways, former
dwellings and recognised name forms, so that every rule of the scorer is reached. No
database: the profiles are built as ``profiles.load_profiles`` builds them.
"""

from __future__ import annotations

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevex.matching.profiles import Holder, HouseholdProfile
from prevex.matching.records import PersonRecord
from prevex.matching.scoring import (
    JUST_BELOW,
    LOW,
    SAME_DWELLING,
    PreparedRecord,
    compute_score_household,
    score_household,
)
from prevex.matching.services import SHOWN_CANDIDATES, SHOWN_FLOOR, _result, _scored
from prevex.matching.weak import score_or_weak

SURNAMES = ["Benali", "BENALI", "Ben Ali", "Benhali", "Traoré", "Traore", "Da Silva", "Dasilva"]
GIVEN = ["Samir", "Samia", "Samira", "Karim", "Mohamed", "Mohammed", "Jean", "Jean-Pierre"]
BIRTHS = [
    None,
    datetime.date(1985, 4, 12),
    datetime.date(1985, 12, 4),  # day and month swapped
    datetime.date(1985, 4, 13),  # one digit
    datetime.date(1962, 1, 30),  # the father's
]
ADDRESSES = [
    "12 avenue de la République",
    "12 av de la republique",
    "12 bis avenue de la République",
    "14 avenue de la République",
    "Bât G Appt 0703 12 avenue de la République",
    "12 avenue de la République Bât C Pte 1011",
    "3 rue Jean Jaurès",
    "Cité Floréal Bât 14",
    "Cité Floréal Bât G Appt 0703",  # the first flat, the estate written for the street
]
POSTCODES = ["93200", "93210"]

names = st.tuples(st.sampled_from(SURNAMES), st.sampled_from(GIVEN))


@st.composite
def profiles(draw, pk: int, people=()) -> HouseholdProfile:
    """A household; its holders are often the row's own people (``people``), so that
    couples agree and birth dates are compared."""
    profile = HouseholdProfile(
        id=pk,
        reference=f"M-{pk}",
        departement_id="93",
        address=draw(st.sampled_from(ADDRESSES)),
        postal_code=draw(st.sampled_from(POSTCODES)),
        commune_insee="93066",
    )
    for index in range(draw(st.integers(1, 2))):
        last, first = draw(names)
        if index < len(people) and draw(st.booleans()):
            last, first = people[index]
        forms = tuple(draw(st.lists(names, max_size=1)))
        claimed = tuple(d for d in draw(st.lists(st.sampled_from(BIRTHS), max_size=1)) if d)
        birth = draw(st.sampled_from(BIRTHS))
        profile.holders.append(Holder(last, first, birth, pk * 10 + index, claimed, forms))
    profile.past = tuple(
        (address, "93200", "93066")
        for address in draw(st.lists(st.sampled_from(ADDRESSES), max_size=1))
    )
    return profile


@st.composite
def rows(draw) -> PersonRecord:
    last, first = draw(names)
    co_last, co_first = draw(st.one_of(st.just(("", "")), names))
    return PersonRecord(
        last_name=last,
        first_name=first,
        birth_date=draw(st.sampled_from(BIRTHS)),
        co_last_name=co_last,
        co_first_name=co_first,
        address=draw(st.sampled_from(ADDRESSES)),
        postal_code=draw(st.sampled_from(POSTCODES)),
        departement="93",
    )


@st.composite
def cases(draw, most: int = 8) -> tuple[PreparedRecord, dict[int, HouseholdProfile]]:
    """A row and its candidate households."""
    row = draw(rows())
    count = draw(st.integers(1, most))
    candidates = {pk: draw(profiles(pk, row.people())) for pk in range(1, count + 1)}
    return PreparedRecord.of(row), candidates


QUICK = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@QUICK
@given(case=cases(most=1))
def test_a_weak_bound_is_never_below_the_score_and_always_below_low(case):
    record, (profile,) = case[0], case[1].values()
    found = score_or_weak(record, profile)
    full = compute_score_household(record, profile)
    if isinstance(found, float):
        assert full.score <= found
        assert found <= LOW - JUST_BELOW + 1e-4 < LOW
    else:
        assert found == full


def _every(record, candidates):
    return [(pk, score_household(record, profile)) for pk, profile in candidates.items()]


@QUICK
@given(case=cases())
def test_leaving_weak_candidates_out_changes_no_decision_and_no_review(case):
    record, candidates = case
    full = _result(_every(record, candidates), candidates, "93")
    lazy = _result(_scored(record, list(candidates), candidates), candidates, "93")
    # The decision, its file, score, reason and warnings: the same.
    assert (lazy.outcome, lazy.household_id, lazy.score, lazy.reason, lazy.warnings) == (
        full.outcome,
        full.household_id,
        full.score,
        full.reason,
        full.warnings,
    )
    assert (lazy.moved, lazy.birth_same) == (full.moved, full.birth_same)
    if full.outcome != "MATCH":
        # What an agent settles a review (or a new household) with: the same list.
        assert lazy.candidates == full.candidates
    else:
        # Listed with an automatic match: the strong candidates all, scored alike.
        by_id = dict(_every(record, candidates))
        assert {c.household_id for c in full.candidates if c.score >= LOW} <= {
            c.household_id for c in lazy.candidates
        }
        for c in lazy.candidates:
            assert c.score == by_id[c.household_id].score >= SHOWN_FLOOR
        assert len(lazy.candidates) <= SHOWN_CANDIDATES


def test_a_namesake_with_another_birth_date_is_left_out_of_an_automatic_match():
    row = PreparedRecord.of(
        PersonRecord(
            last_name="BENALI",
            first_name="Samir",
            birth_date=datetime.date(1985, 4, 12),
            address="12 avenue de la République",
            postal_code="93200",
            departement="93",
        )
    )

    def file(pk, birth, address):
        profile = HouseholdProfile(pk, f"M-{pk}", "93", address, "93200", "93066")
        profile.holders.append(Holder("Benali", "Samir", birth, pk))
        return profile

    candidates = {
        1: file(1, datetime.date(1985, 4, 12), "12 avenue de la République"),
        2: file(2, datetime.date(1962, 1, 30), "3 rue Jean Jaurès"),  # the father, elsewhere
    }
    assert isinstance(score_or_weak(row, candidates[2]), float)
    lazy = _result(_scored(row, [1, 2], candidates), candidates, "93")
    full = _result(_every(row, candidates), candidates, "93")
    assert lazy.outcome == full.outcome == "MATCH" and lazy.household_id == 1
    assert [c.household_id for c in full.candidates] == [1, 2]
    assert [c.household_id for c in lazy.candidates] == [1]


def test_a_couple_whose_tenant_gives_another_birth_date_is_scored_in_full():
    """The co-tenant concords: another birth date keeps the file at review, not below
    ``LOW`` — no weak bound (a date typed wrong for a known couple)."""
    row = PreparedRecord.of(
        PersonRecord(
            last_name="BENALI",
            first_name="Samir",
            birth_date=datetime.date(1962, 1, 30),
            co_last_name="Traoré",
            co_first_name="Samia",
            address="12 avenue de la République",
            postal_code="93200",
            departement="93",
        )
    )
    profile = HouseholdProfile(1, "M-1", "93", "12 avenue de la République", "93200", "93066")
    profile.holders += [
        Holder("Benali", "Samir", datetime.date(1985, 4, 12), 10),
        Holder("Traore", "Samia", None, 11),
    ]
    found = score_or_weak(row, profile)
    assert not isinstance(found, float)
    assert found.score >= LOW and found.birth == "different" and found.couple


def _row(address="3 rue Jean Jaurès", birth=None, postcode="93210"):
    return PreparedRecord.of(
        PersonRecord(
            last_name="BENALI",
            first_name="Samir",
            birth_date=birth,
            address=address,
            postal_code=postcode,
            departement="93",
        )
    )


def _file(pk, birth=None, claimed=(), address="12 avenue de la République", past=()):
    profile = HouseholdProfile(pk, f"M-{pk}", "93", address, "93200", "93066")
    profile.holders.append(Holder("Benali", "Samir", birth, pk * 10, tuple(claimed)))
    profile.past = tuple(past)
    return profile


def test_a_namesake_at_another_dwelling_without_a_birth_date_is_weak():
    """Names alike, another street and commune, no date to prove a move: « logement
    différent », a new household — bounded without scoring it in full."""
    found = score_or_weak(_row(), _file(1))
    assert isinstance(found, float) and found < LOW
    assert compute_score_household(_row(), _file(1)).score <= found


def test_a_move_dated_by_the_files_earlier_rows_is_scored_in_full():
    """The file never had a birth date, but its rows declared the row's own: the same
    holder moved (a MATCH), never a weak candidate."""
    birth = datetime.date(1985, 4, 12)
    found = score_or_weak(_row(birth=birth), _file(2, claimed=[birth]))
    assert not isinstance(found, float)
    assert found.moved and found.score >= LOW


def test_a_row_naming_the_files_flat_under_an_estate_name_is_scored_in_full():
    """The estate written for the street (the streets compare at 0) but the same
    building and flat in the same commune: one dwelling, not another."""
    row = _row(address="Cité Floréal Bât G Appt 0703", postcode="93200")
    profile = _file(3, address="Bât G Appt 0703 12 avenue de la République")
    found = score_or_weak(row, profile)
    assert not isinstance(found, float)
    assert found.address >= SAME_DWELLING and found.score >= LOW


def test_a_row_at_a_dwelling_the_household_left_is_scored_in_full():
    past = [("3 rue Jean Jaurès", "93210", "93070")]
    found = score_or_weak(_row(), _file(4, past=past))
    assert not isinstance(found, float)
    assert found.score >= LOW and "ancienne adresse" in found.reason
