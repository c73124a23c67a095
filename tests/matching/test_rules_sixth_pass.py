"""Issue 9, sixth pass (docs/decisions/2026-12-02-name-forms.md and the rules it names),
on pairs designed apart from the corpus. Each test fails without its rule."""

import datetime

import pytest

from prevex.matching.services import match_record

from .conftest import record

pytestmark = pytest.mark.django_db

BORN = datetime.date(1997, 3, 14)


def test_a_twin_is_not_merged_through_a_file_written_with_swapped_columns(make_household):
    """The file of « Sofiane Ben Amara » was created from a row with the names in the
    wrong columns. His twin sister « Ben Amara Sofia », same birth date, same address,
    read the other way round would share the file's « first name » (Ben Amara) — but
    the given names are then Sofia and Sofiane: another person."""
    file = make_household("Sofiane", "Ben Amara", BORN, "40 rue Gabriel Péri")
    sister = match_record(
        record=record("Ben Amara", "Sofia", BORN, "40 rue Gabriel Péri"), departement="93"
    )
    assert sister.outcome != "MATCH", sister.reason
    # The brother himself, written the right way round, is still found.
    brother = match_record(
        record=record("Ben Amara", "Sofiane", BORN, "40 rue Gabriel Péri"), departement="93"
    )
    assert (brother.outcome, brother.household_id) == ("MATCH", file.pk), brother.reason
