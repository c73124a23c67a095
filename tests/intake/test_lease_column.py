"""The optional lease-date column (issue 10): with it, the household gets its lease date
and the clause résolutoire delay follows it; without it, nothing changes; a bad date is
refused in French."""

import datetime

import pytest

from prevex.households.models import Household
from prevex.intake import services
from prevex.intake.models import ImportRow, RowStatus
from prevex.intake.validation import validate_row
from prevex.procedures.models import Procedure

from .conftest import HEADER, csv_bytes, row

D = datetime.date
WITH_LEASE = [*HEADER, "date_bail"]


def _import(bailiff, rows, header):
    return services.file_import(
        source=bailiff.organisation,
        content=csv_bytes(rows, header=header),
        filename="f.csv",
        by=None,
    )


def test_import_with_the_lease_column(bailiff):
    batch = _import(bailiff, [row(date_bail="28/07/2023", date_acte="05/05/2025")], WITH_LEASE)
    assert batch.summary["importes"] == 1
    household = Household.objects.get()
    assert household.lease_date == D(2023, 7, 28)
    # 2 months (lease before 29/07/2023): 05/07/2025 is a Saturday → Monday 07/07 → 08/07.
    assert Procedure.objects.get().key_deadline == D(2025, 7, 8)


def test_import_without_the_lease_column(bailiff):
    batch = _import(bailiff, [row(date_acte="05/05/2025")], HEADER)
    assert batch.summary["importes"] == 1
    assert Household.objects.get().lease_date is None
    # unknown lease: the CDP's date selects 6 weeks (16/06/2025, a Monday) → from 17/06.
    assert Procedure.objects.get().key_deadline == D(2025, 6, 17)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2023", "ce jour n'existe pas au calendrier"),
        ("bientôt", "Date invalide"),
        ("01/01/2030", "Date du bail dans le futur (01/01/2030)"),
        ("01/01/1850", "Date du bail invraisemblable"),
    ],
)
def test_bad_lease_dates_are_refused_in_french(bailiff, value, message):
    batch = _import(bailiff, [row(date_bail=value)], WITH_LEASE)
    assert batch.summary["quarantaine"] == 1
    stored = ImportRow.objects.get()
    assert stored.status == RowStatus.QUARANTAINE
    assert any(e["column"] == "date_bail" and message in e["message"] for e in stored.errors)
    assert not Household.objects.exists()


def test_the_header_may_be_spelled_as_people_write_it(territory):
    data, errors = validate_row({**row(), "Date du bail": "2023-07-29"})
    assert errors == [] and data["date_bail"] == D(2023, 7, 29)
    data, errors = validate_row(row())
    assert "date_bail" not in data  # absent: the row's fingerprint is unchanged


@pytest.mark.django_db
@pytest.mark.parametrize("phone", ["+٩٩٩٩٩٩٩٩", "00٣٣٦١٢٣٤٥٦٧٨", "٠٦١٢٣٤٥٦٧٨"])
def test_a_phone_number_in_other_digits_is_refused_in_french(phone):
    """Found by an independent probe: « \\d » took Arabic-Indic digits (full-width ones
    are folded to ASCII before, as everywhere)."""
    _, errors = validate_row(row(telephone=phone))
    phone_errors = [e.message for e in errors if e.column == "telephone"]
    assert phone_errors and "Numéro de téléphone invalide" in phone_errors[0]
    _, errors = validate_row(row(telephone="06 12 34 56 78"))
    assert not [e for e in errors if e.column == "telephone"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("phone", "stored"),
    [
        ("+33 (0)6 71 28 45 93", "+33671284593"),
        ("+33 (0)1 48 32 11 00", "+33148321100"),
        ("671284593", "0671284593"),
        ("Tél. : 06 71 28 45 93", "0671284593"),
        ("01 48 32 11 00 - 06 71 28 45 93", "0671284593"),
        ("06 71 28 45 93", "0671284593"),  # as before
        ("+33 6 71 28 45 93", "+33671284593"),  # as before: a valid number is kept as sent
    ],
)
def test_a_mobile_number_as_spreadsheets_write_it_does_not_hold_the_row(territory, phone, stored):
    """The phone is optional: a mobile number written with « (0) », without its leading 0
    or beside a landline is read, not a reason to quarantine an assignation."""
    data, errors = validate_row(row(telephone=phone))
    assert errors == [] and data["telephone"] == stored


@pytest.mark.django_db
@pytest.mark.parametrize("phone", ["06 71 28 45 93 ou 07 81 28 45 93", "appeler le soir"])
def test_what_holds_no_single_number_is_still_refused(territory, phone):
    _, errors = validate_row(row(telephone=phone))
    assert [e.column for e in errors] == ["telephone"]
