"""A file known by its estate only (« Cité des Courtillières, Bât F, Appt 0403 ») takes
the street a row gives for the same flat, with the same birth date
(docs/decisions/2026-12-05-estate-address-completed.md). Each test fails without it."""

import datetime

import pytest

from prevex.audit.models import WriteLog
from prevex.households.models import PastAddress
from prevex.matching.follow_up import completed_address, matches_follow_up
from prevex.matching.services import match_record

from .conftest import record

pytestmark = pytest.mark.django_db

BIRTH = datetime.date(1956, 10, 4)
ESTATE = "Cité des Courtillières, Bât F, Appt 0403"
STREET_ROW = "151, avenue Jean Lolive, bâtiment F, 4e étage, porte 0403"


def _follow(household, row):
    result = match_record(record=row, departement="93")
    assert result.outcome == "MATCH" and result.household_id == household.pk, result.reason
    matches_follow_up(matches=[(household.pk, row, result, "test", 1, None)])
    household.refresh_from_db()
    return result


def test_the_street_of_the_same_flat_completes_the_estate_address(make_household):
    father = make_household("BENALI", "Mohammed", BIRTH, ESTATE)
    son = make_household(
        "BENALI",
        "Mohamed",
        datetime.date(1993, 1, 12),
        "Cité des Courtillières, Bâtiment F, Pte 01106 - 151 av Jean Lolive",
    )
    _follow(father, record("Benali", "Mohamed", BIRTH, STREET_ROW))
    assert "Jean Lolive" in father.address and "Courtillières" in father.address
    assert not PastAddress.objects.filter(household=father).exists()  # not a move
    assert WriteLog.objects.filter(household=father, changes__icontains="Lolive").exists()
    # A court's row without birth date nor flat now meets both files of the building:
    # it cannot tell the father from the son.
    court = match_record(
        record=record("BENALI", "Mohamed", None, "151 avenue Jean Lolive"), departement="93"
    )
    assert court.outcome == "REVIEW", court.reason
    assert {c.household_id for c in court.candidates} >= {father.pk, son.pk}


def test_another_flat_or_another_date_completes_nothing(make_household):
    file = make_household("BENALI", "Mohammed", BIRTH, ESTATE)
    other_flat = "151, avenue Jean Lolive, bâtiment F, 5e étage, porte 0512"
    assert (
        completed_address(
            file.address, file.postal_code, record("Benali", "Mohamed", BIRTH, other_flat)
        )
        == ""
    )
    other_building = "151, avenue Jean Lolive, bâtiment G, 4e étage, porte 0403"
    assert (
        completed_address(
            file.address, file.postal_code, record("Benali", "Mohamed", BIRTH, other_building)
        )
        == ""
    )
    # The birth date not compared: the street of that very flat is still the
    # dwelling's (whoever the row is about), but a street address takes no flat.
    assert completed_address(
        file.address, file.postal_code, record("B", "M", None, STREET_ROW), flat_too=False
    )
    assert (
        completed_address(
            "151 avenue Jean Lolive",
            file.postal_code,
            record("B", "M", None, STREET_ROW),
            flat_too=False,
        )
        == ""
    )


def test_a_file_with_a_street_is_left_as_it_is(make_household):
    address = "Cité des Courtillières, Bât F, Appt 0403 - 151 av Jean Lolive"
    file = make_household("BENALI", "Mohammed", BIRTH, address)
    assert (
        completed_address(
            file.address, file.postal_code, record("Benali", "Mohamed", BIRTH, STREET_ROW)
        )
        == ""
    )


def test_the_flat_of_the_same_number_completes_a_street_address(make_household):
    """A file opened by an agency's « 133 rue Racine » takes the bailiff's building and
    door for the same holder and birth date; the agency's later « appt 01 » of a
    namesake is then another flat of the building, not this file."""
    birth = datetime.date(1952, 6, 16)
    file = make_household("KHELIFI", "Mohamed", birth, "133 rue Racine")
    bailiff = "133, rue Racine, bâtiment A, escalier A, 12e étage, porte 1210"
    _follow(file, record("Khelifi", "Mohamed", birth, bailiff))
    assert file.address == bailiff
    later = match_record(
        record=record("Monsieur Khelifi", "Muhammad", None, "133 rue Racine appt 01"),
        departement="93",
    )
    assert later.household_id != file.pk, later.reason
    # Another number, another street or a file that already names a flat: nothing.
    for other in ("135, rue Racine, porte 1210", "133, rue Jean Jaurès, porte 1210"):
        assert completed_address("133 rue Racine", "93200", record("K", "M", birth, other)) == ""
    assert (
        completed_address(bailiff, "93200", record("K", "M", birth, "133 rue Racine porte 0101"))
        == ""
    )


def test_a_dateless_match_of_the_same_flat_completes_the_street_only(make_household):
    """The file's holder has no birth date (opened by a landlord's row); a bailiff's
    dated row of the same flat is a claim, not a compared date — the street of that
    flat is written all the same (it is the dwelling's), the date is not."""
    file = make_household(
        "BOUDJEMA", "Abderrahmane", None, "Les Bosquets, Bât 14, Esc 1, Appt 0512"
    )
    row = record(
        "BOUDJEMA",
        "Abderrahmane",
        datetime.date(1980, 4, 1),
        "120, avenue Jean Jaurès, bâtiment 14, escalier 1, 5e étage, porte 0512",
    )
    result = _follow(file, row)
    assert not result.birth_same
    assert "Jean Jaurès" in file.address and "Bosquets" in file.address
    assert file.members.get().birth_date is None


def test_one_call_completes_several_files_and_each_once(make_household):
    """The import's follow-up completes in bulk: two files, and a file met by two rows
    of the batch (the first row gives the street, the second finds nothing left)."""
    first = make_household("BENALI", "Mohammed", BIRTH, ESTATE)
    second = make_household("KHELIFI", "Mohamed", datetime.date(1952, 6, 16), "133 rue Racine")
    rows = [
        (first, record("Benali", "Mohamed", BIRTH, STREET_ROW)),
        (first, record("BENALI", "Mohammed", BIRTH, STREET_ROW)),
        (
            second,
            record("Khelifi", "Mohamed", datetime.date(1952, 6, 16), "133 rue Racine porte 1210"),
        ),
    ]
    matches = []
    for household, row in rows:
        result = match_record(record=row, departement="93")
        assert result.household_id == household.pk, result.reason
        matches.append((household.pk, row, result, "test", len(matches), None))
    matches_follow_up(matches=matches)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.address == f"{ESTATE} - {STREET_ROW}"
    assert second.address == "133 rue Racine porte 1210"
    assert WriteLog.objects.filter(household__in=[first, second]).count() >= 2
    assert WriteLog.objects.filter(household=first, changes__icontains="Lolive").count() == 1
