"""A row that repeats a row still waiting in the review queue waits with it.

The first row of « Samir Benali » (same surname and birth date as the stored Samia
Benali, another first name and address: possibly a twin who moved) goes to review. A
later row of the same Samir — from another sender, in another file, before the
secretariat has decided — must not open a second file for him: it waits with the first
(``ReviewItem.follows``) and is attached to the file chosen for it, whatever that is.
"""

import pytest

from prevex.households.models import Household
from prevex.intake import services
from prevex.intake.models import ImportRow, ReviewDecision, ReviewItem, ReviewKind, ReviewStatus
from prevex.intake.review import review_decide
from tests.intake.conftest import csv_bytes, row, saint_denis_household

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.intake.urls")]

SAMIR = {
    "locataire_prenom": "Samir",
    "adresse": "3 avenue Jean Jaurès",
    "code_postal": "93100",
    "commune": "Montreuil",
}


@pytest.fixture
def household(territory):
    return saint_denis_household(territory)


def _import(membership, rows, name):
    return services.file_import(
        source=membership.organisation, content=csv_bytes(rows), filename=name, by=membership
    )


def _caf_row():
    """Samir again, without his birth date: alone, nothing stored resembles him enough
    (Samia lives elsewhere), so the row would open a file."""
    return row(
        type_acte="IMPAYE",
        reference_acte="CAF-S1",
        date_acte="02/04/2025",
        locataire_date_naissance="",
        **SAMIR,
    )


def _two_waiting(bailiff, caf):
    _import(bailiff, [row(reference_acte="CDP-S1", **SAMIR)], "huissier.csv")
    first = ReviewItem.objects.get(kind=ReviewKind.MATCH)
    households = Household.objects.count()
    batch = _import(caf, [_caf_row()], "caf.csv")
    assert batch.revue == 1 and batch.importes == 0
    second = ReviewItem.objects.exclude(pk=first.pk).get(kind=ReviewKind.MATCH)
    assert Household.objects.count() == households  # no second file for Samir
    return first, second


def test_a_later_row_of_the_same_person_waits_with_the_first(bailiff, caf, household):
    first, second = _two_waiting(bailiff, caf)
    assert second.follows_id == first.pk
    assert "encore en attente de revue" in second.reason
    assert "huissier.csv" in second.reason
    # the files proposed with the first row are proposed with the second
    assert household.pk in [c["household_id"] for c in second.candidates]


def test_without_a_waiting_row_the_same_row_opens_a_file(caf, household):
    """The control: the CAF's row alone, nothing waiting, opens Samir's file."""
    households = Household.objects.count()
    batch = _import(caf, [_caf_row()], "caf.csv")
    assert batch.importes == 1 and batch.revue == 0
    assert Household.objects.count() == households + 1


def test_a_new_file_for_the_first_row_takes_the_second(bailiff, caf, ccapex, household):
    first, second = _two_waiting(bailiff, caf)
    households = Household.objects.count()
    review_decide(item=first, decision=ReviewDecision.NOUVEAU_MENAGE, by=ccapex)
    second.refresh_from_db()
    first.refresh_from_db()
    assert Household.objects.count() == households + 1  # one file for Samir, not two
    assert second.status == ReviewStatus.TRAITE
    assert second.decision == ReviewDecision.MEME_MENAGE
    assert second.decided_by == ccapex.user
    rows = ImportRow.objects.filter(pk__in=[first.row_id, second.row_id])
    assert {r.household_id for r in rows} == {first.household_id}
    assert all(r.event_id for r in rows)  # each row's own act is recorded


def test_the_same_household_for_the_first_row_takes_the_second(bailiff, caf, ccapex, household):
    first, second = _two_waiting(bailiff, caf)
    households = Household.objects.count()
    review_decide(
        item=first,
        decision=ReviewDecision.MEME_MENAGE,
        household_id=household.pk,
        by=ccapex,
    )
    second.refresh_from_db()
    assert Household.objects.count() == households
    assert second.status == ReviewStatus.TRAITE
    assert ImportRow.objects.get(pk=second.row_id).household_id == household.pk


def test_the_second_can_be_settled_on_its_own(bailiff, caf, ccapex, household):
    first, second = _two_waiting(bailiff, caf)
    review_decide(item=second, decision=ReviewDecision.NOUVEAU_MENAGE, by=ccapex)
    first.refresh_from_db()
    assert first.status == ReviewStatus.OUVERT  # the decision does not flow backwards


def test_the_review_pages_say_who_waits_for_whom(client, login_as, bailiff, caf, ccapex, household):
    first, second = _two_waiting(bailiff, caf)
    login_as(ccapex)
    html = client.get(f"/imports/revue/{second.pk}/").content.decode()
    assert "data-follows" in html and f'href="/imports/revue/{first.pk}/"' in html
    html = client.get(f"/imports/revue/{first.pk}/").content.decode()
    assert "data-followers" in html and "1 autre ligne de la même personne" in html
    review_decide(item=first, decision=ReviewDecision.NOUVEAU_MENAGE, by=ccapex)
    html = client.get(f"/imports/revue/{first.pk}/").content.decode()
    assert "data-followers" not in html


def test_a_different_person_does_not_wait(bailiff, caf, household):
    """Another first name and birth date at the same new address: not the same person,
    so nothing waits — the row is decided on its own, as before."""
    _import(bailiff, [row(reference_acte="CDP-S1", **SAMIR)], "huissier.csv")
    other = row(
        type_acte="IMPAYE",
        reference_acte="CAF-K1",
        locataire_nom="Keita",
        locataire_prenom="Awa",
        locataire_date_naissance="03/07/1970",
        **{k: v for k, v in SAMIR.items() if k != "locataire_prenom"},
    )
    _import(caf, [other], "caf.csv")
    assert not ReviewItem.objects.filter(follows__isnull=False).exists()


def test_after_the_decision_the_agent_goes_on_to_an_open_item(
    client, login_as, bailiff, caf, ccapex, household
):
    """The row that followed was settled with the first: the next item shown is the next
    one still open — the CAF's « nouvel intervenant » request on Samir's new file, which
    the bailiff's row opened — never the settled follower."""
    first, second = _two_waiting(bailiff, caf)
    login_as(ccapex)
    response = client.post(
        f"/imports/revue/{first.pk}/decider/", {"decision": ReviewDecision.NOUVEAU_MENAGE}
    )
    second.refresh_from_db()
    assert second.status == ReviewStatus.TRAITE
    newcomer = ReviewItem.objects.get(kind=ReviewKind.INTERVENANT, status=ReviewStatus.OUVERT)
    assert newcomer.row_id == second.row_id
    assert response.status_code == 302
    assert response["Location"] == f"/imports/revue/{newcomer.pk}/"
