"""Reports of arrears repeated over the months (the CAF's monthly list) and a report
sent after a later act: recorded on the procedure's timeline, never sent to the
secretariat as « acte incohérent » (prevex/procedures/stages.py, ``REPORTS``)."""

import pytest

from prevex.intake.models import ReviewItem, ReviewKind
from prevex.intake.services import file_import
from prevex.procedures.models import Event, Procedure

from .conftest import csv_bytes, row

pytestmark = pytest.mark.django_db


def _impaye(reference, day, debt):
    return row(type_acte="IMPAYE", reference_acte=reference, date_acte=day, montant_dette=debt)


def test_the_cafs_monthly_reports_of_arrears_follow_each_other(caf):
    for number, (day, debt) in enumerate(
        [("10/01/2025", "650"), ("10/02/2025", "1 300"), ("10/03/2025", "1 950")], start=1
    ):
        content = csv_bytes([_impaye(f"CAF-{number}", day, debt)])
        file_import(source=caf.organisation, content=content, filename=f"{number}.csv", by=caf)
    assert not ReviewItem.objects.filter(kind=ReviewKind.ORDRE).exists()
    procedure = Procedure.objects.get()
    assert list(Event.objects.filter(procedure=procedure).values_list("stage", flat=True)) == [
        "IMPAYE", "IMPAYE", "IMPAYE"
    ]  # fmt: skip
    assert procedure.current_debt == 1950
    assert procedure.stage == "IMPAYE"
