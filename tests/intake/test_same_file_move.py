"""Two rows of one file for the same household, the later one at another address (the
same holder, the same birth date): the row is attached to the household the first one
created, and the move is recorded — as when the rows come in two files. Before
2026-12-02 the household stayed at the old address, and a later row at the new one,
without a birth date, opened a second file."""

import pytest

from prevex.households.models import Household, PastAddress
from prevex.intake.models import ImportRow
from prevex.intake.services import file_import

from .conftest import csv_bytes, row

pytestmark = pytest.mark.django_db


def test_a_move_within_one_file_is_recorded(bailiff):
    rows = [
        row(reference_acte="CDP-1", date_acte="10/03/2025"),
        row(
            reference_acte="CDP-2",
            date_acte="02/04/2025",
            adresse="7 avenue Gabriel Péri",
            code_postal="93100",
            commune="Montreuil",
        ),
    ]
    file_import(source=bailiff.organisation, content=csv_bytes(rows), filename="a.csv", by=bailiff)
    assert Household.objects.count() == 1
    household = Household.objects.get()
    assert set(ImportRow.objects.values_list("household_id", flat=True)) == {household.pk}
    assert household.address == "7 avenue Gabriel Péri"
    assert household.postal_code == "93100"
    assert list(
        PastAddress.objects.filter(household=household).values_list("address", flat=True)
    ) == ["12 rue de la République"]
    # a later file's row at the new address, without a birth date, finds the household
    later = row(
        reference_acte="CDP-3",
        date_acte="05/05/2025",
        locataire_date_naissance="",
        adresse="7 av. Gabriel Peri",
        code_postal="93100",
        commune="Montreuil",
    )
    file_import(
        source=bailiff.organisation, content=csv_bytes([later]), filename="b.csv", by=bailiff
    )
    assert Household.objects.count() == 1
