"""Street names with the usual French contractions of a long word (« Rép. », « Cdt »,
« Lt »): the same street, and the file found; a name that is only a shorter first name
or another word stays another street (prevex/matching/dwelling.py, ``_contracted``)."""

import pytest

from prevex.matching.dwelling import _contracted
from prevex.matching.services import match_record

from .conftest import BIRTH, record, street

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("12 rue de la Rép.", "12 rue de la République"),
        ("3 rue du Cdt Kieffer", "3 rue du Commandant Kieffer"),
        ("2 rue du Lt Thomas", "2 rue du Lieutenant Thomas"),
        ("7 allée du Cal Lavigerie", "7 allée du Cardinal Lavigerie"),
    ],
)
def test_a_contracted_word_is_the_street(short, full):
    assert street(short, full) >= 90
    assert street(full, short) >= 90


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("3 rue Paul Bert", "3 rue Pauline Bert"),  # a shorter first name, not a contraction
        ("3 rue de la Rep", "3 rue de la Renaissance"),  # letters not in order
        ("3 rue de la Paix", "3 rue de la Pépinière"),
    ],
)
def test_another_word_is_not_a_contraction(a, b):
    assert street(a, b) < 90


def test_a_contraction_keeps_its_first_letter_and_its_letters_in_order():
    assert _contracted("pdt", "president") and _contracted("rep", "republique")
    assert not _contracted("tdp", "president")  # order
    assert not _contracted("ep", "republique")  # first letter
    assert not _contracted("r", "republique")  # an initial: the initials' rule
    assert not _contracted("jean", "jeanne")  # too close in length


def test_a_row_with_the_street_contracted_finds_its_file(make_household):
    """Without a birth date, the dwelling decides: « Rép. » opened a second file."""
    file = make_household("Benali", "Samia", BIRTH, "12 rue de la République")
    found = match_record(
        record=record("Benali", "Samia", None, "12 rue de la Rép."), departement="93"
    )
    assert found.outcome == "MATCH" and found.household_id == file.pk, found.reason
