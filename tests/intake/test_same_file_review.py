"""A row that only resembles an earlier row of the same file goes to review against the
household that earlier row created — as it would against a stored file. Before
2026-12-02 it silently opened a second household (docs/decisions/2026-12-02-name-forms.md)."""

import pytest

from prevex.households.models import Household
from prevex.intake.models import ImportRow, ReviewItem, ReviewKind, RowStatus
from prevex.intake.services import file_import

from .conftest import csv_bytes, row

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.intake.urls")]

# The same birth date and dwelling, a first name one vowel away: one woman written two
# ways, or twins — an agent decides (« possibles jumeaux »).
FIRST = row(reference_acte="R-1", locataire_nom="Diallo", locataire_prenom="Fatoumata")
SECOND = row(reference_acte="R-2", locataire_nom="Diallo", locataire_prenom="Fatimata")


def test_a_row_resembling_an_earlier_row_of_the_file_is_reviewed_against_its_household(
    client, bailiff, ccapex, login_as
):
    file_import(
        source=bailiff.organisation,
        content=csv_bytes([FIRST, SECOND]),
        filename="a.csv",
        by=bailiff,
    )
    household = Household.objects.get()  # one household, not two
    second = ImportRow.objects.get(line=3)
    assert (second.status, second.household_id) == (RowStatus.REVUE, None)
    item = ReviewItem.objects.get(kind=ReviewKind.MATCH)
    assert item.candidates[0]["household_id"] == household.pk
    assert item.candidates[0]["reference"] == household.reference
    assert "ligne 2 du fichier" in item.reason  # the file's own line number
    # The secretariat can attach it to that household.
    login_as(ccapex)
    client.post(
        f"/imports/revue/{item.pk}/decider/",
        {"decision": "MEME_MENAGE", "household_id": household.pk},
    )
    second.refresh_from_db()
    assert second.household_id == household.pk
    assert Household.objects.count() == 1
