"""Two rows of one file for the same household, the later one at another address (the
same holder, the same birth date): the row is attached to the household the first one
created, and the move is recorded — as when the rows come in two files. Before
2026-12-02 the household stayed at the old address, and a later row at the new one,
without a birth date, opened a second file."""

import pytest

from prevex.households.models import Household, PastAddress
from prevex.intake.models import ImportRow
from prevex.intake.services import file_import
from prevex.matching.models import MatchDecision

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


def test_a_stored_file_that_moved_takes_the_later_undated_row_of_the_same_file(bailiff):
    """The first file dates the household; a second file holds its move (dated: an
    automatic match that records the new address) and, further down, a row at the new
    address without a birth date. The move is written with the file, so without the
    batch knowing of it that row opened a second file; it joins the moved household, as
    it would from a later file."""
    first = row(reference_acte="CDP-1", date_acte="10/03/2025")
    file_import(
        source=bailiff.organisation, content=csv_bytes([first]), filename="a.csv", by=bailiff
    )
    household = Household.objects.get()
    elsewhere = {"adresse": "7 avenue Gabriel Péri", "code_postal": "93100", "commune": "Montreuil"}
    rows = [
        row(reference_acte="CDP-2", date_acte="02/04/2025", **elsewhere),
        row(
            reference_acte="ASS-2",
            type_acte="ASSIGNATION",
            date_acte="05/05/2025",
            date_audience="15/09/2025",
            locataire_date_naissance="",
            **{**elsewhere, "adresse": "7 av. Gabriel Peri"},
        ),
    ]
    file_import(source=bailiff.organisation, content=csv_bytes(rows), filename="b.csv", by=bailiff)
    assert Household.objects.count() == 1
    assert set(ImportRow.objects.values_list("household_id", flat=True)) == {household.pk}
    household.refresh_from_db()
    assert household.postal_code == "93100"
    later = ImportRow.objects.get(reference_acte="ASS-2")
    assert later.match_decision_id is not None

    decision = MatchDecision.objects.get(pk=later.match_decision_id)
    assert "reconnue à sa nouvelle adresse" in decision.reason


def test_an_undated_namesake_at_the_new_address_is_not_joined_below_the_automatic_score(bailiff):
    """Only an automatic score joins a row to a file through the batch's move: a row at
    the new address under another first name stays apart (or goes to review), never
    attached to the moved file."""
    file_import(
        source=bailiff.organisation, content=csv_bytes([row()]), filename="a.csv", by=bailiff
    )
    household = Household.objects.get()
    elsewhere = {"adresse": "7 avenue Gabriel Péri", "code_postal": "93100", "commune": "Montreuil"}
    rows = [
        row(reference_acte="CDP-2", date_acte="02/04/2025", **elsewhere),
        row(
            reference_acte="CDP-3",
            date_acte="03/04/2025",
            locataire_prenom="Karim",
            locataire_date_naissance="",
            **elsewhere,
        ),
    ]
    file_import(source=bailiff.organisation, content=csv_bytes(rows), filename="b.csv", by=bailiff)
    other = ImportRow.objects.get(reference_acte="CDP-3")
    assert other.household_id != household.pk
