"""A reviewed row that the secretariat attaches at a dwelling the file does not know
records the move (issue 9: moves joined; docs/decisions/2026-12-01-matching-rules.md,
third pass): the next rows of the household at its new address find the file there."""

import pytest

from prevex.households.models import Household, PastAddress
from prevex.intake import services
from prevex.intake.models import ImportRow, ReviewItem, ReviewKind
from tests.intake.conftest import csv_bytes, row, saint_denis_household

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.intake.urls")]

# Same surname and birth date, first name and address not the file's: a review.
NEW_HOME = {
    "locataire_prenom": "Samir",
    "adresse": "3 avenue Jean Jaurès",
    "code_postal": "93100",
    "commune": "Montreuil",
}
NEW_HOME_SAMIA = {**NEW_HOME, "locataire_prenom": "Samia"}


@pytest.fixture
def household(territory):
    return saint_denis_household(territory)


def _import(membership, rows):
    return services.file_import(
        source=membership.organisation, content=csv_bytes(rows), filename="a.csv", by=membership
    )


def test_same_household_at_a_new_dwelling_records_the_move(
    client, bailiff, household, ccapex, login_as
):
    login_as(ccapex)
    _import(bailiff, [row(reference_acte="R0", **NEW_HOME)])
    item = ReviewItem.objects.get(kind=ReviewKind.MATCH)
    client.post(
        f"/imports/revue/{item.pk}/decider/",
        {"decision": "MEME_MENAGE", "household_id": household.pk},
    )
    household.refresh_from_db()
    assert (household.address, household.postal_code) == ("3 avenue Jean Jaurès", "93100")
    past = PastAddress.objects.get(household=household)
    assert past.address == "12 rue de la République"
    # A later row of the holder without birth date at the new address finds the file.
    _import(bailiff, [row(reference_acte="R1", locataire_date_naissance="", **NEW_HOME_SAMIA)])
    assert ImportRow.objects.order_by("-id").first().household_id == household.pk
    assert Household.objects.count() == 1


def test_same_household_at_its_own_dwelling_moves_nothing(
    client, bailiff, household, ccapex, login_as
):
    login_as(ccapex)
    _import(bailiff, [row(reference_acte="R0", locataire_prenom="Samir")])  # possible twins
    item = ReviewItem.objects.get(kind=ReviewKind.MATCH)
    client.post(
        f"/imports/revue/{item.pk}/decider/",
        {"decision": "MEME_MENAGE", "household_id": household.pk},
    )
    household.refresh_from_db()
    assert household.address == "12 rue de la République"
    assert not PastAddress.objects.filter(household=household).exists()
