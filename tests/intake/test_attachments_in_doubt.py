"""A row attached without its birth date being compared goes back to review when a file of
the same name opens in the building after it (prevex/intake/doubts.py,
docs/decisions/2026-12-06-attachments-in-doubt.md). Each test fails without it."""

import pytest

from prevex.audit.models import WriteLog, WriteOperation
from prevex.households.models import Household
from prevex.intake import services
from prevex.intake.models import ImportRow, ReviewItem, ReviewKind, ReviewStatus, RowStatus
from prevex.matching.models import ClaimStatus, HouseholdClaim, MatchDecision
from prevex.procedures.models import Event
from tests.intake.conftest import csv_bytes, row

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.intake.urls")]

FATHER = {
    "locataire_nom": "Diallo",
    "locataire_prenom": "Mamadou",
    "locataire_date_naissance": "18/03/1962",
    "adresse": "12 rue de la République, bâtiment 3, porte 1202",
}
SON = {**FATHER, "locataire_date_naissance": "05/06/1990"}
SON["adresse"] = "12 rue de la République, bâtiment 5, porte 0101"
# The bailiff's row: the name and the street, no birth date, no flat.
UNDATED = {**FATHER, "locataire_date_naissance": "", "adresse": "12 rue de la République"}


def _import(membership, rows, name):
    return services.file_import(
        source=membership.organisation, content=csv_bytes(rows), filename=name, by=membership
    )


def _file_of(line_row):
    return ImportRow.objects.get(pk=line_row.pk).household


@pytest.fixture
def attached(caf, bailiff):
    """The father's file (CAF), then the bailiff's undated row attached to it."""
    _import(caf, [row(reference_acte="CAF-1", type_acte="IMPAYE", **FATHER)], "caf.csv")
    father = Household.objects.get()
    _import(bailiff, [row(reference_acte="CDP-9", **UNDATED)], "cdp.csv")
    undated = ImportRow.objects.get(batch__filename="cdp.csv")
    assert undated.household_id == father.pk, "control: attached by name and street"
    assert Event.objects.filter(pk=undated.event_id, procedure__household=father).exists()
    return father, undated


def test_the_undated_row_goes_back_to_review_when_the_sons_file_opens(caf, bailiff, attached):
    father, undated = attached
    _import(caf, [row(reference_acte="CAF-2", type_acte="IMPAYE", **SON)], "caf2.csv")
    son = Household.objects.exclude(pk=father.pk).get()
    undated.refresh_from_db()
    assert undated.status == RowStatus.REVUE
    assert undated.household_id is None and undated.event_id is None
    # the father's file no longer holds the bailiff's act, and its history says so
    assert not Event.objects.filter(procedure__household=father, source=bailiff.organisation)
    withdrawn = WriteLog.objects.get(household=father, operation=WriteOperation.DELETE)
    assert "Acte retiré du dossier" in withdrawn.summary
    # one uncertain match for the secretariat, both files proposed; the engine's new
    # decision journaled; the « nouvel intervenant » question on the father's file gone
    item = ReviewItem.objects.get(row=undated, status=ReviewStatus.OUVERT)
    assert item.kind == ReviewKind.MATCH
    assert {c["household_id"] for c in item.candidates} == {father.pk, son.pk}
    assert "Rattachement à revoir" in item.reason
    assert MatchDecision.objects.get(pk=undated.match_decision_id).outcome == "REVIEW"
    assert not ReviewItem.objects.filter(kind=ReviewKind.INTERVENANT, household=father).exists()


def test_the_secretariat_attaches_it_to_the_file_it_chooses(
    client, caf, bailiff, attached, ccapex, login_as
):
    father, undated = attached
    _import(caf, [row(reference_acte="CAF-2", type_acte="IMPAYE", **SON)], "caf2.csv")
    son = Household.objects.exclude(pk=father.pk).get()
    item = ReviewItem.objects.get(row=undated, kind=ReviewKind.MATCH)
    login_as(ccapex)
    response = client.post(
        f"/imports/revue/{item.pk}/decider/", {"decision": "MEME_MENAGE", "household_id": son.pk}
    )
    assert response.status_code in (200, 302)
    undated.refresh_from_db()
    assert undated.household_id == son.pk
    assert Event.objects.filter(pk=undated.event_id, procedure__household=son).exists()


def test_its_declared_birth_date_is_withdrawn_with_it(caf, bailiff, territory):
    # The father's file without a birth date; the bailiff's row gives one: a claim of
    # that row (never written into the file). The son's row (another flat, a birth
    # date) opens a second file: the bailiff's row is in doubt, its claim withdrawn.
    _import(
        caf,
        [
            row(
                reference_acte="CAF-1",
                type_acte="IMPAYE",
                **{**FATHER, "locataire_date_naissance": ""},
            )
        ],
        "caf.csv",
    )
    father = Household.objects.get()
    dated = {**UNDATED, "locataire_date_naissance": "05/06/1990"}
    _import(bailiff, [row(reference_acte="CDP-9", **dated)], "cdp.csv")
    line = ImportRow.objects.get(batch__filename="cdp.csv")
    assert line.household_id == father.pk, "control: attached by name and street"
    claim = HouseholdClaim.objects.get(source_id=line.pk)
    assert claim.status == ClaimStatus.PENDING
    _import(caf, [row(reference_acte="CAF-2", type_acte="IMPAYE", **SON)], "caf2.csv")
    line.refresh_from_db()
    claim.refresh_from_db()
    assert line.household_id is None and line.status == RowStatus.REVUE
    assert claim.status == ClaimStatus.REJECTED
    assert WriteLog.objects.filter(household=father, summary__contains="retirée").exists()


def test_a_row_whose_birth_date_was_compared_stays(caf, bailiff):
    _import(caf, [row(reference_acte="CAF-1", type_acte="IMPAYE", **FATHER)], "caf.csv")
    father = Household.objects.get()
    same_date = {**UNDATED, "locataire_date_naissance": FATHER["locataire_date_naissance"]}
    _import(bailiff, [row(reference_acte="CDP-9", **same_date)], "cdp.csv")
    line = ImportRow.objects.get(batch__filename="cdp.csv")
    assert line.household_id == father.pk
    _import(caf, [row(reference_acte="CAF-2", type_acte="IMPAYE", **SON)], "caf2.csv")
    assert Household.objects.count() == 2  # the son's file opened
    line.refresh_from_db()
    assert line.household_id == father.pk and line.event_id is not None
    assert not ReviewItem.objects.filter(row=line, kind=ReviewKind.MATCH).exists()


def test_a_namesake_in_another_building_puts_nothing_in_doubt(caf, bailiff, attached):
    father, undated = attached
    elsewhere = {**SON, "adresse": "40 avenue Jean Jaurès", "code_postal": "93200"}
    _import(caf, [row(reference_acte="CAF-2", type_acte="IMPAYE", **elsewhere)], "caf2.csv")
    assert Household.objects.count() == 2
    undated.refresh_from_db()
    assert undated.household_id == father.pk and undated.event_id is not None


def test_a_file_opened_in_the_review_queue_puts_it_in_doubt_too(
    client, caf, bailiff, attached, ccapex, login_as
):
    # A row of the same name and birth date in another flat of the building goes to
    # review (« Appartement différent »). The secretariat answers « Nouveau ménage » (two
    # leases): a second file of that name opens from the queue, and the bailiff's undated
    # row, attached to the first file before, goes back to review as it does when the
    # import itself opens the file.
    father, undated = attached
    other_flat = {**FATHER, "adresse": "12 rue de la République, bâtiment 5, porte 0101"}
    other_flat["date_acte"] = "02/06/2025"
    _import(caf, [row(reference_acte="CAF-2", type_acte="IMPAYE", **other_flat)], "caf2.csv")
    line = ImportRow.objects.get(batch__filename="caf2.csv")
    assert line.status == RowStatus.REVUE and line.household_id is None, "control"
    assert ImportRow.objects.get(pk=undated.pk).household_id == father.pk, "control"
    item = ReviewItem.objects.get(row=line, kind=ReviewKind.MATCH)
    login_as(ccapex)
    response = client.post(f"/imports/revue/{item.pk}/decider/", {"decision": "NOUVEAU_MENAGE"})
    assert response.status_code in (200, 302)
    opened = Household.objects.exclude(pk=father.pk).get()
    undated.refresh_from_db()
    assert undated.household_id is None and undated.event_id is None
    assert not Event.objects.filter(procedure__household=father, source=bailiff.organisation)
    doubt = ReviewItem.objects.get(row=undated, kind=ReviewKind.MATCH, status=ReviewStatus.OUVERT)
    assert {c["household_id"] for c in doubt.candidates} == {father.pk, opened.pk}
    assert "Rattachement à revoir" in doubt.reason
