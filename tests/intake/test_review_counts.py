"""Issue 10: an act sent to the review queue drives no deadline until the secretariat
accepts it (through the queue's own decision)."""

import pytest

from prevex.intake import services
from prevex.intake.models import ReviewDecision, ReviewItem, ReviewKind
from prevex.intake.review import review_decide
from prevex.procedures.models import Event, Procedure

from .conftest import csv_bytes, row

pytestmark = pytest.mark.django_db


def test_a_cql_in_review_counts_only_once_accepted(bailiff, ccapex):
    rows = [
        row(type_acte="ASSIGNATION", date_acte="06/01/2025", reference_acte="A1",
            date_audience="02/06/2025", montant_dette="2 000"),
        row(type_acte="CQL", date_acte="03/03/2025", reference_acte="Q1", montant_dette=""),
    ]  # fmt: skip
    services.file_import(
        source=bailiff.organisation, content=csv_bytes(rows), filename="f.csv", by=None
    )
    procedure = Procedure.objects.get()
    cql = Event.objects.get(stage="CQL")
    assert cql.pending_review
    assert procedure.stage == "ASSIGNATION"
    item = ReviewItem.objects.get(kind=ReviewKind.ORDRE)
    review_decide(item=item, decision=ReviewDecision.ACCEPTE, by=ccapex)
    cql.refresh_from_db()
    assert not cql.pending_review
    assert Procedure.objects.get().stage == "CQL"
