"""The import learns a file's mobile number only from a row of established identity, and
a later undated row with that number is told from a namesake's file by it
(docs/decisions/2026-12-07-mobile-number-as-evidence.md)."""

import pytest

from prevex.households.models import ContactChannel, Household
from prevex.intake import services
from prevex.intake.models import ImportRow, ReviewItem, ReviewKind, RowStatus
from prevex.matching.models import KnownPhone
from tests.intake.conftest import csv_bytes, row

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.intake.urls")]

FATHER = {
    "locataire_nom": "Diallo",
    "locataire_prenom": "Mamadou",
    "locataire_date_naissance": "18/03/1962",
    "adresse": "12 rue de la République, bâtiment 3",
}
SON = {**FATHER, "locataire_date_naissance": "05/06/1990"}
UNDATED = {**FATHER, "locataire_date_naissance": ""}
SONS_MOBILE = "07 81 23 45 69"


def _import(membership, rows, name):
    services.file_import(
        source=membership.organisation, content=csv_bytes(rows), filename=name, by=membership
    )
    return list(ImportRow.objects.filter(batch__filename=name).order_by("line"))


def test_an_undated_row_with_the_sons_mobile_joins_the_sons_file(caf, bailiff):
    _import(caf, [row(reference_acte="CAF-1", type_acte="IMPAYE", **FATHER)], "father.csv")
    father = Household.objects.get()
    (opened,) = _import(
        caf,
        [row(reference_acte="CAF-2", type_acte="IMPAYE", telephone=SONS_MOBILE, **SON)],
        "son.csv",
    )
    son = Household.objects.exclude(pk=father.pk).get()
    assert opened.household_id == son.pk
    assert list(KnownPhone.objects.values_list("household_id", "number")) == [
        (son.pk, "0781234569")
    ]  # learnt from the row that opened the file
    # The bailiff's row: the name and the street, no birth date — two files of that name.
    (without,) = _import(bailiff, [row(reference_acte="CDP-1", **UNDATED)], "cdp1.csv")
    assert without.status == RowStatus.REVUE, "control: nothing tells father and son apart"
    (with_mobile,) = _import(
        bailiff, [row(reference_acte="CDP-2", telephone=SONS_MOBILE, **UNDATED)], "cdp2.csv"
    )
    assert with_mobile.household_id == son.pk
    # no match question; only the bailiff's access waits for the secretariat
    assert {i.kind for i in ReviewItem.objects.filter(row=with_mobile)} == {ReviewKind.INTERVENANT}


def test_a_number_brought_by_a_row_attached_on_its_name_alone_is_a_contact_not_evidence(
    caf, bailiff
):
    _import(caf, [row(reference_acte="CAF-1", type_acte="IMPAYE", **FATHER)], "father.csv")
    father = Household.objects.get()
    (undated,) = _import(
        bailiff, [row(reference_acte="CDP-1", telephone=SONS_MOBILE, **UNDATED)], "cdp1.csv"
    )
    assert undated.household_id == father.pk, "control: attached by name and street"
    assert ContactChannel.objects.filter(household=father, value__contains="78123").exists()
    assert not KnownPhone.objects.exists()
    # the same number with the father's birth date: now it is his
    _import(
        bailiff,
        [
            row(
                reference_acte="CDP-2",
                date_acte="20/03/2025",
                montant_dette="2 100,00",
                telephone=SONS_MOBILE,
                **FATHER,
            )
        ],
        "cdp2.csv",
    )
    assert list(KnownPhone.objects.values_list("household_id", "number")) == [
        (father.pk, "0781234569")
    ]
